"""The command line as users meet it: Chinese throughout (click's and typer's words too), any console
encoding (GBK/cp936 on Chinese Windows and the pipes pre-commit reads), standard input, shell completion,
long lines, and file names that are not UTF-8."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import msgfmt
import pytest
import typer

from gwstd.reports.human import FRAME_WIDTH, frame_line
from gwstd.reports.registry import FORMATS, names
from gwstd.seams import streams

ROOT = Path(__file__).resolve().parents[2]
PO = msgfmt.CATALOGUE / "gwstd.po"

# ------------------------------------------------------------------------------------------------------
# The message catalogue


def _marked_strings(package_dir: Path) -> set[str]:
    """Every string a package marks for gettext: _("…") and ngettext("…", "…", n) (as singular NUL plural)."""
    found = set()
    for path in package_dir.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id == "_" and texts:
                    found.add(texts[0])
                elif node.func.id == "ngettext" and len(texts) >= 2:
                    found.add(texts[0] + "\0" + texts[1])
    return found


MARKED = _marked_strings(Path(click.__file__).parent) | _marked_strings(Path(typer.__file__).parent)


def test_the_compiled_catalogue_is_the_po_file():
    assert (msgfmt.CATALOGUE / "gwstd.mo").read_bytes() == msgfmt.compiled(), "run: python tests/msgfmt.py"


def test_every_word_click_and_typer_mark_for_translation_is_translated():
    entries = msgfmt.parse_po(PO.read_text(encoding="utf-8"))
    assert len(MARKED) > 50  # click's own markers are there (typer >= 0.26's copy of click has none)
    missing = sorted(m for m in MARKED if not entries.get(m))
    assert not missing


def test_translations_keep_the_placeholders_they_are_formatted_with():
    for msgid, msgstr in msgfmt.parse_po(PO.read_text(encoding="utf-8")).items():
        if not msgid:
            continue
        wanted = set(re.findall(r"\{(\w*)", msgid)) | set(re.findall(r"%\((\w+)\)", msgid))
        used = set(re.findall(r"\{(\w*)", msgstr)) | set(re.findall(r"%\((\w+)\)", msgstr))
        assert used <= wanted, (msgid, msgstr)  # a name click does not pass would raise KeyError
        if "\0" not in msgid:  # plural forms may name the count differently; a singular must keep all
            assert wanted == used or msgid == "d", (msgid, msgstr)

# ------------------------------------------------------------------------------------------------------
# No English sentence


# Words that are names, not English sentences: formats, products, shells, file and field names.
ALLOWED = {
    "gwstd", "yaml", "json", "excel", "html", "github", "gitlab", "actions", "junit", "xml", "markdown", "utf",
    "bom", "schema", "powershell", "bash", "zsh", "fish", "pwsh", "shell", "tab", "git", "diff", "show", "head",
    "human", "csv", "catalog", "scope", "block", "xlsx", "wps", "cpu", "pre", "commit", "ci", "id", "ids",
    "feedback", "excel", "javascript", "mb", "kb", "gb", "and", "gbk", "hooks", "windows", "sample", "from",
    "completion", "validate", "coverage", "build", "serve", "import", "stats", "init", "rules", "dist", "profile",
    "pdf", "microsoft", "edge", "google", "chrome", "chromium",  # the browsers that print the PDF book
    "ip",  # (an IP address: what the hall's screen opens the preview by)
    "county",  # the value of stats/coverage --by
    "ctrl", "c",  # Ctrl+C, the key that stops gwstd serve
}
# the names of every output format are names too (a new format needs no entry here)
ALLOWED |= {w.lower() for kind in FORMATS for name in FORMATS[kind] for w in re.findall(r"[A-Za-z]+", name)}
ENGLISH = {w.lower() for m in MARKED for w in re.findall(r"[A-Za-z]{3,}", m)} - ALLOWED
# Options, paths, file names (a dot inside a word), URLs: not prose. A trailing "." or ":" is punctuation.
_NAMES = re.compile(r"\S*[/_=\\@<>\d-]\S*|\S*\w\.\w\S*")


def english_in(text: str) -> list[str]:
    """English in ``text``: any Latin word that is not a name gwstd's Chinese text uses (ALLOWED), a word of
    click's vocabulary, or three Latin words in a row."""
    prose = _NAMES.sub(" ", re.sub(r"「[^」]*」|'[^']*'", " ", text))  # quoted: the user's own input
    found = [w for w in re.findall(r"[A-Za-z]+", prose) if w.lower() in ENGLISH or w.lower() not in ALLOWED]
    for run in re.findall(r"[A-Za-z]+(?:[ ,']+[A-Za-z]+){2,}", prose):
        if any(w.lower() not in ALLOWED for w in re.findall(r"[A-Za-z]+", run)):
            found.append(run)
    return found


def test_the_english_detector_finds_what_click_would_say():
    for english in ("Usage: gwstd [OPTIONS] COMMAND [ARGS]...", "Show this message and exit.",
                    "Error: No such option: --x", "[default: 0; x>=0]", "File 'catalog' is a directory.",
                    "Invalid value for '-f'"):
        assert english_in(english), english
    assert not english_in("用法: gwstd validate [选项] [路径]... 输出格式:human、json、github、junit(JUnit XML)")


COMMANDS = ["validate", "coverage", "build", "serve", "import", "diff", "stats", "init", "rules", "completion"]


def test_every_command_is_walked():
    from gwstd.cli.app import app

    assert sorted(typer.main.get_command(app).commands) == sorted(COMMANDS)


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"]] + [[c, "--help"] for c in COMMANDS])
def test_help_is_chinese(gwstd, args):
    run = gwstd(*args)
    text = run.out + run.err
    assert "用法:" in text and "选项:" in text
    assert not english_in(text), english_in(text)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_help_lines_fit_the_terminal(gwstd, monkeypatch, columns):
    from gwstd.cli.helpformat import cell_width

    monkeypatch.setenv("COLUMNS", str(columns))
    for command in COMMANDS:
        lines = gwstd(command, "--help").out.splitlines()
        assert all(cell_width(line) <= min(columns, 80) for line in lines), command  # click caps help at 80
        assert not any(line.strip()[:1] in "、,。;:)」》" for line in lines if line.strip()), command


def test_closing_punctuation_never_starts_a_line():
    from gwstd.cli.helpformat import wrap

    assert wrap("一二三四。」五", 10) == ["一二三", "四。」五"]
    text = "输出格式:human 供人阅读:带代码行和箭头的中文报告(默认);json JSON,供脚本。」读取"
    for width in range(8, 40):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line[0] in "、,。;:)」》;)" for line in lines[1:]), (width, lines)


def test_arguments_keep_their_help(gwstd):
    # click 8.5 with typer < 0.26 blanked every argument's help (the reason for the click cap)
    assert "要检查的目录或文件" in gwstd("validate", "--help").out
    assert "要导入的 Excel 工作簿" in gwstd("import", "--help").out


MISUSE = [
    ["frobnicate"],
    ["valid"],  # typer would add "Did you mean 'validate'?" in English
    ["validate", "-j", "1.5"],  # click names its types in English ("not a valid integer")
    ["validate", "-", "catalog"],
    ["validate", "-", "--stdin-name", "{tmp}"],
    ["validate", "--no-such-option"],
    ["validate", "--format", "xml"],
    ["validate", "-f"],
    ["validate", "-j", "abc"],
    ["validate", "-j", "-1"],
    ["validate", "--strict=yes"],
    ["validate", "-o", "{tmp}"],
    ["validate", "--encoding", "undefined"],
    ["validate", "--encoding", "rot13"],
    ["validate", "--encoding", "no-such-encoding"],
    ["validate", "--stdin-name", "x.yaml", "catalog"],
    ["validate", "{tmp}/nowhere"],
    ["coverage", "--format", "xml"],
    ["build", "--only", "word"],
    ["build", "--templates", "{tmp}/nowhere"],
    ["import"],
    ["import", "{tmp}/nowhere.xlsx"],
    ["init"],
    ["diff"],
    ["diff", "a", "b", "c"],
    ["stats", "--format", "xml"],
    ["rules", "--format", "xml"],
    ["completion", "tcsh"],
    ["--version", "--nope"],
]


@pytest.mark.parametrize("args", MISUSE, ids=" ".join)
def test_misuse_is_a_chinese_usage_error(gwstd, tmp_path, args):
    run = gwstd(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert run.code == 2, (run.out, run.err)
    text = run.out + run.err
    assert re.search(r"[\u4e00-\u9fff]", text)
    assert not english_in(text), english_in(text)
    assert "内部错误" not in text


def test_bare_gwstd_shows_the_help_and_nothing_garbled(gwstd):
    run = gwstd()
    assert run.code == 2
    assert run.out.startswith("用法: gwstd [选项] 命令 [参数]...")
    assert "选项s" not in run.out and "用法错误" not in run.err


def test_usage_errors_point_to_the_command_s_own_help(gwstd):
    run = gwstd("validate", "--nope")
    assert "没有这个选项「--nope」" in run.err and "运行 gwstd validate --help 查看用法" in run.err

# ------------------------------------------------------------------------------------------------------
# Any console encoding


def _bad_catalogue(tmp_path: Path) -> Path:
    """The bundled catalogue with problems whose messages quote „‟ (not in GBK) and a ✗ summary."""
    target = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", target)
    path = target / "yiwu-jiaoyu.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("number: 国务院令第711号", "number: 川办发„2017‟90号", 1)
    text = text.replace("update_cycle: 每年", "update_cycle: 随时 ✓", 1)
    path.write_text(text, encoding="utf-8")
    return target


def _run(args: list[str], cwd: Path, encoding: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("GWSTD_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "gwstd", *args], cwd=cwd, env=env, capture_output=True,
                          input=stdin, timeout=120)


def _editions(tmp_path: Path) -> Path:
    old = tmp_path / "old"
    shutil.copytree(ROOT / "catalog", old)
    path = old / "yiwu-jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("招生划片范围", "招生划片„范围‟", 1), encoding="utf-8")
    return old


# (arguments, formats): every command, every format the registry has for its result
RUNS = [
    (["validate", "catalog"], names("diagnostics")),
    (["coverage", "catalog"], names("coverage")),
    (["stats", "catalog"], names("stats")),
    (["diff", "old", "catalog"], names("changes")),
    (["rules"], names("codes")),
    (["build", "catalog", "--force", "-o", "out"], [None]),
    (["import", "out/示例县政务公开标准目录.xlsx", "-o", "imported"], names("import")),
    (["init", "new"], [None]),
    (["completion", "bash"], [None]),
    (["--help"], [None]),
    (["validate", "--help"], [None]),
    ([], [None]),
]


def _check_stream(raw: bytes, encoding: str, fmt: str | None, reference: bytes) -> None:
    text = raw.decode(encoding)  # strictly: every byte is the console's encoding
    if fmt in ("json", "junit"):  # UTF-8 documents: in ASCII on a GBK console, so they mean the same in both
        raw.decode("ascii")
    if fmt == "json":
        assert json.loads(text) == json.loads(reference.decode("utf-8"))
    elif fmt == "junit":
        got, want = ET.fromstring(raw), ET.fromstring(reference)
        assert ET.tostring(got, encoding="unicode") == ET.tostring(want, encoding="unicode")
    else:
        assert text.strip()


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["gbk", "cp936"])
def test_every_command_and_format_on_a_chinese_console(tmp_path, encoding):
    _bad_catalogue(tmp_path)
    _editions(tmp_path)
    for args, formats in RUNS:
        for fmt in formats:
            full = args + (["--format", fmt] if fmt else [])
            written = [tmp_path / folder for command, folder in (("import", "imported"), ("init", "new"))
                       if command in args]  # each run writes it afresh (build overwrites; these refuse to)
            for folder in written:
                shutil.rmtree(folder, ignore_errors=True)
            reference = _run(full, tmp_path, "utf-8")
            for folder in written:
                shutil.rmtree(folder)
            got = _run(full, tmp_path, encoding)
            assert got.returncode == reference.returncode, (full, got.stderr.decode(encoding, "replace"))
            assert b"Traceback" not in got.stderr
            assert "内部错误" not in got.stderr.decode(encoding)
            _check_stream(got.stdout, encoding, fmt, reference.stdout)
            got.stderr.decode(encoding)


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_machine_documents_on_a_gbk_console_are_ascii(sample_catalog, tmp_path, fmt):
    catalogue = sample_catalog
    domain = catalogue / "yiwu-jiaoyu.yaml"
    domain.write_text(domain.read_text(encoding="utf-8").replace("update_cycle: 每年", "update_cycle: 随时", 1),
                      encoding="utf-8")
    run = _run(["validate", str(catalogue), "-f", fmt], tmp_path, "gbk")
    assert run.returncode == 1
    run.stdout.decode("ascii")  # no raw GBK bytes under the UTF-8 the document stands for
    if fmt == "json":
        assert "随时" in json.loads(run.stdout)["diagnostics"][0]["message"]
    else:
        assert "随时" in ET.fromstring(run.stdout).find(".//failure").get("message")


def test_a_clean_catalogue_on_a_gbk_pipe(tmp_path):
    # what pre-commit on Chinese Windows reads: ✓ has no GBK form and crashed the run
    run = _run(["validate", str(ROOT / "catalog")], tmp_path, "gbk")
    assert run.returncode == 0, run.stderr.decode("gbk", "replace")
    assert run.stdout.decode("gbk").startswith("√ 检查了 9 个文件")


@pytest.mark.slow
def test_problems_on_a_gbk_pipe_in_json_and_junit(tmp_path):
    _bad_catalogue(tmp_path)
    for fmt in ("human", "json", "junit"):
        reference = _run(["validate", "catalog", "-f", fmt], tmp_path, "utf-8")
        got = _run(["validate", "catalog", "-f", fmt], tmp_path, "gbk")
        assert got.returncode == reference.returncode == 1
        _check_stream(got.stdout, "gbk", fmt, reference.stdout)
        if fmt == "human":
            assert "×" in got.stdout.decode("gbk") and "„" not in got.stdout.decode("gbk")


def test_junit_written_to_a_file_is_utf8(gwstd, tmp_path):
    root = _bad_catalogue(tmp_path)
    gwstd("validate", root, "--strict", "-f", "junit", "-o", tmp_path / "report.xml")
    raw = (tmp_path / "report.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "川办发„2017‟90号" in raw.decode("utf-8")


@pytest.mark.parametrize("kind,text,expected", [
    (streams.JSON, '{"a": "✓„😀"}', '{"a": "\\u2713\\u201e\\ud83d\\ude00"}'),
    (streams.XML, "<a>✓ 中</a>", "<a>&#10003; &#20013;</a>"),
    (streams.TEXT, "✓ ✗ „x‟ 中文", '√ × "x" 中文'),
])
def test_fit_to_a_gbk_stream(kind, text, expected):
    class Gbk:
        encoding = "gbk"

    assert streams.fit(text, Gbk(), kind=kind) == expected
    assert json.loads(streams.fit('"✓😀"', Gbk(), kind=streams.JSON)) == "✓😀"


def test_text_falls_back_further_on_ascii():
    class Ascii:
        encoding = "ascii"

    assert streams.fit("✓ ● 〇 中", Ascii()) == "OK * o \\u4e2d"


def test_printable_path_shows_undecodable_bytes():
    assert streams.printable_path(os.fsdecode(b"catalog/\xd5\xf7.yaml")) == "catalog/\\xd5\\xf7.yaml"
    assert streams.printable_path("目录/义务教育.yaml") == "目录/义务教育.yaml"

# ------------------------------------------------------------------------------------------------------
# File names that are not UTF-8


@pytest.fixture
def gbk_named(tmp_path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", target)
    os.rename(target / "yiwu-jiaoyu.yaml", os.path.join(os.fsencode(target), b"\xd2\xe5\xce\xf1.yaml"))
    return target


@pytest.mark.parametrize("fmt", ["human", "json", "github", "junit"])
def test_a_gbk_file_name_is_reported_escaped(gwstd, gbk_named, fmt):
    run = gwstd("validate", gbk_named, "-f", fmt)
    assert run.code == 0
    assert not re.search(r"[\ud800-\udfff]", run.out)
    if fmt == "json":
        report = json.loads(run.out)
        assert [(d["code"], Path(d["file"]).name) for d in report["diagnostics"]] == [("GW018", "\\xd2\\xe5\\xce\\xf1.yaml")]
    else:
        assert "\\xd2\\xe5\\xce\\xf1.yaml" in run.out
    if fmt == "junit":
        ET.fromstring(run.out.split("\n", 1)[1])


def test_a_gbk_file_name_on_a_gbk_console(gbk_named):
    run = _run(["validate", "catalog", "-f", "json"], gbk_named.parent, "gbk")
    assert run.returncode == 0
    assert json.loads(run.stdout.decode("gbk"))["diagnostics"][0]["file"] == "catalog/\\xd2\\xe5\\xce\\xf1.yaml"


def test_build_with_a_gbk_file_name_builds_both_books(gwstd, gbk_named, tmp_path):
    run = gwstd("build", gbk_named, "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "示例县政务公开标准目录.xlsx").exists()
    html = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert "招生划片范围" in html  # the domain of the oddly named file is in the book

# ------------------------------------------------------------------------------------------------------
# Standard input


def test_stdin_checked_alone(tmp_path):
    text = (ROOT / "catalog" / "yiwu-jiaoyu.yaml").read_bytes()
    run = _run(["validate", "-", "-f", "json"], tmp_path, "utf-8", stdin=text)
    report = json.loads(run.stdout)
    assert run.returncode == 0
    assert [(d["code"], d["file"]) for d in report["diagnostics"]] == [("GW015", "-")]


def test_stdin_named_is_checked_beside_its_catalogue(tmp_path):
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    text = (ROOT / "catalog" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8")
    edited = text.replace("department: jiaoyu", "department: nobody", 1).encode("utf-8")
    run = _run(["validate", "-", "--stdin-name", "catalog/yiwu-jiaoyu.yaml", "-f", "json"], tmp_path, "utf-8",
               stdin=edited)
    report = json.loads(run.stdout)
    assert run.returncode == 1
    assert {(d["code"], d["file"]) for d in report["diagnostics"]} == {("GW203", "catalog/yiwu-jiaoyu.yaml")}
    # the file on disk was not what was checked, and is unchanged
    assert (tmp_path / "catalog" / "yiwu-jiaoyu.yaml").read_text(encoding="utf-8") == text


def test_git_show_piped_into_validate(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(git + ["add", "."], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "x"], cwd=tmp_path, check=True)
    shown = subprocess.run(["git", "show", "HEAD:catalog/catalog.yaml"], cwd=tmp_path, capture_output=True,
                           check=True).stdout
    run = _run(["validate", "-", "--stdin-name", "catalog/catalog.yaml"], tmp_path, "utf-8", stdin=shown)
    assert run.returncode == 0, run.stdout.decode()
    assert "没有发现问题" in run.stdout.decode()


def test_stdin_with_a_syntax_error_shows_its_line(tmp_path):
    run = _run(["validate", "-"], tmp_path, "utf-8", stdin="domain: 义务教育\n\tcategories: []\n".encode())
    out = run.stdout.decode()
    assert run.returncode == 1 and "-:2:" in out and "GW004" in out and "categories: []" in out


def test_stdin_in_gbk_is_refused_with_advice(tmp_path):
    run = _run(["validate", "-"], tmp_path, "utf-8", stdin="domain: 义务教育\n".encode("gbk"))
    assert run.returncode == 1 and "GW003" in run.stdout.decode() and "GBK" in run.stdout.decode()
    run = _run(["validate", "-", "--encoding", "gb18030"], tmp_path, "utf-8", stdin="domain: 义务教育\n".encode("gbk"))
    assert "GW003" not in run.stdout.decode()


def test_stdin_read_no_further_than_the_limit(tmp_path, monkeypatch):
    from gwstd.load import read

    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1000)
    big = b"domain: x\n" + b"# " + b"x" * 5000 + b"\n"
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": __import__("io").BytesIO(big)})())
    from gwstd.cli.app import main

    assert main(["validate", "-"]) == 2

# ------------------------------------------------------------------------------------------------------
# Shell completion


@pytest.mark.parametrize("shell,marker", [("bash", "complete -o default -F _gwstd_completion gwstd"),
                                          ("zsh", "compdef _gwstd_completion gwstd"),
                                          ("fish", "complete --command gwstd"),
                                          ("powershell", "Register-ArgumentCompleter"),
                                          ("pwsh", "Register-ArgumentCompleter")])
def test_completion_scripts(gwstd, shell, marker):
    run = gwstd("completion", shell)
    assert run.code == 0 and marker in run.out and "_GWSTD_COMPLETE" in run.out


def test_completion_answers_the_shell(tmp_path):
    env = {**os.environ, "_GWSTD_COMPLETE": "complete_bash", "COMP_WORDS": "gwstd val", "COMP_CWORD": "1"}
    run = subprocess.run([sys.executable, "-m", "gwstd"], env=env, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["validate"]
    env.update(COMP_WORDS="gwstd validate --for", COMP_CWORD="2")
    run = subprocess.run([sys.executable, "-m", "gwstd"], env=env, capture_output=True, text=True, timeout=60)
    assert "--format" in run.stdout.split()


def test_completion_install_writes_the_shell_s_configuration(gwstd, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    run = gwstd("completion", "bash", "--install")
    assert run.code == 0 and "已为 bash 安装" in run.out
    assert "_gwstd_completion" in "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())

# ------------------------------------------------------------------------------------------------------
# Long lines in the code frame


LONG = "x: " + "".join("abcdefghijklmnopqrstuvwxyz0123456789"[i % 36] for i in range(20_000))


@pytest.mark.parametrize("column", [1, 50, 10_000, len(LONG)])
def test_a_long_line_is_cut_around_the_column(column):
    shown, caret = frame_line(LONG, column)
    assert len(shown) <= FRAME_WIDTH + 2
    assert shown[caret] == LONG[column - 1]  # ASCII and …: one cell each
    assert shown[caret - 1:caret + 2] == LONG[column - 2:column + 1] if column > 1 else True
    assert shown.startswith("…") == (column > 41) and shown.endswith("…") == (column < len(LONG) - 60)


def test_short_lines_keep_the_caret_under_the_spot():
    assert frame_line("name: 值", 7) == ("name: 值", 6)
    assert frame_line("k:\tv", 4) == ("k:  v", 4)


def test_wide_characters_are_cut_by_cells():
    from gwstd.cli.helpformat import cell_width

    line = "".join(chr(0x4E00 + i) for i in range(300))
    shown, caret = frame_line(line, 151)
    assert shown.startswith("…") and shown.endswith("…") and cell_width(shown) <= FRAME_WIDTH + 2
    assert caret == 1 + 40  # "…" and 40 cells (20 characters) before the column
    assert shown[1 + 20] == line[150]


def test_a_20kb_one_line_file_does_not_flood_the_terminal(gwstd, tmp_path):
    path = tmp_path / "jy.yaml"
    path.write_text("domain: 义务教育\ncategories: [" + '"a", ' * 4000 + '"b" b c\n', encoding="utf-8")
    run = gwstd("validate", path)
    assert run.code == 1 and "GW004" in run.out
    assert max(len(line) for line in run.out.splitlines()) < 200


# ------------------------------------------------------------------------------------------------------
# Streams that cannot be reconfigured, -o -, control characters


def test_a_stream_that_cannot_be_reconfigured(monkeypatch, tmp_path):
    written = []

    class StrictGbk:  # an IDE's console: no reconfigure(), raises on what GBK lacks
        encoding = "gbk"

        def write(self, text):
            text.encode("gbk")
            written.append(text)
            return len(text)

        def flush(self):
            pass

        def isatty(self):
            return False

    monkeypatch.setattr(sys, "stdout", StrictGbk())
    from gwstd.cli.app import main

    assert main(["validate", str(ROOT / "catalog")]) == 0
    assert "".join(written).startswith("√ 检查了")


def test_dash_o_dash_is_standard_output(gwstd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = gwstd("validate", ROOT / "catalog", "-f", "json", "-o", "-")
    assert json.loads(run.out)["summary"]["errors"] == 0
    assert not (tmp_path / "-").exists()


def test_a_stdin_name_that_is_not_utf8_is_shown_escaped(gwstd, tmp_path, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(b"\xff\xfe\x00x"),
                                                       "isatty": lambda self: False})())
    name = os.fsdecode(b"\xb2.yaml")
    run = gwstd("validate", "-", "--stdin-name", name, "-f", "junit", "-o", tmp_path / "r.xml")
    assert run.code == 1
    xml = (tmp_path / "r.xml").read_text(encoding="utf-8")
    ET.fromstring(xml.split("\n", 1)[1])
    assert "\\xb2.yaml" in xml


def test_control_characters_never_reach_the_terminal(gwstd, tmp_path):
    root = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", root)
    path = root / "yiwu-jiaoyu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("update_cycle: 每年", 'update_cycle: "每\\e[31m年\\a"', 1),
                    encoding="utf-8")
    run = gwstd("validate", root)
    assert run.code == 1 and "GW104" in run.out
    assert "\x1b" not in run.out and "\x07" not in run.out
    assert "\\x1b[31m" in run.out
