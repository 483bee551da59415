"""The user's preferences (language, store, theme) in $XDG_CONFIG_HOME/drift/config.toml, and which one wins."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct, field

from drift.i18n import LANGUAGES, detect_language, t
from store.fileio import write_atomically
from store.locations import is_database
from store.rulesfile import config_folder

FILE_NAME = "config.toml"
"""Beside the user's rules.toml, in the one folder store.rulesfile.config_folder names."""

KEYS = ("lang", "store", "theme")
"""What the file may set; anything else is named in a warning and left aside."""

OPTION, ENVIRONMENT, FILE, LOCALE, DEFAULT = "option", "environment", "file", "locale", "default"
"""Where a setting's value came from, strongest first: the command line, the environment, the config file, then the
default (for the language, the locale's; for the store, $XDG_DATA_HOME/drift/store.json)."""


def default_store_path(environ: Mapping[str, str]) -> Path:
    """$XDG_DATA_HOME/drift/store.json, or ~/.local/share/drift/store.json: the store when none is named."""
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "drift" / "store.json"


def preferences_path(environ: Mapping[str, str]) -> Path | None:
    """$XDG_CONFIG_HOME/drift/config.toml (or under ~/.config); None when the environment names no config folder."""
    folder = config_folder(environ)
    return None if folder is None else folder / FILE_NAME


class Problem(Struct, frozen=True):
    """Something wrong in the config file, worded once the language is known: the file and the key are named."""

    key: str
    values: dict[str, object]

    def worded(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


class Preferences(Struct, frozen=True):
    """What the config file states, only the values that can be used; what could not be, as problems."""

    path: Path | None
    values: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def read_preferences(environ: Mapping[str, str]) -> Preferences:
    """The config file's settings; a bad file or a bad value is a problem to warn of, never a refusal to start:
    the settings that are good are kept, the others fall back to their defaults."""
    found = _read_file(preferences_path(environ))
    # A language variable naming no language is said once, with the file's problems, not silently passed over.
    wrong = environ.get("DRIFT_LANG")
    if wrong is None or wrong in LANGUAGES:
        return found
    return Preferences(found.path, found.values, (*found.problems, Problem("prefs.bad_env_lang", {"value": wrong})))


def _read_file(path: Path | None) -> Preferences:
    if path is None:
        return Preferences(None)
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Preferences(path)
    except OSError as error:
        return Preferences(path, problems=(Problem("prefs.unreadable", {"path": path, "problem": error.strerror}),))
    except UnicodeDecodeError:
        return Preferences(path, problems=(Problem("prefs.not_toml", {"path": path, "problem": "not UTF-8"}),))
    except tomllib.TOMLDecodeError as error:
        return Preferences(path, problems=(Problem("prefs.not_toml", {"path": path, "problem": error}),))
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        where = {"path": path, "name": key}
        if key not in KEYS:
            problems.append(Problem("prefs.unknown_key", {**where, "keys": ", ".join(KEYS)}))
        elif not isinstance(value, str):  # lang = 3, a [lang] table: not text at all
            problems.append(Problem("prefs.not_text", where))
        elif not value.strip():
            problems.append(Problem("prefs.empty", where))
        elif key == "lang" and value not in LANGUAGES:
            problems.append(Problem("prefs.bad_lang", {**where, "value": value}))
        elif key == "store" and (unusable := unusable_path(value.strip())):
            problems.append(Problem(f"prefs.store_{unusable}", {**where, "value": value.strip()}))
        else:
            values[key] = value.strip()
    return Preferences(path, values, tuple(problems))


def unusable_path(named: str) -> str | None:
    """Why named cannot be a path at all, "nul" (no file system takes one; other control characters are a hostile
    but possible name, printed as characters) or "no_home" ("~nobody/…", a user without a home folder), else None:
    the path is then the file system's to accept or refuse."""
    if "\x00" in named:
        return "nul"
    try:
        Path(named).expanduser()
    except RuntimeError:
        return "no_home"
    return None


class Setting(Struct, frozen=True):
    """A setting's value in force and where it came from (OPTION … DEFAULT), with the option, variable or file."""

    value: str
    """"" for a theme nobody chose: Textual's default."""
    source: str
    name: str = ""

    def origin(self, lang: str) -> str:
        return t(f"prefs.from_{self.source}", lang, name=self.name)


class Settings(Struct, frozen=True):
    """The language, store and theme in force: command-line option > environment variable > config file > default."""

    lang: Setting
    store: Setting
    theme: Setting

    @property
    def store_is_default(self) -> bool:
        """No store was named anywhere: the default one, made from the bundled sample when missing."""
        return self.store.source == DEFAULT


def settings_in_force(
    option_store: str | None,
    option_lang: str | None,
    environ: Mapping[str, str],
    preferences: Preferences,
) -> Settings:
    """Each setting from the strongest place that states it. The locale is the language's default, not a choice
    made for drift: a config file's lang wins over a server's en_US.UTF-8."""
    file, path = preferences.values, str(preferences.path)
    if option_lang:
        lang = Setting(option_lang, OPTION, "--lang")
    elif environ.get("DRIFT_LANG") in LANGUAGES:
        lang = Setting(environ["DRIFT_LANG"], ENVIRONMENT, "DRIFT_LANG")
    elif "lang" in file:
        lang = Setting(file["lang"], FILE, path)
    else:
        lang = Setting(detect_language(environ), LOCALE)
    if option_store:
        store = Setting(option_store, OPTION, "--store")
    elif environ.get("DRIFT_STORE"):
        store = Setting(environ["DRIFT_STORE"], ENVIRONMENT, "DRIFT_STORE")
    elif "store" in file:
        store = Setting(str(_beside(preferences.path, file["store"])), FILE, path)
    else:
        store = Setting(str(default_store_path(environ)), DEFAULT)
    theme = Setting(file["theme"], FILE, path) if "theme" in file else Setting("", DEFAULT)
    return Settings(lang, store, theme)


def _beside(config: Path | None, named: str) -> Path | str:
    """A store the config file names: a database's URL as it is; ~ is the home folder, and a relative path is read
    from the config's folder, not from wherever drift happens to be started."""
    if is_database(named):
        return named
    path = Path(named).expanduser()
    return path if path.is_absolute() or config is None else config.parent / path


_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def remember(path: Path, key: str, value: str) -> None:
    """Set key to value in the config file, atomically: the line that sets it is replaced, else one is added before
    the file's first table; every other line, comments too, stays as it was, and so do a BOM and CRLF line ends.
    Raises OSError, or ValueError when
    the file is not TOML drift can safely change."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = b""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"  # a file kept with Windows line ends keeps them
    tomllib.loads(text)  # a file that is not TOML now is not rewritten: the user's mistake stays theirs to see
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a TOML basic string
    lines = text.splitlines()
    tables = next((i for i, existing in enumerate(lines) if existing.lstrip().startswith("[")), len(lines))
    setting = next((i for i in range(tables) if (m := _TOML_KEY.match(lines[i])) and m.group(1) == key), None)
    if setting is not None:
        lines[setting] = line
    else:  # a top-level key must come before the first table, or TOML would read it as the table's
        while tables and not lines[tables - 1].strip():  # and above the blank lines that set the table apart
            tables -= 1
        lines.insert(tables, line)
    changed = newline.join(lines) + newline
    if tomllib.loads(changed).get(key) != value:
        raise ValueError(f"{path}: {key} could not be set")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, bom + changed.encode("utf-8"))
