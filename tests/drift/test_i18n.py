"""The i18n table: every message in both languages, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from drift.i18n import MESSAGES, detect_language, t
from store.errors import formatted


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


def test_no_english_message_hedges_a_plural_with_s_in_brackets() -> None:
    assert [key for key, (_, en) in MESSAGES.items() if "(s)" in en] == []


@pytest.mark.parametrize(
    ("key", "values", "english"),
    [
        ("cli.valid", {"path": "s.json", "count": 1}, "s.json: valid, 1 project"),
        ("cli.valid", {"path": "s.json", "count": 2}, "s.json: valid, 2 projects"),
        ("cli.valid", {"path": "s.json", "count": 0}, "s.json: valid, 0 projects"),
        ("app.saved", {"revision": 4, "count": 1}, "Saved (revision 4, 1 change)"),
        ("cli.invalid_files", {"count": 1, "total": 1}, "1 of 1 file is invalid"),
        ("cli.invalid_files", {"count": 1, "total": 3}, "1 of 3 files is invalid"),
        ("cli.invalid_files", {"count": 2, "total": 3}, "2 of 3 files are invalid"),
        ("head.slip", {"slip": "+1"}, "schedule +1 day"),
        ("head.slip", {"slip": "-1"}, "schedule -1 day"),
        ("head.slip", {"slip": "+11"}, "schedule +11 days"),
        ("rules.value.score_points", {"n": "1.5"}, "1.5 points"),
        ("check.summary", {"count": 1, "level": "red", "projects": 1}, "1 deviation at or above red in 1 project"),
    ],
)
def test_english_counts_take_the_singular_for_one_and_the_plural_otherwise(
    key: str, values: dict[str, object], english: str
) -> None:
    assert t(key, "en", **values) == english


def test_chinese_counts_have_no_plural() -> None:
    assert t("app.saved", "zh", revision=4, count=1) == "已保存（版本 4，1 处修改）"
    assert t("app.saved", "zh", revision=4, count=2) == "已保存（版本 4，2 处修改）"


def test_a_plural_choice_may_hold_the_count_itself() -> None:
    one = t("flag.indicators.nothing_recorded", "en", count=1)
    many = t("flag.indicators.nothing_recorded", "en", count=11)

    assert one == "indicators unknown: the one indicator has no value, forecast or likelihood"
    assert many == "indicators unknown: none of the 11 indicators has a value, a forecast or a likelihood"


def test_plurals_of_an_indexed_field_and_literal_braces_are_filled_as_everywhere() -> None:
    assert formatted("{n} {n:plural item|items} {{n}}", {"n": "+1"}) == "+1 item {n}"
    assert formatted("{counts[0]:plural item|items}, {n:plural is|are}", {"counts": [1], "n": 2}) == "item, are"
