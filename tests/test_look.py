"""A test that looks: every page with charts, at a desktop's and a phone's size, in both
languages, measured inside a real browser (Debian's Chromium driven by Playwright).

``tests/look.js`` reads every chart's SVG text where the browser drew it: no tick, data or
legend label is cut by the chart's edge or runs off the page, no two labels overlap, and no
title or caption is wider than the page. Screenshots of every page go to ``artifacts/look/``
(``<page>-<lang>-<width>.png``, the whole page) for a person to look at; CI keeps them.

Skipped (with the reason) where Chromium or Playwright is missing, as the browser tests are.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from evaldash import site
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = pytest.mark.slow

MEASURE = (Path(__file__).with_name("look.js")).read_text(encoding="utf-8")
SIZES = ((1440, 900), (390, 844))
LANGUAGES = ("lv", "en")
PILOT = "IB-BERNI-2018"  # the children's pilot: the catalogue's longest service names
SHOTS = ARTIFACTS / "look"


def chart_pages() -> list[str]:
    return [p.key for p in site.PAGES if p.panels is not None]


def drawn(tab, minimum: int) -> None:
    """Wait until the run has ended and every chart is drawn, and plotly's margins settled."""
    tab.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"] h1', timeout=90_000
    )
    tab.wait_for_function(
        """n => { const c = [...document.querySelectorAll('.js-plotly-plot')];
                  return c.length >= n && c.every(p => p.querySelector('svg.main-svg')); }""",
        arg=minimum,
        timeout=90_000,
    )
    time.sleep(1.5)  # automargin redraws once after the first draw


def screenshot(tab, path: Path, width: int, height: int) -> None:
    """The whole page: the viewport stretched to the app's content, then set back."""
    tall = tab.evaluate(
        "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body).scrollHeight"
    )
    tab.set_viewport_size({"width": width, "height": min(max(height, int(tall) + 40), 12_000)})
    time.sleep(1.0)
    tab.screenshot(path=str(path))
    tab.set_viewport_size({"width": width, "height": height})


@pytest.fixture(scope="module")
def look_url(tmp_path_factory, demo_duckdb_url):
    database = tmp_path_factory.mktemp("look") / "demo.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    yield from serve(database)


def test_every_chart_reads_on_a_desktop_and_a_phone_in_both_languages(look_url):
    from playwright.sync_api import sync_playwright

    from tests.test_browser import MIN_CHARTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    seen = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            tab = browser.new_page(viewport={"width": width, "height": height})
            for lang in LANGUAGES:
                for page in chart_pages():
                    path = "" if page == "overview" else page
                    tab.goto(f"{look_url}{path}?lang={lang}&pilot={PILOT}")
                    drawn(tab, MIN_CHARTS[page])
                    found = tab.evaluate(MEASURE)
                    seen += found["charts"]
                    where = f"{page} ({lang}, {width}x{height})"
                    problems += [f"{where}: {problem}" for problem in found["problems"]]
                    screenshot(tab, SHOTS / f"{page}-{lang}-{width}.png", width, height)
            tab.close()
        browser.close()
    assert seen >= len(SIZES) * len(LANGUAGES) * sum(MIN_CHARTS[p] for p in chart_pages())
    assert problems == [], "\n".join(problems)


def test_the_measure_finds_what_it_looks_for(look_url):
    """The look test's eyes: a cut label, two overlapping labels and a too-wide title are seen."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(f"{look_url}services?lang=en&pilot={PILOT}")
        drawn(tab, 4)
        assert tab.evaluate(MEASURE)["problems"] == []
        tab.evaluate(
            """() => {
              const svg = document.querySelector('.js-plotly-plot svg.main-svg');
              const ns = 'http://www.w3.org/2000/svg';
              for (const [x, text] of [[5, 'first label'], [12, 'second label'],
                                        [-40, 'cut label']]) {
                const t = document.createElementNS(ns, 'text');
                t.setAttribute('x', x); t.setAttribute('y', 20); t.textContent = text;
                svg.appendChild(t);
              }
              const h = document.querySelector('h4') || document.querySelector('h1');
              h.style.whiteSpace = 'nowrap';
              h.textContent = 'A title far too long to fit on a phone '.repeat(4);
            }"""
        )
        problems = tab.evaluate(MEASURE)["problems"]
        browser.close()
    assert any('"first label" overlaps "second label"' in x for x in problems), problems
    assert any('"cut label" is cut' in x for x in problems), problems
    assert any("is wider than the page" in x for x in problems), problems
