"""--help laid out by display width: a Chinese character takes two columns of a terminal.

click measures help text in characters, so Chinese help wrapped at twice the terminal's width and option
columns with Chinese placeholders (``-o, --output 文件``) fell out of line. This formatter wraps and aligns by
cells, breaks lines between Chinese characters or at spaces, and keeps closing punctuation off the start of a
line. It plugs in through click's public hooks: a Context subclass naming its ``formatter_class``, used by the
command classes typer is given.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

import click
from typer.core import TyperCommand, TyperGroup

# Latin words, numbers, options and paths stay whole; anything else (a Chinese character) is a token of its own.
# Closing punctuation at the head of a Latin run is split off, so that it can stay with what it closes.
_TOKENS = re.compile(r"\s+|[),.;:!?\]}]|[\x21-\x7e]+|.")
_NO_LINE_START = set("),.;:!?]}、,。;:!?)」』》〉〕】…%")


def cell_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrapping by display width; runs of spaces collapse to one, as click's wrapping does. Closing
    punctuation never starts a line: when it does not fit, the character before it moves down with it."""
    lines: list[list[str]] = []
    line: list[str] = []
    for token in _TOKENS.findall(" ".join(text.split())):
        if token == " ":
            if line:
                line.append(token)
            continue
        if cell_width("".join(line) + token) > width and "".join(line).strip():
            if token[0] in _NO_LINE_START and len(line) > 1:
                carried = [line.pop()]
                while len(line) > 1 and carried[0][0] in _NO_LINE_START:  # 。」 : carry the pair's opener too
                    carried.insert(0, line.pop())
                lines.append(line)
                line = carried
            else:
                lines.append(line)
                line = []
        line.append(token)
    lines.append(line)
    out = ["".join(parts).rstrip() for parts in lines]
    return [o for o in out if o] or [""]


class CellHelpFormatter(click.HelpFormatter):
    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        for number, paragraph in enumerate(p for p in re.split(r"\n\s*\n", text) if p.strip()):
            if number:
                self.write("\n")
            self.write("".join(f"{indent}{line}\n" for line in wrap(paragraph, width)))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_width = min(max((cell_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_width(first) <= first_width - col_spacing:
                self.write(" " * (first_width - cell_width(first)))
            else:
                self.write("\n" + " " * (first_width + self.current_indent))
            text_width = max(self.width - first_width - self.current_indent, 10)
            lines = _wrap_paragraphs(second, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_width + self.current_indent) + line + "\n")


def _wrap_paragraphs(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines += wrap(paragraph, width)
    return lines or [""]


class CellContext(click.Context):
    formatter_class = CellHelpFormatter


def _with_context(parse_args):  # noqa: ANN001, ANN202
    """click's option parser raises some usage errors without the context, so they could not name the
    command whose --help to read; give them the one being parsed."""

    def parse(self, ctx: click.Context, args: list[str]) -> list[str]:  # noqa: ANN001
        try:
            return parse_args(self, ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise

    return parse


class Group(TyperGroup):
    context_class = CellContext
    parse_args = _with_context(TyperGroup.parse_args)


class Command(TyperCommand):
    context_class = CellContext
    parse_args = _with_context(TyperCommand.parse_args)
