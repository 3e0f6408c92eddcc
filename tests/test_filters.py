"""Filters: validation, SQL clauses with bound values, and the caption in words."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from evaldash.db import schema
from evaldash.filters import Filters


def test_defaults_select_the_whole_pilot():
    f = Filters("P1")
    assert len(f.participant_clauses()) == 1
    assert f.usage_clauses() == []


def test_values_are_bound_parameters_not_sql_text():
    f = Filters("P1'; DROP TABLE pilot; --", municipalities=("LV-097",))
    compiled = sa.select(schema.participant).where(*f.participant_clauses()).compile()
    assert "DROP TABLE" not in str(compiled)
    assert "P1'; DROP TABLE pilot; --" in compiled.params.values()


def test_invalid_filters_say_what_is_wrong():
    with pytest.raises(ValueError, match=r"unknown age groups \['5-9'\]"):
        Filters("P1", age_groups=("5-9",))
    with pytest.raises(ValueError, match="starts 2020-02-01 after it ends 2020-01-01"):
        Filters("P1", period_from=date(2020, 2, 1), period_to=date(2020, 1, 1))


def test_filters_are_hashable_for_cache_keys():
    assert hash(Filters("P1", regions=("KUR",))) == hash(Filters("P1", regions=("KUR",)))
    assert Filters("P1") != Filters("P2")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("lv", "pilotprojekts Bērni; Talsu novads; 01.09.2018 – 10.02.2019"),
        ("en", "pilot Bērni; Talsu novads; 2018-09-01 – 2019-02-10"),
    ],
)
def test_describe(lang, expected):
    f = Filters(
        "P1", municipalities=("LV-097",), period_from=date(2018, 9, 1), period_to=date(2019, 2, 10)
    )
    assert f.describe(lang, {"P1": "Bērni", "LV-097": "Talsu novads"}) == expected
