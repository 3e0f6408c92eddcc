"""The Chrome or Chromium that draws chart images (kaleido) and runs the browser benchmark.

Looked for in this order, and the first found is used:

1. ``EVALDASH_BROWSER``, evaldash's own setting: the path of the browser's program;
2. ``BROWSER_PATH``, the setting kaleido's browser driver (choreographer) reads;
3. choreographer's own search, the one kaleido makes: Chrome, Chromium, Edge, Brave and
   Vivaldi by their program names on the ``PATH`` (and in the Windows registry), then at their
   usual places on Windows (``Program Files``, ``%LOCALAPPDATA%``), macOS
   (``/Applications/Google Chrome.app/...``) and Linux (``/usr/bin/google-chrome``,
   ``/usr/bin/chromium``, ...), and a Chrome put in place by ``kaleido_get_chrome``.

A setting that names no file is an error that says so, never passed over for another browser.
Nothing is downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

from evaldash.errors import EvaldashError

SETTINGS = ("EVALDASH_BROWSER", "BROWSER_PATH")
"""The environment variables that name the browser, strongest first."""

INSTALL = (
    "install Google Chrome or Chromium (Debian, Ubuntu: apt-get install chromium; "
    "Windows, macOS: Google Chrome), or set EVALDASH_BROWSER to the browser's program"
)
"""What to do when no browser is found."""


def find() -> str:
    """The path of the browser to use (see the module's docstring for the order).

    Raises:
        EvaldashError: when a setting names no file, or no browser is found; the message
            says what to install or set.
    """
    for name in SETTINGS:
        given = os.environ.get(name, "").strip()
        if given:
            if Path(given).is_file():
                return given
            raise EvaldashError(
                f"No Chrome or Chromium at {given} (set by {name}) to draw the charts: point "
                f"{name} at the browser's program, or unset it to use the one found on this "
                "computer."
            )
    found = _search()
    if found is None:
        raise EvaldashError(f"No Chrome or Chromium found to draw the charts: {INSTALL}.")
    return found


def missing() -> str | None:
    """Say which browser is missing and what to do (None when :func:`find` finds one)."""
    try:
        find()
    except EvaldashError:
        named = next((f"{os.environ[n]} ({n})" for n in SETTINGS if os.environ.get(n)), None)
        return f"Chrome or Chromium at {named}" if named else f"Chrome or Chromium ({INSTALL})"
    return None


def _search() -> str | None:
    """The search for a Chromium-based browser that kaleido's choreographer makes itself."""
    try:
        from choreographer.browsers import Chromium
    except ImportError:  # kaleido 1.x brings choreographer; without it nothing can draw
        return None
    found = Chromium.find_browser(skip_local=False)
    return str(found) if found and Path(found).is_file() else None
