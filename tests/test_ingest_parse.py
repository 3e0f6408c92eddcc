"""Cell parsers: Latvian numbers, dates, booleans and names, from CSV strings and Excel objects."""

from __future__ import annotations

import math
import string
import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evaldash.ingest import parse
from evaldash.ingest.parse import EXPECTED, Resolver, blank, normalize_name

DATA = Path(__file__).resolve().parents[1] / "data"
BLANKS = ["", " ", "\t", "\u00a0", " \n ", None, float("nan")]
EXCEL_EPOCH = date(1899, 12, 30)


def serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def one(func, value, **kwargs):
    """Parse a single cell given as openpyxl would (object Series); return (value, bad)."""
    result = func(pd.Series([value], dtype=object), **kwargs)
    parsed = result[0] if isinstance(result, tuple) else result
    return parsed.values.iloc[0], bool(parsed.bad.iloc[0])


def assert_good(func, value, expected, **kwargs):
    got, bad = one(func, value, **kwargs)
    assert not bad, f"{value!r} was bad"
    assert got == expected, f"{value!r} -> {got!r}, expected {expected!r}"


def assert_bad(func, value, **kwargs):
    got, bad = one(func, value, **kwargs)
    assert bad, f"{value!r} should be bad but gave {got!r}"
    assert pd.isna(got)


PARSERS = {
    "text": parse.parse_text,
    "code": parse.parse_code,
    "int": parse.parse_int,
    "number": parse.parse_number,
    "date": parse.parse_date,
    "date_or_month": lambda s: parse.parse_date_or_month(s)[0],
    "bool": parse.parse_bool,
    "sex": parse.parse_sex,
    "unit": parse.parse_unit,
}


# --- blanks -----------------------------------------------------------------------------------


def test_blank_on_csv_strings_and_excel_objects():
    csv = pd.Series(["", " ", "\u00a0\t", "x", " 0 "], dtype="str", index=[5, 6, 7, 8, 9])
    pd.testing.assert_series_equal(
        blank(csv), pd.Series([True, True, True, False, False], index=csv.index)
    )
    excel = pd.Series([None, float("nan"), pd.NaT, 0, False, "  ", "a"], dtype=object)
    assert blank(excel).tolist() == [True, True, True, False, False, True, False]


@pytest.mark.parametrize("name", sorted(PARSERS))
@pytest.mark.parametrize("value", BLANKS)
def test_blanks_are_missing_and_not_bad(name, value):
    got, bad = one(PARSERS[name], value)
    assert pd.isna(got)
    assert not bad


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_empty_series(name):
    parsed = PARSERS[name](pd.Series([], dtype="str"))
    assert parsed.values.empty
    assert parsed.bad.empty


# --- text and codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Talsu  novads ", "Talsu  novads"),
        ("<b>x</b>", "<b>x</b>"),
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),
        ("a\u0304", "ā"),  # decomposed macron -> one character
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
        (0.1 + 0.2, "0.3"),
        (True, "TRUE"),
        (datetime(2019, 2, 10), "2019-02-10"),
        (datetime(2019, 2, 10, 13, 45), "2019-02-10 13:45:00"),
        (date(2019, 2, 10), "2019-02-10"),
    ],
)
def test_parse_text_good(value, expected):
    assert_good(parse.parse_text, value, expected)


def test_parse_text_max_length():
    parsed = parse.parse_text(pd.Series(["abc", "abcd", " abc ", "āāā"], dtype="str"), 3)
    assert parsed.values.tolist()[0] == "abc"
    assert parsed.bad.tolist() == [False, True, False, False]
    assert parsed.expected == "text_max"
    assert parsed.describe("en") == "text of at most 3 characters"
    assert parse.parse_text(pd.Series(["x" * 999])).expected == "text"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" P-001 ", "P-001"),
        ("P \t 001", "P 001"),
        ("p\u00a0\u00a0001", "p 001"),
        ("Ab  C", "Ab C"),
        (1001, "1001"),
    ],
)
def test_parse_code_good(value, expected):
    assert_good(parse.parse_code, value, expected)


def test_parse_code_too_long_and_expected():
    parsed = parse.parse_code(pd.Series(["P-001", "P-0001"]), max_length=5)
    assert parsed.bad.tolist() == [False, True]
    assert (parsed.expected, dict(parsed.params)) == ("text_max", {"max_length": 5})
    assert parse.parse_code(pd.Series(["x"])).expected == "code"


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("12.0", 12),
        ("12,0", 12),
        ("-3", -3),
        ("+7", 7),
        ("1 234", 1234),
        (12, 12),
        (12.0, 12),
        (np.int64(5), 5),
        ("9007199254740992", 2**53),
    ],
)
def test_parse_int_good(value, expected):
    assert_good(parse.parse_int, value, expected)


@pytest.mark.parametrize(
    "value",
    [
        "12.5",
        "12,5",
        "abc",
        "1,234",
        "12345678901234567890",
        "inf",
        "nan",
        12.5,
        True,
        float("inf"),
        2**60,
        datetime(2019, 2, 10),
        "1 2",
    ],
)
def test_parse_int_bad(value):
    assert_bad(parse.parse_int, value)


def test_parse_int_range_and_dtype():
    parsed = parse.parse_int(pd.Series(["1899", "1900", "2100", "2101"]), 1900, 2100)
    assert parsed.values.dtype == "Int64"
    assert parsed.bad.tolist() == [True, False, False, True]
    assert parsed.expected == "int_range"
    assert parsed.describe("en") == "a whole number from 1900 to 2100"
    assert parse.parse_int(pd.Series(["5"]), minimum=1).expected == "int_min"
    assert parse.parse_int(pd.Series(["5"]), maximum=9).expected == "int_max"
    assert parse.parse_int(pd.Series(["5"])).expected == "int"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567", 1234567),
        ("1234.5", 1234.5),
        ("-3", -3),
        ("\u22123,5", -3.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1,234", 1.234),  # a lone separator is the decimal one
        ("1.234", 1.234),
        (",5", 0.5),
        ("1E+05", 100000),
        ("0", 0),
        (3, 3),
        (2.25, 2.25),
        (np.float64(2.5), 2.5),
    ],
)
def test_parse_number_good(value, expected):
    assert_good(parse.parse_number, value, expected)


@pytest.mark.parametrize(
    "value",
    [
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "abc",
        "1.2.3",
        "1,2,3",
        "12 €",
        "1 23",
        "1.234,5.6",
        "1e999",
        "--1",
        "1-",
        float("inf"),
        float("-inf"),
        True,
        date(2019, 1, 1),
    ],
)
def test_parse_number_bad(value):
    assert_bad(parse.parse_number, value)


def test_parse_number_range_dtype_and_expected():
    parsed = parse.parse_number(pd.Series(["-0,01", "0", "100000", "100000,01"]), 0, 100_000)
    assert parsed.values.dtype == "Float64"
    assert parsed.bad.tolist() == [True, False, False, True]
    assert (parsed.expected, dict(parsed.params)) == (
        "number_range",
        {"minimum": 0, "maximum": 100_000},
    )
    assert parse.parse_number(pd.Series(["1"]), minimum=0).expected == "number_min"


# --- dates ------------------------------------------------------------------------------------

FEB_10 = pd.Timestamp("2019-02-10")


@pytest.mark.parametrize(
    "value",
    [
        "2019-02-10",
        "10.02.2019",
        "10.2.2019",
        "10.02.2019.",
        "2019-02-10 00:00:00",
        "2019-02-10T00:00:00",
        "2019-02-10 13:45",
        "10.02.2019 13:45:10",
        "43506",
        "43506.75",
        "43506,75",
        43506,
        43506.75,
        datetime(2019, 2, 10),
        datetime(2019, 2, 10, 23, 59),
        date(2019, 2, 10),
        pd.Timestamp("2019-02-10 08:00"),
    ],
)
def test_parse_date_good(value):
    assert_good(parse.parse_date, value, FEB_10)


@pytest.mark.parametrize(
    "value",
    [
        "31.02.2019",
        "2019-02-30",
        "29.02.2019",
        "10.13.2019",
        "1899-12-31",
        "01.01.2101",
        "2019",
        2019,
        2999,
        0,
        -5,
        2958466,
        "2019-02",
        "02.2019",
        "10/02/2019",
        "tomorrow",
        "2019-02-10 25:00",
        time(12, 0),
        True,
        datetime(1899, 12, 31),
        float("inf"),
    ],
)
def test_parse_date_bad(value):
    assert_bad(parse.parse_date, value)


def test_parse_date_limits_and_dtype():
    parsed = parse.parse_date(pd.Series(["1.1.1900", "31.12.2100", "29.02.2020", "3000"]))
    assert parsed.values.dtype == "datetime64[s]"
    assert parsed.values.tolist() == [
        pd.Timestamp("1900-01-01"),
        pd.Timestamp("2100-12-31"),
        pd.Timestamp("2020-02-29"),
        pd.Timestamp("1908-03-18"),
    ]
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    ("value", "expected", "month_only"),
    [
        ("2019-02", "2019-02-01", True),
        ("2019-2", "2019-02-01", True),
        ("02.2019", "2019-02-01", True),
        ("2.2019", "2019-02-01", True),
        ("12.2019.", "2019-12-01", True),
        ("10.02.2019", "2019-02-10", False),
        ("2019-02-10", "2019-02-10", False),
        (datetime(2019, 2, 1), "2019-02-01", False),
        (43506, "2019-02-10", False),
    ],
)
def test_parse_date_or_month_good(value, expected, month_only):
    parsed, months = parse.parse_date_or_month(pd.Series([value], dtype=object))
    assert parsed.values.iloc[0] == pd.Timestamp(expected)
    assert not parsed.bad.iloc[0]
    assert months.iloc[0] == month_only


@pytest.mark.parametrize("value", ["13.2019", "2019-13", "00.2019", "02.1899", "2019", "x"])
def test_parse_date_or_month_bad(value):
    parsed, months = parse.parse_date_or_month(pd.Series([value]))
    assert parsed.bad.iloc[0]
    assert not months.iloc[0]


def test_mixed_excel_column_keeps_index_and_order():
    cells = pd.Series(
        [datetime(2019, 2, 10), "10.02.2019", 43506, None, 43506.5, "x", date(2020, 1, 2), " "],
        index=list("abcdefgh"),
        dtype=object,
    )
    parsed = parse.parse_date(cells)
    expected = pd.Series(
        [FEB_10] * 3 + [pd.NaT, FEB_10, pd.NaT, pd.Timestamp("2020-01-02"), pd.NaT],
        index=cells.index,
        dtype="datetime64[s]",
    )
    pd.testing.assert_series_equal(parsed.values, expected)
    assert parsed.bad.tolist() == [False] * 5 + [True, False, False]
    assert parsed.bad.index.equals(cells.index)


def test_mixed_excel_numbers():
    cells = pd.Series([1, 2.5, "3,5", None, "", "x", True, 1e20], dtype=object)
    parsed = parse.parse_number(cells)
    expected = pd.array([1, 2.5, 3.5, None, None, None, None, 1e20], dtype="Float64")
    pd.testing.assert_series_equal(parsed.values, pd.Series(expected))
    assert parsed.bad.tolist() == [False, False, False, False, False, True, True, False]


# --- booleans, sex, units ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[
            (v, True)
            for v in [
                "jā",
                "JĀ",
                "ja",
                "Yes",
                "y",
                "J",
                "true",
                "TRUE",
                "1",
                "1.0",
                "1,0",
                "patiess",
                True,
                1,
                1.0,
                np.True_,
            ]
        ],
        *[
            (v, False)
            for v in [
                "nē",
                "NĒ",
                "ne",
                "no",
                "N",
                "false",
                "0",
                "0.0",
                "0,0",
                "APLAMS",
                False,
                0,
                0.0,
            ]
        ],
    ],
)
def test_parse_bool_good(value, expected):
    assert_good(parse.parse_bool, value, expected)


@pytest.mark.parametrize("value", ["x", "maybe", "2", 2, 0.5, "jāā", datetime(2019, 1, 1)])
def test_parse_bool_bad(value):
    assert_bad(parse.parse_bool, value)


def test_parse_bool_dtype():
    assert parse.parse_bool(pd.Series(["jā", "", "nē"])).values.dtype == "boolean"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("F", "F"),
        ("f", "F"),
        ("S", "F"),
        ("s", "F"),
        ("female", "F"),
        ("Sieviete", "F"),
        ("SIEVIETE", "F"),
        ("M", "M"),
        ("V", "M"),
        ("male", "M"),
        ("vīrietis", "M"),
        ("Virietis", "M"),
        ("VĪRIETIS", "M"),
        (" m ", "M"),
    ],
)
def test_parse_sex_good(value, expected):
    assert_good(parse.parse_sex, value, expected)


@pytest.mark.parametrize("value", ["x", "FM", "sievietes vīrietis", 1])
def test_parse_sex_bad(value):
    assert_bad(parse.parse_sex, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("session", "session"),
        ("Nodarbība", "session"),
        ("nodarbibas", "session"),
        ("HOUR", "hour"),
        ("stunda", "hour"),
        ("Stundas", "hour"),
        ("day", "day"),
        ("diena", "day"),
        ("DIENAS", "day"),
        ("trip", "trip"),
        ("brauciens", "trip"),
        ("Braucieni", "trip"),
    ],
)
def test_parse_unit_good(value, expected):
    assert_good(parse.parse_unit, value, expected)


@pytest.mark.parametrize("value", ["week", "gads", "1"])
def test_parse_unit_bad(value):
    assert_bad(parse.parse_unit, value)


# --- names and the resolver -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ķekavas novads", "kekavas novads"),
        ("  ĀĒĪŪ čģķļņšž  ", "aeiu cgklnsz"),
        ("LV-097", "lv 097"),
        ("“Talsu”  novads.", "talsu novads"),
        ("Rīga, Latvija", "riga latvija"),
        ("Ko\u00adkneses", "kokneses"),  # soft hyphen
        ("", ""),
    ],
)
def test_normalize_name(text, expected):
    assert normalize_name(text) == expected


@pytest.fixture(scope="module")
def municipalities() -> Resolver:
    table = pd.read_csv(DATA / "municipalities.csv", dtype=str, keep_default_na=False)
    aliases = pd.read_csv(DATA / "municipality_aliases.csv", dtype=str, keep_default_na=False)
    codes = table["municipality_code"]
    spellings = [
        *zip(table["name_lv"], codes, strict=True),
        *zip(table["name_en"], codes, strict=True),
        *zip(aliases["alias"], aliases["municipality_code"], strict=True),
    ]
    return Resolver(spellings, dict(zip(codes, table["name_lv"], strict=True)), "municipality")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Talsu novads", "LV-097"),
        ("talsu novads", "LV-097"),
        ("TALSU NOVADS", "LV-097"),
        ("Talsi Municipality", "LV-097"),
        ("lv-097", "LV-097"),
        ("LV-097", "LV-097"),
        ("Talsi", "LV-097"),
        ("Daugavpils novads", "LV-111"),
        ("Daugavpils", "LV-DGV"),
        ("kekavas novads", "LV-052"),
        ("Ķekavas  novads", "LV-052"),
        ("Rīgas republikas pilsēta", "LV-RIX"),
        ("riga", "LV-RIX"),
    ],
)
def test_resolver_finds_every_spelling(municipalities, value, code):
    assert_good(municipalities.resolve, value, code)


def test_resolver_unknown_value_is_bad_with_suggestions(municipalities):
    parsed = municipalities.resolve(pd.Series(["Talsu novadss", "Talsu novads", ""]))
    assert parsed.bad.tolist() == [True, False, False]
    assert parsed.expected == "municipality"
    assert municipalities.suggest("Talsu novadss")[0] == "Talsu novads"
    assert len(municipalities.suggest("Talsu novadss", n=2)) == 2
    assert municipalities.suggest("Kekavs") == ["Ķekavas novads"]
    assert municipalities.suggest("zzzzzz") == []
    assert municipalities.suggest("") == []


def test_resolver_suggestions_are_display_names_without_repeats(municipalities):
    names = municipalities.suggest("Talsu", n=10)
    assert len(names) == len(set(names))
    assert names[0] == "Talsu novads"  # from "Talsi", "Talsu novads", "Talsi Municipality"


def test_ambiguous_spelling_resolves_to_neither():
    resolver = Resolver(
        [("Daugavpils", "LV-DGV"), ("DAUGAVPILS", "LV-111"), ("Talsu novads", "LV-097")],
        {"LV-DGV": "Daugavpils", "LV-111": "Augšdaugavas novads", "LV-097": "Talsu novads"},
        "municipality",
    )
    parsed = resolver.resolve(pd.Series(["daugavpils", "Talsu novads"]))
    assert parsed.bad.tolist() == [True, False]
    assert pd.isna(parsed.values.iloc[0])
    assert resolver.ambiguous("Daugavpils") == ["LV-111", "LV-DGV"]
    assert resolver.ambiguous("Talsu novads") == []
    assert resolver.ambiguous("nowhere") == []
    assert set(resolver.suggest("Daugavpils")) == {"Daugavpils", "Augšdaugavas novads"}


def test_resolver_from_mapping_adds_codes_and_display_names():
    resolver = Resolver({"Fizioterapija": "FIZIO"}, {"LOGO": "Logopēds"}, "service")
    parsed = resolver.resolve(pd.Series(["fizio", "FIZIO", "logopeds", "logo", "x"]))
    assert parsed.values.tolist()[:4] == ["FIZIO", "FIZIO", "LOGO", "LOGO"]
    assert parsed.bad.tolist() == [False, False, False, False, True]


# --- the expected texts -----------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_expected_texts_have_both_languages_and_the_same_placeholders(key):
    from tests.test_i18n import check_entry, forms

    check_entry(key, EXPECTED[key])  # both languages, one set of placeholders, plural forms
    assert placeholders(forms(EXPECTED[key], "lv")[0]) <= {"max_length", "minimum", "maximum"}


def test_every_expected_key_a_parser_returns_has_a_text():
    s = pd.Series(["x"])
    keys = {PARSERS[name](s).expected for name in PARSERS}
    keys |= {parse.parse_text(s, 5).expected, parse.parse_code(s, 5).expected}
    for kind in (parse.parse_int, parse.parse_number):
        keys |= {kind(s, 0, 1).expected, kind(s, 0).expected, kind(s, None, 1).expected}
    keys |= {"municipality", "service", "category"}
    assert keys <= set(EXPECTED)


# --- properties -------------------------------------------------------------------------------

FORMATS = {
    "iso": lambda d: d.isoformat(),
    "lv": lambda d: d.strftime("%d.%m.%Y"),
    "lv_short": lambda d: f"{d.day}.{d.month}.{d.year}",
    "lv_dot": lambda d: d.strftime("%d.%m.%Y."),
    "iso_time": lambda d: f"{d.isoformat()} 00:00:00",
    "datetime": lambda d: datetime(d.year, d.month, d.day, 13, 30),
    "date": lambda d: d,
    "serial": serial,
    "serial_float": lambda d: serial(d) + 0.75,
    "serial_text": lambda d: str(serial(d)),
}


@settings(deadline=None)
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.sampled_from(sorted(FORMATS)))
def test_property_dates_round_trip(day, form):
    assume(not form.startswith("serial") or serial(day) >= parse.MIN_SERIAL)
    for func in (parse.parse_date, lambda s: parse.parse_date_or_month(s)[0]):
        got, bad = one(func, FORMATS[form](day))
        assert not bad
        assert got == pd.Timestamp(day)


@settings(deadline=None)
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.booleans())
def test_property_months_round_trip(day, iso):
    text = day.strftime("%Y-%m") if iso else f"{day.month}.{day.year}"
    parsed, months = parse.parse_date_or_month(pd.Series([text]))
    assert parsed.values.iloc[0] == pd.Timestamp(day.replace(day=1))
    assert months.iloc[0]


@settings(deadline=None)
@given(
    st.floats(-1e12, 1e12, allow_nan=False),
    st.integers(0, 6),
    st.sampled_from([".", ","]),
    st.sampled_from(["", " ", "\u00a0"]),
)
def test_property_numbers_round_trip(number, decimals, point, thousands):
    text = f"{number:,.{decimals}f}".replace(",", "_").replace(".", point)
    text = text.replace("_", thousands)
    expected = float(f"{number:.{decimals}f}")
    got, bad = one(parse.parse_number, text)
    assert not bad, text
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12), text


@settings(deadline=None)
@given(st.integers(-(2**53), 2**53), st.sampled_from(["{}", " {} ", "{}.0", "{},0", "int"]))
def test_property_ints_round_trip(number, form):
    value = number if form == "int" else form.format(number)
    assert one(parse.parse_int, value) == (number, False)


BOOL_SPELLINGS = {
    True: ["yes", "y", "jā", "ja", "j", "true", "1", "1.0", "patiess"],
    False: ["no", "n", "nē", "ne", "false", "0", "0.0", "aplams"],
}


@given(
    st.sampled_from([(v, t) for v, texts in BOOL_SPELLINGS.items() for t in texts]),
    st.sampled_from([str.upper, str.lower, str.title, str.capitalize, str.swapcase]),
    st.sampled_from(["{}", " {} ", "\t{}"]),
)
def test_property_bools_in_every_spelling(spelling, case, padding):
    value, text = spelling
    assert one(parse.parse_bool, padding.format(case(text))) == (value, False)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


LATVIAN = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzžAĀBCČDEĒFGĢHIĪJKĶLĻMNŅOPRSŠTUŪVZŽéüöñ -.,'\"–"


@given(st.text())
def test_property_normalize_name_is_idempotent(text):
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text(alphabet=LATVIAN))
def test_property_normalize_name_ignores_diacritics(text):
    assert normalize_name(text) == normalize_name(strip_diacritics(text))
    assert normalize_name(text) == normalize_name(text.upper())


EXCEL_VALUES = st.one_of(
    st.text(),
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.datetimes(),
    st.dates(),
    st.times(),
)


def check_bad_means_not_blank_and_not_parsed(values: pd.Series) -> None:
    empty = blank(values)
    for name, func in PARSERS.items():
        parsed = func(values)
        missing = parsed.values.isna()
        pd.testing.assert_series_equal(parsed.bad, ~empty & missing, check_names=False, obj=name)
        assert missing[empty].all(), name
        assert parsed.values.index.equals(values.index)


@settings(deadline=None)
@given(st.lists(st.text(), max_size=8))
def test_property_parsers_never_raise_on_text(texts):
    check_bad_means_not_blank_and_not_parsed(pd.Series(texts, dtype="str"))


@settings(deadline=None)
@given(st.lists(EXCEL_VALUES, max_size=8))
def test_property_parsers_never_raise_on_excel_values(values):
    check_bad_means_not_blank_and_not_parsed(pd.Series(values, dtype=object))


@settings(deadline=None)
@given(st.lists(st.text(), max_size=8))
def test_property_resolver_never_raises(texts):
    resolver = Resolver({"Talsu novads": "LV-097", "Talsi": "LV-097"}, {}, "municipality")
    parsed = resolver.resolve(pd.Series(texts, dtype=object))
    assert parsed.bad.tolist() == (~blank(pd.Series(texts)) & parsed.values.isna()).tolist()
    for text in texts:
        resolver.suggest(text)
        resolver.ambiguous(text)


def test_serial_numbers_match_excel():
    # Excel shows 43506 as 10.02.2019 and 36526 as 01.01.2000.
    assert EXCEL_EPOCH + timedelta(days=43506) == date(2019, 2, 10)
    assert one(parse.parse_date, 36526)[0] == pd.Timestamp("2000-01-01")
