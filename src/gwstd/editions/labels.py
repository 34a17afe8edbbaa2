"""How the public books name the earlier edition `gwstd build --since` compares with: by its own edition title
("与2023年版相比"), not by the git revision or folder the command was given ("v2024"), which readers of the
book never see; the revision or folder only when the earlier catalogue names no edition, said as such."""

from __future__ import annotations

from pathlib import Path

from gwstd.catalogue.diff import Changes


def earlier_edition(changes: Changes) -> str:
    """The earlier edition as a book names it: its edition title ("2023年版"); with what --since named when
    this edition has the same title ("2024年版(版本 v2024)"); else that alone, said as what it is
    ("版本 v2024", "目录文件夹 old")."""
    edition = changes.old_edition.strip()
    if edition and edition != changes.new_edition.strip():
        return edition
    named = source_label(changes.old_label)
    return f"{edition}({named})" if edition else named


def source_label(spec: str) -> str:
    """What --since named, said as what it is: "目录文件夹 old" or "版本 v2024" (a province's counties may
    each have their own edition titles, so its index names the revision or folder this way)."""
    return f"目录文件夹 {spec}" if Path(spec).is_dir() else f"版本 {spec}"


def compared_with(changes: Changes) -> str:
    """"与2023年版相比", "与版本 v2024 相比": a space before 相比 only after a Latin letter or digit."""
    return compared_with_label(earlier_edition(changes))


def compared_with_label(label: str) -> str:
    return around("与", label, "相比")


def around(before: str, label: str, after: str) -> str:
    """``label`` in a Chinese phrase ("与版本 v2024 相比", "自2023年版以来的调整"): a space before ``after`` only
    where the label ends in a Latin letter or digit."""
    last = label[-1:]
    return f"{before}{label} {after}" if last.isascii() and last.isalnum() else f"{before}{label}{after}"
