"""`drift completion bash|zsh|fish` prints a script that completes drift's commands; --help speaks Chinese when
asked (--lang zh, $DRIFT_LANG, the locale) and English by default."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from drift.i18n import HELP_ZH
from tui.cli import build_parser, main
from tui.helptext import help_text

COMMANDS = ("status", "log", "pay", "export", "completion")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shells_script_names_drift_and_its_commands(run_cli, shell: str) -> None:
    result = run_cli("completion", shell)

    assert result.code == 0 and result.err == ""
    assert "drift" in result.out
    for command in COMMANDS:
        assert command in result.out, command


def test_an_unknown_shell_is_one_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["completion", "powershell"], environ={})

    assert exited.value.code == 2
    assert "invalid choice: 'powershell'" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_the_bash_script_registers_drift_and_completes_a_command(run_cli, tmp_path: Path) -> None:
    script = tmp_path / "drift.bash"
    script.write_text(run_cli("completion", "bash").out, encoding="utf-8")
    # What bash does on TAB after "drift sta": the function complete -p names, called with the words so far.
    probe = (
        f"source {script}; complete -p drift; "
        "COMP_WORDS=(drift sta); COMP_CWORD=1; COMP_LINE='drift sta'; COMP_POINT=9; "
        '_shtab_drift drift sta drift; echo "${COMPREPLY[@]}"; '
        "COMP_WORDS=(drift --lang ''); COMP_CWORD=2; COMP_LINE='drift --lang '; COMP_POINT=13; "
        "_shtab_drift drift '' --lang; echo \"${COMPREPLY[@]}\""
    )

    result = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["complete -o bashdefault -F _shtab_drift drift", "status", "zh en"]


def help_of(*argv: str, environ: dict[str, str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv), environ=environ)
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (("--lang", "zh", "--help"), {}),
        (("--help",), {"DRIFT_LANG": "zh"}),
        (("--help",), {"LANG": "zh_CN.UTF-8"}),
        (("--lang=zh", "--help"), {"LANG": "en_GB.UTF-8"}),
    ],
)
def test_help_is_chinese_when_asked(
    argv: tuple[str, ...], environ: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = help_of(*argv, environ=environ, capsys=capsys)

    assert out.startswith("用法：drift ")
    assert "\n选项：\n" in out and "\n命令：\n" in out  # argparse writes its own ":" after a heading
    assert "  -h, --help       显示本帮助并退出\n" in out
    assert "跟踪财政资金项目偏离计划的程度。不带命令时打开仪表盘。" in out
    assert "    list           列出存储中的项目\n" in out
    assert "usage:" not in out and "options:" not in out


def test_a_commands_help_is_chinese_with_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of("--lang", "zh", "status", "--help", environ={}, capsys=capsys)

    assert out.startswith("用法：drift status ")
    assert "\n显示截至某日的进度、预算和指标偏差。\n" in out  # the description: the help with its full stop
    assert "  --json          输出 JSON，供脚本使用\n" in out
    assert "  --project CODE  只看此项目（默认：全部项目）\n" in out


def test_help_stays_english_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of("status", "--help", environ={"DRIFT_LANG": "fr"}, capsys=capsys)

    assert out.startswith("usage: drift status ")
    assert "\noptions:\n" in out and "  --json          print JSON for scripts\n" in out


def test_chinese_help_lines_fit_the_terminal_counting_a_chinese_character_as_two_cells(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "60")  # argparse wraps to COLUMNS - 2

    out = help_of("--lang", "zh", "claim", "--help", environ={}, capsys=capsys)

    chinese = [line for line in out.splitlines() if any("\u4e00" <= char <= "\u9fff" for char in line)]
    assert len(chinese) > 10 and [line for line in chinese if cell_len(line) > 58] == []
    assert not [line for line in out.splitlines() if line.lstrip().startswith(("，", "。", "、", "）"))]


def every_help_text(parser: argparse.ArgumentParser) -> set[str]:
    """Every description and help text --help can show, of the parser and its commands."""
    texts = {parser.description} if parser.description else set()
    for action in parser._actions:  # argparse lists a parser's actions nowhere public
        if action.help and action.help != argparse.SUPPRESS:
            texts.add(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts |= {choice.help for choice in action._choices_actions if choice.help}
            for child in action.choices.values():
                texts |= every_help_text(child)
    return texts


def test_every_help_text_has_its_chinese() -> None:
    texts = every_help_text(build_parser())

    assert len(texts) > 150
    assert [text for text in texts if text not in HELP_ZH and help_text(text, "zh") == text] == []


def test_the_chinese_usage_continues_under_its_first_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")

    lines = help_of("--lang", "zh", "status", "--help", environ={}, capsys=capsys).splitlines()

    # "用法：drift status " is 19 cells wide (用法： two cells a character), though 16 characters long.
    assert lines[0].startswith("用法：drift status [-h] ")
    assert lines[1].startswith(" " * 19 + "[") and lines[1][19] == "["


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_the_bash_script_completes_file_names_after_store(run_cli, tmp_path: Path) -> None:
    script = tmp_path / "drift.bash"
    script.write_text(run_cli("completion", "bash").out, encoding="utf-8")
    (tmp_path / "store-2023.json").write_text("{}", encoding="utf-8")
    probe = (
        f"source {script}; cd {tmp_path}; "
        "COMP_WORDS=(drift --store store-); COMP_CWORD=2; COMP_LINE='drift --store store-'; COMP_POINT=20; "
        '_shtab_drift drift store- --store; echo "${COMPREPLY[@]}"'
    )

    result = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True, timeout=60)

    assert result.stdout.split() == ["store-2023.json"]


@pytest.mark.parametrize("command", ["figure", "source", "claim", "compliance"])
def test_a_chinese_usage_fits_80_columns_counting_the_prefix_in_cells(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps to COLUMNS - 2: 78

    out = help_of("--lang", "zh", command, "--help", environ={}, capsys=capsys)

    usage = out.split("\n\n")[0].splitlines()
    assert usage[0].startswith(f"用法：drift {command} ")
    # "用法：" is 3 characters and 6 cells: the lines used to be 81 cells. Only claim's one --kind {…} is wider.
    assert [line for line in usage if cell_len(line) > 78 and "{execution_rate" not in line] == []
    assert "\n选项：\n" in out and "选项:" not in out
