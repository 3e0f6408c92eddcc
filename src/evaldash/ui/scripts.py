"""Small scripts a page runs in the browser: their text is fixed, their values JSON literals.

``st.html`` shows only module constants (``tests/test_hardening.py``); a script that needs a
value (a cookie's, a path) is a module-constant template whose ``$names`` :func:`script`
replaces with JSON literals escaped so that no value can end the script or its element.
"""

from __future__ import annotations

import json
from string import Template

HIDDEN = (
    '<span class="evaldash-script"></span><style>[data-testid="stElementContainer"]'
    ":has(.evaldash-script) { display: none; }</style>"
)
"""A marker whose element takes no room on the page."""

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def literal(value: str | int) -> str:
    """``value`` as a JavaScript literal that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=True)
    for char, escaped in _ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def script(template: str, **values: str | int) -> str:
    """A hidden element that runs ``template`` (a module constant) with ``values`` filled in.

    Raises:
        KeyError: for a ``$name`` of the template without a value.
    """
    code = Template(template).substitute({name: literal(v) for name, v in values.items()})
    return f"{HIDDEN}<script>{code}</script>"
