"""Which Chrome or Chromium draws the chart images, on any computer (evaldash.browser).

The settings first (EVALDASH_BROWSER, then BROWSER_PATH), then choreographer's own search,
kaleido's: the program names on the PATH, then the usual places. Each test lays out its own
"computer": a PATH folder and usual places in a temporary folder, so the machine's own
browsers (or their absence) decide nothing.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from choreographer.browsers import chromium as choreographer_chromium
from choreographer.browsers._chrome_constants import BrowserInfo

from evaldash import browser, cli, export
from evaldash.errors import EvaldashError


def program(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def computer(monkeypatch, tmp_path):
    """No browser anywhere: an empty PATH, no usual places, no settings, no local download."""
    for name in browser.SETTINGS:
        monkeypatch.delenv(name, raising=False)
    path_dir = tmp_path / "bin"
    path_dir.mkdir()
    monkeypatch.setenv("PATH", str(path_dir))
    usual = tmp_path / "usual"

    def places(*names: str) -> None:
        """The usual places of Chrome and of Chromium, as choreographer knows them."""
        known = dict(choreographer_chromium.chromium_based_browsers)
        known["chrome"] = BrowserInfo(known["chrome"].exe_names, "ChromeHTML", ())
        known["chromium"] = BrowserInfo(
            known["chromium"].exe_names, "ChromiumHTML", tuple(str(usual / n) for n in names)
        )
        for other in ("edge", "brave", "vivaldi"):
            known[other] = BrowserInfo(known[other].exe_names, known[other].ms_prog_id, ())
        monkeypatch.setattr(choreographer_chromium, "chromium_based_browsers", known)

    places()
    monkeypatch.setattr(choreographer_chromium, "get_chrome_download_path", lambda **_: None)
    monkeypatch.setattr(choreographer_chromium, "get_old_chrome_download_path", lambda: None)
    return path_dir, usual, places


def test_evaldash_browser_comes_first(computer, monkeypatch, tmp_path):
    path_dir, _, _ = computer
    program(path_dir / "chromium")
    chosen = program(tmp_path / "opt" / "my-chrome")
    monkeypatch.setenv("EVALDASH_BROWSER", chosen)
    monkeypatch.setenv("BROWSER_PATH", program(tmp_path / "other" / "chrome"))
    assert browser.find() == chosen


def test_browser_path_comes_before_the_search(computer, monkeypatch, tmp_path):
    path_dir, _, _ = computer
    program(path_dir / "chromium")
    chosen = program(tmp_path / "other" / "chrome")
    monkeypatch.setenv("BROWSER_PATH", chosen)
    assert browser.find() == chosen


def test_a_setting_naming_nothing_is_an_error_not_passed_over(computer, monkeypatch, tmp_path):
    path_dir, _, _ = computer
    program(path_dir / "chromium")  # a browser the search would find
    monkeypatch.setenv("EVALDASH_BROWSER", str(tmp_path / "nowhere" / "chrome"))
    with pytest.raises(EvaldashError, match=r"No Chrome or Chromium at .*nowhere.*EVALDASH_BROW"):
        browser.find()
    assert "nowhere" in export.missing_tools()


def test_the_search_finds_a_browser_on_the_path_chrome_before_chromium(computer):
    path_dir, _, _ = computer
    chromium = program(path_dir / "chromium")
    assert browser.find() == chromium
    chrome = program(path_dir / "google-chrome")
    assert browser.find() == chrome
    assert export.missing_tools() is None


def test_the_search_looks_in_the_usual_places(computer):
    _, usual, places = computer
    places("chromium-browser", "chromium")  # e.g. /usr/bin/chromium is one place of several
    found = program(usual / "chromium")
    assert browser.find() == found
    first = program(usual / "chromium-browser")
    assert browser.find() == first


def test_no_browser_anywhere_says_what_to_install(computer, demo_duckdb_url, tmp_path, capsys):
    with pytest.raises(EvaldashError) as error:
        browser.find()
    assert "install Google Chrome or Chromium" in str(error.value)
    assert "EVALDASH_BROWSER" in str(error.value)
    assert "install Google Chrome or Chromium" in export.missing_tools()
    with pytest.raises(EvaldashError, match="No Chrome or Chromium found"), export.renderer():
        pass
    out = tmp_path / "charts.zip"
    code = cli.main(["export", "--db", demo_duckdb_url, "--format", "png", "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert err.count("\n") == 1 and "install Google Chrome or Chromium" in err  # no traceback
