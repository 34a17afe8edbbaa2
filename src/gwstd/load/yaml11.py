"""What an unquoted YAML scalar means: YAML 1.1's implicit types, as PyYAML's safe loader reads them.

The C fast path (_fastyaml.c) hands every plain scalar that may be more than a string to ``plain_value``. Doing
this here rather than through PyYAML's resolver keeps PyYAML out of a run that only meets ordinary documents
(importing it is a good part of a pre-commit hook's start-up). The patterns are PyYAML's own
(yaml/resolver.py); tests check that both give the same value for the same text.
"""

from __future__ import annotations

import re
from typing import Any

FULL_LOADER_ONLY = object()  # a scalar only the full loader reports on (e.g. "<<" or "=" as a value)

_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_FLOAT = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", re.X)
_INT = re.compile(r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", re.X)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TIMESTAMP = re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)
_FULL_ONLY = re.compile(r"^(?:<<|=|!|&|\*)$")  # merge, value and yaml tags: reported, never read


def _bool(text: str) -> bool:
    return text.lower() in ("yes", "true", "on")


def _sexagesimal(text: str, number: type) -> Any:
    value, base = number(0), 1  # summed from the last part, as PyYAML does, so floats round alike
    for part in reversed(text.split(":")):
        value += number(part) * base
        base *= 60
    return value


# The most bits of a number kept as a number: Python refuses to print an int of more than 4,300 digits (and
# printing one is quadratic), but reads hex, octal and binary of any length. Longer stays text, as a decimal
# beyond the limit does (int() raises ValueError on it).
_MOST_BITS = 14_000


def _int(text: str) -> int:
    value = _int_of(text)
    if value.bit_length() > _MOST_BITS:
        raise ValueError("too long to be a number anyone meant")
    return value


def _int_of(text: str) -> int:
    text = text.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    if text == "0":
        return 0
    if text.startswith("0b"):
        return sign * int(text[2:], 2)
    if text.startswith("0x"):
        return sign * int(text[2:], 16)
    if text[0] == "0":
        return sign * int(text, 8)
    if ":" in text:
        return sign * _sexagesimal(text, int)
    return sign * int(text)


def _float(text: str) -> float:
    text = text.replace("_", "").lower()
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    if ":" in text:
        return sign * _sexagesimal(text, float)
    return sign * float(text)


# The value of a scalar of each implicit type, by the type's name in its tag (tag:yaml.org,2002:<name>).
CONSTRUCTORS: dict[str, Any] = {
    "str": str,
    "null": lambda _text: None,
    "bool": _bool,
    "int": _int,
    "float": _float,
    "timestamp": str,  # JSON has no dates: the text as written is what the schema checks
}


def value_of(kind: str, text: str) -> Any:
    """The value of ``text`` read as the implicit type ``kind``; FULL_LOADER_ONLY for a kind gwstd reports
    rather than reads."""
    make = CONSTRUCTORS.get(kind)
    if make is None:
        return FULL_LOADER_ONLY
    try:
        return make(text)
    except ValueError:  # "0b_" looks like a number but is none: keep the text as written
        return text


# Tried in PyYAML's order (for the characters they share: bool, float, int, merge, null, timestamp, value).
_RESOLVERS: dict[str, list[tuple[re.Pattern[str], str]]] = {}
for _pattern, _kind, _first in (
    (_BOOL, "bool", "yYnNtTfFoO"),
    (_FLOAT, "float", "-+0123456789."),
    (_INT, "int", "-+0123456789"),
    (_NULL, "null", "~nN"),
    (_TIMESTAMP, "timestamp", "0123456789"),
    (_FULL_ONLY, "reported", "<=!&*"),
):
    for _ch in _first:
        _RESOLVERS.setdefault(_ch, []).append((_pattern, _kind))

RESOLVED_FIRST = "".join(_RESOLVERS)  # a plain scalar starting with any other character is a string

_VALUES: dict[str, Any] = {}


def plain_value(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar; FULL_LOADER_ONLY for one only the full loader reads."""
    value = _VALUES.get(text, _VALUES)
    if value is _VALUES:
        value = _resolve(text)
        if len(_VALUES) < 50_000:  # values repeat (phones, years, true): remember them
            _VALUES[text] = value
    return value


def _resolve(text: str) -> Any:
    if not text:
        return None
    for pattern, kind in _RESOLVERS.get(text[0], ()):
        if pattern.match(text):
            return value_of(kind, text)
    return text
