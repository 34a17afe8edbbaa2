"""From bytes on disk or a stream to text: size limits, UTF-8 with or without BOM, other encodings on
request, and a Chinese explanation for anything else."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from gwstd.diagnostics import codes
from gwstd.load.document import LoadError

MAX_FILE_BYTES = 32 * 1024 * 1024


def decode(raw: bytes, *, file: str, encoding: str | None = None) -> str:
    """Bytes to text: UTF-8 with or without BOM; files that are not UTF-8 in ``encoding`` when one is named.

    UTF-8 is tried first even when an encoding is named, because a repository often mixes files saved by
    different editors, and text in GBK is practically never valid UTF-8.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        raise LoadError(codes.make(
            "GW003", file=file, line=1, column=1, detail="(是 UTF-16 编码)",
            hint="请在编辑器中另存为 UTF-8,或使用 --encoding utf-16 读取。"))
    if b"\x00" in raw[:8192] and not encoding:
        raise LoadError(codes.make("GW003", file=file, line=1, column=1, detail=",而且含有 NUL 字节:这不是文本文件",
                                   hint="请确认给出的是 YAML 目录文件,而不是图片、压缩包或 Office 文档。"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        if encoding:
            try:
                return raw.decode(encoding).lstrip("\ufeff")
            except LookupError:
                raise LoadError(codes.make("GW003", file=file, detail=f"(--encoding 指定的编码「{encoding}」不存在)")) from None
            except UnicodeDecodeError:
                raise LoadError(codes.make("GW003", file=file, line=line, column=column,
                                           detail=f",也无法按 {encoding} 解码")) from None
        try:
            raw.decode("gb18030")
            guess = "(看起来是 GBK/GB18030 编码)"
            hint = (f"请在编辑器中另存为 UTF-8,或执行 iconv -f GB18030 -t UTF-8 {file} -o 新文件名,"
                    "或在命令中加 --encoding gb18030 在读取时转换。")
        except UnicodeDecodeError:
            guess = ""
            hint = "请在编辑器中另存为 UTF-8 编码;如果知道原编码,可用 --encoding 指定。"
        raise LoadError(codes.make("GW003", file=file, line=line, column=column,
                                   detail=f"{guess}:第 {line} 行有无法按 UTF-8 解码的字节", hint=hint)) from None


def read_file(path: Path, *, display: str, encoding: str | None = None) -> str:
    """The text of the regular file ``path``: never more than MAX_FILE_BYTES read (an endless /dev/zero, a file
    growing while read), and a FIFO or a device refused without waiting on it."""
    from gwstd.seams.files import InputTooLarge, NotRegularFile, os_reason, read_capped

    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except InputTooLarge as exc:
        size = f" {_mb(exc.size)} " if exc.size is not None else ""  # (an endless file has no size to tell)
        raise LoadError(codes.make("GW013", file=display, size=size, limit=_mb(MAX_FILE_BYTES))) from None
    except NotRegularFile as exc:
        raise LoadError(codes.make("GW019", file=display, target=display, kind=exc.kind)) from None
    except IsADirectoryError:
        raise LoadError(codes.make("GW001", file=display, reason="这是一个目录,不是文件")) from None
    except FileNotFoundError:
        if os.path.islink(path):  # the name is there, what it points to is not
            raise LoadError(codes.make("GW001", file=display, reason="符号链接指向的文件不存在")) from None
        raise LoadError(codes.make("GW002", file=display, target=display)) from None
    except OSError as exc:
        raise LoadError(codes.make("GW001", file=display, reason=os_reason(exc))) from None
    return decode(raw, file=display, encoding=encoding)


def read_stream(stream: BinaryIO, *, display: str, encoding: str | None = None) -> str:
    """The text of an open stream whose size is not known beforehand (standard input): read no further than
    the file size limit, even from an endless stream."""
    raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(codes.make("GW013", file=display, size="", limit=_mb(MAX_FILE_BYTES)))
    return decode(raw, file=display, encoding=encoding)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
