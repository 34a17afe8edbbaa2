"""Compile gwstd's message catalogue (.po) into the .mo file gettext reads, like GNU msgfmt.

`python tests/msgfmt.py` rewrites src/gwstd/locale/zh_CN/LC_MESSAGES/gwstd.mo after the .po is edited;
tests/cli/test_console.py fails while the two differ. The standard library reads .mo files but cannot write them.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "src" / "gwstd" / "locale" / "zh_CN" / "LC_MESSAGES"


def parse_po(text: str) -> dict[str, str]:
    """msgid (plural forms joined by NUL) → msgstr (forms joined by NUL), for the subset of .po we write."""
    entries: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    current: str | None = None

    def flush() -> None:
        if "msgid" in fields:
            msgid = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                msgid += "\0" + "".join(fields["msgid_plural"])
                forms = sorted(k for k in fields if k.startswith("msgstr["))
                msgstr = "\0".join("".join(fields[k]) for k in forms)
            else:
                msgstr = "".join(fields.get("msgstr", []))
            entries[msgid] = msgstr
        fields.clear()

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            fields[current].append(ast.literal_eval(line))  # type: ignore[index]
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            flush()
        current = keyword
        fields[current] = [ast.literal_eval(rest)]
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU .mo format: header, a table of originals, a table of translations, the strings (no hash table)."""
    ids = sorted(entries)
    originals = [i.encode("utf-8") for i in ids]
    translations = [entries[i].encode("utf-8") for i in ids]
    count = len(ids)
    header_size = 7 * 4
    table_size = count * 8
    data_start = header_size + 2 * table_size
    blob = b""
    original_table, translation_table = [], []
    for table, strings in ((original_table, originals), (translation_table, translations)):
        for s in strings:
            table.append((len(s), data_start + len(blob)))
            blob += s + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, count, header_size, header_size + table_size, 0, 0)
    for length, offset in original_table + translation_table:
        out += struct.pack("<2I", length, offset)
    return out + blob


def compiled() -> bytes:
    return compile_mo(parse_po((CATALOGUE / "gwstd.po").read_text(encoding="utf-8")))


if __name__ == "__main__":
    (CATALOGUE / "gwstd.mo").write_bytes(compiled())
    print(f"wrote {CATALOGUE / 'gwstd.mo'}", file=sys.stderr)
