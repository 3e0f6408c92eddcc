"""The wheel works outside the checkout: `pip install evaldash-*.whl`, then `evaldash ...`.

The wheel is built with the backend already installed (hatchling, `--no-build-isolation
--no-index`: nothing is downloaded) and installed into a new virtual environment in a
temporary folder. The environment sees this interpreter's packages (`--system-site-packages`)
for the dependencies, which may include an editable evaldash pointing at a checkout: the
wheel is installed with `--ignore-installed` into the environment's own site-packages,
which come first on its `sys.path`, and the commands run from a folder outside the checkout
with no PYTHONPATH, so they import the wheel's copy; the first test checks that they do.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaldash import cli, reference_data, resources, site
from evaldash.i18n import t

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    build += ["--no-index", "--no-cache-dir", "--quiet", str(ROOT), "-w", str(out)]
    done = subprocess.run(build, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"the wheel was not built:\n{done.stdout}\n{done.stderr}"
    [built] = out.glob("evaldash-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """A virtual environment with the wheel, a home folder and a working folder, all new."""
    place = tmp_path_factory.mktemp("installed")
    env_dir, home, work = place / "venv", place / "home", place / "work"
    home.mkdir()
    work.mkdir()
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("EVALDASH_", "PYTHON"))}
    environ.update(
        HOME=str(home),
        USERPROFILE=str(home),
        PATH=f"{bin_dir}{os.pathsep}" + environ.get("PATH", ""),
    )
    environ.pop("XDG_DATA_HOME", None)
    install = [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--no-cache-dir"]
    install += ["--ignore-installed", "--quiet", str(wheel)]
    done = subprocess.run(install, capture_output=True, text=True, env=environ, timeout=120)
    assert done.returncode == 0, f"pip install failed:\n{done.stdout}\n{done.stderr}"
    return {"venv": env_dir, "python": python, "bin": bin_dir, "env": environ, "cwd": work}


def run(installed: dict, *command: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=installed["cwd"],
        env={**installed["env"], **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def evaldash(installed: dict, *args: str, **env: str) -> subprocess.CompletedProcess:
    done = run(installed, str(installed["bin"] / "evaldash"), *args, **env)
    assert done.returncode == 0, f"evaldash {' '.join(args)} failed:\n{done.stderr}"
    return done


def test_the_wheel_carries_what_the_dashboard_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for file in reference_data.FILES.values():
        assert f"evaldash/data/{file}" in names
    assert "evaldash/dashboard/app.py" in names
    assert "evaldash/dashboard/.streamlit/config.toml" in names
    for page in site.PAGES:
        assert f"evaldash/dashboard/{page.script}" in names, f"{page.script} is not in the wheel"
    for font in (*resources.FONTS, "LICENSE"):
        assert f"evaldash/fonts/{font}" in names
    assert "evaldash/favicon.svg" in names
    assert "evaldash-0.1.0.dist-info/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read("evaldash-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    # never a database or a secret from the checkout
    assert not [n for n in names if n.endswith((".duckdb", ".wal", "secrets.toml", ".pyc"))]


def test_the_environment_imports_the_wheels_copy(installed):
    probe = (
        "import evaldash, evaldash.resources as r; print(evaldash.__file__); print(r.checkout())"
    )
    done = run(installed, str(installed["python"]), "-c", probe)
    assert done.returncode == 0, done.stderr
    where, checkout = done.stdout.splitlines()
    assert Path(where).is_relative_to(installed["venv"]), where
    assert checkout == "None"


def test_demo_and_report_run_from_the_wheel(installed):
    evaldash(installed, "demo", "--quiet")
    # no URL given: the user's data folder, outside the package and the working folder
    database = Path(installed["env"]["HOME"]) / ".local" / "share" / "evaldash" / "evaldash.duckdb"
    assert database.is_file()
    assert not list(installed["cwd"].iterdir())
    done = evaldash(installed, "report", "services", "--pilot", "IB-GRT-2019")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and set(rows[0]) >= {"service_code", "participants", "delivery_ratio"}
    # the same table as the checkout's code makes from the same database
    out = io.StringIO()
    url = f"duckdb:///{database}"
    assert (
        cli.COMMANDS["report"](
            cli.build_parser().parse_args(
                ["report", "services", "--db", url, "--pilot", "IB-GRT-2019"]
            ),
            out.write,
        )
        == 0
    )
    assert done.stdout.strip() == out.getvalue().strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(installed, tmp_path_factory) -> Iterator[dict]:
    """`evaldash run` on a demo database named by EVALDASH_DB_URL, healthy; stopped after."""
    place = tmp_path_factory.mktemp("served")
    database, log_path, port = place / "served.duckdb", place / "server.log", free_port()
    url = f"duckdb:///{database}"
    evaldash(installed, "demo", "--quiet", EVALDASH_DB_URL=url)
    command = [str(installed["bin"] / "evaldash"), "run", "--server.port", str(port)]
    command += ["--server.headless", "true"]
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            command,
            cwd=installed["cwd"],
            env={**installed["env"], "EVALDASH_DB_URL": url},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            health, deadline = "", time.monotonic() + 60
            while health != "ok" and time.monotonic() < deadline:
                assert server.poll() is None, f"evaldash run stopped:\n{log_path.read_text()}"
                try:
                    address = f"http://127.0.0.1:{port}/_stcore/health"
                    with urllib.request.urlopen(address, timeout=2) as answer:
                        health = answer.read().decode()
                except OSError:
                    time.sleep(0.3)
            assert health == "ok", f"no health within 60 s:\n{log_path.read_text()}"
            yield {"port": port, "log": log_path, "database": database}
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_evaldash_run_serves_the_dashboard(served):
    port = served["port"]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
        assert "<title>Streamlit</title>" in answer.read().decode()
    output = served["log"].read_text(encoding="utf-8")
    assert f"evaldash: database duckdb:///{served['database']}" in output  # EVALDASH_DB_URL
    # the packaged settings apply: this computer only (server.address = "localhost")
    assert f"URL: http://localhost:{port}" in output and "Network URL" not in output


def test_the_installed_pages_open_in_a_browser(served):
    """The packaged app.py and pages draw a page, as a user opens it (needs Chromium)."""
    chromium = os.environ.get("EVALDASH_BROWSER", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.skip(
            f"no Chromium at {chromium}: apt-get install chromium (or set EVALDASH_BROWSER)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.goto(f"http://localhost:{served['port']}/services?lang=en")
            heading = tab.get_by_role("heading", name=t("services.title", "en"), exact=True)
            heading.wait_for(timeout=60_000)
            tab.locator(".js-plotly-plot").first.wait_for(timeout=60_000)  # a chart drawn
            assert tab.locator("[data-testid='stException']").count() == 0
        finally:
            browser.close()
