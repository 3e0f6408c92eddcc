"""The pages of evaldash, declared once: what each is called, who may open it, what it shows.

Everything that goes over the pages reads :data:`PAGES`: ``app.py``'s menu, the roles' access,
presentation mode and the link's page choices, the views' defaults, ``export``, ``cli`` and
``bench``. Adding a page is one :class:`Page` here, one script in ``pages/`` and, for a page
with charts, one module in :mod:`evaldash.views` (README, "Add a page").

A :class:`Choice` is one of a page's own controls (a rounds box, a slider): its key is the
widget's key and the link's parameter at once, its ``arg`` the keyword of the page's
``panels`` function, and its default what the page shows before anyone chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from evaldash import metrics, views
from evaldash.measures import DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Choice:
    """One of a page's own choices: widget key and link parameter ``key``, keyword ``arg``."""

    key: str
    arg: str
    default: object = None
    parse: Callable[[object], object] = str

    def read(self, choices: Mapping[str, object]) -> object:
        """The choice from ``choices`` (widget values or link texts by key), else the default.

        A value that does not parse (a link edited by hand) gives the default.
        """
        value = choices.get(self.key)
        if value is None or value == "":
            return self.default
        try:
            return self.parse(value)
        except (TypeError, ValueError):
            return self.default


Panels = Callable[..., list["views.Panel | None"]]
Cards = Callable[["views.View"], list["views.Card"]]


@dataclass(frozen=True)
class Page:
    """One page: its URL path ``key`` (also its menu title ``nav.<key>``), script and icon.

    ``roles`` may open it (the local single-user session opens every page); ``panels`` draws
    its charts for exports and presentation mode, called with the view and each of
    ``choices`` as a keyword; ``measures`` are the codes its *Definitions* box explains
    (:mod:`evaldash.measures`); ``cards`` makes its headline figures (KPI cards), which the
    page draws and its exports write.
    """

    key: str
    script: str
    icon: str
    roles: tuple[str, ...]
    panels: Panels | None = None
    choices: tuple[Choice, ...] = ()
    measures: tuple[str, ...] = ()
    cards: Cards | None = None


EVERYONE = ("ministry", "municipality", "public")

SVC_MEASURE = Choice("svc_measure", "measure", "participants")
SVC_UNIT = Choice("svc_unit", "unit")
PROGRESS_FROM = Choice("progress_from", "round_from", parse=int)
PROGRESS_TO = Choice("progress_to", "round_to", parse=int)
PROGRESS_POPULATION = Choice("progress_population", "population", "completers")
PROGRESS_DOMAIN = Choice("progress_domain", "domain")
PROGRESS_PARTICIPANT = Choice("progress_participant", "participant")
GAP_THRESHOLD = Choice("gap_threshold", "threshold", DEFAULT_THRESHOLD, float)
GAP_REGION = Choice("gap_region", "region")
COMPARE_MINE = Choice("compare_mine", "mine")
COMPARE_GROUP = Choice("compare_group", "group", "pilot")
COMPARE_INDICATOR = Choice("compare_indicator", "indicator")
DEFINITIONS_PAGE = Choice("definitions_page", "page", "all")

PAGES: tuple[Page, ...] = (
    Page(
        "overview",
        "pages/overview.py",
        ":material/dashboard:",
        EVERYONE,
        views.overview.panels,
        measures=(
            "participants",
            "cost_eur",
            "budget_spent_share",
            "improved_share",
            "no_provider_services",
        ),
        cards=views.overview.cards,
    ),
    Page(
        "services",
        "pages/services.py",
        ":material/bar_chart:",
        EVERYONE,
        views.services.panels,
        (SVC_MEASURE, SVC_UNIT),
        ("participants", "units", "cost_eur", "delivery_ratio", "delivered_units"),
    ),
    Page(
        "progress",
        "pages/progress.py",
        ":material/trending_up:",
        EVERYONE,
        views.progress.panels,
        (PROGRESS_FROM, PROGRESS_TO, PROGRESS_POPULATION, PROGRESS_DOMAIN, PROGRESS_PARTICIPANT),
        ("improved_share", "missing_reassessment_share"),
    ),
    Page(
        "gaps",
        "pages/gaps.py",
        ":material/location_off:",
        EVERYONE,
        views.gaps.panels,
        (GAP_THRESHOLD, GAP_REGION),
        (
            "delivery_ratio",
            "delivered_units",
            "planned_units",
            "no_provider_services",
            "median_km_to_provider",
        ),
    ),
    Page(
        "compare",
        "pages/compare.py",
        ":material/leaderboard:",
        EVERYONE,
        views.compare.panels,
        (COMPARE_MINE, COMPARE_GROUP, COMPARE_INDICATOR),
    ),
    Page("data", "pages/data.py", ":material/upload_file:", ("ministry", "admin")),
    Page("audit", "pages/audit.py", ":material/policy:", ("admin",)),
    Page(
        "definitions",
        "pages/definitions.py",
        ":material/menu_book:",
        (*EVERYONE, "admin"),
        choices=(DEFINITIONS_PAGE,),
    ),
)
"""Every page, in menu order; the first is the home page (at ``/``)."""


def page(key: str) -> Page:
    """The page at URL path ``key``.

    Raises:
        ValueError: for a key no page has.
    """
    for found in PAGES:
        if found.key == key:
            return found
    raise ValueError(f"no page {key!r}; expected one of {[p.key for p in PAGES]}")


def chart_pages() -> tuple[str, ...]:
    """The pages with charts (exports, presentation, ``report``'s page names), in menu order."""
    return tuple(p.key for p in PAGES if p.panels is not None)


def allowed(role: str, local: bool = False) -> tuple[str, ...]:
    """The pages ``role`` may open, in menu order (``local``: the single-user session, all)."""
    return tuple(p.key for p in PAGES if local or role in p.roles)


def choices(key: str) -> tuple[Choice, ...]:
    """The own choices of page ``key`` (none for an unknown page)."""
    return next((p.choices for p in PAGES if p.key == key), ())


def cards(key: str, v: views.View) -> list[views.Card]:
    """The headline figures (KPI cards) page ``key`` shows for ``v``; none for most pages."""
    found = page(key)
    return [] if found.cards is None else found.cards(v)


def panels(
    key: str, v: views.View, chosen: Mapping[str, object] | None = None
) -> list[views.Panel]:
    """Every panel of page ``key`` for ``v``, with the page's choices or their defaults.

    ``chosen`` maps a choice's key (e.g. ``svc_measure``, ``progress_from``,
    ``gap_threshold``, ``compare_mine``) to a widget value or link text; anything left out
    takes the page's default.

    Raises:
        ValueError: for a page without charts.
    """
    found = page(key)
    if found.panels is None:
        raise ValueError(f"page {key!r} has no charts; expected one of {list(chart_pages())}")
    given = chosen or {}
    kwargs = {c.arg: c.read(given) for c in found.choices}
    with metrics.shared():  # the page's metrics share their common groupings
        made = found.panels(v, **kwargs)
    return [p for p in made if p is not None]
