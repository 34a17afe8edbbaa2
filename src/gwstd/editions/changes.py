"""The changes between two editions named on the command line (folders or git revisions)."""

from __future__ import annotations

from pathlib import Path

from gwstd.catalogue.diff import Changes, compare
from gwstd.diagnostics import Diagnostic
from gwstd.editions.read import load_edition


def changes_between(old: str, new: str, *, folder: Path, encoding: str | None = None
                    ) -> tuple[Changes, list[Diagnostic]]:
    old_model, old_problems = load_edition(old, folder=folder, encoding=encoding)
    new_model, new_problems = load_edition(new, folder=folder, encoding=encoding)
    return compare(old_model, new_model, old_label=old, new_label=new), old_problems + new_problems
