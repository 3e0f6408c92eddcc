"""Every UI string exists in both languages; numbers and dates follow each language.

A text that depends on a count has exactly the plural forms Babel defines for each language
(``lv``: zero, one, other; ``en``: one, other), all with the same placeholders.
"""

from __future__ import annotations

import string
from datetime import date

import pandas as pd
import pytest

from evaldash import i18n
from evaldash.i18n import plurals


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms(entry: dict, lang: str) -> list[str]:
    """Every text of ``entry`` in ``lang``: its one text, or each of its plural forms."""
    text = entry[lang]
    return list(text.values()) if isinstance(text, dict) else [text]


def check_entry(name: str, entry: dict) -> None:
    """Both languages, no empty text, one set of placeholders; plural forms as Babel's."""
    assert set(entry) - {plurals.COUNT} == set(i18n.LANGUAGES), f"{name}: languages"
    texts = [text for lang in i18n.LANGUAGES for text in forms(entry, lang)]
    assert all(isinstance(text, str) and text.strip() for text in texts), f"{name}: empty"
    assert len({frozenset(placeholders(text)) for text in texts}) == 1, f"{name}: placeholders"
    plural = [isinstance(entry[lang], dict) for lang in i18n.LANGUAGES]
    assert plurals.is_plural(entry) == all(plural) == any(plural), f"{name}: forms or count"
    if plurals.is_plural(entry):
        for lang in i18n.LANGUAGES:
            assert set(entry[lang]) == plurals.categories(lang), f"{name}: {lang} categories"
        assert entry[plurals.COUNT] in placeholders(texts[0]), f"{name}: the count is no {{}}"


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_string_has_both_languages_with_the_same_placeholders(key):
    check_entry(key, i18n.STRINGS[key])


def test_babel_gives_latvian_three_categories_and_english_two():
    assert plurals.categories("lv") == {"zero", "one", "other"}
    assert plurals.categories("en") == {"one", "other"}


def test_a_plural_entry_missing_a_form_or_its_count_is_refused():
    rows = {"lv": {"one": "{n} rinda", "other": "{n} rindas"}, "en": {"one": "{n} row"}}
    with pytest.raises(AssertionError, match="lv categories"):
        check_entry("rows", {"count": "n", **rows})
    with pytest.raises(AssertionError, match="forms or count"):
        check_entry("rows", rows)
    with pytest.raises(AssertionError, match="placeholders"):
        check_entry("x", {"count": "n", "lv": {c: "{n}" for c in ("zero", "one", "other")},
                          "en": {"one": "{n}", "other": "{m}"}})  # fmt: skip


def test_unknown_key_names_the_key():
    with pytest.raises(KeyError, match="'nav.nowhere' is not a UI string"):
        i18n.t("nav.nowhere", "lv")


@pytest.mark.parametrize(
    ("func", "value", "lang", "expected"),
    [
        (i18n.fmt_number, 1234.4, "lv", "1\u00a0234"),
        (i18n.fmt_number, 1234.6, "en", "1,235"),
        (i18n.fmt_number, 1234567, "lv", "1\u00a0234\u00a0567"),
        (i18n.fmt_number, None, "en", "–"),
        (i18n.fmt_number, float("nan"), "lv", "–"),
        (i18n.fmt_eur, 35791.0, "lv", "35\u00a0791\u00a0EUR"),
        (i18n.fmt_eur, 35791.0, "en", "EUR\u00a035,791"),
        (i18n.fmt_eur_short, 226862.4, "lv", "227\u00a0tūkst.\u00a0EUR"),
        (i18n.fmt_eur_short, 226862.4, "en", "EUR\u00a0227k"),
        (i18n.fmt_eur_short, 950.0, "en", "EUR\u00a0950"),
        (i18n.fmt_percent, 0.873, "lv", "87\u00a0%"),
        (i18n.fmt_percent, 0.873, "en", "87%"),
        (i18n.fmt_date, date(2019, 2, 10), "lv", "10.02.2019"),
        (i18n.fmt_date, date(2019, 2, 10), "en", "2019-02-10"),
        (i18n.fmt_date, pd.Timestamp("2019-02-10"), "lv", "10.02.2019"),
        (i18n.fmt_date, pd.NaT, "lv", "–"),
        (i18n.fmt_month, pd.Timestamp("2019-02-01"), "lv", "02.2019"),
        (i18n.fmt_month, date(2019, 2, 1), "en", "2019-02"),
    ],
)
def test_formats(func, value, lang, expected):
    assert func(value, lang) == expected


def test_number_decimals():
    assert i18n.fmt_number(2.5, "lv", 2) == "2,50"
    assert i18n.fmt_number(1000.26, "en", 1) == "1,000.3"
    assert i18n.fmt_number(-1234.5, "lv", 1) == "-1\u00a0234,5"


def test_period():
    assert i18n.fmt_period(date(2018, 9, 1), date(2019, 10, 31), "lv") == "01.09.2018 – 31.10.2019"
    assert i18n.fmt_period(date(2018, 9, 1), None, "en", months=True) == "2018-09 – –"


def _tables():
    from evaldash.ingest import parse, report

    return {
        "report.MESSAGES": report.MESSAGES,
        "report.WHAT": report.WHAT,
        "parse.EXPECTED": parse.EXPECTED,
    }


@pytest.mark.parametrize("name", ["report.MESSAGES", "report.WHAT", "parse.EXPECTED"])
def test_import_messages_have_both_languages(name):
    for key, entry in _tables()[name].items():
        check_entry(f"{name}[{key}]", entry)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Fizioterapija", "Fizioterapija"),
        ("Fizioterapija (fizioterapeita nodarbības)", "Fizioterapija"),
        (
            "Aprūpes pakalpojums bērnam ar FT (VDEĀVK atzinums par īpašas kopšanas nepieciešamību)",
            "Aprūpes pakalpojums bērnam…",
        ),
        (
            "Care service for child with severe functional impairment",
            "Care service for child with…",
        ),
    ],
)
def test_shorten_keeps_a_label_within_its_length(name, short):
    from evaldash.i18n import shorten

    assert shorten(name) == short and len(shorten(name)) <= 30
