"""The real app in a real browser: Debian's Chromium driven by Playwright.

Skipped (with the reason) where Chromium or Playwright is missing; ``.ci/run`` installs both.
Screenshots go to ``artifacts/`` for a human to look at.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("EVALDASH_BROWSER", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow

# The browser has fetched Streamlit's Plotly chunk (its Resource Timing entry).
CHART_LIBRARY_FETCHED = """() => performance.getEntriesByType('resource')
  .some(e => /\\/static\\/js\\/PlotlyChart\\.[^/]*\\.js$/.test(e.name) && e.responseEnd > 0)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, demo_duckdb_url) -> Iterator[str]:
    database = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    yield from serve(database)


def serve(
    database: Path, log: Path | None = None, *, port: int | None = None, args: Sequence[str] = ()
) -> Iterator[str]:
    """Run the app on ``database`` on 127.0.0.1 (``port``, default a free one); yield its URL.

    ``args`` are more options for ``streamlit run`` (e.g. ``--secrets.files``). The server's
    output, its log, goes to the file ``log`` (default: beside the database), never to a pipe
    nobody reads, which would stop the server once the pipe is full.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: apt-get install chromium (or set EVALDASH_BROWSER)"
        )
    pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    port = port or free_port()
    env = {**os.environ, "EVALDASH_DB_URL": f"duckdb:///{database}", "EVALDASH_LANG": "lv"}
    log = log or database.with_suffix(".log")
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_until_healthy(url, server, log)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=20)


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {seconds} s")


@pytest.fixture
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 1000})
        tab.goto(app_url)
        tab.wait_for_selector(".js-plotly-plot", timeout=60_000)
        yield tab
        browser.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0


def outside(url: str, app_url: str) -> bool:
    """Whether the browser's request for ``url`` goes to another host than the app's own."""
    parts = urlparse(url)
    if parts.scheme == "data":  # bytes inside the page: nothing leaves the browser
        return False
    if parts.scheme == "blob":  # made by the page, named after the page's origin
        parts = urlparse(parts.path)
    return parts.netloc != urlparse(app_url).netloc


def recorded(context, app_url: str) -> tuple[list[str], list[str]]:
    """Record every request of the browser ``context`` (pages, downloads, WebSockets).

    Returns two lists that fill as the browser works: every URL requested, and each
    answer of 400 or more as "status URL".
    """
    requests: list[str] = []
    failed: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    context.on("page", lambda tab: tab.on("websocket", lambda ws: requests.append(ws.url)))
    return requests, failed


# Streamlit's own frontend looks for its server at the page's path first, then at its parent
# (function PD in streamlit/static/static/js/index.*.js, unless the page sets
# window.__streamlit.BACKEND_BASE_URL, which the app cannot): a page opened at /services asks
# for /services/_stcore/health and /services/_stcore/host-config, which Streamlit's server
# answers 404 on purpose (_RESERVED_STATIC_PATH_SUFFIXES), then for /_stcore/health. These
# two are the only 404s a page's address may cause; the server does not log them (README).
STREAMLIT_PROBE = re.compile(r"404 http://[^/]+/[a-z]+/_stcore/(health|host-config)")


def test_first_visit_straight_to_a_page_after_server_start(app_url):
    # Runs first in this module: the server has not yet seen st.navigation, so Streamlit
    # would run pages/data.py without app.py unless the page recovers (ui.context).
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 1000})
        tab.goto(app_url + "data")
        expect(tab.locator("h1").first).to_have_text("Dati: imports un kvalitāte", timeout=60_000)
        assert tab.url.endswith("/data")
        expect(tab.locator('[data-testid="stSidebarNav"]')).to_contain_text("Pārskats")
        assert_no_exception(tab)
        browser.close()


@pytest.mark.parametrize(
    "headers",
    [{"X-Forwarded-For": "203.0.113.5"}, {"X-Real-IP": "203.0.113.5"}],
    ids=["x-forwarded-for", "x-real-ip"],
)
def test_a_client_through_a_same_host_proxy_gets_no_local_session(app_url, headers):
    """What a same-host proxy sends: the connection is from 127.0.0.1, its headers say whose."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1440, "height": 900}, extra_http_headers=headers)
        tab.goto(f"{app_url}services?lang=en")
        expect(tab.locator('[data-testid="stAlert"]').first).to_contain_text(
            "opens only in a browser on the computer it runs on", timeout=60_000
        )
        tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        assert tab.locator(".js-plotly-plot").count() == 0
        assert tab.locator('[data-testid="stDataFrame"]').count() == 0
        assert tab.locator('[data-testid="stMetric"]').count() == 0
        expect(tab.locator('[data-testid="stSidebarNav"]')).to_be_hidden()
        browser.close()


def test_overview_in_the_browser_switch_pilot_and_language(page):
    ARTIFACTS.mkdir(exist_ok=True)
    assert page.locator("h1").first.inner_text() == "Pārskats"
    assert "Demonstrācijas dati" in page.locator('[data-testid="stAlert"]').first.inner_text()
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(5)
    assert page.locator(".js-plotly-plot .bars").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "overview-lv.png"), full_page=True)

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="Individuālā budžeta modelis bērniem").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('h3')].some(h => h.innerText.includes('bērniem'))",
        timeout=60_000,
    )
    # The children's pilot has three evaluation rounds (the adults' two); wait for the rerun.
    expect(page.locator('[data-testid="stMetric"]').nth(2)).to_have_text(re.compile(r"3\s*$"))
    assert_no_exception(page)

    sidebar.get_by_role("radio", name="English").click()
    page.wait_for_function(
        "() => document.querySelector('h1')?.innerText == 'Overview'",
        timeout=60_000,
    )
    # While the page reruns, old charts may still stand beside the new ones for a moment.
    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('h4')]"
        ".map(e => e.textContent);"
        " return t.some(x => x.startsWith('Spending by month'))"
        " && t.some(x => x.startsWith('Most-used services'))"
        " && !t.some(x => x.startsWith('Izdevumi') || x.startsWith('Visvairāk')); }",
        timeout=60_000,
    )
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "overview-en.png"), full_page=True)


# Charts each page must show on the demo's newest pilot (the Data and Audit log pages have none);
# the local session (no accounts) has every page.
MIN_CHARTS = {
    "overview": 4,
    "services": 4,
    "progress": 5,
    "gaps": 2,
    "compare": 5,
    "data": 0,
    "audit": 0,
    "definitions": 0,
}


def test_every_page_from_the_navigation(page):
    ARTIFACTS.mkdir(exist_ok=True)
    links = page.locator('[data-testid="stSidebarNav"] a')
    paths = [
        urlparse(links.nth(i).get_attribute("href")).path.strip("/") or "overview"
        for i in range(links.count())
    ]
    assert set(paths) == set(MIN_CHARTS), paths
    for index, path in enumerate(paths):
        heading = page.locator("h1").first.inner_text()
        page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
        if index:
            expect(page.locator("h1").first).not_to_have_text(heading, timeout=60_000)
        if MIN_CHARTS[path]:
            page.wait_for_function(
                "n => document.querySelectorAll('.js-plotly-plot').length >= n",
                arg=MIN_CHARTS[path],
                timeout=60_000,
            )
        elif path == "data":
            page.wait_for_selector('[data-testid="stFileUploader"]', timeout=60_000)
        assert_no_exception(page)
        page.screenshot(path=str(ARTIFACTS / f"page-{path}.png"), full_page=True)


def test_a_copied_link_reopens_the_same_view(page, app_url):
    page.goto(app_url + "services?lang=en&pilot=IB-BERNI-2018&f_regions=KUR&svc_measure=cost")
    expect(page.locator("h1").first).to_have_text("Most-used services", timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('h4')]"
        ".some(e => e.textContent.startsWith('Services by cost'))",
        timeout=60_000,
    )
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.locator('[data-testid="stMultiSelect"]').first).to_contain_text("Kurzeme")
    pilot = sidebar.get_by_role("combobox", name="Pilot")
    expect(pilot).to_have_value(re.compile("bērniem"))
    assert_no_exception(page)
    # Choices made on the page go into the URL as codes, defaults stay out of it.
    sidebar.get_by_role("radio", name="Latviešu").click()
    expect(page.locator("h1").first).to_have_text("Visvairāk izmantotie pakalpojumi")
    page.wait_for_function("() => !location.search.includes('lang=')", timeout=30_000)
    assert "f_regions=KUR" in page.url and "svc_measure=cost" in page.url
    # Another page keeps the shared filters and drops this page's own choices.
    page.locator('[data-testid="stSidebarNav"] a[href$="/progress"]').click()
    expect(page.locator("h1").first).to_have_text("Progress starp izvērtēšanas kārtām")
    page.wait_for_function("() => !location.search.includes('svc_measure')", timeout=30_000)
    assert "pilot=IB-BERNI-2018" in page.url and "f_regions=KUR" in page.url


def test_a_typed_period_applies_on_enter(page, app_url):
    # Streamlit's date input applies a typed date when the field is left; Enter must too.
    page.goto(app_url + "?lang=en&pilot=IB-GRT-2019")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("spinbutton", name="year, Period start date").click()
    page.keyboard.type("20200101")
    page.keyboard.press("Tab")  # to the last day
    page.keyboard.type("20200630")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => location.search.includes('f_period=2020-01-01&f_period=2020-06-30')",
        timeout=30_000,
    )
    captions = page.locator('[data-testid="stCaptionContainer"]')
    expect(captions.filter(has_text="2020-01-01 – 2020-06-30").first).to_be_visible(timeout=60_000)
    assert_no_exception(page)


def test_the_overview_answers_at_its_own_path_too(page, app_url):
    """``/overview`` opens the overview at ``/`` with the link's choices, in either language.

    Streamlit serves the home page at ``/`` only and answered ``/overview`` with its English
    "Page not found" dialog.
    """
    for lang, heading in (("lv", "Pārskats"), ("en", "Overview")):
        page.goto(app_url + f"overview?lang={lang}&pilot=IB-BERNI-2018&f_regions=KUR")
        expect(page.locator("h1").first).to_have_text(heading, timeout=60_000)
        page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot').length >= n", arg=4, timeout=60_000
        )
        expect(page.locator("h3").first).to_contain_text("bērniem")
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar.locator('[data-testid="stMultiSelect"]').first).to_contain_text("Kurzeme")
        assert urlparse(page.url).path == "/"
        assert "pilot=IB-BERNI-2018" in page.url and "f_regions=KUR" in page.url
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert_no_exception(page)


def settled(tab) -> None:
    """Wait until the page's run has ended and its title is drawn."""
    tab.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"] h1', timeout=60_000
    )


TITLES = {"overview": "nav.overview"}  # the other pages' titles are "<page>.title"


def test_a_tour_of_every_page_and_download_fetches_nothing_outside_and_logs_no_error(
    tmp_path, demo_duckdb_url
):
    """Every page opened by its address; every download of the first page with charts, and
    the PNG images (every chart of the page drawn) and the workbook of the others.

    Nothing may be fetched from the internet: every request goes to the app's own server.
    The server's log (its standard output and error) holds no traceback and no 404. (Each
    format of every page is checked in tests/test_export.py; a drawn format starts a browser
    in the server for some seconds, so the tour draws each page once.)
    """
    from playwright.sync_api import sync_playwright

    from evaldash import export, site
    from evaldash.i18n import t

    database = tmp_path / "tour.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    log = tmp_path / "server.log"
    for url in serve(database, log):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            requests, failed = recorded(context, url)
            tab = context.new_page()
            for page in site.PAGES:
                tab.goto(url + page.key)  # by its address, as a shared link opens it
                title = t(TITLES.get(page.key, f"{page.key}.title"), "lv")
                expect(tab.locator("h1").first).to_have_text(title, timeout=60_000)
                tab.wait_for_function(
                    "n => document.querySelectorAll('.js-plotly-plot').length >= n",
                    arg=MIN_CHARTS[page.key],
                    timeout=60_000,
                )
                settled(tab)
                assert_no_exception(tab)
                if page.panels is None:
                    continue
                sidebar = tab.locator('[data-testid="stSidebar"]')
                sidebar.get_by_text(t("export.heading", "lv")).click()
                formats = export.FORMATS if page.key == "overview" else ("png", "xlsx")
                for fmt in formats:
                    # longer than an export may wait for its browser (export.DRAW_SECONDS)
                    try:
                        with tab.expect_download(timeout=240_000) as download:
                            sidebar.get_by_role("button", name=t(f"export.{fmt}", "lv")).click()
                    except Exception as exc:  # say why: the server's log of the export
                        tail = log.read_text(encoding="utf-8")[-6000:]
                        raise AssertionError(f"{page.key} {fmt}: {exc}\n{tail}") from exc
                    made = tmp_path / download.value.suggested_filename
                    download.value.save_as(made)
                    assert made.stat().st_size > 0 and f"-{page.key}-" in made.name
                assert_no_exception(tab)
            browser.close()
        assert requests, "the browser's requests were not recorded"
        assert [r for r in requests if outside(r, url)] == []
        assert [f for f in failed if not STREAMLIT_PROBE.fullmatch(f)] == []
        output = log.read_text(encoding="utf-8")
        assert "Traceback" not in output, output
        assert not re.search(r"\b404\b", output), output


def test_download_the_view_as_a_latvian_powerpoint(page, app_url, tmp_path):
    from pptx import Presentation

    page.goto(app_url + "services?pilot=IB-GRT-2019&f_regions=KUR")
    expect(page.locator("h1").first).to_have_text("Visvairāk izmantotie pakalpojumi")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n", arg=4, timeout=60_000
    )
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Lejupielādēt šo skatu").click()
    with page.expect_download(timeout=120_000) as download:
        sidebar.get_by_role("button", name="PowerPoint (.pptx)").click()
    from evaldash.i18n import t

    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    today = datetime.date.today().isoformat()  # the name says page, format and date
    assert path.name == f"evaldash-IB-GRT-2019-services-{today}.pptx"
    slides = list(Presentation(str(path)).slides)
    assert len(slides) == 1 + 4 + 1  # the title slide, the page's four charts, definitions
    assert "Kurzeme" in slides[0].placeholders[1].text
    assert slides[1].shapes.title.text.startswith("Pakalpojumi pēc saņēmēju skaita")
    assert slides[-1].shapes.title.text == t("export.definitions", "lv")
    assert_no_exception(page)


def test_presentation_mode_with_the_keyboard(page, app_url, tmp_path):
    page.goto(app_url + "progress?lang=en&pilot=IB-BERNI-2018&present=1")
    heading = page.locator("h1").first
    expect(heading).to_have_text(re.compile("^Median change by domain"), timeout=60_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.locator(".js-plotly-plot").count() == 1
    page.keyboard.press("ArrowRight")
    expect(heading).to_have_text(re.compile("^Improved, unchanged, declined"), timeout=30_000)
    page.wait_for_function("() => location.search.includes('slide=2')", timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "presentation.png"))
    # The presenter takes the slides along: the same charts as a PowerPoint.
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="PowerPoint (.pptx)").click()
    from pptx import Presentation

    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    # the title, the five progress charts and the definitions
    assert len(Presentation(str(path)).slides) == 1 + 5 + 1
    page.keyboard.press("Escape")
    expect(heading).to_have_text("Progress between evaluation rounds", timeout=30_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    assert "present=" not in page.url and "slide=" not in page.url
    page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name="Presentation mode"
    ).click()
    expect(heading).to_have_text(re.compile("^Median change by domain"), timeout=30_000)
    assert_no_exception(page)


def test_sign_in_with_an_account(tmp_path, demo_duckdb_url):
    """A link survives the sign-in, which a refresh and a new tab keep until signing out."""
    from playwright.sync_api import sync_playwright

    from evaldash import auth
    from evaldash.db.engine import make_engine

    database = tmp_path / "accounts.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    engine = make_engine(f"duckdb:///{database}")
    auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
    engine.dispose()
    link = "services?lang=en&pilot=IB-BERNI-2018"  # a link straight to a page, in English
    for url in serve(database):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            requests, _ = recorded(context, url)  # the sign-in fetches nothing from outside
            tab = context.new_page()
            tab.goto(url + link)
            expect(tab.locator("h1").first).to_have_text("Sign in", timeout=60_000)
            assert tab.locator(".js-plotly-plot").count() == 0
            # No list of the app's files (app, audit, compare, ...) in place of the menu.
            expect(tab.locator('[data-testid="stSidebarNav"]')).to_be_hidden()
            # No chart here, yet the chart library is loaded while the user signs in; the
            # element that asks for it takes no room.
            tab.wait_for_function(CHART_LIBRARY_FETCHED, timeout=30_000)
            preload = tab.locator(".st-key-evaldash_chart_library")
            expect(preload).to_have_count(1)
            expect(preload).to_be_hidden()
            tab.get_by_label("User name").fill("anna")
            tab.get_by_label("Password", exact=True).fill("not it at all")
            tab.get_by_role("button", name="Sign in").click()
            expect(tab.locator('[data-testid="stAlert"]').first).to_contain_text("Wrong")
            tab.get_by_label("Password", exact=True).fill("ministry pass phrase")
            tab.get_by_role("button", name="Sign in").click()
            signed_in_on_services(tab, link)
            cookies = {c["name"]: c for c in context.cookies()}
            kept = cookies[auth.SESSION_COOKIE]
            assert kept["sameSite"] == "Strict" and kept["path"] == "/" and kept["expires"] > 0
            tab.reload()  # a refresh keeps the sign-in
            signed_in_on_services(tab, link)
            other = context.new_page()  # and so does a new tab
            other.goto(url + "gaps?lang=en")
            expect(other.locator("h1").first).to_have_text(
                "Where providers are missing, region by region", timeout=60_000
            )
            expect(other.locator('[data-testid="stSidebar"]')).to_contain_text("anna")
            sidebar = other.locator('[data-testid="stSidebar"]')
            sidebar.get_by_role("button", name="Sign out").click()
            expect(other.locator("h1").first).to_have_text("Sign in", timeout=60_000)
            assert auth.SESSION_COOKIE not in {c["name"] for c in context.cookies()}
            tab.reload()  # signing out in one tab ends the sign-in everywhere
            expect(tab.locator("h1").first).to_have_text("Sign in", timeout=60_000)
            # A copy of the cookie taken before signing out opens nothing either.
            thief = browser.new_context()
            thief.add_cookies([{k: kept[k] for k in ("name", "value", "domain", "path")}])
            stolen = thief.new_page()
            stolen.goto(url + link)
            expect(stolen.locator("h1").first).to_have_text("Sign in", timeout=60_000)
            browser.close()
        assert requests and [r for r in requests if outside(r, url)] == []


def signed_in_on_services(tab, link: str) -> None:
    """The page the link asked for, in its language and pilot, signed in, drawn."""
    expect(tab.locator("h1").first).to_have_text("Most-used services", timeout=60_000)
    expect(tab.locator('[data-testid="stSidebar"]')).to_contain_text("anna")
    expect(tab.locator('[data-testid="stSidebar"]')).to_contain_text("2018-09-11")  # children's
    tab.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert urlparse(tab.url).path == "/services" and "lang=en" in tab.url
    assert_no_exception(tab)


def test_browser_benchmark_times_every_page_on_the_demo(tmp_path, demo_duckdb_url, capsys):
    """``bench --only browser``: start to first chart, and three filter changes per page."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    from evaldash import cli

    database = tmp_path / "bench.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    argv = ["bench", "--only", "browser", "--json", "--db", f"duckdb:///{database}"]
    code = cli.main([*argv, "--browser", CHROMIUM])
    figures = json.loads(capsys.readouterr().out)["browser"]
    assert code == 0
    assert 0 < figures["server_s"] < figures["first_chart_s"] <= figures["first_page_s"]
    assert list(figures["opens"]) == ["overview", "services", "progress", "gaps", "compare"]
    assert all(seconds > 0 for seconds in figures["opens"].values())
    pages = ["overview", "services", "progress", "gaps", "compare"]
    assert [c["page"] for c in figures["changes"]] == [p for p in pages for _ in range(3)]
    assert {c["change"] for c in figures["changes"]} == {
        "region",
        "region and sex",
        "clear (cached)",
    }
    assert all(c["seconds"] > 0 and c["charts"] >= 2 for c in figures["changes"])
    assert figures["change_max_s"] >= figures["change_median_s"] > 0


def test_browser_benchmark_without_chromium_says_what_to_do(tmp_path, demo_duckdb_url, capsys):
    from evaldash import cli

    argv = ["bench", "--only", "browser", "--db", demo_duckdb_url]
    code = cli.main([*argv, "--browser", str(tmp_path / "no-chromium")])
    assert code != 0
    assert "apt-get install chromium" in capsys.readouterr().err


def test_a_link_to_a_page_the_role_may_not_open_says_why(tmp_path, demo_duckdb_url):
    """The public follows a link to the Data page: the home page opens and says why, once."""
    from playwright.sync_api import sync_playwright

    from evaldash import auth
    from evaldash.db.engine import make_engine

    database = tmp_path / "accounts.duckdb"
    shutil.copy(demo_duckdb_url.removeprefix("duckdb:///"), database)
    engine = make_engine(f"duckdb:///{database}")
    auth.add_user(engine, "guest", "public", password="public pass phrase")
    engine.dispose()
    for url in serve(database):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1440, "height": 1000})
            tab.goto(url + "data?lang=en")
            tab.get_by_label("User name").fill("guest")
            tab.get_by_label("Password", exact=True).fill("public pass phrase")
            tab.get_by_role("button", name="Sign in").click()
            expect(tab.locator("h1").first).to_have_text("Overview", timeout=60_000)
            assert urlparse(tab.url).path == "/"  # the home page's address, the link's language
            assert "lang=en" in tab.url
            warning = tab.locator('[data-testid="stAlert"]').filter(has_text="The link led")
            expect(warning).to_have_text(
                "lockThe link led to “Data”, which role “public” may not open; “Overview” is "
                "shown instead."
            )
            # ... and Streamlit's own English "Page not found" is not shown on top of it
            expect(tab.get_by_role("dialog")).to_have_count(0)
            tab.locator('[data-testid="stSidebarNav"] a[href$="/services"]').click()
            expect(tab.locator("h1").first).to_have_text(
                re.compile("^Most-used services"), timeout=60_000
            )
            expect(
                tab.locator('[data-testid="stAlert"]').filter(has_text="The link led")
            ).to_have_count(0)
            assert_no_exception(tab)
            browser.close()
