"""Writing catalogue data as YAML in the house style (the style of the bundled catalogue).

Short lists of plain words go in flow style (``[政府网站, 两微一端]``), everything else in block style; a
string is written plain when YAML would read it back as the same string, and double-quoted otherwise.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml

_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
FLOW_WIDTH = 100


def scalar(value: Any, *, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return _text_scalar(str(value), flow)


@lru_cache(maxsize=1 << 16)  # catalogues repeat their words (ids of departments, channels, cycles) thousands of times
def _text_scalar(text: str, flow: bool) -> str:
    plain = (
        text and text == text.strip() and text[0] not in _INDICATORS and "\n" not in text and ": " not in text
        and " #" not in text and not text.endswith(":") and "\t" not in text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR
        and not (flow and _FLOW_UNSAFE.search(text))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _lines(data: dict, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for key, value in data.items():
        head = f"{pad}{scalar(key)}:"
        if _is_scalar(value):
            out.append(f"{head} {scalar(value)}")
        elif isinstance(value, list) and all(_is_scalar(v) for v in value):
            flow = "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
            if len(head) + len(flow) <= FLOW_WIDTH or not value:
                out.append(f"{head} {flow}")
            else:
                out.append(head)
                out += [f"{pad}  - {scalar(v)}" for v in value]
        elif isinstance(value, list):
            out.append(head)
            for element in value:
                if isinstance(element, dict) and element:
                    inner = _lines(element, indent + 4)
                    out.append(f"{pad}  - {inner[0].lstrip()}")
                    out += inner[1:]
                else:
                    out.append(f"{pad}  - {scalar(element) if _is_scalar(element) else json.dumps(element, ensure_ascii=False)}")
        else:
            out.append(head)
            out += _lines(value, indent + 2)
    return out


def dump(data: dict, *, schema: str = "", comments: tuple[str, ...] = ()) -> str:
    """``data`` as a YAML document, with the editor's $schema line and leading comments."""
    head = [f"# yaml-language-server: $schema={schema}"] if schema else []
    head += [f"# {c}" for c in comments]
    return "\n".join(head + _lines(data, 0)) + "\n"
