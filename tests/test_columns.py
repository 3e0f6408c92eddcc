"""A metric's columns are declared once (:mod:`evaldash.columns`), and what the metrics return
matches the declarations: names, dtypes, and the headers and whole numbers derived from them."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from evaldash import columns, i18n, privacy, report, site, views
from evaldash.demo import ADULTS_PILOT, CHILDREN_PILOT
from evaldash.filters import Filters


def _matches(dtype: object, declared: str) -> bool:
    if declared in ("str", "object"):
        return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
    return str(dtype) == declared


def _fetched(engine, pilot: str) -> dict[str, pd.DataFrame]:
    """Every metric table the pages read for ``pilot``, unsuppressed, by metric name."""
    v = views.View.direct(engine, Filters(pilot), "en")
    seen: dict[str, pd.DataFrame] = {}

    def fetch(fn, f, *args):
        table = v.fetch(fn, f, *args)
        seen[f"{fn.__module__}.{fn.__qualname__}"] = table
        return table

    recording = dataclasses.replace(v, fetch=fetch)
    for page in site.chart_pages():
        site.panels(page, recording)
    return seen


@pytest.mark.parametrize("pilot", [CHILDREN_PILOT, ADULTS_PILOT])
def test_every_column_the_pages_read_is_declared_with_its_dtype(demo_engine, pilot):
    tables = _fetched(demo_engine, pilot)
    assert len(tables) >= 15, sorted(tables)  # every page's metrics were read
    for name, table in tables.items():
        for column, dtype in table.dtypes.items():
            assert column in columns.COLUMNS, f"{name}: column {column!r} is not declared"
            declared = columns.COLUMNS[column].dtype
            assert _matches(dtype, declared), f"{name}.{column}: {dtype}, declared {declared}"


def test_a_declaration_is_checked():
    with pytest.raises(ValueError, match="role must be one of"):
        columns.Column("x", "int64", "person")
    with pytest.raises(ValueError, match="share_of"):
        columns.Column("x_share", "float64", "share")
    with pytest.raises(KeyError, match="not declared"):
        columns.spec("participants", "no_such_column")
    assert columns.spec("participants", "delivery_ratio") == {
        "participants": "int64",
        "delivery_ratio": "float64",
    }


def test_headers_and_whole_numbers_come_from_the_declarations():
    for name, column in columns.COLUMNS.items():
        if column.header is not None:
            assert i18n.t(f"col.{name}", "lv") == column.header[0]
            assert i18n.t(f"col.{name}", "en") == column.header[1]
    # a measure's column is headed by the measure's name
    assert i18n.t("col.delivery_ratio", "en") == "share of planned units delivered"
    assert columns.whole_numbers(report.COLUMNS["compare"]) == ("n", "rank")
    people = {c for kind in report.COLUMNS.values() for c in columns.people(kind)}
    assert people <= set(columns.whole_numbers(sorted(people)))  # people are whole numbers


def test_every_people_count_a_rule_releases_is_protected():
    """Each privacy rule masks people counts only; shares name the count they give away."""
    for fn, rule in privacy.RULES.items():
        name = f"{fn.__module__}.{fn.__qualname__}"
        for column in rule.counts:
            assert columns.COLUMNS[column].role == "people", (name, column)
        for share, count in rule.shares.items():
            assert count in rule.counts, (name, share)
        # a suppressed row keeps its keys and place facts, never a count of people
        assert not columns.people(rule.keep), (name, columns.people(rule.keep))
