"""Hostile workbooks, made on the spot (nothing big is committed), and the mutation engine of the workbook fuzz
(issue 16, "Hostile workbooks").

Generators: each writes a small file that claims (or holds) something huge — a declared dimension of
A1:XFD1048576, one cell at AAA200000 or at row 2,000,000, 20,000 columns in one row, a zip bomb (a member
declared as 2 GB of zeros whose deflate stream is a few MB; or one that lies about its size), a truncated
workbook, too many members, sheets or merged ranges. :func:`gwstd_book` is the bundled catalogue's own book.

Mutation engine: a case is a seed. :func:`make_case` takes gwstd's book, applies one to three mutations to its
XML parts (flip, delete or duplicate bytes; numbers in ``r=``/``ref=`` attributes made huge; closing tags
dropped; control characters inserted; cell types and values changed; members removed or swapped), zips it
again, and sometimes truncates the zip. :func:`run_import` runs ``gwstd import`` on it in-process with
``GWSTD_DEBUG=1`` (a crash comes back as its traceback, not as 内部错误) and :func:`problems` says what went
wrong: a traceback, an exit code outside 0-2, a failure without a Chinese message, or a class name in it.

Used by tests/hostile/test_workbooks.py, tests/hostile/test_workbook_fuzz.py and bench/fuzz_workbooks.py
(``--replay SEED`` reproduces a case).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# --- a minimal workbook, written by hand -------------------------------------------------------------------

HEADER = ("序号", "一级事项", "二级事项", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
          "信息更新周期")
DATA = ("1", "交易信息", "招标公告", "招标公告全文", "《招标投标法》", "20个工作日", "公共资源交易中心",
        "■政府网站", "实时更新")

_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '{overrides}</Types>')
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets>'
         '</workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
              '</Relationships>')
_SHEET_REL = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/worksheet" Target="worksheets/sheet{target}.xml"/>')
_SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
          '<sheetData>{rows}</sheetData>{merges}</worksheet>')


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def catalogue_rows(first: int = 1) -> str:
    """A title row, the header and one item: a sheet import reads (rows ``first``..``first + 2``)."""
    from openpyxl.utils import get_column_letter

    rows = [f'<row r="{first}">{_text_cell(f"A{first}", "某某县公共资源交易领域基层政务公开标准目录")}</row>']
    for offset, values in ((1, HEADER), (2, DATA)):
        r = first + offset
        cells = "".join(_text_cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(values, 1))
        rows.append(f'<row r="{r}">{cells}</row>')
    return "".join(rows)


def sheet_xml(rows: str = "", dimension: str = "", merges: list[str] | tuple[str, ...] = ()) -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merged = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
              + "</mergeCells>") if merges else ""
    return _SHEET.format(dimension=dim, rows=rows or catalogue_rows(), merges=merged).encode("utf-8")


def book_members(sheets: list[bytes], titles: list[str] | None = None, targets: list[int] | None = None
                 ) -> dict[str, bytes]:
    """The parts of a workbook of these sheets' XML (sheet N's title ``titles[N]``, its part ``targets[N]``)."""
    titles = titles or ["公共资源交易"] + [f"表{n}" for n in range(2, len(sheets) + 1)]
    targets = targets or list(range(1, len(sheets) + 1))
    members = {
        "[Content_Types].xml": _TYPES.format(overrides="".join(_SHEET_TYPE.format(n=n) for n in
                                                               sorted(set(targets)))).encode(),
        "_rels/.rels": _RELS.encode(),
        "xl/workbook.xml": _BOOK.format(sheets="".join(
            f'<sheet name="{t}" sheetId="{n}" r:id="rId{n}"/>' for n, t in enumerate(titles, 1))).encode("utf-8"),
        "xl/_rels/workbook.xml.rels": _BOOK_RELS.format(rels="".join(
            _SHEET_REL.format(n=n, target=t) for n, t in enumerate(targets, 1))).encode(),
    }
    for n, data in enumerate(sheets, 1):
        members[f"xl/worksheets/sheet{n}.xml"] = data
    return members


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def plain(path: Path) -> Path:
    """A small good workbook: imports."""
    return write(path, zip_bytes(book_members([sheet_xml()])))


# --- the hostile ones ----------------------------------------------------------------------------------------


def huge_dimension(path: Path) -> Path:
    """A good sheet that declares itself A1:XFD1048576 (17 billion cells): imports, as its cells are few."""
    return write(path, zip_bytes(book_members([sheet_xml(dimension="A1:XFD1048576")])))


def one_far_cell(path: Path, ref: str = "AAA200000") -> Path:
    """A good sheet and one more cell at ``ref``: 5 KB, but AAA200000 pads to 200,000 rows × 703 columns."""
    rows = catalogue_rows() + f'<row r="{re.sub("[A-Z]", "", ref)}">{_text_cell(ref, "x")}</row>'
    return write(path, zip_bytes(book_members([sheet_xml(rows, dimension=f"A1:{ref}")])))


def wide_row(path: Path, columns: int = 20_000) -> Path:
    """A good sheet and a row of ``columns`` cells without references (each takes the next column)."""
    rows = catalogue_rows() + '<row r="4">' + "<c><v>1</v></c>" * columns + "</row>"
    return write(path, zip_bytes(book_members([sheet_xml(rows)])))


def many_merges(path: Path, count: int = 200_001) -> Path:
    """A good sheet with ``count`` merged ranges (of single cells: each one mergeCell element)."""
    merges = [f"A{r}:B{r}" for r in range(10, 10 + count)]
    return write(path, zip_bytes(book_members([sheet_xml(merges=merges)])))


def overlapping_merges(path: Path, count: int = 20_000) -> Path:
    """A good sheet whose whole rectangle (and all of A1:XFD1048576) is merged ``count`` times over: cut to the
    cells read, 20,000 × 27 = 540,000 cells, but as 20,000 ranges over a 1,000-row sheet, 540 million."""
    rows = catalogue_rows() + "".join(f'<row r="{r}">{_text_cell(f"I{r}", "x")}</row>' for r in range(4, 1001))
    return write(path, zip_bytes(book_members([sheet_xml(rows, merges=["A1:XFD1048576"] * count)])))


def many_sheets(path: Path, count: int = 1_001) -> Path:
    """A workbook of ``count`` sheets, all the one part."""
    members = book_members([sheet_xml()], titles=[f"表{n}" for n in range(count)], targets=[1] * count)
    return write(path, zip_bytes(members))


def many_styles(path: Path, count: int = 200_001) -> Path:
    """A styles part of ``count`` fonts (2 MB): openpyxl makes an object of each, 60 µs and 1 KB apiece."""
    members = book_members([sheet_xml()])
    members["xl/styles.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.'
                                f'openxmlformats.org/spreadsheetml/2006/main"><fonts count="{count}">'
                                + "<font><b/></font>" * count + "</fonts></styleSheet>").encode()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.styles+xml"/></Types>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/styles" Target="styles.xml"/></Relationships>')
    return write(path, zip_bytes(members))


def many_members(path: Path, count: int = 10_001) -> Path:
    members = book_members([sheet_xml()])
    members.update({f"xl/media/image{n}.bin": b"" for n in range(count)})
    return write(path, zip_bytes(members))


def _raw_zip(members: list[tuple[str, int, int, bytes, int]]) -> bytes:
    """A zip written field by field: (name, method, crc, compressed data, declared uncompressed size) each, so
    that a member may declare what it likes."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, method, crc, data, size in members:
        encoded = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, method, 0, 0x21, crc, len(data),
                              size, len(encoded), 0) + encoded + data)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, method, 0, 0x21, crc,
                                  len(data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory = central.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), out.tell(), 0)
    return out.getvalue() + directory + end


@lru_cache(maxsize=4)
def zeros_deflated(megabytes: int) -> bytes:
    """A raw deflate stream of ``megabytes`` MB of zeros: one MB compressed once and repeated (a full flush
    makes each MB's output the same), so 2 GB (2 MB of stream) takes milliseconds, not a minute."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + b"\x03\x00"  # b"\x03\x00": an empty final block


def _entry(name: str, data: bytes) -> tuple[str, int, int, bytes, int]:
    return name, 8, zlib.crc32(data), zlib.compress(data)[2:-4], len(data)


def zip_bomb(path: Path, megabytes: int = 2048, name: str = "xl/worksheets/sheet1.xml", honest: bool = True
             ) -> Path:
    """A workbook one of whose parts is ``megabytes`` MB of zeros (2 MB compressed per GB). ``honest``: its
    declared size says so; otherwise it declares 4 KB (zipfile never decompresses past the declared size, and
    the CRC then fails). The CRC is left 0: an honest bomb is refused by its size, never read."""
    good = book_members([sheet_xml()])
    entries = [_entry(m, d) for m, d in good.items() if m != name]
    entries.append((name, 8, 0, zeros_deflated(megabytes), megabytes << 20 if honest else 4096))
    return write(path, _raw_zip(entries))


def many_bombs(path: Path, parts: int = 5, megabytes: int = 120) -> Path:
    """Members each within the per-member limit (120 MB of zeros, declared), together past the total."""
    entries = [_entry(m, d) for m, d in book_members([sheet_xml()]).items()]
    entries += [(f"xl/media/image{n}.png", 8, 0, zeros_deflated(megabytes), megabytes << 20) for n in range(parts)]
    return write(path, _raw_zip(entries))


def truncated(path: Path, keep: float = 0.6) -> Path:
    """gwstd's good little workbook cut short, as a copy or download interrupted leaves it."""
    data = zip_bytes(book_members([sheet_xml()]))
    return write(path, data[: int(len(data) * keep)])


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def too_big_file(path: Path, megabytes: int = 65) -> Path:
    """A sparse file past the file limit (no disk used): a zip's first bytes, then nothing."""
    with open(path, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(megabytes << 20)
    return path


# --- gwstd's own book --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def gwstd_book() -> bytes:
    """The bundled catalogue's Excel book as ``gwstd build --only excel`` makes it (built once per process)."""
    import tempfile

    from gwstd.cli.app import main

    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", str(ROOT / "catalog"), "-o", tmp, "--only", "excel"]) == 0
        (book,) = Path(tmp).glob("*.xlsx")
        return book.read_bytes()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


# --- the mutation engine -----------------------------------------------------------------------------------------

CONTROL = [bytes([c]) for c in (*range(0, 9), 11, 12, *range(14, 32), 0x7F)]
HUGE = ("0", "-1", "1048577", "2000000", "999999999", "99999999999999999999", "1e9", "")


def _some_xml(rng: random.Random, members: dict[str, bytes]) -> str:
    xml = [n for n in members if n.endswith((".xml", ".rels"))]
    sheets = [n for n in xml if "worksheets/" in n or "sharedStrings" in n or n.endswith("workbook.xml")]
    return rng.choice(sheets if sheets and rng.random() < 0.7 else xml)


def _span(rng: random.Random, data: bytes, most: int = 64) -> tuple[int, int]:
    start = rng.randrange(len(data)) if data else 0
    return start, min(len(data), start + rng.randint(1, most))


def _flip(rng, data: bytes) -> tuple[bytes, str]:
    buf = bytearray(data)
    at = [rng.randrange(len(buf)) for _ in range(rng.randint(1, 8))] if buf else []
    for i in at:
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf), f"flipped bits at {at}"


def _delete(rng, data: bytes) -> tuple[bytes, str]:
    a, b = _span(rng, data)
    return data[:a] + data[b:], f"deleted bytes {a}-{b}"


def _duplicate(rng, data: bytes) -> tuple[bytes, str]:
    a, b = _span(rng, data, 4096)
    return data[:b] + data[a:b] * rng.randint(1, 50) + data[b:], f"duplicated bytes {a}-{b}"


_NUMBERED = re.compile(rb'\b(r|ref|sqref|count|s|t|spans|sheetId|si|numFmtId|xfId|fontId|width|min|max)="([^"]*)"')


def _attribute(rng, data: bytes) -> tuple[bytes, str]:
    found = list(_NUMBERED.finditer(data))
    if not found:
        return _flip(rng, data)
    m = rng.choice(found)
    value = m.group(2).decode("latin-1")
    choice = rng.random()
    if choice < 0.4:  # a number made huge (or odd)
        new = re.sub(r"\d+", lambda _: rng.choice(HUGE), value, count=1) if re.search(r"\d", value) \
            else rng.choice(HUGE)
    elif choice < 0.6 and re.match(r"[A-Z]+\d", value):  # the column made far
        new = re.sub(r"^[A-Z]+", rng.choice(["XFD", "AAA", "ZZZ", "AAAA", "XFE", ""]), value)
    elif choice < 0.8:
        new = rng.choice(["A1:XFD1048576", "A0", "1:1048576", "B2:A1", "s", "e", "str", "inlineStr", "b", "d",
                          "n", "\x00", "A1 B2", "!", "-5"])
    else:
        new = value * rng.randint(2, 40)
    return data[:m.start(2)] + new.encode("latin-1", "replace") + data[m.end(2):], \
        f"{m.group(1).decode()}={value!r} → {new!r} at {m.start()}"


def _all_refs_far(rng, data: bytes) -> tuple[bytes, str]:
    """Every row number of a sheet times a large factor: the real cells reach far down."""
    factor = rng.choice([10, 1000, 100_000])
    new = re.sub(rb'(<row\b[^>]*\br=")(\d+)', lambda m: m.group(1) + str(int(m.group(2)) * factor).encode(), data)
    new = re.sub(rb'(<c\b[^>]*\br="[A-Z]+)(\d+)', lambda m: m.group(1) + str(int(m.group(2)) * factor).encode(),
                 new)
    return new, f"every row number × {factor}"


def _drop_close(rng, data: bytes) -> tuple[bytes, str]:
    found = list(re.finditer(rb"</[\w:]+>", data))
    if not found:
        return _delete(rng, data)
    m = rng.choice(found)
    return data[:m.start()] + data[m.end():], f"dropped {m.group().decode('latin-1')} at {m.start()}"


def _control(rng, data: bytes) -> tuple[bytes, str]:
    at = sorted(rng.randrange(len(data) + 1) for _ in range(rng.randint(1, 5)))
    buf = data
    for i in reversed(at):
        buf = buf[:i] + rng.choice(CONTROL) + buf[i:]
    return buf, f"control characters at {at}"


def _value(rng, data: bytes) -> tuple[bytes, str]:
    found = list(re.finditer(rb"<v>([^<]*)</v>", data))
    if not found:
        return _attribute(rng, data)
    m = rng.choice(found)
    new = rng.choice(["-1", "999999999", "1e308", "nan", "inf", "#REF!", "", "abc", "2958466", "-693594",
                      "0.5", "1" * 400]).encode()
    return data[:m.start(1)] + new + data[m.end(1):], f"<v>{m.group(1)[:20]!r}</v> → {new[:20]!r}"


# the XML stays well-formed (and openpyxl reads on, into the importer) after these more often than not
WEIGHTS = {"attribute": 5, "value": 4, "refs-far": 1, "flip": 1, "delete": 1, "duplicate": 1, "drop-close": 1,
           "control": 1}
MUTATIONS = {"flip": _flip, "delete": _delete, "duplicate": _duplicate, "attribute": _attribute,
             "refs-far": _all_refs_far, "drop-close": _drop_close, "control": _control, "value": _value}


@dataclass
class Case:
    seed: int
    data: bytes = b""
    mutations: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"seed {self.seed}: " + "; ".join(self.mutations)


def make_case(seed: int, base: bytes | None = None) -> Case:
    """The case of ``seed``: gwstd's book (or ``base``) with one to three mutations, the bytes of the zip."""
    rng = random.Random(seed)
    members = members_of(base if base is not None else gwstd_book())
    case = Case(seed)
    for _ in range(rng.randint(1, 3)):
        kind = rng.choices(["xml", "remove", "swap", "empty"], weights=[20, 1, 1, 1])[0]
        if kind == "xml":
            name = _some_xml(rng, members)
            how = rng.choices(sorted(MUTATIONS), weights=[WEIGHTS[m] for m in sorted(MUTATIONS)])[0]
            members[name], said = MUTATIONS[how](rng, members[name])
            case.mutations.append(f"{name}: {how}: {said}")
        elif kind == "remove":
            name = rng.choice(sorted(members))
            del members[name]
            case.mutations.append(f"{name}: removed")
        elif kind == "swap":
            a, b = rng.sample(sorted(members), 2)
            members[a], members[b] = members[b], members[a]
            case.mutations.append(f"{a} ⇄ {b}: contents swapped")
        else:
            name = rng.choice(sorted(members))
            members[name] = b""
            case.mutations.append(f"{name}: emptied")
    data = zip_bytes(members)
    if rng.random() < 0.1:
        keep = rng.randrange(len(data))
        data = data[:keep]
        case.mutations.append(f"zip truncated to {keep} bytes")
    case.data = data
    return case


# --- running and judging -------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    argv: list[str]
    code: int | None
    out: str
    err: str
    traceback: str | None = None


def run_import(argv: list[str]) -> Outcome:
    """``gwstd argv`` in-process with GWSTD_DEBUG=1: an unexpected exception comes back as its traceback (the
    type-mutation engine's runner, which also leaves the cycle collector as it found it)."""
    from hostile.type_mutations import run_cli

    ran = run_cli("import", [str(a) for a in argv])
    return Outcome(ran.argv, ran.code, ran.out, ran.err, ran.traceback)


CHINESE = re.compile(r"[\u4e00-\u9fff]")
CLASS_NAME = re.compile(r"\b\w*(?:Error|Exception|Warning)\b|\bKeyError\b|\bBadZipFile\b")


def problems(outcome: Outcome) -> list[str]:
    """What is wrong with one run: a crash, an exit code outside 0-2, a failure without a Chinese message, or an
    exception's class name in the message."""
    text = outcome.out + outcome.err
    if outcome.traceback is not None:
        return [f"crashed:\n{outcome.traceback}"]
    found = []
    if outcome.code not in (0, 1, 2):
        found.append(f"exit code {outcome.code!r}")
    if "Traceback" in text or "内部错误" in text:
        found.append(f"a traceback or 内部错误 in the output:\n{text[-2000:]}")
    if outcome.code and not CHINESE.search(text):
        found.append(f"exit {outcome.code} without a Chinese message:\n{text[-2000:]}")
    if CLASS_NAME.search(text):
        found.append(f"an exception's class name in the output:\n{text[-2000:]}")
    return found


def run_case(seed: int, workdir: Path, base: bytes | None = None) -> tuple[Case, Path, Outcome, list[str]]:
    """Make the case of ``seed`` under ``workdir``, import it, and judge the run."""
    case = make_case(seed, base)
    book = workdir / f"seed-{seed}.xlsx"
    book.write_bytes(case.data)
    outcome = run_import(["import", book, "-o", workdir / f"out-{seed}"])
    return case, book, outcome, problems(outcome)
