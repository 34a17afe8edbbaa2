"""The optional C fast path for loading YAML, and the bundled folders; everything else is in pyproject.toml.

- ``gwstd.load._fastyaml`` (src/gwstd/load/_fastyaml.c) is linked against libyaml. Where libyaml's headers are missing
  (Debian: libyaml-dev) the extension is skipped and gwstd loads files with PyYAML alone: same results, slower
  on large catalogues.
- The sample catalogue, the HTML templates and the JSON Schemas live once, at the repository's root
  (catalog/, templates/, schemas/). Building copies them into the package as gwstd/sample, gwstd/templates and
  gwstd/schemas; an editable install reads the root folders in place (src/gwstd/seams/resources.py finds them).
  tests/test_packaging.py checks that a built wheel's copies are byte for byte the root folders.
"""

import ast
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _sources_table() -> dict[str, str]:
    """gwstd.seams.resources.SOURCES (package-data folder → its source at the root), read from that module's text:
    one table for the build and for the code that finds the folders, and gwstd need not be importable here."""
    tree = ast.parse((ROOT / "src" / "gwstd" / "seams" / "resources.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SOURCES" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("src/gwstd/seams/resources.py has no SOURCES table")


BUNDLED = _sources_table()


def _bundled_files() -> list[tuple[Path, str]]:
    """(source file, path inside the package) for every file of the bundled folders."""
    files = []
    for name, source in BUNDLED.items():
        base = ROOT / source
        if not base.is_dir():
            raise SystemExit(f"{source}/ is missing: it is copied into the package as gwstd/{name}")
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append((path, f"{name}/{path.relative_to(base).as_posix()}"))
    return files


class BuildPy(build_py):
    """build_py that also copies the root's bundled folders into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the root folders in place
            return
        for source, inside in _bundled_files():
            target = Path(self.build_lib) / "gwstd" / inside
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return outputs + [str(Path(self.build_lib) / "gwstd" / inside) for _, inside in _bundled_files()]


setup(
    cmdclass={"build_py": BuildPy},
    ext_modules=[Extension("gwstd.load._fastyaml", ["src/gwstd/load/_fastyaml.c"], libraries=["yaml"], optional=True)],
)
