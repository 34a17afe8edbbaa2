"""Small PDFs for the tests, written as Chromium's Skia writes them: plain objects, a classic cross-reference
table and a trailer naming the catalogue and the document info."""

from __future__ import annotations


def write_pdf(objects: list[bytes], *, root: int, info: int, header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF of ``objects`` (their bodies, numbered from 1), with ``root`` and ``info`` in its trailer."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d\n/Root %d 0 R\n/Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, info, xref)
    return bytes(out)
