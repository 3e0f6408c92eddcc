"""One frozen set of filters shared by every view, report and export.

``Filters`` builds SQLAlchemy WHERE clauses (values always bound, never formatted into SQL)
and describes itself in words for the caption under each chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.sql import ColumnElement

from evaldash.db import schema
from evaldash.i18n import fmt_period, t
from evaldash.measures import AGE_GROUPS, age_at


@dataclass(frozen=True)
class Filters:
    """The current selection. Empty tuples mean "all"."""

    pilot_id: str
    regions: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    period_from: date | None = None
    period_to: date | None = None
    categories: tuple[str, ...] = ()
    sex: tuple[str, ...] = ()
    age_groups: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        known = {code for code, _, _ in AGE_GROUPS}
        unknown = set(self.age_groups) - known
        if unknown:
            raise ValueError(
                f"unknown age groups {sorted(unknown)}; expected some of {sorted(known)}"
            )
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise ValueError(f"period starts {self.period_from} after it ends {self.period_to}")

    def participant_clauses(self) -> list[ColumnElement[bool]]:
        """Clauses on ``participant`` (and ``municipality`` for regions) for this selection."""
        p = schema.participant
        clauses = self._who(p)
        if self.age_groups:
            clauses.append(sa.or_(*(self._age_clause(code) for code in self.age_groups)))
        return clauses

    def cell_clauses(self, cells: sa.Table) -> list[ColumnElement[bool]]:
        """:meth:`participant_clauses` on a summary table of participant cells.

        ``cells`` has the columns pilot_id, municipality_code, sex and age_group (the code of
        :data:`AGE_GROUPS` at enrolment), as ``usage_month`` and ``assessment_round`` do.
        """
        clauses = self._who(cells)
        if self.age_groups:
            clauses.append(cells.c.age_group.in_(self.age_groups))
        return clauses

    def _who(self, table: sa.Table) -> list[ColumnElement[bool]]:
        """Pilot, municipality, region and sex clauses on ``table``'s columns of those names."""
        m = schema.municipality
        clauses: list[ColumnElement[bool]] = [table.c.pilot_id == self.pilot_id]
        if self.municipalities:
            clauses.append(table.c.municipality_code.in_(self.municipalities))
        if self.regions:
            in_region = sa.select(m.c.municipality_code).where(m.c.region_code.in_(self.regions))
            clauses.append(table.c.municipality_code.in_(in_region))
        if self.sex:
            clauses.append(table.c.sex.in_(self.sex))
        return clauses

    def participant_keys(self) -> sa.Select:
        """Return ``SELECT participant_key`` of the selected participants."""
        p = schema.participant
        return sa.select(p.c.participant_key).where(*self.participant_clauses())

    def _age_clause(self, code: str) -> ColumnElement[bool]:
        p = schema.participant
        low, high = next((lo, hi) for c, lo, hi in AGE_GROUPS if c == code)
        return age_at(p.c.enrolled_on, p.c.birth_year).between(low, high)

    def usage_clauses(self) -> list[ColumnElement[bool]]:
        """Clauses on ``service_usage`` (and ``service`` for categories) for this selection."""
        u = schema.service_usage
        clauses: list[ColumnElement[bool]] = []
        if self.period_from:
            clauses.append(u.c.delivered_on >= self.period_from)
        if self.period_to:
            clauses.append(u.c.delivered_on <= self.period_to)
        return clauses + self.category_clauses(u.c.service_code)

    def category_clauses(self, service_code: ColumnElement[str]) -> list[ColumnElement[bool]]:
        """A clause keeping ``service_code`` to the selected service groups (none for all)."""
        if not self.categories:
            return []
        s = schema.service
        in_category = sa.select(s.c.service_code).where(s.c.category.in_(self.categories))
        return [service_code.in_(in_category)]

    def describe(self, lang: str, names: dict[str, str] | None = None) -> str:
        """Say the selection in words, e.g. "pilot X, Talsu novads, 10.02.2019 – 31.10.2019".

        ``names`` maps codes (pilot, municipality, region, category) to display names.
        """
        names = names or {}
        parts = [t("filters.pilot", lang, pilot=names.get(self.pilot_id, self.pilot_id))]
        for codes in (self.regions, self.municipalities, self.categories):
            if codes:
                parts.append(", ".join(names.get(c, c) for c in codes))
        if self.sex:
            parts.append(", ".join(t(f"sex.{s}", lang) for s in self.sex))
        if self.age_groups:
            parts.append(t("filters.ages", lang, groups=", ".join(self.age_groups)))
        if self.period_from or self.period_to:
            parts.append(fmt_period(self.period_from, self.period_to, lang))
        return "; ".join(parts)
