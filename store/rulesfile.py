"""Rule settings in TOML files: the store's own beside it and the user's under XDG, read with the codec's rules."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from msgspec import Struct, structs

from store.codec import decode_rule_settings
from store.errors import ValidationError
from store.model import RuleSettings

SUFFIX = ".rules.toml"
"""store.json's rules are in store.rules.toml beside it."""

CONFIG_FILE = Path("drift") / "rules.toml"
"""The user's rules for every store, under $XDG_CONFIG_HOME (~/.config when it is not set)."""

_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)$")

_WHOLE_NUMBERS = frozenset({"schedule_yellow_days", "schedule_red_days", "month"})
"""Settings the codec reads as TOML's integers; every other number (points, percentages, floors) it reads from text,
so TOML's numbers become their exact text first."""


class RulesFile(Struct, frozen=True):
    """One file of rule settings and what it states (nothing when the file does not exist)."""

    path: Path | str
    """The file, or where a database keeps the store's rules."""
    settings: RuleSettings
    found: bool = True
    """Whether the file (or the database's row) is there at all."""


class StoreRules(Struct, frozen=True):
    """The two files a store's rules come from: its own, and the user's, which states what the store's leaves out."""

    store_file: RulesFile
    user_config: RulesFile | None
    """None when the environment names no config folder (neither $XDG_CONFIG_HOME nor $HOME)."""

    @property
    def settings(self) -> RuleSettings:
        """Both files merged setting by setting: the store file's where it states one, else the user config's."""
        lower = self.user_config.settings if self.user_config is not None else RuleSettings()
        return layered(self.store_file.settings, lower)


def layered(upper: RuleSettings, lower: RuleSettings) -> RuleSettings:
    """Each setting upper states, else lower's. A pair of thresholds is stated together or not at all in each layer
    (store.codec.rule_settings_problem), so the pair comes whole from one layer and the result is valid too."""
    stated = {name: value for name in upper.__struct_fields__ if (value := getattr(upper, name)) is not None}
    return structs.replace(lower, **stated)


def rules_path(store_file: Path) -> Path:
    """Where the rules of the store in store_file are kept: store.json → store.rules.toml, in the same folder."""
    return store_file.with_name(store_file.stem + SUFFIX)


def config_folder(environ: Mapping[str, str]) -> Path | None:
    """$XDG_CONFIG_HOME/drift, else $HOME/.config/drift: where the user's files for drift are (rules.toml, and the
    dashboard's config.toml); None when neither variable is set."""
    return user_folder(environ, "XDG_CONFIG_HOME", ".config")


def user_folder(environ: Mapping[str, str], variable: str, in_home: str) -> Path | None:
    """$variable/drift, else $HOME/in_home/drift: the one rule for where the user's files for drift are (settings
    under XDG_CONFIG_HOME, what is remembered under XDG_CACHE_HOME); None when neither variable is set.

    A relative $variable is left aside, as the XDG Base Directory specification asks. Only the environment
    given is read: a program that passes none (tests, scripts) gets no user's files by accident.
    """
    base = environ.get(variable, "")
    if not Path(base).is_absolute():
        home = environ.get("HOME", "")
        if not Path(home).is_absolute():
            return None
        base = str(Path(home) / in_home)
    return Path(base) / CONFIG_FILE.parent


def config_path(environ: Mapping[str, str]) -> Path | None:
    """$XDG_CONFIG_HOME/drift/rules.toml, else $HOME/.config/drift/rules.toml; None when neither is set."""
    folder = config_folder(environ)
    return None if folder is None else folder / CONFIG_FILE.name


def read_store_rules(store_file: Path, environ: Mapping[str, str]) -> StoreRules:
    """The store's rules file and the user's config, each read; the first bad one raises, naming its file."""
    return StoreRules(rules_file(rules_path(store_file)), user_rules(environ))


def user_rules(environ: Mapping[str, str]) -> RulesFile | None:
    """The user's config ($XDG_CONFIG_HOME/drift/rules.toml), read; None when the environment names no folder."""
    config = config_path(environ)
    return None if config is None else rules_file(config)


def rules_file(path: Path) -> RulesFile:
    """The rules file at path, read; none stated when there is no such file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return RulesFile(path, RuleSettings(), found=False)
    except OSError as error:
        raise ValidationError(error.strerror or str(error), file=str(path)) from None
    return RulesFile(path, read_rules_text(raw, str(path)))


def read_rules(path: Path) -> RuleSettings:
    """The settings in path; none stated when there is no such file. ValidationError naming the file and setting."""
    return rules_file(path).settings


def read_rules_text(raw: bytes, path: str) -> RuleSettings:
    """The settings in a rules file's bytes; ValidationError naming path (the file, or where a database keeps it)."""
    try:
        text = raw.decode("utf-8-sig")  # Notepad's "UTF-8 with BOM" is UTF-8 too
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})", file=str(path)
        ) from None
    try:
        # Decimal for TOML's floats: a threshold of 12.5 points is kept exactly, never as a float.
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(_toml_problem(error, text), file=str(path)) from None
    groups = data.get("level_points")
    if isinstance(groups, dict):  # the table form, `[level_points]` then `"产出" = 50`: the codec's list of records
        data["level_points"] = [{"level1": name, "points": points} for name, points in groups.items()]
    try:
        return decode_rule_settings(_as_text(data))
    except ValidationError as error:
        if isinstance(groups, dict) and error.path.startswith("level_points["):
            error = _named_group(error, list(groups))
        raise error.located(file=str(path)) from None


def _toml_problem(error: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's reason, and how to write a level-1 name, the one key people type in Chinese, when that is it."""
    problem = f"not TOML: {error}"
    found = _AT_LINE.search(str(error))  # tomllib of Python 3.11 gives the line only in its message
    lines = text.splitlines()
    if found and int(found[1]) <= len(lines) and not lines[int(found[1]) - 1].lstrip()[:1].isascii():
        problem += '; a name in Chinese is written in quotes: "产出" = 50'
    return problem


def _named_group(error: ValidationError, names: list[str]) -> ValidationError:
    """level_points[1].points as the file wrote it, level_points."效益": the table form has no positions."""
    index = int(error.path.removeprefix("level_points[").partition("]")[0])
    return ValidationError(error.message, f'level_points."{names[index]}"')


def _as_text(value: Any, key: str = "") -> Any:
    """TOML's numbers as the exact text the codec reads, except the whole numbers it reads as numbers."""
    if isinstance(value, dict):
        return {name: _as_text(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item, key) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) or (isinstance(value, int) and key not in _WHOLE_NUMBERS):
        return str(value)  # a fraction of days is refused as the text written, '2.5', not as Decimal('2.5')
    return value
