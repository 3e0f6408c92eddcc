"""Chart images are drawn without the internet: kaleido loads plotly's installed chart library.

Apart from tests/test_export.py, whose browser runs for its whole module: here kaleido's
Chromium is started with every web address sent to a proxy that does not exist. Skipped
without Chromium, as there.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import plotly.graph_objects as go
import pytest

from evaldash import export

CHROMIUM = os.environ.get("EVALDASH_BROWSER", "/usr/bin/chromium")

pytestmark = pytest.mark.slow


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_charts_are_drawn_with_the_internet_cut_off(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: apt-get install chromium (or set EVALDASH_BROWSER)"
        )
    assert not export._running[0], "a browser started before the proxy was set"
    monkeypatch.setenv("BROWSER_PATH", CHROMIUM)
    # choreographer starts kaleido's Chromium with --proxy-server from this variable: every
    # http(s) request fails (a chart library from a CDN: "Plotly is not defined").
    monkeypatch.setenv("CHOREO_PROXY_SERVER", f"127.0.0.1:{closed_port()}")
    figure = go.Figure(go.Bar(x=["Talsu novads", "Liepāja"], y=[3, 5]), layout={"title": "n = 8"})
    with export.renderer() as draw:
        png = draw.image(figure, "png")
        svg = draw.image(figure, "svg").decode("utf-8")
    assert png.startswith(b"\x89PNG")
    assert svg.startswith("<svg") and "Liepāja" in svg


def test_without_plotlys_chart_library_an_export_refuses_to_start(monkeypatch, tmp_path):
    """kaleido would fetch plotly.js from a CDN instead: the export stops and says why."""
    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")  # any file: the check comes before a start
    monkeypatch.setattr(export, "PLOTLY_JS", tmp_path / "plotly.min.js")
    with (
        pytest.raises(export.EvaldashError, match="No chart library at .*plotly.min.js") as error,
        export.renderer(),
    ):
        pass
    assert "reinstall plotly" in str(error.value)
