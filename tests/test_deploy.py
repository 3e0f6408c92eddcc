"""The shared installation of ``deploy/``: nginx over HTTPS in front of two app servers on one
PostgreSQL, driven by Chromium; and a visitor through the proxy gets no local session.

nginx runs ``deploy/nginx-evaldash.conf`` itself, with only its ports, certificate paths and
app servers' ports replaced (each replacement must find its text, so the test follows the
file). The certificate is made by the test (openssl). Skipped, with the reason, without
Debian's nginx, openssl, Chromium or the PostgreSQL test server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from evaldash import auth, bootstrap
from evaldash.db.engine import make_engine
from tests.conftest import NO_POSTGRES, POSTGRES_URL, _postgres_database
from tests.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    MIN_CHARTS,
    assert_no_exception,
    expect,
    free_port,
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx-evaldash.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BASE = "evaldash"  # server.baseUrlPath of the app servers, as in deploy/evaldash@.service
SECRET = "the cookie secret both app servers share"


def needs(*programs: str) -> None:
    for program in programs:
        if not (shutil.which(program) or Path(program).exists()):
            pytest.skip(f"no {program}: apt-get install nginx openssl (Debian's packages)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    pytest.importorskip("playwright.sync_api", reason="pip install playwright")


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made now."""
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def site_config(https: int, http: int, apps: tuple[int, int], cert: Path, key: Path) -> str:
    """``deploy/nginx-evaldash.conf`` with this test's ports and certificate."""
    text = SITE.read_text(encoding="utf-8")
    for old, new in [
        ("listen 80;\n    listen [::]:80;", f"listen 127.0.0.1:{http};"),
        ("listen 443 ssl;\n    listen [::]:443 ssl;", f"listen 127.0.0.1:{https} ssl;"),
        ("server 127.0.0.1:8501;", f"server 127.0.0.1:{apps[0]};"),
        ("server 127.0.0.1:8502;", f"server 127.0.0.1:{apps[1]};"),
        ("/etc/ssl/evaldash/fullchain.pem", str(cert)),
        ("/etc/ssl/evaldash/privkey.pem", str(key)),
    ]:
        assert old in text, f"deploy/nginx-evaldash.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(folder: Path, apps: tuple[int, int]) -> Iterator[str]:
    """Run nginx with the deploy site in front of the app servers on ``apps``; yield its URL.

    Its access log names, for each request, the route cookie and the app server that answered.
    """
    cert, key = certificate(folder)
    https, http = free_port(), free_port()
    (folder / "site.conf").write_text(site_config(https, http, apps, cert, key), encoding="utf-8")
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(
        f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format routes '$request_method $uri route=$cookie_evaldash_route '
                      'upstream=$upstream_addr status=$status';
    access_log {folder}/access.log routes;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    types {{ text/html html; }}
    include {folder}/site.conf;
}}
""",
        encoding="utf-8",
    )
    conf = ["-c", str(folder / "nginx.conf"), "-p", str(folder)]
    checked = subprocess.run([NGINX, "-t", *conf], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr  # the shipped site is a valid nginx config
    server = subprocess.Popen([NGINX, *conf, "-g", "daemon off;"], stderr=subprocess.STDOUT,
                              stdout=(folder / "nginx.out").open("w"))  # fmt: skip
    try:
        url = f"https://127.0.0.1:{https}/{BASE}/"
        deadline = time.monotonic() + 20
        while not (folder / "nginx.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@contextmanager
def app_server(port: int, database_url: str, log: Path) -> Iterator[None]:
    """One app server as ``deploy/evaldash@.service`` starts it, on ``port``."""
    env = {
        **os.environ,
        "EVALDASH_DB_URL": database_url,
        "EVALDASH_AUTO_DEMO": "false",
        "EVALDASH_LANG": "lv",
        "STREAMLIT_SERVER_COOKIE_SECRET": SECRET,
    }
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.baseUrlPath", BASE, "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            health = f"http://127.0.0.1:{port}/{BASE}/_stcore/health"
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, log.read_text(encoding="utf-8")
                try:
                    with urllib.request.urlopen(health, timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    assert time.monotonic() < deadline, f"no answer at {health}"
                    time.sleep(0.3)
            yield
        finally:
            server.terminate()
            server.wait(timeout=20)


def route_to(index: int) -> str:
    """A route cookie that nginx's ``hash`` sends to the ``index``-th of two app servers.

    nginx's (non-consistent) hash picks ``((crc32(key) >> 16) & 0x7fff) % 2`` first; the
    access log checks that it did.
    """
    for k in range(1000):
        value = f"route-{k}"
        if ((zlib.crc32(value.encode()) >> 16) & 0x7FFF) % 2 == index:
            return value
    raise AssertionError("no route found")


def browser_context(browser, url: str, route: str):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": "evaldash_route", "value": route, "url": url}])
    return context


def sign_in(tab, url: str, link: str, user: str, password: str) -> None:
    tab.goto(url + link)
    expect(tab.locator("h1").first).to_have_text("Sign in", timeout=60_000)
    tab.get_by_label("User name").fill(user)
    tab.get_by_label("Password", exact=True).fill(password)
    tab.get_by_role("button", name="Sign in").click()


def served(folder: Path) -> dict[str, set[str]]:
    """For each route cookie, the app servers that answered its WebSockets and uploads."""
    found: dict[str, set[str]] = {}
    for line in (folder / "access.log").read_text(encoding="utf-8").splitlines():
        match = re.search(r"_stcore/(stream|upload_file)\S* route=(\S+) upstream=(\S+)", line)
        if match:
            found.setdefault(match.group(2), set()).add(match.group(3))
    return found


@pytest.fixture
def shared_postgres(tmp_path) -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    for url in _postgres_database():
        engine = make_engine(url)
        bootstrap.install_demo(engine)
        auth.add_user(engine, "root", "admin", password="admin pass phrase")
        auth.add_user(engine, "anna", "ministry", password="ministry pass phrase")
        engine.dispose()
        yield url


def test_two_app_servers_behind_nginx_over_https_on_one_postgresql(tmp_path, shared_postgres):
    from playwright.sync_api import sync_playwright

    from tests.test_ingest import PACKAGE, write_csvs

    needs(NGINX, "openssl")
    ports = (free_port(), free_port())
    package = sorted(write_csvs(tmp_path / "package", PACKAGE).iterdir())
    ARTIFACTS.mkdir(exist_ok=True)
    with (
        app_server(ports[0], shared_postgres, tmp_path / "app-1.log"),
        app_server(ports[1], shared_postgres, tmp_path / "app-2.log"),
        nginx(tmp_path, ports) as url,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first, second = route_to(0), route_to(1)

        # The ministry, on the second server: a link in English, signed in, every page.
        reader = browser_context(browser, url, second).new_page()
        sign_in(reader, url, "services?lang=en", "anna", "ministry pass phrase")
        expect(reader.locator("h1").first).to_have_text("Most-used services", timeout=60_000)
        reader.wait_for_selector(".js-plotly-plot", timeout=60_000)
        pilot = reader.get_by_role("combobox", name="Pilot")
        pilot.click()
        expect(reader.get_by_role("option")).not_to_contain_text(["Talsu pilots"])
        reader.keyboard.press("Escape")
        kept = {c["name"]: c for c in reader.context.cookies()}[auth.SESSION_COOKIE]
        assert kept["secure"] and kept["path"] == f"/{BASE}"  # HTTPS: sent over HTTPS only
        links = reader.locator('[data-testid="stSidebarNav"] a')
        pages = [
            (links.nth(i).get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1]
            for i in range(links.count())
        ]
        pages = ["overview" if page == BASE else page for page in pages]
        assert {"overview", "services", "progress", "gaps", "compare"} <= set(pages), pages
        for page in pages:
            reader.goto(url + ("" if page == "overview" else page) + "?lang=en")
            reader.wait_for_selector(
                '[data-testid="stApp"][data-test-script-state="notRunning"] h1', timeout=60_000
            )
            reader.wait_for_function(
                "n => document.querySelectorAll('.js-plotly-plot').length >= n",
                arg=MIN_CHARTS[page],
                timeout=60_000,
            )
            expect(reader.locator('[data-testid="stSidebar"]')).to_contain_text("anna")
            assert_no_exception(reader)
        reader.screenshot(path=str(ARTIFACTS / "deploy-reader.png"))

        # The administrator, on the first server, imports a package through the Data page.
        admin = browser_context(browser, url, first).new_page()
        sign_in(admin, url, "data?lang=en", "root", "admin pass phrase")
        admin.wait_for_selector('[data-testid="stFileUploader"]', timeout=60_000)
        admin.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            [str(path) for path in package]
        )
        expect(admin.get_by_text(re.compile("^The package has no errors"))).to_be_visible(
            timeout=60_000
        )
        admin.get_by_role("button", name="Import into the database").click()
        expect(admin.get_by_text(re.compile(r"^Imported \(import"))).to_be_visible(timeout=60_000)
        assert_no_exception(admin)
        admin.screenshot(path=str(ARTIFACTS / "deploy-import.png"))

        # The second server shows it at the next page, and the ministry is still signed in.
        reader.reload()
        expect(reader.locator('[data-testid="stSidebar"]')).to_contain_text("anna", timeout=60_000)
        pilot = reader.get_by_role("combobox", name="Pilot")
        pilot.click()
        expect(reader.get_by_role("option").filter(has_text="Talsu pilots")).to_have_count(1)
        reader.keyboard.press("Escape")
        browser.close()

    routes = served(tmp_path)  # each browser kept to its own server, as its route said
    assert routes[first] == {f"127.0.0.1:{ports[0]}"}, routes
    assert routes[second] == {f"127.0.0.1:{ports[1]}"}, routes
    uploads = (tmp_path / "access.log").read_text(encoding="utf-8")
    assert re.search(rf"upload_file\S* route={first} upstream=127.0.0.1:{ports[0]}", uploads)


def test_a_visitor_through_the_proxy_gets_no_local_session(tmp_path, demo_duckdb_url):
    """nginx on the same computer: the app sees 127.0.0.1 but the proxy's headers too."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import demo_copy

    needs(NGINX, "openssl")
    database = demo_copy(demo_duckdb_url, tmp_path / "local.duckdb")  # no accounts
    port = free_port()
    with (
        app_server(port, database, tmp_path / "app.log"),
        nginx(tmp_path, (port, port)) as url,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_context(ignore_https_errors=True).new_page()
        tab.goto(url + "services?lang=en")
        expect(tab.locator('[data-testid="stAlert"]').first).to_contain_text(
            "opens only in a browser on the computer it runs on", timeout=60_000
        )
        assert tab.locator(".js-plotly-plot").count() == 0
        assert tab.locator('[data-testid="stDataFrame"]').count() == 0
        browser.close()
        # The same app server, opened directly on this computer: the local session.
        direct = f"http://127.0.0.1:{port}/{BASE}/services?lang=en"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto(direct)
        expect(tab.locator("h1").first).to_have_text("Most-used services", timeout=60_000)
        tab.wait_for_selector(".js-plotly-plot", timeout=60_000)
        browser.close()
