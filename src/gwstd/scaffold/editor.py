"""`gwstd init`: VS Code settings that make the editor check catalogue files the way gwstd does, as text.

The editor's YAML extension (redhat.vscode-yaml, i.e. yaml-language-server) reads YAML 1.2 unless told
otherwise, while gwstd reads YAML 1.1 (PyYAML): without ``yaml.yamlVersion`` a value gwstd accepts, such as
``on`` or ``1:30`` as a value, would be read differently in the editor. tests/scaffold/test_editor.py runs the
real language server on a scaffolded repository and checks that it flags the lines gwstd's schema check flags,
and only those. The server's YAML library (eemeli/yaml) reads more as numbers and booleans in its "1.1" mode
than YAML 1.1 and PyYAML do (08386200001, y, n, 1e3); no setting or schema can change that, so gwstd warns on
those plain values (GW218, asking for quotes) on the line the editor marks. What remains different (README,
"目录文件的格式"): of a key written twice the server checks the first value where PyYAML keeps the last.
"""

from __future__ import annotations

import json
from typing import Any

EXTENSION = "redhat.vscode-yaml"

# The `$schema` comment on each file's first line says the same; these also cover a file a county adds
# without copying that line (gwstd reads *.yml too). catalog.yaml is kept out of the domain files' globs, or it
# would get both schemas.
SCHEMAS = {
    "./schemas/catalog.schema.json": ["catalog/catalog.yaml"],
    "./schemas/domain.schema.json": ["catalog/*.yaml", "catalog/*.yml", "!catalog/catalog.yaml"],
}

SETTINGS: dict[str, Any] = {
    # What gwstd reads: YAML 1.1, against the schemas shipped in schemas/
    "yaml.yamlVersion": "1.1",
    "yaml.schemas": SCHEMAS,
    "yaml.validate": True,
    "yaml.hover": True,
    "yaml.completion": True,
    # gwstd reads UTF-8 only; guessing would open a file as GBK and save it back that way
    "files.encoding": "utf8",
    "files.autoGuessEncoding": False,
    "files.eol": "\n",
    "files.insertFinalNewline": True,
    # Full-width punctuation (,:;()) is right in Chinese text, not a look-alike to warn about
    "editor.unicodeHighlight.ambiguousCharacters": False,
    "[yaml]": {
        "editor.insertSpaces": True,
        "editor.tabSize": 2,
        "editor.detectIndentation": False,  # a tab in YAML indentation is an error (GW004)
        "editor.renderWhitespace": "all",  # stray full-width spaces and tabs are seen, not guessed at
        "editor.wordWrap": "on",  # Chinese lines have no spaces to break at and run long
        "editor.wrappingStrategy": "advanced",  # measures full-width characters as they are drawn
        "editor.wrappingIndent": "indent",
        "files.trimTrailingWhitespace": True,
    },
}

EXTENSIONS: dict[str, Any] = {"recommendations": [EXTENSION]}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def editor_files() -> dict[str, str]:
    """Relative path → text of the editor settings `gwstd init` writes."""
    return {".vscode/settings.json": _json(SETTINGS), ".vscode/extensions.json": _json(EXTENSIONS)}
