"""A progress bar for long commands: ``demo --scale national``, ``import`` and ``export``.

One line on standard error, rewritten in place (a carriage return) as the work goes on::

    writing usage [########------------]  2,104,331/5,012,345 rows  81,220/s  0:36 left

and erased when the command ends, so only the command's own output stays. Nothing is drawn
when standard error is not a terminal (a pipe, a file, a CI log) or with ``--quiet``. The
writers hear nothing of it: they call a :class:`evaldash.progress.Progress`, which this is.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

WORDS = {
    "read": ("reading", "rows"),
    "check": ("checking", "tables"),
    "write": ("writing", "rows"),
    "demo": ("demo", "participants"),
    "build": ("figures of", "pages"),
    "draw": ("drawing", "charts"),
}
"""Each step of :data:`evaldash.progress.STEPS` as the bar says it: what is done, its unit."""

WIDTH = 20
"""Characters of the bar itself."""

INTERVAL = 0.1
"""Seconds between redraws at most (the last report of a step is always drawn)."""


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Give a command the ``--quiet`` option that turns the bar off."""
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar on standard error (there is none when it is not a terminal)",
    )


class Bar:
    """A :class:`~evaldash.progress.Progress` drawn on ``stream`` (default: standard error).

    Use it as a context manager, so the line is erased however the command ends.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Draw on ``stream`` only if it is a terminal and not ``quiet``."""
        self.stream = sys.stderr if stream is None else stream
        self.on = not quiet and _is_terminal(self.stream)
        self.clock = clock
        self._step: tuple[str, int | None] | None = None
        self._since, self._from, self._drawn_at = 0.0, 0, float("-inf")
        self._shown = 0  # characters on the line now

    def __call__(self, step: str, done: int, total: int | None = None, what: str = "") -> None:
        """Take a report of ``done`` of ``total`` units of ``step``; redraw if it is time."""
        if not self.on:
            return
        now = self.clock()
        if (step, total) != self._step:  # a new step (or table): its rate starts anew
            self._step, self._since, self._from = (step, total), now, done
        elif now - self._drawn_at < INTERVAL and done != total:
            return
        self._drawn_at = now
        text = line(step, done, total, what, now - self._since, done - self._from)
        self._show(text[: _columns(self.stream) - 1])

    def close(self) -> None:
        """Erase the line (the command's own output follows)."""
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def __enter__(self) -> Bar:
        """Return the bar itself, to hand to the writers."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Erase the line."""
        self.close()

    def _show(self, text: str) -> None:
        padding = " " * max(0, self._shown - len(text))  # cover a longer line drawn before
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._shown = len(text)


def line(
    step: str, done: int, total: int | None, what: str, seconds: float, progressed: int
) -> str:
    """The bar's text: step and table, bar, done/total and unit, rate and time left.

    ``progressed`` units were done in the ``seconds`` since the step began; rate and time
    left are left out until there is one to tell. Without a total, only the count is shown.
    """
    verb, unit = WORDS.get(step, (step, ""))
    label = f"{verb} {what}".strip()
    if total is None:
        return f"{label}  {done:,} {unit}"
    total = max(total, done)
    filled = WIDTH * done // total if total else WIDTH
    parts = [f"{label} [{'#' * filled}{'-' * (WIDTH - filled)}]", f"{done:,}/{total:,} {unit}"]
    if progressed > 0 and seconds >= 0.5:
        rate = progressed / seconds
        parts.append(f"{rate:,.0f}/s")
        if done < total:
            parts.append(f"{_clock(round((total - done) / rate))} left")
    return "  ".join(parts)


def _clock(seconds: int) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


def _columns(stream: TextIO) -> int:
    """The terminal's width, so the line never wraps (a wrapped line cannot be rewritten)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80
