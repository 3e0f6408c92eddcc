"""The page registry: a page is declared once, and everything that goes over pages follows it.

The proof is a throw-away page (``tests/pages/throwaway.py`` and a views function here)
registered for one test: the menu, the roles, the link's choice, presentation mode, the
exports and the command line all take it up without another line changed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from evaldash import cli, export, i18n, site, ui, views
from evaldash.auth import Scope
from evaldash.demo import CHILDREN_PILOT
from evaldash.filters import Filters
from evaldash.views.base import Panel, localized

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SIZE = site.Choice("throwaway_bars", "bars", 3, int)


@localized
def _bars(v: views.View, bars: int) -> Panel:
    table = pd.DataFrame({"bar": range(1, bars + 1), "height": range(1, bars + 1)})
    figure = go.Figure(go.Bar(x=table["bar"], y=table["height"]))
    title = f"Throw-away bars (n = {bars})"
    return Panel("throwaway_bars", title, figure, table, f"{bars} bars.")


def _panels(v: views.View, *, bars: int) -> list[Panel | None]:
    return [_bars(v, bars)]


THROWAWAY = site.Page(
    "throwaway",
    "tests/pages/throwaway.py",
    ":material/science:",
    ("ministry", "public"),
    _panels,
    (SIZE,),
    ("participants",),
)


@pytest.fixture
def registered(monkeypatch, demo_duckdb_url):
    """The throw-away page in the registry (and its menu title), on the demo database."""
    monkeypatch.setattr(site, "PAGES", (*site.PAGES, THROWAWAY))
    monkeypatch.setitem(i18n.STRINGS, "nav.throwaway", {"lv": "Izmēģinājums", "en": "Trial"})
    monkeypatch.setenv("EVALDASH_DB_URL", demo_duckdb_url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    return demo_duckdb_url


def test_each_page_is_declared_once():
    keys = [p.key for p in site.PAGES]
    assert len(keys) == len(set(keys))
    choice_keys = [c.key for p in site.PAGES for c in p.choices]
    assert len(choice_keys) == len(set(choice_keys)), "a widget key belongs to one page"
    scripts = sorted(Path(p.script).name for p in site.PAGES)
    root = Path(APP).parent
    assert scripts == sorted(p.name for p in (root / "pages").glob("*.py"))
    with pytest.raises(ValueError, match="no page 'nowhere'"):
        site.page("nowhere")


def test_a_choice_reads_widget_values_and_link_texts():
    threshold = site.GAP_THRESHOLD
    assert threshold.read({}) == threshold.default
    assert threshold.read({"gap_threshold": "0.9"}) == 0.9  # from a link
    assert threshold.read({"gap_threshold": 0.75}) == 0.75  # from the widget
    assert threshold.read({"gap_threshold": "lots"}) == threshold.default  # a hand-edited link


def test_a_registered_page_is_in_the_menu_and_the_link_sets_its_choice(registered):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["throwaway_bars"] = "5"
    at.switch_page("tests/pages/throwaway.py").run()
    assert not at.exception
    assert at.title[0].value == "Trial"
    assert at.selectbox(key="throwaway_bars").value == 5
    [chart] = at.get("plotly_chart")
    assert len(chart.proto.spec) > 0
    assert "throwaway" in ui.allowed_pages(Scope("public"))
    assert "throwaway" not in ui.allowed_pages(Scope("municipality", "LV-097"))


def test_a_registered_page_is_presented_with_its_choice(registered):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in {"throwaway_bars": "7", "present": "1", "lang": "en"}.items():
        at.query_params[key] = value
    at.switch_page("tests/pages/throwaway.py").run()
    assert not at.exception
    assert at.title[0].value == "Throw\\-away bars \\(n = 7\\)"
    assert at.caption[0].value == "1 of 1"


def test_a_registered_page_is_exported_and_offered_by_the_command_line(registered, demo_engine):
    v = views.View.direct(demo_engine, Filters(CHILDREN_PILOT), "en")
    assert "throwaway" in site.chart_pages()
    [item] = site.panels("throwaway", v, {"throwaway_bars": "5"})
    assert item.title == "Throw-away bars (n = 5)" and item.view == v
    deck = export.deck(v, "Trial", ["throwaway"])
    assert [p.key for p in deck.panels] == ["throwaway_bars"]
    book = export.write(deck, "xlsx")
    assert book[:2] == b"PK"  # a workbook (a zip)
    args = cli.build_parser().parse_args(
        ["export", "--format", "xlsx", "--output", "x.xlsx", "--page", "throwaway"]
    )
    assert args.page == ["throwaway"]


@pytest.mark.parametrize("key", site.chart_pages())
def test_a_page_draws_the_panels_its_exports_hold(key, demo_duckdb_url, monkeypatch):
    """A page script and its views' panels list the same charts in the same order, with
    the same titles: what the page shows is what its export and slides hold. (Compare shows
    one domain's funnel at a time, chosen on the page; its export holds every domain's.)"""
    from evaldash.db.engine import make_engine
    from evaldash.ui.links import PANELS

    monkeypatch.setenv("EVALDASH_DB_URL", demo_duckdb_url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["pilot"] = CHILDREN_PILOT
    at.switch_page(site.page(key).script).run()
    assert not at.exception
    shown = [(item.key, item.title) for item, _ in at.session_state[PANELS]]
    engine = make_engine(demo_duckdb_url)
    v = views.View.direct(engine, Filters(CHILDREN_PILOT), "en")
    exported = [(item.key, item.title) for item in site.panels(key, v)]
    engine.dispose()
    if key == "overview":  # the question cards are drawn small, without a panel
        exported = [p for p in exported if not p[0].startswith("q_")]
    if key == "compare":
        domains = [p for p in exported if p[0].startswith("compare_funnel_improved_share.")]
        assert domains[0] in shown  # the first domain is the page's default
        exported = [p for p in exported if p not in domains[1:]]
    assert shown == exported
