"""Type mutations of the bundled catalogue, run through every command (issue 16, "Wrong types").

A case is a seed: the bundled catalogue's YAML files are read as data (PyYAML's safe loader), one or more nodes
(any mapping value or list element at any depth, in catalog.yaml or a domain file, or a whole document) are
replaced by a value of another type, removed, or have their key renamed, and the data is written back with
``yaml.safe_dump`` into a folder of its own. Every command then runs on it in-process
(:data:`COMMANDS`: validate, build with and without --force, stats, diff both ways, coverage), with
``GWSTD_DEBUG=1`` so that a crash comes back as its traceback rather than as "内部错误". :func:`problems` says what
went wrong, if anything: a traceback, an exit code outside 0-2, no Chinese in the output, or validate and build
disagreeing (a catalogue validate passes must build; build without --force may only build one validate passes).

Used by tests/hostile/test_type_mutations.py and bench/fuzz_types.py; a failing seed is reproduced with
``python bench/fuzz_types.py --replay SEED``. Pure data and in-process runs; no subprocesses.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import io
import json
import os
import pickle
import random
import re
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
META = "catalog.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Field names a renamed key may take: the catalogue's own (a key moved onto another field), and others.
FIELD_NAMES = ("id", "name", "items", "subcategories", "categories", "content", "required", "optional", "basis",
               "title", "number", "article", "time_limit", "update_cycle", "subject", "department", "person",
               "channels", "other_channels", "audience", "method", "level", "url", "scope", "hotlines", "consult",
               "supervise", "note", "domain", "description", "departments", "region", "office", "edition", "date",
               "website", "feedback", "emblem", "address", "x-unknown", "名称", "")

# Keys a renamed key may take that are not text (YAML reads an unquoted 3, 1.5, null, true or 2024-01-01 key as
# that value), and an overlong one.
NON_TEXT_KEYS = (3, 0, -1, 1.5, None, True, False, datetime.date(2024, 1, 1), 10**30, "很长的键" * 50)


def _nested_lists(depth: int) -> list:
    value: list = [1]
    for _ in range(depth - 1):
        value = [value]
    return value


def _nested_mapping(depth: int) -> dict:
    value: dict = {"name": "底"}
    for i in range(depth - 1):
        value = {f"k{i}": value}
    return value


# Replacement values, each with the kind it is (a node is given a value of a kind other than its own) and a
# label for the report. Built on each call: the lists and mappings are mutable.
def replacements() -> list[tuple[str, str, Callable[[], Any]]]:
    return [
        ("int", "int 0", lambda: 0),
        ("int", "int 3", lambda: 3),
        ("int", "int -1", lambda: -1),
        ("int", "int 12345 (a phone number)", lambda: 12345),
        ("int", "huge int 10**30", lambda: 10**30),
        ("int", "huge negative int -10**30", lambda: -(10**30)),
        ("float", "float 1.5", lambda: 1.5),
        ("float", "float inf", lambda: float("inf")),
        ("float", "float nan", lambda: float("nan")),
        ("float", "float -0.0", lambda: -0.0),
        ("bool", "bool true", lambda: True),
        ("bool", "bool false", lambda: False),
        ("null", "null", lambda: None),
        ("str", "empty string", lambda: ""),
        ("str", "long string (20,000 characters)", lambda: "很长的文字" * 4000),
        ("str", "string with control characters",
         lambda: "控制\x00字符\x07\x08\x0b\x0c\x1b[31m\x7f\x85\u2028\u202e\ufeff\ud7ff尾"),
        ("str", "whitespace string", lambda: " \t "),
        ("str", "an apostrophe as the 31st character", lambda: "名" * 30 + "'尾"),
        ("date", "date 2024-06-30", lambda: datetime.date(2024, 6, 30)),
        ("date", "datetime 2024-06-30 12:00", lambda: datetime.datetime(2024, 6, 30, 12, 0, 0)),
        ("bytes", "binary (!!binary)", lambda: b"\x00\xffgw"),
        ("list", "empty list", lambda: []),
        ("list", "list of ints", lambda: [1, 2, 3]),
        ("list", "list of null", lambda: [None]),
        ("list", "list of mappings", lambda: [{"a": 1}, {"name": 2, "items": [3]}]),
        ("list", "list of lists", lambda: [[], [[]], ["x"]]),
        ("list", "nested lists 50 deep", lambda: _nested_lists(50)),
        ("dict", "empty mapping", lambda: {}),
        ("dict", "nested mapping", lambda: {"a": {"b": {"c": [1, {"d": None}]}}}),
        ("dict", "mapping 30 deep", lambda: _nested_mapping(30)),
        ("dict", "mapping with keys that are not text", lambda: {1: "一", None: "空", 2.5: "半", False: "假"}),
        ("dict", "mapping like an item", lambda: {"id": 7, "name": ["x"], "items": {}}),
    ]


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, datetime.date):
        return "date"
    for kind in (int, float, str, bytes, list, dict):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


Path_ = tuple  # a node's path in its document: keys and list indices


def show_path(path: Path_) -> str:
    out = ""
    for step in path:
        if isinstance(step, int) and not isinstance(step, bool):
            out += f"[{step}]"
        else:
            out += "." + (step if isinstance(step, str) else repr(step))[:40]
    return out.lstrip(".") or "(the whole document)"


def nodes(data: Any, path: Path_ = ()) -> list[Path_]:
    """The path of every mapping value and list element under ``data``, at any depth, parents first."""
    out: list[Path_] = []
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        out.append((*path, key))
        out += nodes(value, (*path, key))
    return out


def _at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


@dataclass
class Case:
    seed: int
    files: dict[str, Any]  # file name -> data (the document), mutated
    mutations: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"seed {self.seed}: " + "; ".join(self.mutations)


@lru_cache(maxsize=1)
def _bundled() -> tuple[tuple[str, str], ...]:
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in sorted(CATALOG.glob("*.yaml")))


@lru_cache(maxsize=1)
def _pristine_pickle() -> bytes:
    return pickle.dumps({name: yaml.load(text, Loader=_LOADER) for name, text in _bundled()})


def pristine_data() -> dict[str, Any]:
    """The bundled catalogue's files as data (file name -> document), a fresh copy on each call."""
    return pickle.loads(_pristine_pickle())  # ten times faster than copy.deepcopy


def _pick_node(rng: random.Random, files: dict[str, Any]) -> tuple[str, Path_]:
    """A file (catalog.yaml three times in ten) and a node of it: half the time any node, half the time a node at
    a depth chosen first (so the structure, categories and items, is hit as often as the leaves)."""
    names = sorted(files)
    name = META if META in files and rng.random() < 0.3 else rng.choice(names)
    found = nodes(files[name])
    if not found or rng.random() < 0.02:
        return name, ()
    if rng.random() < 0.5:
        return name, rng.choice(found)
    depth = rng.choice(sorted({len(p) for p in found}))
    return name, rng.choice([p for p in found if len(p) == depth])


def _mutate_once(rng: random.Random, files: dict[str, Any]) -> str:
    name, path = _pick_node(rng, files)
    where = f"{name}:{show_path(path)}"
    parent = _at(files[name], path[:-1]) if path else None
    current = _at(files[name], path) if path else files[name]
    roll = rng.random()
    if path and roll < 0.12:  # remove the key or the element
        del parent[path[-1]]
        return f"{where} removed"
    if path and isinstance(parent, dict) and roll < 0.24:  # rename the key, keeping its place
        new_key = rng.choice(FIELD_NAMES if rng.random() < 0.5 else NON_TEXT_KEYS)
        if new_key == path[-1] and type(new_key) is type(path[-1]):
            new_key = "x-renamed"
        items = [(new_key if k == path[-1] and type(k) is type(path[-1]) else k, v) for k, v in parent.items()]
        parent.clear()
        parent.update(items)
        return f"{where} key renamed to {new_key!r}"
    # Another kind of value; text may also become another text that is hostile in itself (control characters,
    # 20,000 characters, nothing, blanks).
    choices = [r for r in replacements() if r[0] != kind_of(current) or r[0] == "str"]
    _, label, make = rng.choice(choices)
    if path:
        parent[path[-1]] = make()
    else:
        files[name] = make()
    return f"{where} ({kind_of(current)}) → {label}"


def make_case(seed: int) -> Case:
    """The catalogue of ``seed``: one mutation six times in ten, else two to five."""
    rng = random.Random(seed)
    files = pristine_data()
    count = 1 if rng.random() < 0.6 else rng.randint(2, 5)
    case = Case(seed, files)
    for _ in range(count):
        case.mutations.append(_mutate_once(rng, files))
    return case


def dump(data: Any) -> str:
    """``yaml.safe_dump`` (libyaml's when PyYAML has it: the same text, six times faster)."""
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=4096)


def write_catalogue(files: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_text(dump(data), encoding="utf-8")
    return folder


def write_pristine(folder: Path) -> Path:
    """The bundled catalogue as written (comments and all), the other side of the diffs."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in _bundled():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------------------------------
# Running the commands


def commands(original: Path, mutated: Path, out: Path) -> list[tuple[str, list[str]]]:
    """(name, argv) of every command a case runs: the mutated catalogue in ``mutated``, the bundled one in
    ``original``, build output under ``out``."""
    m, o = str(mutated), str(original)
    books = ["--only", "excel", "--only", "html", "-j", "1"]
    return [
        ("validate", ["validate", "-j", "1", m]),
        ("validate-json", ["validate", "-f", "json", "-j", "1", m]),
        ("build", ["build", "-o", str(out / "build"), *books, m]),
        ("build-force", ["build", "-o", str(out / "build-force"), "--force", *books, m]),
        ("stats", ["stats", m]),
        ("stats-json", ["stats", "-f", "json", m]),
        ("diff", ["diff", o, m]),
        ("diff-reversed", ["diff", m, o]),
        ("coverage", ["coverage", "-j", "1", m]),
    ]


@dataclass
class Outcome:
    name: str
    argv: list[str]
    code: int | None
    out: str
    err: str
    traceback: str | None = None


def run_cli(name: str, argv: list[str]) -> Outcome:
    """``gwstd argv`` in-process; with GWSTD_DEBUG=1 an unexpected exception propagates and comes back here as
    its traceback."""
    from gwstd.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    collecting = gc.isenabled()  # `validate` turns the cycle collector off for the rest of its process
    before = os.environ.get("GWSTD_DEBUG")
    os.environ["GWSTD_DEBUG"] = "1"
    tb = None
    code: int | None = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    except BaseException:  # noqa: BLE001 - the crash is the finding
        tb = traceback.format_exc()
    finally:
        if collecting:
            gc.enable()
        if before is None:
            os.environ.pop("GWSTD_DEBUG", None)
        else:
            os.environ["GWSTD_DEBUG"] = before
    return Outcome(name, list(argv), code, out.getvalue(), err.getvalue(), tb)


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def problems(outcomes: list[Outcome]) -> list[str]:
    """What is wrong with a case's runs: each a line naming the command."""
    found = []
    by_name = {o.name: o for o in outcomes}
    for o in outcomes:
        text = o.out + o.err
        if o.traceback is not None:
            found.append(f"{o.name}: crashed\n{o.traceback}")
            continue
        if o.code not in (0, 1, 2):
            found.append(f"{o.name}: exit code {o.code!r}")
        if "Traceback" in text or "内部错误" in text:
            found.append(f"{o.name}: a traceback or 内部错误 in the output:\n{text[-2000:]}")
        if o.name.endswith("-json") and o.code != 2:  # JSON: valid, and its messages in Chinese
            try:
                report = json.loads(o.out)
            except ValueError as exc:
                found.append(f"{o.name}: not JSON ({exc}): {o.out[:300]!r}")
                continue
            diagnostics = report.get("diagnostics") if isinstance(report, dict) else None
            for d in diagnostics if isinstance(diagnostics, list) else ():
                if not CHINESE.search(str(d.get("message", ""))):
                    found.append(f"{o.name}: a message without Chinese: {d!r}"[:500])
        elif not CHINESE.search(text):
            found.append(f"{o.name}: no Chinese in the output: {text[:300]!r}")
        if o.err.strip() and not CHINESE.search(o.err):
            found.append(f"{o.name}: stderr without Chinese: {o.err[:300]!r}")
    validate, build = by_name.get("validate"), by_name.get("build")
    if validate and build and validate.traceback is None and build.traceback is None:
        if validate.code == 0 and build.code != 0:
            found.append(f"validate passed but build exited {build.code}: {build.err[-1500:]}")
        if build.code == 0 and validate.code != 0:
            found.append(f"build without --force exited 0 but validate exited {validate.code}")
    as_json = by_name.get("validate-json")
    if validate and as_json and validate.code != as_json.code and None not in (validate.code, as_json.code):
        found.append(f"validate exited {validate.code}, validate -f json {as_json.code}")
    return found


def run_case(seed: int, workdir: Path, original: Path, *, only: set[str] | None = None
             ) -> tuple[Case, Path, list[Outcome], list[str]]:
    """Make the case of ``seed`` under ``workdir``, run the commands (``only`` those named), and judge them."""
    case = make_case(seed)
    folder = write_catalogue(case.files, workdir / f"seed-{seed}" / "catalog")
    outcomes = [run_cli(name, argv) for name, argv in commands(original, folder, folder.parent / "out")
                if only is None or name in only]
    return case, folder, outcomes, problems(outcomes)
