#!/usr/bin/env bash
# The test suite once more, with the lowest versions pyproject.toml declares: uv's --resolution lowest-direct
# installs every direct dependency (and test extra) at its floor, and what those pull in at its newest. A
# floor that no longer installs, or no longer passes the tests, fails here. Called by .ci/run after the run
# with the newest versions; arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-lowest
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q uv
"$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --resolution lowest-direct -e '.[test]'
echo "Lowest declared versions:"
"$VENV/bin/uv" pip list --python "$VENV/bin/python" | grep -iE '^(typer|click|rich|pyyaml|jsonschema|jsonschema-rs|openpyxl|xlsxwriter|jinja2|pytest|hypothesis|python-calamine|playwright|build) ' || true
"$VENV/bin/python" -m pytest "$@"
