"""The files `gwstd validate --fix` would change, and their new bytes: fix.py's corrections over the files of
the catalogues named. Reads, never writes (the CLI writes, all files or none).

A file that cannot be read or does not load is left alone, as is one none of whose problems has a sure fix.
The one exception is what makes it not load: a key typed with a full-width colon (``name：招生``) or a
full-width space after its colon, typing mistakes GW004 names with the line as it should be. Those lines are
corrected one by one; the file is changed only if it then loads with no other problem of its loading. A
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
from gwstd.load.document import Document, LoadError
from gwstd.load.loader import load_text
from gwstd.load.read import MAX_FILE_BYTES, decode
from gwstd.validate.fix import Fix, FixedText, fix_text
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
        # lines without their endings: a CRLF file's \r would show as \x0d on every line
        return unified_diff(self.old_text.splitlines(), self.fixed.text.splitlines(), old, new)


def unified_diff(a: list[str], b: list[str], old: str, new: str, context: int = 3) -> str:
    """The unified diff of two texts, each line of ``a`` against the line of ``b`` at the same place when they
    have as many lines (a fix rewrites lines, never adds any): difflib's matcher, which takes lines repeated
    all over a catalogue (update_cycle: 每年) for junk, would show unchanged lines as changed."""
    if len(a) != len(b):
        return "".join(line + "\n" for line in difflib.unified_diff(a, b, old, new, lineterm="", n=context))
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if not changed:
        return ""
    hunks: list[list[int]] = [[changed[0], changed[0]]]
    for i in changed[1:]:
        if i - hunks[-1][1] - 1 <= 2 * context:  # (as difflib: at most 2 × context unchanged lines between)
            hunks[-1][1] = i
        else:
            hunks.append([i, i])
    out = [f"--- {old}", f"+++ {new}"]
    for first, last in hunks:
        start, end = max(0, first - context), min(len(a), last + context + 1)
        where = f"{start + 1}" if end - start == 1 else f"{start + 1},{end - start}"
        out.append(f"@@ -{where} +{where} @@")
        i = start
        while i < end:
            if a[i] == b[i]:
                out.append(f" {a[i]}")
                i += 1
                continue
            run = i
            while run < end and a[run] != b[run]:
                run += 1
            out += [f"-{line}" for line in a[i:run]] + [f"+{line}" for line in b[i:run]]  # as git shows a block
            i = run
    return "".join(line + "\n" for line in out)


def plan_fixes(paths: Sequence[str | os.PathLike[str]], *, encoding: str | None = None,
               unloaded: list[str] | None = None) -> list[FileFix]:
    """The fix of every file under ``paths`` that has one. Files named alone: those files only, even where
    they stand for their whole catalogue (--whole-catalogue): a pre-commit hook fixes the files it was given.
    The files left alone because they do not load are added to ``unloaded``, as shown."""
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
                if unloaded is not None:
                    unloaded.append(shown)
                continue  # validate says why; an unreadable file is never touched
            repaired = _typing_repaired(text, shown)
            if repaired is None:
                if unloaded is not None:
                    unloaded.append(shown)
                continue
            doc, typing = repaired
            fixed = _with_typing(doc, fix_text(doc, kind_of(path, doc.data), check_document), typing)
            if fixed is None:
                continue
            planned.append(FileFix(Path(os.path.realpath(path)), shown, text, fixed,
                                   _encoded(fixed.text, raw, encoding)))
    return planned


_MAX_TYPING = 200  # lines corrected in one file, one load each


def _typing_repaired(text: str, shown: str) -> tuple[Document, list[Fix]] | None:
    """(``text`` loaded, with its full-width typing mistakes in keys corrected first; the lines corrected),
    or None when it still does not load."""
    from gwstd.load.yaml_mistakes import sure_fix

    fixes: list[Fix] = []
    for _ in range(_MAX_TYPING):
        doc, problems = load_text(text, shown)
        if doc is not None and not problems:
            return doc, fixes
        if len(problems) != 1 or problems[0].code != "GW004" or not problems[0].line:
            return None
        lines = text.splitlines(keepends=True)
        n = problems[0].line - 1
        bare = [line.rstrip("\r\n") for line in lines]
        fixed = sure_fix(bare, n)
        if fixed is None:
            return None
        fixes.append(Fix((), bare[n], fixed, ("GW004",)))
        lines[n] = fixed + lines[n][len(bare[n]):]
        text = "".join(lines)
    return None


def _with_typing(doc: Document, fixed: FixedText | None, typing: list[Fix]) -> FixedText | None:
    """The value fixes of the repaired ``doc`` (if any) after the typing ones, counted together."""
    if not typing:
        return fixed
    if fixed is None:
        return FixedText(doc.text, tuple(typing), len(typing))
    return FixedText(fixed.text, (*typing, *fixed.fixes), len(typing) + fixed.removed)


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
