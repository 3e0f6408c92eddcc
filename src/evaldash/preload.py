"""Start loading the charts' JavaScript in the browser as soon as a session's first run begins.

Streamlit's browser side loads Plotly (a 4.7 MB script) only when the first chart arrives,
and compiles it on the browser's main thread: about 1 s on a 2-core machine after the
server has sent the chart. ``app.py`` calls :func:`chart_library` before it imports the
rest of evaldash, so the browser fetches and compiles the library while the server imports
the app, reads the access rules and computes the first figures; the first chart is then
drawn as soon as it arrives.

Apart from ``ui.py`` because it must run before ``ui.py``'s imports (pandas, SQLAlchemy,
the metrics): it imports nothing but Streamlit.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

_KEY = "evaldash_chart_library"

# The component's script runs in the page itself (components v2, no iframe). It imports the
# chunk by the very address Streamlit's own lazy import uses (next to the page's entry
# script), so the browser's module map holds it once and Streamlit's import finds it loaded.
# A failed import is left to Streamlit's own, at the first chart, as without this element.
_JS = """export default function (component) {
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (entry && component.data && component.data.chunk) {
    import(new URL("./" + component.data.chunk, entry.src).href).catch(() => {});
  }
}"""

# The component draws nothing; hidden, its element takes no room either (no gap above the
# page's title while the first run is in progress). A literal, as every st.html argument is
# (tests/test_hardening.py); the class is Streamlit's for the element's key, _KEY.
_HIDE = "<style>.st-key-evaldash_chart_library { display: none; }</style>"

_mount = st.components.v2.component(_KEY, js=_JS)

STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"
"""Where Streamlit's build keeps the browser's scripts (the page's entry and its chunks)."""


@functools.cache
def plotly_chunk(folder: Path = STATIC_JS) -> str | None:
    """File name of the Streamlit build's Plotly chunk (``PlotlyChart.<hash>.js``), or None.

    None when ``folder`` has no single such file (a Streamlit build laid out otherwise): the
    app then works as before, with the library loaded at the first chart.
    """
    found = sorted(folder.glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def chart_library() -> None:
    """Have the browser load the chart library now (an invisible element; nothing shown)."""
    chunk = plotly_chunk()
    if chunk is None:
        return
    st.html(_HIDE)
    _mount(key=_KEY, data={"chunk": chunk})
