"""The emblem named in catalog.yaml can be embedded in the HTML book (GW219, a warning).

The image is found from catalog.yaml's folder, read at most up to its limit (1 MB) and recognised by its first
bytes: PNG, JPEG or SVG. This is the one rule that looks at a file besides the catalogue's own: the HTML book
embeds that file, and saying so at validate time means the pre-commit hook and CI catch it too.

PASS::

    # catalog.yaml
    office: 示例县人民政府办公室

FAIL::

    # catalog.yaml
    emblem: 县徽.png    # GW219:catalog.yaml 旁边没有这个文件
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from gwstd.diagnostics import Diagnostic
from gwstd.load.document import Document
from gwstd.rules.base import Context, Rule

LIMIT = 1 << 20  # bytes: an emblem is a small picture, and it is embedded in every copy of the book
_SVG_START = (b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg", b"<!doctype svg")


def image_type(head: bytes) -> str:
    """The MIME type of an image from its first bytes ("" when it is none of PNG, JPEG, SVG)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(_SVG_START) and b"<svg" in head:
        return "image/svg+xml"
    return ""


def read_emblem(path: Path) -> tuple[str, bytes] | str:
    """(MIME type, bytes) of the emblem at ``path``, or what is wrong with it, in Chinese."""
    from gwstd.seams.files import InputTooLarge, NotRegularFile, os_reason, read_capped

    try:
        data = read_capped(path, LIMIT)  # never more than the limit, however large (or endless) the file
    except FileNotFoundError:
        return "不存在(路径相对于 catalog.yaml 所在的文件夹)"
    except IsADirectoryError:
        return "不是文件(是一个文件夹)"
    except NotRegularFile as exc:
        return f"不是普通文件(是{exc.kind})"
    except InputTooLarge:
        return f"超过 {LIMIT // (1 << 20)} MB"
    except OSError as exc:
        return f"无法读取({os_reason(exc)})"
    if not data:
        return "是空文件"
    mime = image_type(data[:512])
    if not mime:
        return "不是 PNG、JPEG 或 SVG 图片"
    return mime, data


def check(doc: Document, context: Context) -> Iterator[Diagnostic]:
    if context.kind != "catalog" or not isinstance(doc.data, dict):
        return
    emblem = doc.data.get("emblem")
    if not isinstance(emblem, str) or not emblem.strip():
        return  # no emblem, or not text (the schema says so)
    found = read_emblem(Path(doc.file).parent / emblem)
    if isinstance(found, str):
        yield doc.diag("GW219", ("emblem",), image=emblem, problem=found)


RULES = [Rule("emblem-image", ("GW219",), "file", check, __doc__ or "", title="徽标图片存在,是不超过 1 MB 的 PNG、JPEG 或 SVG")]
