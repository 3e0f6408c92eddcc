"""Shipped files and the default database, in a checkout and installed (evaldash.resources).

tests/test_packaging.py installs the real wheel; here an installed package is laid out in a
temporary folder, to check each operating system's data folder and the messages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.web import cli as streamlit_cli

from evaldash import cli, config, reference_data, resources
from evaldash.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def installed(monkeypatch, tmp_path):
    """An evaldash package as pip installs it: site-packages/evaldash with its copies."""
    package = tmp_path / "lib" / "site-packages" / "evaldash"
    (package / "data").mkdir(parents=True)
    (package / "data" / "services.csv").write_text("service_code\nphysio\n", encoding="utf-8")
    (package / "dashboard").mkdir()
    (package / "dashboard" / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "PACKAGE", package)
    return package


def test_a_checkout_reads_its_own_files():
    assert resources.checkout() == ROOT
    assert resources.data_file("services.csv") == ROOT / "data" / "services.csv"
    assert resources.dashboard() == ROOT
    assert config.default_db_folder() == ROOT / "data"
    assert len(reference_data.read("municipality")) == 43


def test_an_installed_package_reads_its_copies(installed):
    assert resources.checkout() is None
    assert resources.data_file("services.csv") == installed / "data" / "services.csv"
    assert resources.dashboard() == installed / "dashboard"
    with pytest.raises(ConfigError, match=r"evaldash's municipalities.csv is missing.*Reinstall"):
        resources.data_file("municipalities.csv")


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {}, "home/.local/share/evaldash"),
        ("linux", {"XDG_DATA_HOME": "{tmp}/xdg"}, "xdg/evaldash"),
        ("linux", {"XDG_DATA_HOME": "relative/xdg"}, "home/.local/share/evaldash"),  # not XDG
        ("darwin", {}, "home/Library/Application Support/evaldash"),
        ("win32", {"LOCALAPPDATA": "{tmp}/AppData/Local"}, "AppData/Local/evaldash"),
    ],
)
def test_an_installed_evaldash_keeps_its_database_in_the_users_data_folder(
    installed, monkeypatch, tmp_path, platform, environ, expected
):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    monkeypatch.setattr(config.sys, "platform", platform)
    monkeypatch.delenv("EVALDASH_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no secrets.toml
    assert config.default_db_folder() == tmp_path / expected
    url = config.load_settings().db_url
    assert url == f"duckdb:///{(tmp_path / expected / 'evaldash.duckdb').as_posix()}"
    assert (tmp_path / expected).is_dir()  # made for the database, which DuckDB cannot


def test_run_passes_streamlit_options_and_the_database(monkeypatch, capsys):
    started = []
    monkeypatch.setattr(streamlit_cli, "main", lambda **kwargs: started.append(kwargs))
    # set here so that the test's end restores it, whatever run writes
    monkeypatch.setenv("EVALDASH_DB_URL", "duckdb:///before.duckdb")
    url = "duckdb:////srv/evaldash/evaldash.duckdb"
    args = ["run", "--db", url, "--server.port", "8600", "--server.headless=true"]
    assert cli.main(args) == 0
    [call] = started
    assert call["args"] == [
        "run",
        "--server.port",
        "8600",
        "--server.headless=true",
        str(ROOT / "app.py"),
    ]
    assert os.environ["EVALDASH_DB_URL"] == url  # what the app's settings read
    assert capsys.readouterr().out == f"evaldash: database {url}\n"


def test_run_refuses_what_is_not_an_option(monkeypatch, capsys):
    monkeypatch.setattr(streamlit_cli, "main", lambda **kwargs: pytest.fail("started"))
    assert cli.main(["run", "app.py"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not 'app.py'" in err
    with pytest.raises(SystemExit) as stopped:
        cli.main(["demo", "--server.port", "8600"])  # only run passes options on
    assert stopped.value.code == 2
