"""The data package: tables, their columns, and what each column holds.

A public interface (documented in the README): the table and column names must not change.
One ``.xlsx`` workbook with one sheet per table, or CSV files named ``<table>.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "text",  # free text, stripped; max_length applies
    "code",  # an identifier: stripped, case kept; max_length applies
    "int",
    "number",  # decimal point or decimal comma
    "date",  # 2019-02-10, 10.02.2019, an Excel date or serial number
    "date_or_month",  # a date, or a month 2019-02 / 02.2019 (usage only)
    "bool",  # yes/no, jā/nē, true/false, 1/0
    "sex",  # F/M (also S/V, sieviete/vīrietis, female/male)
    "unit",  # session/hour/day/trip (also nodarbība/stunda/diena/brauciens)
    "municipality",  # name (LV/EN, any case, with or without diacritics), old name, ISO code
    "service",  # service code or its Latvian or English name
    "category",  # a service category code
]


@dataclass(frozen=True)
class Column:
    """One column of a package table."""

    name: str
    kind: Kind
    required: bool = False
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    """One package table: its columns and the columns that identify a row.

    In the fact tables (assessments, plans, usage) the optional ``pilot_id`` says which pilot's
    participant a code names; it is needed only where two pilots use the same code.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        """Return the column names in package order."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """Return the names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return next(c for c in self.columns if c.name == name)


# A service's short name labels charts (the full name is in the hover and the tables): it must
# fit a chart's axis on a phone.
SHORT_NAME_LENGTH = 30


def _c(name: str, kind: Kind, required: bool = False, **limits: float | int) -> Column:
    return Column(name, kind, required, **limits)  # type: ignore[arg-type]


TABLES: tuple[Table, ...] = (
    Table(
        "pilots",
        (
            _c("pilot_id", "code", True, max_length=64),
            _c("name", "text", True, max_length=200),
            _c("target_group", "text", max_length=200),
            _c("start_date", "date"),
            _c("end_date", "date"),
        ),
        key=("pilot_id",),
    ),
    Table(
        "participants",
        (
            _c("participant_id", "code", True, max_length=64),
            _c("pilot_id", "code", True, max_length=64),
            _c("municipality", "municipality", True),
            _c("sex", "sex"),
            _c("birth_year", "int", minimum=1900, maximum=2100),
            _c("enrolled_on", "date"),
            _c("left_on", "date"),
            _c("budget_eur", "number", minimum=0, maximum=10_000_000),
        ),
        key=("pilot_id", "participant_id"),
    ),
    Table(
        "domains",
        (
            _c("domain", "code", True, max_length=64),
            _c("name_lv", "text", max_length=200),
            _c("name_en", "text", max_length=200),
            _c("scale_min", "number", True),
            _c("scale_max", "number", True),
            _c("higher_is_better", "bool", True),
            _c("mid", "number", minimum=0),
        ),
        key=("domain",),
    ),
    Table(
        "assessments",
        (
            _c("participant_id", "code", True, max_length=64),
            _c("round", "int", True, minimum=1, maximum=99),
            _c("assessed_on", "date", True),
            _c("domain", "code", True, max_length=64),
            _c("score", "number", True),
            _c("pilot_id", "code", max_length=64),
        ),
        key=("participant_id", "round", "domain"),
    ),
    Table(
        "services",
        (
            _c("service_code", "code", True, max_length=40),
            _c("name_lv", "text", True, max_length=200),
            _c("name_en", "text", max_length=200),
            _c("name_short_lv", "text", max_length=SHORT_NAME_LENGTH),
            _c("name_short_en", "text", max_length=SHORT_NAME_LENGTH),
            _c("category", "category"),
            _c("unit", "unit", True),
        ),
        key=("service_code",),
    ),
    Table(
        "plans",
        (
            _c("participant_id", "code", True, max_length=64),
            _c("round", "int", True, minimum=1, maximum=99),
            _c("service", "service", True),
            _c("planned_units", "number", True, minimum=0, maximum=1_000_000),
            _c("priority", "int", minimum=1, maximum=999),
            _c("pilot_id", "code", max_length=64),
        ),
        key=("participant_id", "round", "service"),
    ),
    Table(
        "usage",
        (
            _c("participant_id", "code", True, max_length=64),
            _c("service", "service", True),
            _c("delivered_on", "date_or_month", True),
            _c("units", "number", True, minimum=0, maximum=100_000),
            _c("cost_eur", "number", minimum=0, maximum=10_000_000),
            _c("provider_id", "code", max_length=64),
            _c("pilot_id", "code", max_length=64),
        ),
        key=("participant_id", "service", "delivered_on", "provider_id"),
    ),
    Table(
        "providers",
        (
            _c("provider_id", "code", True, max_length=64),
            _c("name", "text", True, max_length=200),
            _c("service", "service", True),
            _c("municipality", "municipality", True),
            _c("outreach", "bool"),
        ),
        key=("provider_id", "service", "municipality"),
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# The order in which tables are validated and written: referenced tables first.
ORDER: tuple[str, ...] = tuple(t.name for t in TABLES)
DEFAULT_MID = 1.0
