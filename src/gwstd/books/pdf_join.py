"""Join PDFs printed by the browser into one book (pure: bytes in, bytes out).

The pieces are the browser's own output (Skia's PDF writer): classic cross-reference tables, no object streams,
named destinations for every place a link points to. The join keeps every object as it is, renumbered, and
writes what belongs to the whole book: one page tree, the destinations, the outline (built from the book's
headings and their destinations), the page numbers (each page of a printed numbers document drawn over the
book's page as a form XObject) and the document info. A piece it cannot read raises JoinFailed, and the book
is then printed whole instead.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJ_HEAD = re.compile(rb"(\d+)\s+(\d+)\s+obj\b\s*")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_REF = re.compile(rb"(\d+) (\d+) R\b")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_ROOT = re.compile(rb"/Root\s+(\d+)\s+\d+\s+R")
_NAMED = re.compile(rb"/(\S+?)\s*(\[[^\]]*\])")
_INHERITED = (b"MediaBox", b"CropBox", b"Resources", b"Rotate")


class JoinFailed(Exception):
    """A piece is not the kind of PDF this joins (the caller prints the book whole)."""


@dataclass
class Obj:
    head: bytes  # the object's text, or its stream's dictionary
    stream: bytes | None = None  # the stream's bytes as they are (still compressed)


@dataclass
class Piece:
    objects: dict[int, Obj]
    pages: list[int]  # the leaf page objects, in order
    dests: dict[bytes, bytes]  # name (as written, without the slash) -> its destination array
    skip: set[int] = field(default_factory=set)  # the catalogue, page-tree nodes and destinations: rewritten


def read(pdf: bytes) -> Piece:
    end = _STARTXREF.search(pdf[-2048:])
    if end is None:
        raise JoinFailed("no startxref")
    at = int(end.group(1))
    if pdf[at:at + 4] != b"xref":
        raise JoinFailed("not a classic cross-reference table")
    offsets: dict[int, int] = {}
    lines = iter(pdf[at:pdf.index(b"trailer", at)].split(b"\n")[1:])
    for line in lines:
        parts = line.split()
        if len(parts) != 2:
            continue
        first, count = int(parts[0]), int(parts[1])
        for n in range(first, first + count):
            entry = next(lines).split()
            if len(entry) == 3 and entry[2] == b"n":
                offsets[n] = int(entry[0])
    trailer = pdf[pdf.index(b"trailer", at):]
    root = _ROOT.search(trailer)
    if root is None:
        raise JoinFailed("no /Root")
    objects = {n: _object(pdf, offset, n) for n, offset in offsets.items()}
    catalog_number = int(root.group(1))
    catalog = objects[catalog_number].head
    piece = Piece(objects, [], {}, {catalog_number})
    pages_root = _ref_after(catalog, b"/Pages")
    piece.pages = _leaves(piece, pages_root, {})
    dests = _ref_after(catalog, b"/Dests")
    if dests is not None:
        piece.skip.add(dests)
        body = objects[dests].head
        piece.dests = {name: array for name, array in _NAMED.findall(body[body.find(b"<<") + 2:])}
    info = re.search(rb"/Info\s+(\d+)\s+\d+\s+R", trailer)
    if info:
        piece.skip.add(int(info.group(1)))
    return piece


def _object(pdf: bytes, offset: int, number: int) -> Obj:
    head = _OBJ_HEAD.match(pdf, offset)
    if head is None or int(head.group(1)) != number:
        raise JoinFailed(f"object {number} is not where the table says")
    start = head.end()
    close = pdf.find(b"endobj", start)
    stream = _STREAM.search(pdf, start, close if close > 0 else len(pdf))
    if stream is None:
        return Obj(pdf[start:close].rstrip())
    dictionary = pdf[start:stream.start() + 2]
    length = _LENGTH.search(dictionary)
    if length is None:
        raise JoinFailed(f"object {number}: a stream without a direct /Length")
    data_at = stream.end()
    return Obj(dictionary, pdf[data_at:data_at + int(length.group(1))])


def _ref_after(text: bytes, key: bytes) -> int | None:
    found = re.search(re.escape(key) + rb"\s+(\d+)\s+\d+\s+R", text)
    return int(found.group(1)) if found else None


def _leaves(piece: Piece, number: int | None, inherited: dict[bytes, bytes]) -> list[int]:
    if number is None or number not in piece.objects:
        raise JoinFailed("a broken page tree")
    node = piece.objects[number]
    if b"/Type /Pages" not in node.head and b"/Type/Pages" not in node.head:
        for key, value in inherited.items():  # what the page takes from its parents, written on the page
            if b"/" + key not in node.head:
                node.head = _insert(node.head, b"/" + key + b" " + value)
        return [number]
    piece.skip.add(number)
    here = dict(inherited)
    for key in _INHERITED:
        value = _value_of(node.head, key)
        if value is not None:
            here[key] = value
    kids = _KIDS.search(node.head)
    if kids is None:
        raise JoinFailed("a page-tree node without /Kids")
    out = []
    for kid in _REF.findall(kids.group(1)):
        out.extend(_leaves(piece, int(kid[0]), here))
    return out


def _value_of(text: bytes, key: bytes) -> bytes | None:
    """The value of ``/key`` in a dictionary's text: a reference, an array, a dictionary or a plain token."""
    at = text.find(b"/" + key)
    if at < 0:
        return None
    rest = text[at + len(key) + 1:].lstrip()
    ref = re.match(rb"\d+\s+\d+\s+R", rest)
    if ref:
        return ref.group(0)
    if rest.startswith(b"["):
        return rest[:rest.index(b"]") + 1]
    if rest.startswith(b"<<"):
        return rest[:_dict_end(rest, 0)]
    token = re.match(rb"[^\s/>\]]+", rest)
    return token.group(0) if token else None


_DICT_TOKEN = re.compile(rb"<<|>>|\(")


def _dict_end(text: bytes, at: int) -> int:
    """The index just after the dictionary that starts at ``at`` (nested dictionaries counted, literal strings
    skipped; a hex string is a single '<' and never '<<')."""
    depth, i = 0, at
    while True:
        token = _DICT_TOKEN.search(text, i)
        if token is None:
            raise JoinFailed("an unclosed dictionary")
        if token.group() == b"(":
            i = _string_end(text, token.start())
            continue
        depth += 1 if token.group() == b"<<" else -1
        i = token.end()
        if depth == 0:
            return i


def _string_end(text: bytes, at: int) -> int:
    depth, i = 0, at
    while i < len(text):
        ch = text[i:i + 1]
        if ch == b"\\":
            i += 2
            continue
        if ch == b"(":
            depth += 1
        elif ch == b")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise JoinFailed("an unclosed string")


def _insert(head: bytes, entry: bytes) -> bytes:
    """``head`` (a dictionary) with ``entry`` added at its start."""
    at = head.find(b"<<")
    if at < 0:
        raise JoinFailed("not a dictionary")
    return head[:at + 2] + entry + b"\n" + head[at + 2:]


def _shift(text: bytes, by: int) -> bytes:
    if not by or b" R" not in text:  # most objects are glyphs and images, with no reference in them
        return text
    return _REF.sub(lambda m: b"%d %s R" % (int(m.group(1)) + by, m.group(2)), text)


# ------------------------------------------------------------------------------------------------------
# Writing the joined book


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    anchor: str
    children: tuple[OutlineEntry, ...] = ()


def pdf_text(text: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex, so that any character survives."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(now: datetime | None = None) -> str:
    """A PDF date (``D:YYYYMMDDHHmmSSZ``) of ``now``, or of this moment, in UTC."""
    return (now or datetime.now(timezone.utc)).strftime("D:%Y%m%d%H%M%SZ")


def pdf_name(text: str) -> bytes:
    """``text`` as the browser writes a destination's name: UTF-8, with # and anything not plain escaped."""
    out = bytearray()
    for byte in text.encode("utf-8"):
        if 0x21 <= byte <= 0x7E and byte not in b"#%()<>[]{}/":
            out.append(byte)
        else:
            out += b"#%02X" % byte
    return bytes(out)


class _Writer:
    def __init__(self) -> None:
        self.objects: dict[int, Obj] = {}
        self.next = 1

    def add(self, obj: Obj) -> int:
        number = self.next
        self.objects[number] = obj
        self.next += 1
        return number

    def reserve(self) -> int:
        self.next += 1
        return self.next - 1

    def bytes(self, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for number in sorted(self.objects):
            obj = self.objects[number]
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + obj.head
            if obj.stream is not None:
                out += b"stream\n" + obj.stream + b"\nendstream"
            out += b"\nendobj\n"
        xref_at = len(out)
        size = self.next
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
        ident = hashlib.md5(bytes(out[:4096]) + str(size).encode()).hexdigest().upper().encode()
        out += b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n" % (
            size, root, info, ident, ident, xref_at)
        return bytes(out)


def _stream(data: bytes) -> Obj:
    packed = zlib.compress(data)
    return Obj(b"<</Filter /FlateDecode /Length %d>>" % len(packed), packed)


def join(pieces: list[Piece], *, outline: list[OutlineEntry], info: dict[str, str], numbers: Piece | None = None,
         lang: str = "", now: str = "") -> bytes:
    """The pieces as one book: their pages in order, with ``outline``, ``info`` and, when given, each page of
    ``numbers`` (a PDF with as many pages as the book) drawn over the book's page of the same number."""
    writer = _Writer()
    pages: list[int] = []
    dests: dict[bytes, bytes] = {}
    for piece in pieces:
        shift = writer.next - 1
        for number, obj in piece.objects.items():
            if number in piece.skip:
                continue
            writer.objects[number + shift] = Obj(_shift(obj.head, shift), obj.stream)
        writer.next = max(writer.next, max(piece.objects) + shift + 1)
        pages += [number + shift for number in piece.pages]
        for name, array in piece.dests.items():
            dests.setdefault(name, _shift(array, shift))
    pages_root = writer.reserve()
    for number in pages:
        obj = writer.objects[number]
        obj.head = re.sub(rb"/Parent\s+\d+\s+\d+\s+R", b"/Parent %d 0 R" % pages_root, obj.head)
    if numbers is not None:
        _draw_numbers(writer, pages, numbers)
    writer.objects[pages_root] = Obj(b"<</Type /Pages\n/Count %d\n/Kids [%s]>>" % (
        len(pages), b" ".join(b"%d 0 R" % n for n in pages)))
    dests_number = writer.add(Obj(b"<<" + b"\n".join(b"/" + name + b" " + array for name, array in dests.items())
                                  + b">>"))
    outline_number = _write_outline(writer, outline, dests)
    catalog = b"<</Type /Catalog\n/Pages %d 0 R\n/Dests %d 0 R" % (pages_root, dests_number)
    if outline_number is not None:
        catalog += b"\n/Outlines %d 0 R\n/PageMode /UseOutlines" % outline_number
    catalog += b"\n/ViewerPreferences <</Type /ViewerPreferences\n/DisplayDocTitle true>>"
    if lang:
        catalog += b"\n/Lang " + pdf_text(lang)
    root = writer.add(Obj(catalog + b">>"))
    entries = b"".join(b"/" + key.encode() + b" " + pdf_text(value) for key, value in info.items() if value)
    if now:
        entries += b"/CreationDate (%s)/ModDate (%s)" % (now.encode(), now.encode())
    info_number = writer.add(Obj(b"<<" + entries + b">>"))
    return writer.bytes(root, info_number)


def _draw_numbers(writer: _Writer, pages: list[int], piece: Piece) -> None:
    """Each page of ``piece`` becomes a form XObject, drawn last on the book's page of the same number."""
    if len(piece.pages) != len(pages):
        raise JoinFailed(f"{len(piece.pages)} numbered pages for {len(pages)} pages")
    shift = writer.next - 1
    for number, obj in piece.objects.items():
        if number not in piece.skip:
            writer.objects[number + shift] = Obj(_shift(obj.head, shift), obj.stream)
    writer.next = max(piece.objects) + shift + 1
    save = writer.add(_stream(b"q\n"))
    draw = writer.add(_stream(b"\nQ q /GwPageNumber Do Q\n"))
    for page, numbered in zip(pages, piece.pages):
        form_page = writer.objects.pop(numbered + shift)
        contents = _value_of(form_page.head, b"Contents")
        box = _value_of(form_page.head, b"MediaBox")
        resources = _value_of(form_page.head, b"Resources")
        if contents is None or not re.fullmatch(rb"\d+ \d+ R", contents) or box is None or resources is None:
            raise JoinFailed("a numbered page that is not one content stream")
        form = int(contents.split()[0])
        stream = writer.objects[form]
        stream.head = _insert(stream.head, b"/Type /XObject /Subtype /Form /BBox " + box + b" /Resources " + resources)
        target = writer.objects[page]
        target.head = _with_contents(target.head, save, draw)
        target.head = _with_xobject(writer, target.head, b"/GwPageNumber %d 0 R" % form)


def _with_contents(head: bytes, save: int, draw: int) -> bytes:
    contents = _value_of(head, b"Contents")
    if contents is None:
        raise JoinFailed("a page without contents")
    inner = contents[1:-1] if contents.startswith(b"[") else contents
    new = b"[%d 0 R %s %d 0 R]" % (save, inner.strip(), draw)
    at = head.find(b"/Contents")
    rest = head[at + len(b"/Contents"):]
    offset = at + len(b"/Contents") + (len(rest) - len(rest.lstrip()))
    return head[:at] + b"/Contents " + new + head[offset + len(contents):]


def _with_xobject(writer: _Writer, head: bytes, entry: bytes) -> bytes:
    resources = _value_of(head, b"Resources")
    if resources is None:
        raise JoinFailed("a page without resources")
    if re.fullmatch(rb"\d+ \d+ R", resources):  # shared resources: the page gets a copy of its own
        shared = writer.objects[int(resources.split()[0])]
        own = writer.add(Obj(_resources_with(shared.head, entry)))
        return head.replace(b"/Resources " + resources, b"/Resources %d 0 R" % own, 1)
    return head.replace(resources, _resources_with(resources, entry), 1)


def _resources_with(resources: bytes, entry: bytes) -> bytes:
    xobject = _value_of(resources, b"XObject")
    if xobject is None:
        return _insert(resources, b"/XObject <<" + entry + b">>")
    if xobject.startswith(b"<<"):
        return resources.replace(xobject, _insert(xobject, entry), 1)
    raise JoinFailed("indirect XObject resources")


def _write_outline(writer: _Writer, outline: list[OutlineEntry], dests: dict[bytes, bytes]) -> int | None:
    def placed(entries):
        out = []
        for entry in entries:
            name = pdf_name(entry.anchor)
            if name in dests:
                out.append((entry, name, placed(entry.children)))
        return out

    tree = placed(outline)
    if not tree:
        return None
    root = writer.reserve()

    def write(entries, parent: int) -> tuple[int, int, int]:
        numbers = [writer.reserve() for _ in entries]
        total = len(entries)
        for i, ((entry, name, children), number) in enumerate(zip(entries, numbers)):
            head = b"<</Title " + pdf_text(entry.title) + b"\n/Parent %d 0 R\n/Dest /" % parent + name
            if i > 0:
                head += b"\n/Prev %d 0 R" % numbers[i - 1]
            if i + 1 < len(numbers):
                head += b"\n/Next %d 0 R" % numbers[i + 1]
            if children:
                first, last, count = write(children, number)
                head += b"\n/First %d 0 R\n/Last %d 0 R\n/Count -%d" % (first, last, count)
            writer.objects[number] = Obj(head + b">>")
        return numbers[0], numbers[-1], total

    first, last, count = write(tree, root)
    writer.objects[root] = Obj(b"<</Type /Outlines\n/First %d 0 R\n/Last %d 0 R\n/Count %d>>" % (first, last, count))
    return root
