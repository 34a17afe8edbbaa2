"""The optional C fast path for loading YAML (src/gwstd/_fastyaml.c, linked against libyaml).

Where libyaml's headers are missing (Debian: libyaml-dev) the extension is skipped and gwstd loads files with
PyYAML alone: same results, slower on large catalogues. Everything else is configured in pyproject.toml.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("gwstd._fastyaml", ["src/gwstd/_fastyaml.c"], libraries=["yaml"], optional=True)])
