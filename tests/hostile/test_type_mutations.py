"""No command crashes on a value of the wrong type (issue 16): type mutations of the bundled catalogue through
validate, build (with and without --force), stats, diff (both ways) and coverage, in-process.

The engine is tests/hostile/type_mutations.py. A random case is a seed (``python bench/fuzz_types.py --replay SEED``
shows it again); the named cases are the issue's own examples and crashes found before. bench/fuzz_types.py
runs the same engine for as long as asked.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Callable

import pytest
from hostile import type_mutations as engine

# Crashes in code other engineers own, each by what its traceback holds: a case that meets one is expected to
# fail (xfail, not strict) until its owner fixes it; any other problem fails the test.
KNOWN: list[tuple[tuple[str, ...], str]] = [
    # none open: an emblem path with NUL crashed validate in rules/emblem.py (read_emblem → os.open raised
    # ValueError) until b9b26fd; control characters in a counted name crashed stats until 13969d9
]


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    return engine.write_pristine(tmp_path_factory.mktemp("original") / "catalog")


def _judge(what: str, outcomes: list[engine.Outcome]) -> None:
    found = engine.problems(outcomes)
    if not found:
        return
    unknown, reasons = [], []
    for problem in found:
        reason = next((r for needles, r in KNOWN if all(n in problem for n in needles)), None)
        if reason is None:
            unknown.append(problem)
        elif reason not in reasons:
            reasons.append(reason)
    codes = ", ".join(f"{o.name} {o.code}" for o in outcomes)
    assert not unknown, f"{what}\nexit codes: {codes}\n" + "\n".join(unknown)
    pytest.xfail("; ".join(reasons))


def _run(files: dict[str, Any], folder: Path, original: Path) -> list[engine.Outcome]:
    catalogue = engine.write_catalogue(files, folder / "catalog")
    return [engine.run_cli(name, argv) for name, argv in engine.commands(original, catalogue, folder / "out")]


# ------------------------------------------------------------------------------------------------------------
# Named cases


def _item(files: dict, domain: str = "yiwu-jiaoyu.yaml") -> dict:
    return files[domain]["categories"][0]["items"][0]


def _rename(mapping: dict, old: Any, new: Any) -> None:
    pairs = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(pairs)


# The issue's four, in the quick loop.
ISSUE: dict[str, Callable[[dict], None]] = {
    "basis: 3": lambda f: _item(f).__setitem__("basis", 3),
    "items: 1.5": lambda f: f["yiwu-jiaoyu.yaml"]["categories"][0].__setitem__("items", 1.5),
    "categories: 5": lambda f: f["yiwu-jiaoyu.yaml"].__setitem__("categories", 5),
    "departments: 3": lambda f: f["catalog.yaml"].__setitem__("departments", 3),
}
# More of the kind, and crashes found before, with the slow tests (each case costs 1-2 s).
NAMED: dict[str, Callable[[dict], None]] = {
    # keys that are not text, numbers where text belongs
    "a department id that is a number": lambda f: _rename(f["catalog.yaml"]["departments"], "jiaoyu", 3),
    "a department id that is null": lambda f: _rename(f["catalog.yaml"]["departments"], "zfb", None),
    "a department id that is a date": lambda f: _rename(f["catalog.yaml"]["departments"], "zrzy",
                                                        datetime.date(2024, 1, 1)),
    "an item key that is a number": lambda f: _rename(_item(f), "id", 3),
    "a phone number written as a number": lambda f: f["catalog.yaml"]["departments"]["jiaoyu"].__setitem__(
        "consult", 12345),
    "an item's hotline written as a number": lambda f: _item(f).__setitem__("hotlines", {"consult": 12345}),
    "subject.department: 3": lambda f: _item(f)["subject"].__setitem__("department", 3),
    "scope of numbers": lambda f: _item(f).__setitem__("scope", [1, 2]),
    "date: 20240630": lambda f: f["catalog.yaml"].__setitem__("date", 20240630),
    "emblem: 3": lambda f: f["catalog.yaml"].__setitem__("emblem", 3),
    "emblem: a list": lambda f: f["catalog.yaml"].__setitem__("emblem", ["emblem.png"]),
    "catalog.yaml is a list": lambda f: f.__setitem__("catalog.yaml", [1, 2]),
    "a domain file is a number": lambda f: f.__setitem__("yiwu-jiaoyu.yaml", 7),
    "an item 50 lists deep": lambda f: f["yiwu-jiaoyu.yaml"]["categories"][0]["items"].__setitem__(
        0, engine._nested_lists(50)),
    "a huge number for a name": lambda f: _item(f).__setitem__("name", 10**30),
    "control characters in an item's name": lambda f: _item(f).__setitem__("name", "控制\x00\x07\x1b[31m字符"),
    # build crashed on them (xlsxwriter refuses a sheet name ending in an apostrophe, or the same as another
    # with case ignored)
    "a domain name whose 31st character is an apostrophe": lambda f: f["yiwu-jiaoyu.yaml"].__setitem__(
        "domain", "义务教育" * 7 + "教育'阶段"),
    "two domain names the same with case ignored": lambda f: (f["yiwu-jiaoyu.yaml"].__setitem__("domain", "Jiaoyu"),
                                                           f["ggzy-jiaoyi.yaml"].__setitem__("domain", "JIAOYU")),
    # validate crashed on it (fixed in b9b26fd)
    "an emblem path with a NUL character": lambda f: f["catalog.yaml"].__setitem__("emblem", "emblem\x00.png"),
    # stats crashed on it (seams/streams.py's visible_in rebuilt a Counter by counting its pairs; fixed in 13969d9)
    "control characters in a domain's name": lambda f: f["yiwu-jiaoyu.yaml"].__setitem__("domain", "义务\x01教育"),
}


def _named(label: str, mutate: Callable[[dict], None], folder: Path, original: Path) -> None:
    files = engine.pristine_data()
    mutate(files)
    _judge(label, _run(files, folder, original))


@pytest.mark.parametrize("label", ISSUE)
def test_issue_mutation(label, tmp_path, original):
    _named(label, ISSUE[label], tmp_path, original)


@pytest.mark.slow
@pytest.mark.parametrize("label", NAMED)
def test_named_mutation(label, tmp_path, original):
    _named(label, NAMED[label], tmp_path, original)


# ------------------------------------------------------------------------------------------------------------
# Random cases

QUICK_SEEDS = range(1)  # the quick loop: one random case; the rest under slow
SLOW_SEEDS = [*range(1, 3), *range(1000, 1100)]  # longer runs: bench/fuzz_types.py


def _random_case(seed: int, tmp_path: Path, original: Path) -> None:
    case, _, outcomes, _ = engine.run_case(seed, tmp_path, original)
    _judge(f"{case.describe()}\nreplay: .venv/bin/python bench/fuzz_types.py --replay {seed}", outcomes)


@pytest.mark.parametrize("seed", QUICK_SEEDS)
def test_random_type_mutations(seed, tmp_path, original):
    _random_case(seed, tmp_path, original)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
def test_many_random_type_mutations(seed, tmp_path, original):
    _random_case(seed, tmp_path, original)


def test_the_engine_mutates_every_kind_of_node():
    """The seeds reach catalog.yaml and the domain files, removals, renames and every kind of replacement."""
    seen = " ".join(m for seed in range(150) for m in engine.make_case(seed).mutations)
    assert "catalog.yaml:departments" in seen and "yaml:categories" in seen
    assert " removed" in seen and "key renamed to" in seen and "(the whole document)" in seen
    for _, label, _ in engine.replacements():
        assert f"→ {label}" in seen, label


def test_the_model_takes_numbers_as_the_text_validate_suggests_and_drops_other_wrong_types():
    """A number where text belongs is shown as the text validate's GW103 hint spells (YAML reads an unquoted
    phone number as a number); any other wrong type is absent, and a key that is not text names no department
    unless it is a number. A NUL in the emblem's path (which no file can have) is no emblem to read."""
    from gwstd.catalogue.model import catalogue_from_data, item_from_data

    item = item_from_data({"id": 7, "name": 10**30, "hotlines": {"consult": 12345, "supervise": True},
                           "basis": [{"title": "条例", "number": 711}, 3, None], "channels": [1, None, "政府网站", {}],
                           "time_limit": float("nan"), "update_cycle": [], "subject": 3, "scope": {"a": 1}})
    assert (item.id, item.name, item.consult, item.supervise) == ("7", "1" + "0" * 30, "12345", "")
    assert [(b.title, b.number) for b in item.basis] == [("条例", "711")]
    assert (item.channels, item.time_limit, item.update_cycle, item.department, item.scope) == \
        (["1", "政府网站"], "", "", "", [])
    catalogue = catalogue_from_data({"edition": 2024, "date": 1.5, "departments": {
        3: {"name": "甲", "consult": 6200}, None: {"name": "乙"}, True: {"name": "丙"}, "3": {"name": "丁"},
        "jiaoyu": [1]}, "emblem": "a\x00.png", "region": ["县"]}, [], folder="/tmp/catalog")
    assert (catalogue.edition, catalogue.date, catalogue.region, catalogue.emblem_path) == ("2024", "1.5", "", "")
    assert {k: (d.id, d.name, d.consult) for k, d in catalogue.departments.items()} == {"3": ("3", "甲", "6200")}
