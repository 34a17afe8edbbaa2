"""The folders that ship with gwstd: the sample catalogue, the HTML templates and the JSON Schemas.

Each has one source of truth, a real folder at the repository's root (``catalog/``, ``templates/``,
``schemas/``). Building a wheel copies them into the package as ``gwstd/sample``, ``gwstd/templates`` and
``gwstd/schemas`` (setup.py), so an installed gwstd finds them beside its modules. An editable install or a
source checkout has no copies in ``src/gwstd``: there the root folders are used, found from the package's own
place in the checkout.

The package folder is looked up as a plain path before ``importlib.resources`` is touched: setting that up
costs about 8 ms, a good part of ``gwstd --help``, and for a package installed in an ordinary folder it would
return this same path. It is the fallback for packages that are not plain folders (a zip archive).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The package-data folder → its source folder at the repository's root.
SOURCES = {"sample": "catalog", "templates": "templates", "schemas": "schemas"}

_PACKAGE = Path(__file__).parent.parent  # gwstd/, this module being gwstd/seams/resources.py


def package_dir() -> Path:
    """The folder of the gwstd package itself: where package data that is not a bundled folder lives
    (locale/, data/)."""
    return _PACKAGE


def source_root() -> Path | None:
    """The checkout gwstd runs from (``<root>/src/gwstd``), or None for an installed package."""
    root = _PACKAGE.parent.parent
    if _PACKAGE.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def folder_path(name: str) -> Path | None:
    """A bundled folder on disk, found without importlib.resources: the installed package data, else the
    source checkout's root folder; None when neither exists (e.g. gwstd imported from a zip archive)."""
    if name not in SOURCES:
        raise KeyError(name)
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    root = source_root()
    if root is not None and (root / SOURCES[name]).is_dir():
        return root / SOURCES[name]
    return None


def folder(name: str) -> Any:
    """A bundled folder (``sample``, ``templates`` or ``schemas``) as a Path or, where the package is not a
    plain folder, an importlib.resources Traversable; both have ``iterdir``, ``joinpath`` and ``read_text``."""
    found = folder_path(name)
    if found is not None:
        return found
    from importlib import resources

    return resources.files("gwstd").joinpath(name)
