"""Load YAML catalogue files into plain data, keeping the position of every key and value.

Two ways in, with the same results. Ordinary documents (one document, a mapping at the top, no anchors,
aliases, tags, duplicate or merge keys) go through the C fast path (_fastyaml.c): libyaml's events straight
into dicts, lists and strings plus a compact position record, with YAML 1.1's implicit types read by
yaml11.py. Everything else, and every file when the fast path is not built, goes through the full loader
(full.py, PyYAML's composer and our own builder), which reports each kind of problem: duplicate keys,
alias bombs, deep nesting, tags that would construct objects. PyYAML is imported only when it is needed.
"""

from __future__ import annotations

from pathlib import Path

from gwstd.diagnostics import Diagnostic, codes
from gwstd.load import yaml11, yaml_mistakes
from gwstd.load.document import MAX_DEPTH, Document, LoadError, gc_paused
from gwstd.load.read import read_file

try:  # the C fast path for ordinary documents (setup.py builds it where libyaml's headers are installed)
    from gwstd.load import _fastyaml
except ImportError:  # pragma: no cover - depends on how gwstd was installed
    _fastyaml = None  # type: ignore[assignment]


def load_text(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Text to a Document; problems that make the file unusable come back with ``None``.

    A document that loads, but only because a full-width 「：」「，」「－」 stands where YAML needs ":", "," or
    "-" (so it holds something else than was meant), is a syntax error (GW004) too, at that character."""
    doc, problems = _load_text(text, file)
    if doc is not None:
        mistake = yaml_mistakes.in_loaded(doc)
        if mistake is not None:
            return None, [codes.make("GW004", file=file, line=mistake.line + 1, column=mistake.column + 1,
                                     hint=mistake.hint, problem=mistake.problem)]
    return doc, problems


def _load_text(text: str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    if _fastyaml is not None:  # ordinary documents, the C fast path; anything else, the full loader
        with gc_paused():
            fast = _fastyaml.load(text, yaml11.plain_value, yaml11.RESOLVED_FIRST, MAX_DEPTH,
                                  yaml11.FULL_LOADER_ONLY)
        if fast is not None:
            return Document(file=file, text=text, data=fast[0], record=fast[1]), []
    from gwstd.load.full import load_text_fully

    return load_text_fully(text, file)


def load_file(path: Path, *, display: str | None = None, encoding: str | None = None
              ) -> tuple[Document | None, list[Diagnostic]]:
    display = display or str(path)
    try:
        text = read_file(path, display=display, encoding=encoding)
    except LoadError as exc:
        return None, [exc.diagnostic]
    return load_text(text, display)
