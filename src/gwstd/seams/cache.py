"""The cache folder: compiled templates kept between runs, in the platform's cache folder
(``files.user_cache_dir``). Compiling the HTML book's templates took longer than rendering a county's book.

A cache is only ever a speed-up: with GWSTD_NO_CACHE set, with no home folder, or with a folder that cannot be
made, there is none; a cache file that cannot be read or written only makes a run slower.
"""

from __future__ import annotations

import os
from typing import Any

NO_CACHE = "GWSTD_NO_CACHE"  # the environment variable that turns the cache off


def template_cache(name: str = "templates") -> Any:
    """A Jinja2 bytecode cache in the ``name`` folder of gwstd's cache folder, or None for no cache. Jinja
    keys it by each template's source, so edited or --templates templates are compiled afresh."""
    from jinja2 import FileSystemBytecodeCache

    from gwstd.seams.files import user_cache_dir

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError):
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    if os.environ.get(NO_CACHE):
        return None
    try:
        folder = user_cache_dir() / name
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, or a read-only one
        return None
    return QuietCache(str(folder))
