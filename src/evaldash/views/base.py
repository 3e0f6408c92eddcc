"""What every page's panels are made of: :class:`Panel`, :class:`View`, and their decoration.

No Streamlit here. Data come through :attr:`View.fetch`, called as
``fetch(metric_function, filters, *args)``: the pages' cached metric calls, or direct calls
for the command line (:meth:`View.direct`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from evaldash import charts, privacy
from evaldash.auth import Scope
from evaldash.filters import Filters
from evaldash.i18n import (
    fmt_date,
    t,
)
from evaldash.metrics import catalog

Fetch = Callable[..., pd.DataFrame]


MONTH_FORMAT = {"lv": "%m.%Y", "en": "%Y-%m"}  # d3 time formats for chart month ticks


SEPARATORS = {"lv": ",\u00a0", "en": ".,"}  # plotly: decimal point, then thousands separator


@dataclass(frozen=True)
class Panel:
    """One chart of a page with what belongs to it.

    ``key`` is stable (file and sheet names); ``title`` the chart's title (it states n and
    the period); ``table`` the data behind the chart; ``takeaway`` one sentence for a slide;
    ``notes`` texts shown under the chart on screen; ``view`` the view it was made in (its
    caption; Compare's panels are made in a view of all municipalities of the group).
    """

    key: str
    title: str
    figure: go.Figure
    table: pd.DataFrame
    takeaway: str
    notes: tuple[str, ...] = ()
    view: View | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Card:
    """One headline figure of a page (a KPI card), as the page shows it and exports write it.

    ``key`` is stable; ``label`` names the figure; ``value`` is the number (None when there
    is none, or when privacy hides it), ``text`` the value as the page writes it (the reason
    when it is hidden), ``kind`` how a table writes the number (:data:`evaldash.columns.SHOWN`);
    ``help`` explains it; ``delta`` is the line under the value, if any.
    """

    key: str
    label: str
    value: float | None
    text: str
    kind: str
    help: str
    delta: str | None = None


@dataclass(frozen=True)
class View:
    """What every panel needs: the filters, the language, names, data access.

    ``source`` says where the data come from and when they were updated; ``notes`` are added
    to the caption (e.g. the comparison group); ``centres`` are every municipality's centre,
    the faint outline of the gaps map; ``labels`` are short names for chart axes
    (:func:`evaldash.metrics.catalog.labels`).
    """

    f: Filters
    lang: str
    names: Mapping[str, str] = field(repr=False)
    domains: Mapping[str, str] = field(repr=False)
    source: str
    fetch: Fetch = field(repr=False, compare=False)
    centres: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    notes: tuple[str, ...] = ()
    scope: Scope = field(default_factory=Scope.local)
    labels: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def direct(cls, engine: Engine, f: Filters, lang: str, scope: Scope | None = None) -> View:
        """A view on ``engine`` without Streamlit: metrics read once each, as ``scope`` may.

        ``f`` is narrowed to what ``scope`` may select (:func:`evaldash.privacy.released`).
        """
        scope = scope or Scope.local()
        memo: dict[tuple, pd.DataFrame] = {}

        def fetch(fn: Callable[..., pd.DataFrame], filters: Filters, *args: object) -> pd.DataFrame:
            key = (fn.__module__, fn.__qualname__, filters, args)
            if key not in memo:
                memo[key] = privacy.read(engine, scope, fn, filters, *args)
            return memo[key].copy()

        updated = catalog.last_update(engine)
        return cls(
            privacy.released(scope, f)[0],
            lang,
            catalog.names(engine, lang),
            catalog.domain_names(engine, lang),
            source_text(updated.date() if updated is not None else None, lang),
            fetch,
            catalog.centres(engine),
            scope=scope,
            labels=catalog.labels(engine, lang),
        )

    @property
    def selection(self) -> str:
        """The selection in words: "Selection: pilot ..., Kurzeme, 01.2019 – 06.2019."."""
        words = self.f.describe(self.lang, dict(self.names))
        return t("filters.caption", self.lang, text=words) + "."

    @property
    def caption(self) -> str:
        """The text under every chart: the selection in words, the notes, the source."""
        return " ".join([self.selection, *self.notes, self.source])


def source_text(updated: object, lang: str) -> str:
    """Return "Source: evaldash database, data updated <date>."."""
    return t("source.caption", lang, date=fmt_date(updated, lang))


def localized(build: Callable[..., Panel | None]) -> Callable[..., Panel | None]:
    """Give a panel's figure the language's separators, a note when figures are hidden, its view."""

    @functools.wraps(build)
    def wrapper(v: View, *args: object, **kwargs: object) -> Panel | None:
        item = build(v, *args, **kwargs)
        if item is not None:
            charts.localize(item.figure, v.lang, SEPARATORS[v.lang])
            note = t("privacy.note", v.lang, k=v.scope.k)
            if privacy.hidden_any(item.table) and note not in item.notes:
                item = replace(item, notes=(*item.notes, note))
            item = replace(item, view=v)
        return item

    return wrapper
