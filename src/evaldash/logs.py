"""The server's log: one line per event on standard output.

``2026-12-07T18:40:01Z INFO session=ab12cd34 page=services event=page_run ms=153 role=ministry``

Time in UTC, the level, then ``key=value`` fields: ``session`` (a short hash of Streamlit's
session id, never a name), ``page``, ``event`` and what the event adds. A value holding a space,
a quote, an ``=`` or a line break is written as a JSON string, so one event is always one line
(a traceback, for an error, follows on the next lines). The fields are chosen where an event is
logged: counts, durations, formats, outcomes, an account's name; never a participant's data, a
password, a cookie, a token or a typed name that is not an account's.

Only the ``evaldash`` logger writes here (Streamlit's own logger is left as it is), at the
level of ``EVALDASH_LOG_LEVEL`` (default ``INFO``). :func:`configure` is safe to call on every
Streamlit rerun: it adds its handler once per process.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

LOGGER = "evaldash"
LEVEL_VARIABLE = "EVALDASH_LOG_LEVEL"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_HANDLER = "evaldash-stdout"
_BARE = re.compile(r"[^\s\"'=\\]+")
_where: contextvars.ContextVar[Mapping[str, object] | None] = contextvars.ContextVar(
    "evaldash_log_where", default=None
)

log = logging.getLogger(LOGGER)


class LineFormatter(logging.Formatter):
    """``<UTC time> <LEVEL> key=value ...``, with a traceback on the following lines.

    ``redact`` is applied to the whole text (the line and its traceback): the app passes the
    function that hides database passwords in URLs.
    """

    def __init__(self, redact: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.redact = redact or (lambda text: text)

    def format(self, record: logging.LogRecord) -> str:
        """One event as one line (and its traceback, if any, after it)."""
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = getattr(record, "fields", None) or {
            "event": "message",
            "text": record.getMessage(),
        }
        line = " ".join(
            [stamp, record.levelname, *(f"{key}={value_text(v)}" for key, v in fields.items())]
        )
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return self.redact(line)


def value_text(value: object) -> str:
    """A field's value as written: bare when it is one plain word, else a JSON string."""
    if value is None:
        return "-"
    if isinstance(value, float):
        value = round(value, 3)
    text = str(value)
    return text if _BARE.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def level() -> int:
    """The level from ``EVALDASH_LOG_LEVEL`` (default INFO); an unknown name is INFO."""
    name = os.environ.get(LEVEL_VARIABLE, "INFO").strip().upper()
    return getattr(logging, name) if name in LEVELS else logging.INFO


def configure(redact: Callable[[str], str] | None = None) -> logging.Logger:
    """Send the ``evaldash`` logger's events to standard output, one line each.

    Once per process: a handler added earlier (an earlier rerun) is kept, not doubled; the level
    is read again, so a changed ``EVALDASH_LOG_LEVEL`` counts from the next run.
    """
    if not any(h.get_name() == _HANDLER for h in log.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.set_name(_HANDLER)
        handler.setFormatter(LineFormatter(redact))
        log.addHandler(handler)
    log.setLevel(level())
    log.propagate = False  # never twice, whatever handlers the root logger has
    return log


@contextmanager
def bound(**fields: object) -> Iterator[None]:
    """Within the block, every event carries ``fields`` (e.g. session and page) first."""
    token = _where.set({**(_where.get() or {}), **fields})
    try:
        yield
    finally:
        _where.reset(token)


def bind(**fields: object) -> None:
    """From now until the enclosing :func:`bound` block ends, events carry ``fields`` too."""
    _where.set({**(_where.get() or {}), **fields})


def where() -> dict[str, object]:
    """The fields bound now (see :func:`bound`), to carry them to another thread."""
    return dict(_where.get() or {})


def event(
    name: str, severity: int = logging.INFO, exc: BaseException | None = None, **fields: object
) -> None:
    """Log event ``name`` with the bound fields and ``fields``; ``exc`` adds its traceback."""
    if not log.isEnabledFor(severity):
        return
    bound_fields = _where.get() or {}
    ordered = {
        "session": bound_fields.get("session"),
        "page": bound_fields.get("page"),
        "event": name,
        **{k: v for k, v in bound_fields.items() if k not in ("session", "page")},
        **fields,
    }
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    log.log(severity, "%s", name, extra={"fields": ordered}, exc_info=exc_info)
