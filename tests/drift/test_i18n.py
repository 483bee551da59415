"""The i18n table: every message in both languages, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from drift.i18n import MESSAGES, detect_language, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert _placeholders(zh) == _placeholders(en)


def test_the_locale_chooses_the_language() -> None:
    assert detect_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert detect_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert detect_language({}) == "en"
    assert t("tab.budget", "zh") == "资金" and t("tab.budget", "en") == "Budget"
