"""What Windows changes, checked here: the cache folder, paths shown as the user gave them, checking without
os.fork, and writing over a book that Excel or WPS holds open."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from gwstd.seams import files as fsutil
from gwstd.seams.files import user_cache_dir
from gwstd.validate import parallel
from gwstd.validate import pipeline as validate
from gwstd.validate.pipeline import validate_paths

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate  # noqa: E402

BOOK = "示例县政务公开标准目录.xlsx"


# --- the template cache goes to the platform's cache folder ------------------------------------------------


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A home folder of the test's own, with no cache variables set."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))
    for name in ("LOCALAPPDATA", "XDG_CACHE_HOME", "GWSTD_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.mark.parametrize("platform, env, expected", [
    ("win32", {"LOCALAPPDATA": "{tmp}/local"}, "{tmp}/local/gwstd/Cache"),
    ("win32", {}, "{home}/AppData/Local/gwstd/Cache"),
    ("win32", {"LOCALAPPDATA": " ", "XDG_CACHE_HOME": "{tmp}/xdg"}, "{home}/AppData/Local/gwstd/Cache"),
    ("darwin", {"XDG_CACHE_HOME": "{tmp}/xdg"}, "{home}/Library/Caches/gwstd"),
    ("linux", {"XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/xdg/gwstd"),
    ("linux", {}, "{home}/.cache/gwstd"),
    ("linux", {"XDG_CACHE_HOME": "relative/cache"}, "{home}/.cache/gwstd"),  # invalid by the XDG spec
    ("freebsd14", {"LOCALAPPDATA": "{tmp}/local"}, "{home}/.cache/gwstd"),
])
def test_cache_folder_per_platform(platform, env, expected, home, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", platform)
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    assert user_cache_dir() == Path(expected.format(tmp=tmp_path, home=home))


_CACHES = [
    ("win32", {"LOCALAPPDATA": "{tmp}/local"}, "{tmp}/local/gwstd/Cache/templates"),
    ("darwin", {}, "{home}/Library/Caches/gwstd/templates"),
    ("linux", {"XDG_CACHE_HOME": "{tmp}/xdg"}, "{tmp}/xdg/gwstd/templates"),
]


@pytest.mark.parametrize("platform, env, folder", _CACHES, ids=["win32", "darwin", "linux"])
def test_the_template_cache_is_made_in_the_platform_cache(platform, env, folder, home, tmp_path, monkeypatch):
    from gwstd.seams.cache import template_cache as _bytecode_cache

    monkeypatch.setattr(sys, "platform", platform)
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    cache = _bytecode_cache()
    assert Path(cache.directory) == Path(folder.format(tmp=tmp_path, home=home))
    assert Path(cache.directory).is_dir()
    monkeypatch.setenv("GWSTD_NO_CACHE", "1")
    assert _bytecode_cache() is None


@pytest.mark.slow  # compiles the templates afresh for each platform
@pytest.mark.parametrize("platform, env, folder", _CACHES, ids=["win32", "darwin", "linux"])
def test_build_keeps_compiled_templates_in_the_platform_cache(platform, env, folder, gwstd, sample_catalog, home,
                                                               tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", platform)
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    run = gwstd("build", sample_catalog, "-o", tmp_path / "out", "--only", "html")
    assert run.code == 0, run.err
    assert list(Path(folder.format(tmp=tmp_path, home=home)).iterdir()), "compiled templates kept for next time"
    assert not (home / ".cache").exists()


def test_an_unusable_cache_folder_is_no_cache(home, tmp_path, monkeypatch):
    from gwstd.seams.cache import template_cache as _bytecode_cache

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(blocked))  # gwstd\Cache cannot be made inside a file
    assert _bytecode_cache() is None
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(Path, "home", classmethod(_no_home))
    assert _bytecode_cache() is None  # no home folder at all


def _no_home(cls):
    raise RuntimeError("Could not determine home directory.")  # what pathlib raises


@pytest.mark.slow  # compiles the templates with no cache
def test_an_unusable_cache_folder_only_costs_time(gwstd, sample_catalog, home, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(blocked))
    run = gwstd("build", sample_catalog, "-o", tmp_path / "out", "--only", "html")
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "html" / "index.html").stat().st_size > 100_000


# --- paths in reports are shown as the user gave them -------------------------------------------------------


@pytest.fixture
def workspace(sample_catalog, tmp_path, monkeypatch) -> Path:
    """tmp/w/catalog (one bad value in yiwu-jiaoyu.yaml) and tmp/x/catalog (the same); the working directory
    is tmp/w."""
    domain = sample_catalog / "yiwu-jiaoyu.yaml"
    text = domain.read_text(encoding="utf-8")
    assert "update_cycle: 每年" in text
    domain.write_text(text.replace("update_cycle: 每年", "update_cycle: 随时", 1), encoding="utf-8")
    here = tmp_path / "w"
    here.mkdir()
    shutil.move(str(sample_catalog), here / "catalog")
    shutil.copytree(here / "catalog", tmp_path / "x" / "catalog")
    monkeypatch.chdir(here)
    return here


def _files_in_json(out: str) -> set[str]:
    return {d["file"] for d in json.loads(out)["diagnostics"]}


def _no_absolute_paths(text: str, workspace: Path) -> None:
    parent = str(workspace.parent)
    assert parent not in text and os.path.realpath(parent) not in text, text[:2000]


# Every format for a folder outside the working directory and a single file; the other spellings once each
# in the quick loop, in every format in the full run.
_GIVEN = [("../x/catalog", "../x/catalog/yiwu-jiaoyu.yaml"), ("catalog/yiwu-jiaoyu.yaml", "catalog/yiwu-jiaoyu.yaml"),
          ("catalog", "catalog/yiwu-jiaoyu.yaml"), ("../x/catalog/yiwu-jiaoyu.yaml", "../x/catalog/yiwu-jiaoyu.yaml")]


@pytest.mark.parametrize("given, shown, fmt", [
    pytest.param(given, shown, fmt, marks=[pytest.mark.slow] if n >= 2 and fmt != ("json", "human")[n % 2] else [])
    for n, (given, shown) in enumerate(_GIVEN) for fmt in ("human", "json", "github", "junit")
])
def test_validate_shows_paths_as_given_in_every_format(given, shown, fmt, gwstd, workspace):
    run = gwstd("validate", given, "-f", fmt)
    assert run.code == 1
    _no_absolute_paths(run.out, workspace)
    shown = shown.replace("/", os.sep)
    if fmt == "json":
        assert _files_in_json(run.out) == {shown}
    elif fmt == "human":
        assert f"{shown}:18:23" in run.out
    elif fmt == "github":
        assert f"file={shown},line=18,col=23" in run.out
    else:
        assert f'name="{shown}"' in run.out


def test_a_linked_folder_is_shown_by_the_link_s_name(gwstd, workspace):
    try:
        (workspace / "link").symlink_to("catalog", target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    run = gwstd("validate", "link", "-f", "json")
    assert _files_in_json(run.out) == {os.path.join("link", "yiwu-jiaoyu.yaml")}
    report = json.loads(gwstd("validate", "link/yiwu-jiaoyu.yaml", "-f", "json").out)
    assert {d["file"] for d in report["diagnostics"]} == {os.path.join("link", "yiwu-jiaoyu.yaml")}


def test_a_dot_slash_folder_stays_relative(gwstd, workspace):
    # The command line hands over the strings as typed: the leading ./ stays, nothing is made absolute.
    run = gwstd("validate", "./catalog/", "-f", "json")
    assert _files_in_json(run.out) == {"./catalog/yiwu-jiaoyu.yaml"}
    _no_absolute_paths(run.out, workspace)


@pytest.mark.parametrize("given, shown, folder", [
    ("./catalog/", "./catalog/yiwu-jiaoyu.yaml", "./catalog/"),
    ("catalog/", "catalog/yiwu-jiaoyu.yaml", "catalog/"),
    ("./catalog/yiwu-jiaoyu.yaml", "./catalog/yiwu-jiaoyu.yaml", "./catalog/"),
    ("../x/catalog/", "../x/catalog/yiwu-jiaoyu.yaml", "../x/catalog/"),
])
def test_the_core_keeps_the_user_s_spelling(given, shown, folder, workspace):
    result = validate_paths([given])  # strings, as a command line would give them before pathlib
    assert {d.file for d in result.diagnostics} == {shown}
    assert result.files and all(f.startswith(folder) for f in result.files)


def test_a_file_in_the_working_directory(gwstd, workspace, monkeypatch):
    monkeypatch.chdir(workspace / "catalog")
    run = gwstd("validate", "yiwu-jiaoyu.yaml", "-f", "json")
    assert _files_in_json(run.out) == {"yiwu-jiaoyu.yaml"}
    run = gwstd("validate", "-f", "json", ".")
    assert {Path(f) for f in _files_in_json(run.out)} == {Path("yiwu-jiaoyu.yaml")}
    _no_absolute_paths(run.out, workspace)


def test_duplicate_ids_name_the_other_file_as_given(gwstd, workspace):
    shutil.copyfile("../x/catalog/yiwu-jiaoyu.yaml", "../x/catalog/copy.yaml")
    run = gwstd("validate", "../x/catalog", "-f", "json")
    messages = [d["message"] for d in json.loads(run.out)["diagnostics"] if d["code"] == "GW201"]
    assert messages and all("../x/catalog/" in m for m in messages)
    _no_absolute_paths(run.out, workspace)


def test_missing_paths_are_named_as_given(gwstd, workspace):
    for command in ("validate", "coverage", "stats"):
        run = gwstd(command, "../nowhere/catalog")
        assert run.code == 2
        assert "../nowhere/catalog" in run.out + run.err
        _no_absolute_paths(run.out + run.err, workspace)


@pytest.mark.parametrize("fmt", ["json", pytest.param("human", marks=pytest.mark.slow),
                                 pytest.param("markdown", marks=pytest.mark.slow)])
def test_coverage_names_the_catalogue_as_given(fmt, gwstd, workspace):
    shutil.rmtree("catalog")
    run = gwstd("coverage", "../x/catalog", "-f", fmt)
    assert run.code == 0, run.err
    _no_absolute_paths(run.out, workspace)
    if fmt == "json":
        assert [c["root"] for c in json.loads(run.out)["catalogues"]] == ["../x/catalog"]


@pytest.mark.slow
def test_build_stats_import_and_diff_name_files_as_given(gwstd, workspace):
    Path("catalog/yiwu-jiaoyu.yaml").write_text(
        Path("catalog/yiwu-jiaoyu.yaml").read_text(encoding="utf-8").replace("随时", "每年"), encoding="utf-8")
    run = gwstd("build", "catalog", "-o", "../out")
    assert run.code == 0, run.err
    assert f"已生成 {os.path.join('..', 'out', BOOK)}" in run.out
    assert f"已生成 {os.path.join('..', 'out', 'html', 'index.html')}" in run.out
    _no_absolute_paths(run.out + run.err, workspace)

    refused = gwstd("build", "../x/catalog", "-o", "../out2")  # the bad value: listed, as given
    assert refused.code == 1 and "../x/catalog/yiwu-jiaoyu.yaml:18:23" in refused.err
    _no_absolute_paths(refused.out + refused.err, workspace)

    for fmt in ("human", "json"):  # stats names no files; nothing of the working directory shows either
        run = gwstd("stats", "catalog", "-f", fmt)
        assert run.code == 0
        _no_absolute_paths(run.out + run.err, workspace)

    run = gwstd("import", f"../out/{BOOK}", "-o", "../imported")
    assert run.code == 0, run.out + run.err
    assert f"已写入 {os.path.join('..', 'imported', 'catalog.yaml')}" in run.out
    _no_absolute_paths(run.out + run.err, workspace)
    Path("not-a-book.xlsx").write_text("domain: 义务教育\n", encoding="utf-8")
    run = gwstd("import", "./not-a-book.xlsx", "-f", "json")
    assert run.code != 0 and _files_in_json(run.out) == {"not-a-book.xlsx"}

    shutil.copytree("catalog", "old")
    Path("old/yiwu-jiaoyu.yaml").write_text("domain: [\n", encoding="utf-8")  # an edition that cannot be read
    run = gwstd("diff", "./old/", "catalog")
    assert run.code == 2
    assert "./old/yiwu-jiaoyu.yaml:" in run.err  # diff takes its editions as text: even ./ is kept
    _no_absolute_paths(run.out + run.err, workspace)
    run = gwstd("diff", "../x/catalog", "./catalog/", "-f", "json")
    assert run.code == 0
    report = json.loads(run.out)
    assert (report["old"]["label"], report["new"]["label"]) == ("../x/catalog", "./catalog/")


# --- the one-process path, taken where os.fork is missing ---------------------------------------------------


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    """Generated counties, one with a broken reference: many files, more YAML than PARALLEL_MIN_BYTES."""
    root = tmp_path_factory.mktemp("many")
    generate(root, counties=4, items=120)
    domain = sorted(sorted(root.iterdir())[1].glob("*.yaml"))[2]
    domain.write_text(domain.read_text(encoding="utf-8").replace("department: ", "department: nobody-", 1),
                      encoding="utf-8")
    assert sum(f.stat().st_size for f in root.rglob("*.yaml")) > validate.PARALLEL_MIN_BYTES
    return root


def _forks(monkeypatch) -> list[int]:
    """Count the workers started."""
    started: list[int] = []
    real = parallel.fork_worker

    def counted(*args, **kwargs):
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "fork_worker", counted)
    return started


@pytest.mark.skipif(not hasattr(os, "fork"), reason="compares with forked workers")
@pytest.mark.parametrize("fmt", ["json", pytest.param("human", marks=pytest.mark.slow)])
def test_without_fork_one_process_gives_what_workers_give(fmt, gwstd, many_files, monkeypatch):
    started = _forks(monkeypatch)
    parallel = gwstd("validate", many_files, "-j", "2", "-f", fmt)
    assert started, "the parallel path was taken"
    started.clear()
    monkeypatch.delattr(os, "fork")  # as on Windows
    alone = gwstd("validate", many_files, "-j", "2", "-f", fmt)
    assert not started
    assert (alone.code, alone.out, alone.err) == (parallel.code, parallel.out, parallel.err)
    assert alone.code == 1 and "GW203" in alone.out


def test_without_fork_the_decision_does_not_look_at_os_name(gwstd, many_files, monkeypatch):
    started = _forks(monkeypatch)
    monkeypatch.delattr(os, "fork", raising=False)
    monkeypatch.setattr(os, "name", "posix")  # a system that calls itself posix but cannot fork
    run = gwstd("validate", many_files, "-j", "4", "-f", "json")
    assert not started
    assert run.code == 1 and "GW203" in {d["code"] for d in json.loads(run.out)["diagnostics"]}
    progress: list[tuple[int, int]] = []
    result = validate_paths([many_files], validate.ValidateOptions(jobs=3, progress=lambda *p: progress.append(p)))
    assert progress[-1] == (len(result.files), len(result.files))


# --- writing over a book that Excel or WPS holds open --------------------------------------------------------


def _refuse(winerror: int | None):
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if ".gwstd-staging-" in str(dst) or ".gwstd-staging-" not in str(src) and not os.path.exists(dst):
            return real(src, dst, *args, **kwargs)  # the book held open is the one in place, not one being made
        exc = PermissionError(errno.EACCES, "Permission denied" if winerror is None else "拒绝访问。", str(dst))
        if winerror is not None:
            exc.winerror = winerror  # what Windows sets; the constructor ignores it elsewhere
        raise exc

    return replace


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("only, target, winerror", [
    ("excel", BOOK, 32), pytest.param("excel", BOOK, 5, marks=pytest.mark.slow), ("excel", BOOK, None),
    ("html", "html/index.html", 32),
    pytest.param("html", "html/index.html", 5, marks=pytest.mark.slow),
    pytest.param("html", "html/index.html", None, marks=pytest.mark.slow),
], ids=["excel-sharing-violation", "excel-access-denied", "excel-errno-13", "html-sharing-violation",
        "html-access-denied", "html-errno-13"])
def test_a_book_open_in_excel_gives_a_chinese_message(winerror, only, target, gwstd, sample_catalog, monkeypatch):
    monkeypatch.chdir(sample_catalog.parent)
    first = gwstd("build", "catalog", "-o", "out", "--only", only)
    assert first.code == 0, first.err
    before = _snapshot(Path("out"))
    Path("catalog/yiwu-jiaoyu.yaml").write_text(
        Path("catalog/yiwu-jiaoyu.yaml").read_text(encoding="utf-8").replace("招生划片范围", "招生划片范围(新)"),
        encoding="utf-8")  # the new book would differ from the old one
    monkeypatch.setattr(fsutil.os, "replace", _refuse(winerror))
    run = gwstd("build", "catalog", "-o", "out", "--only", only)
    assert run.code == 2
    assert run.err.startswith(f"gwstd:无法写入 {os.path.join('out', *target.split('/'))}:")
    assert "Excel" in run.err and "WPS" in run.err and "请关闭该文件后重试" in run.err
    assert "Traceback" not in run.err and "PermissionError" not in run.err
    assert _snapshot(Path("out")) == before, "the old book is left as it was, and no temporary file is left"


def test_a_report_open_elsewhere_is_not_half_written(gwstd, sample_catalog, tmp_path, monkeypatch):
    report = tmp_path / "report.xml"
    report.write_text("old report", encoding="utf-8")
    monkeypatch.setattr(fsutil.os, "replace", _refuse(32))
    run = gwstd("validate", sample_catalog, "-f", "junit", "-o", report)
    assert run.code == 2 and f"无法写入 {report}" in run.err and "Excel" in run.err
    assert report.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "report.xml"]


def test_replacing_a_folder_still_says_it_is_a_folder(tmp_path, monkeypatch):
    (tmp_path / "book.xlsx").mkdir()
    monkeypatch.setattr(fsutil.os, "replace", _refuse(5))  # what Windows raises for a folder in the way
    with pytest.raises(fsutil.OutputError, match="这是一个目录"):
        fsutil.atomic_write_bytes(tmp_path / "book.xlsx", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]
