"""Single sign-on: an OpenID Connect identity maps to its account, its role and municipality.

Three floors: ``auth.sign_on`` on both databases; the sign-in page through AppTest with
``st.user`` seeded; and the whole flow in Debian's Chromium against a real OpenID Connect
provider (``oidc-provider-mock``) that the test starts on 127.0.0.1 itself, so nothing has
to be started by hand. The browser test is skipped, saying why, without Chromium.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
import textwrap
import threading
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from evaldash import auth
from evaldash.db.engine import make_engine
from tests.conftest import demo_copy
from tests.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    assert_no_exception,
    expect,
    free_port,
    serve,
)

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
NOW = datetime(2026, 12, 1, 9, 0, 0)
TALSI = "LV-097"
ANALYSIS_PAGES = ["Pārskats", "Pakalpojumi", "Progress", "Trūkstošie pakalpojumi",
                  "Pašvaldību salīdzinājums"]  # fmt: skip


def add_accounts(engine) -> None:
    """The ministry's and Talsu novads' single sign-on accounts (no passwords)."""
    auth.add_user(engine, "anna", "ministry", email="ministry@example.lv", now=NOW)
    auth.add_user(engine, "talsi", "municipality", municipality_code=TALSI,
                  email="Talsi@Example.lv", now=NOW)  # fmt: skip


def events(engine) -> list[tuple[str | None, str, dict]]:
    """The audit log, oldest first: (user, event, detail)."""
    log = auth.audit_log(engine)
    rows = log.iloc[::-1].itertuples(index=False)
    return [
        (r.user_name if isinstance(r.user_name, str) else None, r.event, json.loads(r.detail))
        for r in rows
    ]


def readme_auth_example() -> dict[str, str]:
    """The ``[auth]`` example of README's *Single sign-on*."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n((?:\s*)\[auth\]\n.*?)```", readme, re.DOTALL)
    assert found, "README shows no [auth] example"
    return tomllib.loads(textwrap.dedent(found.group(1)))["auth"]


# --- the provider's claims to an account -----------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "scope"),
    [
        ({"sub": "1", "email": "ministry@example.lv"}, auth.Scope("ministry", None, "anna")),
        ({"sub": "2", "email": " talsi@EXAMPLE.lv ", "email_verified": True},
         auth.Scope("municipality", TALSI, "talsi")),
        ({"sub": "3", "email": "talsi@example.lv", "email_verified": "true"},
         auth.Scope("municipality", TALSI, "talsi")),
    ],
)  # fmt: skip
def test_a_verified_or_vouched_for_address_signs_in_as_its_account(ready_engine, claims, scope):
    add_accounts(ready_engine)
    login = auth.sign_on(ready_engine, claims, NOW)
    assert login.ok and login.scope == scope
    assert events(ready_engine)[-1] == (scope.user_name, "login", {"via": "sso"})


@pytest.mark.parametrize(
    ("claims", "reason", "detail"),
    [
        ({"sub": "x1"}, "no_email", {"why": "no e-mail", "via": "sso", "subject": "x1"}),
        ({"sub": "x2", "email": "  "}, "no_email",
         {"why": "no e-mail", "via": "sso", "subject": "x2"}),
        ({"sub": "x3", "email": "talsi@example.lv", "email_verified": False}, "unverified",
         {"email": "talsi@example.lv", "why": "e-mail not verified", "via": "sso"}),
        ({"sub": "x4", "email": "talsi@example.lv", "email_verified": "False"}, "unverified",
         {"email": "talsi@example.lv", "why": "e-mail not verified", "via": "sso"}),
        ({"sub": "x5", "email": "Stranger@example.lv"}, "no_account",
         {"email": "stranger@example.lv", "why": "no account", "via": "sso"}),
    ],
)  # fmt: skip
def test_an_identity_without_a_usable_address_is_refused_and_audited(
    ready_engine, claims, reason, detail
):
    add_accounts(ready_engine)
    login = auth.sign_on(ready_engine, claims, NOW)
    assert not login.ok and login.scope is None and login.reason == reason
    assert events(ready_engine)[-1] == (None, "login_failed", detail)
    assert "login" not in [event for _, event, _ in events(ready_engine)]


# --- the sign-in page (AppTest, st.user seeded as Streamlit fills it from its cookie) --------


@pytest.fixture
def sso_db(tmp_path, monkeypatch, demo_duckdb_url) -> str:
    url = demo_copy(demo_duckdb_url, tmp_path / "sso.duckdb")
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    monkeypatch.setenv("EVALDASH_DB_URL", url)
    monkeypatch.setenv("EVALDASH_LANG", "en")
    return url


def sso_app(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = readme_auth_example()  # nothing is fetched: no one clicks
    at.user = user
    at.session_state["lang"] = "en"
    return at.run()


def test_single_sign_on_offers_its_button_and_nothing_else(sso_db):
    at = sso_app({"is_logged_in": False})
    assert not at.exception
    assert at.title[0].value == "Sign in"
    assert [b.label for b in at.button] == ["Sign in with your organisation"]
    assert not at.text_input and not at.get("plotly_chart") and not at.metric


def test_a_signed_on_municipality_gets_its_role(sso_db):
    at = sso_app({"is_logged_in": True, "email": "talsi@example.lv", "sub": "t"})
    assert not at.exception
    assert any(c.value == "Signed in: talsi (municipality)" for c in at.sidebar.caption)
    assert at.get("plotly_chart")


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"email": "stranger@example.lv"},
         r"The identity stranger@example\\.lv has no account in this dashboard"),
        ({}, r"Your organisation's sign-in sent no e-mail address"),
        ({"email": "talsi@example.lv", "email_verified": False},
         r"says the e-mail address talsi@example\\.lv is not verified"),
    ],
)  # fmt: skip
def test_a_refused_identity_is_told_why_once_and_may_sign_out(sso_db, claims, message):
    at = sso_app({"is_logged_in": True, "sub": "someone", **claims})
    assert not at.exception
    assert at.title[0].value == "Sign in"
    assert len(at.error) == 1 and re.search(message, at.error[0].value)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.get("plotly_chart") and not at.metric  # nothing of the data is shown
    at.run()  # a rerun (any widget) neither looks the identity up again nor audits it again
    assert re.search(message, at.error[0].value)
    engine = make_engine(sso_db)
    logins = [event for _, event, _ in events(engine) if event.startswith("login")]
    assert logins == ["login_failed"]
    engine.dispose()


def test_without_authlib_single_sign_on_says_what_to_install(sso_db, monkeypatch):
    monkeypatch.setitem(sys.modules, "authlib", None)  # `import authlib` fails as if missing
    at = sso_app({"is_logged_in": False})
    assert not at.exception  # not StreamlitMissingAuthlibError at the click
    assert "Authlib" in at.error[0].value
    assert "pip install -r requirements.txt" in at.error[0].value
    assert not at.button


# --- the whole flow in the browser, against a real OpenID Connect provider -----------------


@pytest.fixture
def provider() -> Iterator[str]:
    """An OpenID Connect provider on a free port of 127.0.0.1; yields its URL.

    Its sign-in page asks for a subject and makes it the ``email`` claim; two predefined
    users, one button each, have no e-mail and an unverified one.
    """
    mock = pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements.txt")
    from werkzeug.serving import make_server

    app = mock.app(
        require_nonce=True,
        user_claims=[
            mock.User(sub="no-mail", claims={}),
            mock.User(sub="unverified", claims={"email": "talsi@example.lv",
                                                "email_verified": False}),
        ],
    )  # fmt: skip
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def auth_secrets(path: Path, app_port: int, provider: str) -> Path:
    """README's ``[auth]`` example with this test's addresses and new secrets."""
    settings = readme_auth_example()
    assert set(settings) == {"redirect_uri", "cookie_secret", "client_id", "client_secret",
                             "server_metadata_url"}  # fmt: skip
    settings |= {
        "redirect_uri": f"http://127.0.0.1:{app_port}/oauth2callback",
        "cookie_secret": secrets.token_urlsafe(32),
        "client_secret": secrets.token_urlsafe(16),
        "server_metadata_url": f"{provider}/.well-known/openid-configuration",
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    path.write_text("\n".join(["[auth]", *lines, ""]), encoding="utf-8")
    return path


def sign_on(tab, app: str, who: str, link: str = "") -> None:
    """Sign on as ``who`` (a subject typed, or a predefined user's button) with no cookie."""
    tab.context.clear_cookies()  # no one signed on: the app's and the provider's cookies go
    tab.goto(app + link)
    english = "lang=en" in link
    expect(tab.locator("h1").first).to_have_text(
        "Sign in" if english else "Pieteikšanās", timeout=60_000
    )
    button = "Sign in with your organisation" if english else "Pieteikties ar organizācijas kontu"
    tab.get_by_role("button", name=button).click()
    expect(tab.get_by_role("heading", name="Authorize Client")).to_be_visible(timeout=30_000)
    if "@" in who:
        tab.get_by_placeholder("sub").fill(who)
        tab.get_by_role("button", name="Authorize").click()
    else:
        tab.get_by_role("button", name=who, exact=True).click()
    if link:  # back on the page the link asked for, not the home page Streamlit opens
        tab.wait_for_url(app + link, timeout=60_000)
    else:
        tab.wait_for_url(re.compile(re.escape(app) + r"(\?.*)?$"), timeout=30_000)


def sidebar(tab):
    return tab.locator('[data-testid="stSidebar"]')


def sign_out(tab, app: str, button) -> None:
    """Sign out here and at the provider (its end-session page), back to the sign-in button."""
    button.click()
    tab.get_by_role("button", name="End session").click(timeout=30_000)
    tab.wait_for_url(re.compile(re.escape(app) + r"(\?.*)?$"), timeout=30_000)
    expect(tab.get_by_role("button", name="Pieteikties ar organizācijas kontu")).to_be_visible(
        timeout=60_000
    )
    assert not tab.locator('[data-testid="stSidebarNav"]').count()


@pytest.mark.slow
def test_single_sign_on_in_the_browser(tmp_path, demo_duckdb_url, provider):
    from playwright.sync_api import sync_playwright

    url = demo_copy(demo_duckdb_url, tmp_path / "sso.duckdb")
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    port = free_port()
    settings = auth_secrets(tmp_path / "secrets.toml", port, provider)
    ARTIFACTS.mkdir(exist_ok=True)
    database = Path(url.removeprefix("duckdb:///"))
    for app in serve(database, port=port, args=["--secrets.files", str(settings)]):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # One browser context for everyone (its cache keeps Streamlit's scripts): each
            # sign-on starts without cookies. The provider's page asks a CDN for its style
            # sheet; nothing may leave this machine.
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda r: r.abort())
            tab = context.new_page()

            # The ministry: every page of its role, then signs out.
            sign_on(tab, app, "ministry@example.lv")
            expect(sidebar(tab)).to_contain_text("Pieteicies: anna (ministrija)", timeout=60_000)
            expect(tab.locator("h1").first).to_have_text("Pārskats")
            tab.wait_for_selector(".js-plotly-plot", timeout=60_000)
            nav = tab.locator('[data-testid="stSidebarNav"]')
            expect(nav).to_have_text(
                re.compile(".*".join([*ANALYSIS_PAGES, "Dati", "Definīcijas"]))
            )
            assert_no_exception(tab)
            tab.screenshot(path=str(ARTIFACTS / "sso-ministry.png"), full_page=True)
            sign_out(tab, app, sidebar(tab).get_by_role("button", name="Iziet"))
            tab.screenshot(path=str(ARTIFACTS / "sso-signed-out.png"))

            # Talsu novads: the analysis pages, not Data; compares itself and no other.
            sign_on(tab, app, "talsi@example.lv")
            expect(sidebar(tab)).to_contain_text("Pieteicies: talsi (pašvaldība)", timeout=60_000)
            nav = tab.locator('[data-testid="stSidebarNav"]')
            expect(nav).to_have_text(re.compile(".*".join([*ANALYSIS_PAGES, "Definīcijas"])))
            expect(nav).not_to_contain_text("Dati")
            nav.locator('a[href$="/compare"]').click()
            mine = tab.get_by_role("combobox", name="Mana pašvaldība")
            expect(mine).to_have_value("Talsu novads", timeout=60_000)
            mine.click()
            expect(tab.get_by_role("option")).to_have_text(["Talsu novads"])
            tab.keyboard.press("Escape")
            assert_no_exception(tab)
            tab.screenshot(path=str(ARTIFACTS / "sso-municipality.png"), full_page=True)

            # No account for this identity: refused, says how to get one, may sign out.
            sign_on(tab, app, "stranger@example.lv")
            refusal = tab.locator('[data-testid="stAlert"]')
            expect(refusal).to_contain_text(
                "Identitātei stranger@example.lv šajā panelī nav konta", timeout=60_000
            )
            expect(tab.locator(".js-plotly-plot")).to_have_count(0)
            assert not tab.locator('[data-testid="stSidebarNav"]').count()
            tab.screenshot(path=str(ARTIFACTS / "sso-no-account.png"))
            sign_out(tab, app, tab.get_by_role("button", name="Iziet"))

            # The provider sends no e-mail, or says it is not verified: refused, saying so.
            sign_on(tab, app, "no-mail")
            expect(tab.locator('[data-testid="stAlert"]')).to_contain_text(
                "nenosūtīja e-pasta adresi", timeout=60_000
            )
            tab.screenshot(path=str(ARTIFACTS / "sso-no-email.png"))
            sign_on(tab, app, "unverified")
            expect(tab.locator('[data-testid="stAlert"]')).to_contain_text(
                "e-pasta adrese talsi@example.lv nav apstiprināta", timeout=60_000
            )
            expect(tab.locator(".js-plotly-plot")).to_have_count(0)
            tab.screenshot(path=str(ARTIFACTS / "sso-unverified.png"))

            # A link to a page, in English, for a pilot: opened once signed on (one login).
            link = "services?lang=en&pilot=IB-BERNI-2018"
            sign_on(tab, app, "ministry@example.lv", link)
            expect(tab.locator("h1").first).to_have_text("Most-used services", timeout=60_000)
            expect(sidebar(tab)).to_contain_text("Signed in: anna (ministry)")
            expect(sidebar(tab)).to_contain_text("2018-09-11")  # the children's pilot
            tab.wait_for_selector(".js-plotly-plot", timeout=60_000)
            assert "evaldash_link" not in {c["name"] for c in context.cookies()}
            assert_no_exception(tab)
            browser.close()

    engine = make_engine(url)  # the server has stopped: its audit log
    logged = [entry for entry in events(engine) if entry[1].startswith("login")]
    engine.dispose()
    assert logged == [
        ("anna", "login", {"via": "sso"}),
        ("talsi", "login", {"via": "sso"}),
        (None, "login_failed", {"email": "stranger@example.lv", "why": "no account", "via": "sso"}),
        (None, "login_failed", {"why": "no e-mail", "via": "sso", "subject": "no-mail"}),
        (None, "login_failed",
         {"email": "talsi@example.lv", "why": "e-mail not verified", "via": "sso"}),
        ("anna", "login", {"via": "sso"}),
    ]  # fmt: skip
