"""JSON objects that name a key twice: orjson keeps the last one silently, drift refuses the text instead."""

from __future__ import annotations

import json
from typing import Any

from store.errors import ValidationError


class _Repeated(Exception):
    """Raised from inside json.loads at the first object that names a key twice."""


class _Pairs(list[tuple[str, object]]):
    """An object as the key-value pairs it was written with, repeats and all."""


def check_unique_keys(raw: bytes | memoryview) -> None:
    """Refuse valid JSON text in which an object names a key twice; the error gives the object's path and the key.

    Slower than orjson, so callers first ask whether the text is exactly what orjson.dumps writes of what it read:
    such text cannot hold a repeat, as orjson would have written the key once.
    """
    text = bytes(raw)
    try:
        json.loads(text, object_pairs_hook=_refuse_repeats)
    except _Repeated:
        keys, key = _first_repeat(json.loads(text, object_pairs_hook=_Pairs), [])
        raise ValidationError.said("error.key_twice", name=key).located(prefix=_path(keys)) from None
    except RecursionError:
        raise ValidationError.said("error.too_deep") from None
    except ValueError as error:  # text orjson read and the json module does not: say so rather than guess
        raise ValidationError(f"cannot be checked for a key written twice ({error})") from None


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> None:
    if len({key for key, _ in pairs}) != len(pairs):
        raise _Repeated
    # Nothing is built: the text was parsed already, this pass only looks for repeats.


def _first_repeat(value: Any, keys: list[str | int]) -> Any:
    """(path, key) of the first object, in the order written, that names a key twice; None when none does."""
    if isinstance(value, _Pairs):
        seen: set[str] = set()
        for key, _ in value:
            if key in seen:
                return keys, key
            seen.add(key)
        items: Any = value
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _first_repeat(item, [*keys, key])
        if found:
            return found
    return None


def _path(keys: list[str | int]) -> str:
    """A path as drift's errors write it: projects[1].funding.sources[0], document ids and indexes in brackets."""
    out = ""
    for key in keys:
        bracketed = isinstance(key, int) or (key.isascii() and key.isdigit())
        out += f"[{key}]" if bracketed else (f".{key}" if out else str(key))
    return out
