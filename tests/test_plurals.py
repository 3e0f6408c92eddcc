"""Every count phrase agrees with its number in Latvian and English (Babel's plural rules).

Latvian: 0, 10-20, 30, ..., 111 take the genitive plural ("11 rindu"), 1, 21, 31, 101 (not
11) the singular ("21 rinda"), the rest the nominative plural ("2 rindas"); English: 1
the singular. Each phrase is checked on 0, 1, 2, 11, 21 and 101.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from evaldash import i18n, narrative, site, views
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.i18n import fmt_number, plurals, t
from evaldash.ingest import SUMMARY, ImportResult
from evaldash.ingest import cells as parse
from evaldash.ingest import report as ingest_report

NUMBERS = (0, 1, 2, 11, 21, 101)


def cases(lv: list[str], en: list[str]) -> list[tuple[int, str, str]]:
    """(number, Latvian, English) for each of NUMBERS."""
    return list(zip(NUMBERS, lv, en, strict=True))


@pytest.mark.parametrize(
    ("n", "lv", "en"),
    cases(
        ["0 rindu", "1 rinda", "2 rindas", "11 rindu", "21 rinda", "101 rinda"],
        ["0 rows", "1 row", "2 rows", "11 rows", "21 rows", "101 rows"],
    ),
)
def test_the_data_pages_rows_line(n, lv, en):
    # as the Data page writes it: the count already in the language's number format
    assert t("data.rows", "lv", table="usage", n=fmt_number(n, "lv")) == f"usage: {lv}"
    assert t("data.rows", "en", table="usage", n=fmt_number(n, "en")) == f"usage: {en}"


MATRIX_LV = "Plānotie pakalpojumi pa reģioniem: statuss un saņemtā daļa no plānotā, 2019"
MATRIX_EN = "Planned services by region: status and share of planned units delivered, 2019"


@pytest.mark.parametrize(
    ("n", "lv", "en"),
    cases(
        [
            "(n = 0 dalībnieku ar plānu)",
            "(n = 1 dalībnieks ar plānu)",
            "(n = 2 dalībnieki ar plānu)",
            "(n = 11 dalībnieku ar plānu)",
            "(n = 21 dalībnieks ar plānu)",
            "(n = 101 dalībnieks ar plānu)",
        ],
        [
            "(n = 0 participants with a plan)",
            "(n = 1 participant with a plan)",
            "(n = 2 participants with a plan)",
            "(n = 11 participants with a plan)",
            "(n = 21 participants with a plan)",
            "(n = 101 participants with a plan)",
        ],
    ),
)
def test_a_chart_title_with_n(n, lv, en):
    assert t("gaps.matrix_title", "lv", period="2019", n=n) == f"{MATRIX_LV} {lv}"
    assert t("gaps.matrix_title", "en", period="2019", n=n) == f"{MATRIX_EN} {en}"


@pytest.mark.parametrize(
    ("n", "lv", "en"),
    cases(
        ["0 no 0 jomām", "1 no 1 jomas", "1 no 2 jomām", "1 no 11 jomām", "1 no 21 jomas"]
        + ["1 no 101 jomas"],
        ["0 of 0 domains", "1 of 1 domain", "1 of 2 domains", "1 of 11 domains"]
        + ["1 of 21 domains", "1 of 101 domains"],
    ),
)
def test_a_takeaway(n, lv, en):
    better = min(n, 1)
    lv_text = t("takeaway.radar", "lv", code="B-TAL-03", better=better, domains=n)
    en_text = t("takeaway.radar", "en", code="B-TAL-03", better=better, domains=n)
    assert lv_text == f"Dalībniekam B-TAL-03 pēdējā kārtā labāk nekā pirmajā {lv}."
    assert en_text == f"Participant B-TAL-03 is better than at first in {en}."


@pytest.mark.parametrize(
    ("n", "lv", "en"),
    cases(
        ["0 kļūdu un 0 brīdinājumu", "1 kļūda un 1 brīdinājums", "2 kļūdas un 2 brīdinājumi"]
        + ["11 kļūdu un 11 brīdinājumu", "21 kļūda un 21 brīdinājums"]
        + ["101 kļūda un 101 brīdinājums"],
        ["0 errors and 0 warnings", "1 error and 1 warning", "2 errors and 2 warnings"]
        + ["11 errors and 11 warnings", "21 errors and 21 warnings"]
        + ["101 errors and 101 warnings"],
    ),
)
def test_two_counts_in_one_sentence_each_take_their_own_form(n, lv, en):
    def invalid(lang: str) -> str:
        errors = t("count.errors", lang, n=n)
        return t(
            "data.invalid", lang, errors_text=errors, warnings_text=t("count.warnings", lang, n=n)
        )

    assert invalid("lv").startswith(f"Pakotnē ir {lv}. Izlabojiet")
    assert invalid("en").startswith(f"The package has {en}. Correct")


@pytest.mark.parametrize(
    ("n", "lv", "en"),
    cases(
        ["0 rindu", "1 rinda", "2 rindas", "11 rindu", "21 rinda", "101 rinda"],
        ["0 more rows", "1 more row", "2 more rows", "11 more rows", "21 more rows"]
        + ["101 more rows"],
    ),
)
def test_the_import_reports_rows_left_out(n, lv, en):
    assert ingest_report.render("more", "lv", {"count": n}) == (
        f"… un vēl {lv} ar to pašu problēmu."
    )
    assert ingest_report.render("more", "en", {"count": n}) == f"… and {en} with the same problem."


@pytest.mark.parametrize(
    ("n", "lv"),
    [(0, "0 jaunu, 0 mainītu"), (1, "1 jauna, 1 mainīta"), (2, "2 jaunas, 2 mainītas")]
    + [(11, "11 jaunu, 11 mainītu"), (21, "21 jauna, 21 mainīta"), (101, "101 jauna, 101 mainīta")],
)
def test_the_import_summary(n, lv):
    done = ImportResult(
        status="ok",
        report=ingest_report.Report(),
        written={"usage": {"inserted": n, "updated": n, "unchanged": n}},
        import_id=7,
    )
    assert done.summary("lv") == (
        f"Importēts (imports 7): usage: {lv}, {n} bez izmaiņām. 0 kļūdu, 0 brīdinājumu."
    )
    english = "1 new, 1 changed, 1 unchanged" if n == 1 else f"{n} new, {n} changed, {n} unchanged"
    assert done.summary("en") == f"Imported (import 7): usage: {english}. 0 errors, 0 warnings."


@pytest.mark.parametrize(
    ("n", "lv", "en"),
    cases(
        [
            "0 no 0 atkārtoti izvērtētajiem dalībniekiem",
            "1 no 1 atkārtoti izvērtētā dalībnieka",
            "1 no 2 atkārtoti izvērtētajiem dalībniekiem",
            "1 no 11 atkārtoti izvērtētajiem dalībniekiem",
            "1 no 21 atkārtoti izvērtētā dalībnieka",
            "1 no 101 atkārtoti izvērtētā dalībnieka",
        ],
        [
            "0 of 0 reassessed participants",
            "1 of 1 reassessed participant",
            "1 of 2 reassessed participants",
            "1 of 11 reassessed participants",
            "1 of 21 reassessed participants",
            "1 of 101 reassessed participants",
        ],
    ),
)
def test_the_comparison_headline_agrees_with_the_people_reassessed(n, lv, en):
    values = {"place": "X", "events": min(n, 1), "n": n, "first": 1, "last": 2, "share": "50 %"}
    values |= {"group": "50 %", "rank": 1, "group_text": "G", "rating": "R"}
    assert t("narrative.improved", "lv", **values).startswith(f"X: {lv} kopumā uzlabojās")
    assert t("narrative.improved", "en", **values).startswith(f"In X {en} improved overall")


@pytest.mark.parametrize(
    ("ranked", "group", "lv", "en"),
    [
        (21, "pilot", "21 pilotprojekta pašvaldību", "21 municipalities of the pilot"),
        (11, "pilot", "11 pilotprojekta pašvaldībām", "11 municipalities of the pilot"),
        (1, "region", "1 pašvaldību (reģions: Kurzeme)", "1 municipality of Kurzeme"),
        (2, "region", "2 pašvaldībām (reģions: Kurzeme)", "2 municipalities of Kurzeme"),
    ],
)
def test_the_comparison_paragraph_ranks_among_a_group_of_its_size(ranked, group, lv, en):
    """narrative.compare_sentences on a comparison's row: 2 of 21 reassessed improved."""
    rows = pd.DataFrame(
        {
            "municipality_code": ["LV-097"],
            "indicator": ["improved_share"],
            "region": ["KUR"],
            "value": [2 / 21],
            "n": [21],
            "events": [2],
            "rank": [1],
            "ranked": [ranked],
            "rating": ["similar"],
            "group_proportion": [0.5],
            "group_median": [0.5],
        }
    )
    names = {"LV-097": "Talsu novads", "KUR": "Kurzeme"}

    def headline(lang: str) -> str:
        return narrative.compare_sentences(
            rows, "LV-097", group=group, names=names, domains={}, window=(1, 2), lang=lang
        )[0]

    assert headline("lv") == (
        "Talsu novads: 2 no 21 atkārtoti izvērtētā dalībnieka kopumā uzlabojās starp 1. un "
        f"2. kārtu (10\u00a0%; visā grupā 50\u00a0%); 1. vieta starp {lv}; būtiski neatšķiras."
    )
    assert headline("en") == (
        "In Talsu novads 2 of 21 reassessed participants improved overall between round 1 and 2 "
        f"(10%; group as a whole 50%); rank 1 of {en}; not significantly different."
    )


def test_counts_written_for_the_language_and_decimals_pick_their_form():
    assert (
        t("data.rows", "lv", table="usage", n=fmt_number(1021, "lv")) == "usage: 1\u00a0021 rinda"
    )
    assert (
        t("data.rows", "lv", table="usage", n=fmt_number(1234, "lv")) == "usage: 1\u00a0234 rindas"
    )
    assert (
        t("data.rows", "lv", table="usage", n=fmt_number(1000, "lv")) == "usage: 1\u00a0000 rindu"
    )
    assert t("data.rows", "en", table="usage", n=fmt_number(1001, "en")) == "usage: 1,001 rows"
    # CLDR reads the decimals as written: "2,1 punkts", "1,5 punkti", "10,0 punktu", "1.0 points"
    points = {
        "2,1": "2,1 punkts",
        "1,5": "1,5 punkti",
        "10,0": "10,0 punktu",
        "-0,5": "-0,5 punkti",
    }
    for written, expected in points.items():
        assert t("count.points", "lv", n=written) == expected
    assert t("count.points", "en", n="1.0") == "1.0 points"
    assert t("count.points", "en", n=1) == "1 point"
    assert ingest_report.render(
        "xlsx_cells", "lv", {"cells": "20,000,001", "limit": "2"}
    ).startswith(
        "Darbgrāmatā ir vismaz 20,000,001 šūna "
    )  # written in English digits, read as such
    # numbers as numbers: numpy's, and floats with their decimals
    assert plurals.category(np.int64(21), "lv") == "one"
    assert plurals.category(2.1, "lv") == "one" and plurals.category(2.0, "lv") == "other"


def test_a_hidden_count_takes_the_other_form():
    hidden = t("privacy.hidden", "lv")
    assert t("progress.change_title", "lv", period="2019", n=hidden).endswith("(n = slēpts pāri)")
    assert t("progress.change_title", "en", period="2019", n="hidden").endswith(
        "(n = hidden pairs)"
    )


def test_a_plural_text_without_its_count_names_it():
    with pytest.raises(KeyError, match=r"'data.rows' depends on the count \{n\}; pass n="):
        t("data.rows", "lv", table="usage")


@pytest.mark.parametrize(
    ("length", "lv", "en"),
    [(1, "1 rakstzīmi", "1 character"), (21, "21 rakstzīmi", "21 characters")]
    + [(11, "11 rakstzīmēm", "11 characters"), (200, "200 rakstzīmēm", "200 characters")],
)
def test_the_import_says_how_long_a_text_may_be(length, lv, en):
    empty = pd.Series(dtype=object)
    sized = parse.Parsed(empty, empty.astype(bool), "text_max", {"max_length": length})
    assert sized.describe("lv") == f"teksts, ne garāks par {lv}"
    assert sized.describe("en") == f"text of at most {en}"


@pytest.mark.parametrize(
    ("pilot", "sex", "ages", "lv", "en"),
    [
        (CHILDREN_PILOT, "M", "0-6", "n = 21 dalībnieks ar plānu", "n = 21 participants with"),
        (ADULTS_PILOT, "F", "18-29", "n = 11 dalībnieku ar plānu", "n = 11 participants with"),
    ],
)
def test_the_gaps_page_titles_its_chart_in_agreement(demo_engine, pilot, sex, ages, lv, en):
    """The demo's boys of 0-6 in the children's pilot are 21; women 18-29 of the adults' 11."""
    chosen = Filters(pilot, sex=(sex,), age_groups=(ages,))
    for lang, expected in (("lv", lv), ("en", en)):
        matrix = site.panels("gaps", views.View.direct(demo_engine, chosen, lang))[0]
        assert f"({expected}" in matrix.title, matrix.title


# --- no count placeholder is followed by a noun that cannot agree with it ---------------------

COUNTS = {
    "n", "k", "count", "rows", "people", "services", "regions", "errors", "warnings", "shown",
    "events", "rated", "ranked", "tested", "significant", "domains", "better", "improved",
    "unchanged", "declined", "missing", "below", "cells", "no_provider", "under_delivered", "ok",
    "total", "number", "units", "planned", "delivered", "average", "most", "mb", "max_length",
    "inserted", "updated", "expected",
}  # fmt: skip
"""Placeholders that hold a count (any of them may be 1, 21 or 11)."""

NOT_NOUNS = {
    ("events", "no"): "'{events} no {n}': of, then the n that agrees",
    ("shown", "no"): "'{shown} no {n} dalībniekiem': of",
    ("below", "no"): "'{below} no {n}': of",
    ("significant", "no"): "'{significant} no {tested} ...': of",
    ("better", "no"): "'{better} no {domains} jomām': of",
    ("improved", "no"): "'({improved} no {n})': of",
    ("missing", "no"): "'{missing} no {n} pašvaldībām': of",
    ("improved", "uzlabojās"): "a verb in the past tense: the same for every number",
    ("unchanged", "nemainījās"): "a verb in the past tense: the same for every number",
    ("declined", "pasliktinājās"): "a verb in the past tense: the same for every number",
    ("missing", "bez"): "'{missing} bez atkārtota izvērtējuma': without",
    ("unchanged", "bez"): "'{unchanged} bez izmaiņām': without",
    ("expected", "būtu"): "a verb in the conditional: the same for every number",
    ("average", "mēnesī"): "'vidēji {average} mēnesī': a month",
    ("mb", "MB"): "an abbreviated unit",
    ("delivered", "no"): "'saņemts {delivered} no {planned_text}': of",
    (
        "ranked",
        "rādītājā",
    ): "'{rank}. vieta no {ranked} rādītājā ...': of {ranked}, in the indicator",
    ("cells", "ir"): "merged_cells: '{cells}' are cells' addresses (B4:B5), not a count",
    ("count", "pret"): "'({count} pret {columns})': against",
    ("events", "of"): "'{events} of {n}'",
    ("shown", "of"): "'{shown} of {n} participants'",
    ("below", "of"): "'{below} of {n}'",
    ("significant", "of"): "'{significant} of {tested} ...'",
    ("better", "of"): "'{better} of {domains} domains'",
    ("improved", "of"): "'{improved} of {n}'",
    ("missing", "of"): "'In {missing} of {n} municipalities'",
    ("improved", "improved"): "an English verb in the past tense",
    ("unchanged", "unchanged"): "an adjective: English adjectives have no plural",
    ("declined", "declined"): "an English verb in the past tense",
    ("missing", "not"): "'{missing} not reassessed'",
    ("expected", "would"): "'about {expected} would read'",
    ("average", "a"): "'average {average} a month'",
    ("delivered", "of"): "'delivered {delivered} of {planned_text}'",
    ("ranked", "on"): "'ranks {rank} of {ranked} on {indicator}'",
    ("number", "of"): "'{number} of {total}'",
    ("cells", "are"): "merged_cells: '{cells}' are cells' addresses (B4:B5), not a count",
    ("count", "for"): "'({count} for {columns})'",
}
"""Words that may follow a count placeholder outside its plural entry, and why."""

_AFTER = re.compile(r"\{(\w+)\}\s+(\w+)")


def _bilingual_tables() -> dict[str, dict]:
    """Every bilingual table of texts: the UI strings, the import's messages and summary."""
    summary = {key: {lang: SUMMARY[lang][key] for lang in SUMMARY} for key in SUMMARY["lv"]}
    return {
        "STRINGS": i18n.STRINGS,
        "report.MESSAGES": ingest_report.MESSAGES,
        "report.WHAT": ingest_report.WHAT,
        "parse.EXPECTED": parse.EXPECTED,
        "ingest.SUMMARY": summary,
    }


def uncounted(entry: dict) -> list[tuple[str, str, str]]:
    """(language, placeholder, word) where a count is followed by a word it does not pick."""
    agreed = entry.get(plurals.COUNT)
    found = []
    for lang in i18n.LANGUAGES:
        text = entry[lang]
        for form in text.values() if isinstance(text, dict) else [text]:
            for name, word in _AFTER.findall(form):
                if name in COUNTS and name != agreed and (name, word) not in NOT_NOUNS:
                    found.append((lang, name, word))
    return found


def test_no_count_is_followed_by_a_noun_without_plural_forms():
    found = {
        f"{table}[{key}]": words
        for table, entries in _bilingual_tables().items()
        for key, entry in entries.items()
        if (words := uncounted(entry))
    }
    assert found == {}


def test_the_check_finds_a_count_followed_by_a_noun():
    assert uncounted({"lv": "{n} rindas", "en": "{n} rows"}) == [
        ("lv", "n", "rindas"),
        ("en", "n", "rows"),
    ]
    rows = i18n.STRINGS["data.rows"]
    assert uncounted(rows) == []
    assert uncounted({**rows, "count": "table"})  # forms chosen by another placeholder
