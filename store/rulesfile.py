"""The store's own rule settings: a TOML file beside the store file, read with the record rules of the codec."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from store.codec import decode_rule_settings
from store.errors import ValidationError
from store.model import RuleSettings

SUFFIX = ".rules.toml"
"""store.json's rules are in store.rules.toml beside it."""

_PERCENT_KEYS = frozenset({"budget_yellow_points", "budget_red_points", "min_paid_pct"})
"""Settings read as percentages: TOML gives them as numbers, the codec reads percentages from text."""


def rules_path(store_file: Path) -> Path:
    """Where the rules of the store in store_file are kept: store.json → store.rules.toml, in the same folder."""
    return store_file.with_name(store_file.stem + SUFFIX)


def read_rules(path: Path) -> RuleSettings:
    """The settings in path; none stated when there is no such file. ValidationError naming the file and setting."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return RuleSettings()
    except OSError as error:
        raise ValidationError(error.strerror or str(error), file=str(path)) from None
    try:
        # Decimal for TOML's floats: a threshold of 12.5 points is kept exactly, never as a float.
        data = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})", file=str(path)
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"not TOML: {error}", file=str(path)) from None
    try:
        return decode_rule_settings(_as_text(data))
    except ValidationError as error:
        raise error.located(file=str(path)) from None


def _as_text(value: Any, key: str = "") -> Any:
    """TOML's numbers as the text the codec reads where the setting is a percentage; everything else as it is."""
    if isinstance(value, dict):
        return {name: _as_text(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item, key) for item in value]
    if key in _PERCENT_KEYS and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value
