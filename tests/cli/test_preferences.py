"""Preferences in $XDG_CONFIG_HOME/drift/config.toml: option > environment variable > config file > default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.preferences import read_preferences, remember, settings_in_force


def config(tmp_path: Path, text: str) -> dict[str, str]:
    """An environment whose config folder holds config.toml with text, and whose default store is under tmp_path."""
    folder = tmp_path / "config" / "drift"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}


def test_the_config_files_language_wins_over_the_locale_and_the_option_over_both(tmp_path, store_path, run_cli):
    environ = {**config(tmp_path, 'lang = "zh"\n'), "LANG": "en_US.UTF-8"}

    chinese = run_cli("list", "--store", str(store_path), environ=environ)
    english = run_cli("list", "--store", str(store_path), "--lang", "en", environ=environ)
    by_locale = run_cli("list", "--store", str(store_path), environ={"LANG": "en_US.UTF-8"})

    assert chinese.code == english.code == by_locale.code == 0
    assert chinese.out.startswith("项目代码") and chinese.err == ""
    assert english.out.startswith("Code") and by_locale.out.startswith("Code")


def test_the_store_comes_from_the_option_else_drift_store_else_the_config_file(tmp_path, run_cli):
    environ = config(tmp_path, 'store = "~/mine.json"\n')
    home = str(tmp_path / "home")

    def chosen(option: str | None = None, **variables: str) -> tuple[str, str]:
        settings = settings_in_force(option, None, {**environ, **variables}, read_preferences(environ))
        return settings.store.value, settings.store.source

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", home)
        assert chosen() == (f"{home}/mine.json", "file")
        assert chosen(DRIFT_STORE="/srv/team.json") == ("/srv/team.json", "environment")
        assert chosen("/tmp/a.json", DRIFT_STORE="/srv/team.json") == ("/tmp/a.json", "option")
    assert settings_in_force(None, None, {}, read_preferences({})).store_is_default  # nothing named anywhere


def test_a_relative_store_in_the_config_file_is_read_from_the_config_folder(tmp_path) -> None:
    environ = config(tmp_path, 'store = "stores/team.json"\n')

    settings = settings_in_force(None, None, environ, read_preferences(environ))

    assert settings.store.value == str(tmp_path / "config" / "drift" / "stores" / "team.json")
    assert not settings.store_is_default  # named in the file: never made from the sample


def test_drift_list_reads_the_store_the_config_file_names(tmp_path, store_path, run_cli) -> None:
    environ = config(tmp_path, f"store = {json.dumps(str(store_path))}\n")

    result = run_cli("list", "--lang", "en", environ=environ)

    assert result.code == 0, result.err
    assert "2306-140423-89-01-317509" in result.out
    assert not (tmp_path / "data").exists(), "the default store was not made from the sample"


def test_drift_config_says_where_each_setting_comes_from(tmp_path, store_path, run_cli) -> None:
    environ = {**config(tmp_path, 'theme = "nord"\n'), "DRIFT_STORE": str(store_path)}

    result = run_cli("config", "--lang", "en", environ=environ)

    assert result.code == 0, result.err
    lines = {line.split()[0]: line for line in result.out.splitlines() if line.strip()}
    assert "the option --lang" in lines["lang"]
    assert str(store_path) in lines["store"] and "the variable $DRIFT_STORE" in lines["store"]
    assert "nord" in lines["theme"] and "the config file" in lines["theme"]


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ('lang = "fr"\n', "config.toml: lang: must be zh or en, not 'fr'; using the default"),
        ("lang = 3\n", "config.toml: lang: must be quoted text; using the default"),
        ("[lang]\nname = 'zh'\n", "config.toml: lang: must be quoted text; using the default"),
        ('lang = " "\n', "config.toml: lang: must not be empty; using the default"),
        (
            'colour = "red"\n',
            "config.toml: colour: not a setting drift knows (it knows lang, store, theme); left aside",
        ),
        ('lang = "zh\n', "config.toml: not valid TOML (Illegal character '\\n' (at line 1, column 11)); using the"),
    ],
)
def test_a_bad_config_file_is_one_warning_naming_the_file_and_key_and_drift_goes_on_with_defaults(
    tmp_path, store_path, run_cli, text: str, warning: str
) -> None:
    environ = {**config(tmp_path, text), "LANG": "en_US.UTF-8"}

    result = run_cli("list", "--store", str(store_path), environ=environ)

    assert result.code == 0
    assert result.out.startswith("Code")  # the default language: the locale's
    (line,) = result.err.splitlines()
    assert line.startswith(f"drift: warning: {tmp_path}/config/drift/") and warning in line


def test_remembering_a_setting_keeps_the_other_keys_comments_and_tables(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# my settings\nlang = "zh"  # at work\ntheme = "nord"\n\n[later]\ntheme = "x"\n', encoding="utf-8")

    remember(path, "theme", "gruvbox")
    after_replace = path.read_text(encoding="utf-8")
    remember(path, "store", "/srv/team.json")

    assert after_replace == '# my settings\nlang = "zh"  # at work\ntheme = "gruvbox"\n\n[later]\ntheme = "x"\n'
    assert path.read_text(encoding="utf-8") == (
        '# my settings\nlang = "zh"  # at work\ntheme = "gruvbox"\nstore = "/srv/team.json"\n\n[later]\ntheme = "x"\n'
    )


def test_remembering_into_a_file_that_is_not_toml_leaves_it_as_it_is(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("lang = \n", encoding="utf-8")

    with pytest.raises(ValueError):
        remember(path, "theme", "nord")

    assert path.read_text(encoding="utf-8") == "lang = \n"


def test_remembering_makes_the_config_folder_and_file(tmp_path) -> None:
    path = tmp_path / "new" / "drift" / "config.toml"

    remember(path, "theme", 'a "quoted" 主题')

    assert path.read_text(encoding="utf-8") == 'theme = "a \\"quoted\\" 主题"\n'


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            'store = "~nosuchuser/x.json"\n',
            "store: the ~ of ~nosuchuser/x.json names a user without a home folder here",
        ),
        ('store = "\\u0000"\n', "store: '\\x00' holds a NUL character, not a path"),
    ],
    ids=["tilde-user", "nul"],
)
def test_a_store_in_the_config_file_that_is_no_path_is_one_warning_and_drift_goes_on(
    tmp_path, store_path, run_cli, line: str, said: str
) -> None:
    environ = config(tmp_path, line)

    listed = run_cli("list", "--store", str(store_path), environ=environ)
    shown = run_cli("config", environ=environ)  # read before anything else: it crashed even --help

    assert listed.code == shown.code == 0
    assert listed.out.startswith("Code") and "the default" in shown.out
    warning = f"drift: warning: {tmp_path}/config/drift/config.toml: {said}; using the default store\n"
    assert listed.err == warning and shown.err == warning


def test_a_store_named_with_a_tilde_user_that_has_no_home_is_one_line_exit_2(tmp_path, run_cli) -> None:
    option = run_cli("list", "--store", "~nosuchuser/x.json")
    variable = run_cli("--lang", "zh", "list", environ={"DRIFT_STORE": "~nosuchuser/x.json"})

    assert option.code == variable.code == 2
    assert option.err == "drift: --store: the ~ of ~nosuchuser/x.json names a user without a home folder here\n"
    assert variable.err == "drift: $DRIFT_STORE: ~nosuchuser/x.json 的 ~ 所指用户在本机没有主目录\n"


def test_remembering_keeps_a_bom_and_windows_line_ends(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbf# my prefs\r\nlang = "en"   # english\r\n\r\n[other]\r\nx = 1\r\n')

    remember(path, "theme", "gruvbox")

    assert path.read_bytes() == (
        b'\xef\xbb\xbf# my prefs\r\nlang = "en"   # english\r\ntheme = "gruvbox"\r\n\r\n[other]\r\nx = 1\r\n'
    )


def test_drift_config_warns_of_a_theme_textual_does_not_have_and_a_store_that_is_not_there(tmp_path, run_cli) -> None:
    environ = config(tmp_path, 'theme = "bogus-theme"\nstore = "nope.json"\n')

    result = run_cli("config", "--lang", "en", environ=environ)

    assert result.code == 0
    lines = {line.split()[0]: line for line in result.out.splitlines() if line.strip()}
    assert f"{tmp_path}/config/drift/nope.json (no such file)" in lines["store"]
    (warning,) = result.err.splitlines()
    assert warning == (
        f"drift: warning: {tmp_path}/config/drift/config.toml: theme: no theme is called 'bogus-theme';"
        " using the default"
    )


def test_drift_config_says_nothing_of_a_theme_textual_has(tmp_path, store_path, run_cli) -> None:
    result = run_cli("config", environ=config(tmp_path, f'theme = "nord"\nstore = "{store_path}"\n'))

    assert (result.code, result.err) == (0, "")
    assert "(no such file)" not in result.out


def test_a_drift_lang_that_names_no_language_is_warned_of_once(tmp_path, store_path, run_cli) -> None:
    result = run_cli("list", "--store", str(store_path), environ={"DRIFT_LANG": "xx", "LANG": "en_US.UTF-8"})

    assert result.code == 0 and result.out.startswith("Code")  # the locale's language
    assert result.err == "drift: warning: $DRIFT_LANG: must be zh or en, not 'xx'; ignored\n"
