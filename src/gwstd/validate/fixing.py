"""The files `gwstd validate --fix` would change, and their new bytes: fix.py's corrections over the files of
the catalogues named. Reads, never writes (the CLI writes, all files or none).

A file that cannot be read or does not load is left alone, as is one none of whose problems has a sure fix. A
changed file keeps its encoding (UTF-8, with its BOM if it had one, or the --encoding it was read in), and a
file reached through a symbolic link is changed where it really is, so the link stays a link.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from gwstd.load.discover import discover
from gwstd.load.document import LoadError
from gwstd.load.loader import load_text
from gwstd.load.read import MAX_FILE_BYTES, decode
from gwstd.validate.fix import FixedText, fix_text
from gwstd.validate.pipeline import check_document, kind_of

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FileFix:
    path: Path  # where the bytes go (a link's target)
    shown: str  # the file as the user named it
    old_text: str
    fixed: FixedText
    data: bytes  # the new content, encoded as the old one was

    def diff(self) -> str:
        """A unified diff of the change, as `git diff` shows one (an absolute path without a/ and b/)."""
        name = self.shown.removeprefix("./")
        old, new = (name, name) if os.path.isabs(name) else (f"a/{name}", f"b/{name}")
        return "".join(difflib.unified_diff(self.old_text.splitlines(keepends=True),
                                            self.fixed.text.splitlines(keepends=True), fromfile=old, tofile=new))


def plan_fixes(paths: Sequence[str | os.PathLike[str]], *, encoding: str | None = None) -> list[FileFix]:
    """The fix of every file under ``paths`` that has one. Files named alone: those files only, even where
    they stand for their whole catalogue (--whole-catalogue): a pre-commit hook fixes the files it was given."""
    from gwstd.seams.files import read_capped

    groups, _ = discover(paths)
    planned = []
    for group in groups:
        for path in group.files:
            if group.report is not None and path not in group.report:
                continue
            shown = group.name_of(path)
            try:
                raw = read_capped(path, MAX_FILE_BYTES)
                text = decode(raw, file=shown, encoding=encoding)
            except (OSError, LoadError):
                continue  # validate says why; an unreadable file is never touched
            doc, problems = load_text(text, shown)
            if doc is None or problems:
                continue
            fixed = fix_text(doc, kind_of(path, doc.data), check_document)
            if fixed is None:
                continue
            planned.append(FileFix(Path(os.path.realpath(path)), shown, text, fixed,
                                   _encoded(fixed.text, raw, encoding)))
    return planned


def _encoded(text: str, raw: bytes, encoding: str | None) -> bytes:
    bom = raw.startswith(_BOM)
    body = raw[3:] if bom else raw
    try:
        body.decode("utf-8")
        was_utf8 = True
    except UnicodeDecodeError:
        was_utf8 = False
    if was_utf8 or not encoding:
        return (_BOM if bom else b"") + text.encode("utf-8")
    return text.encode(encoding)
