"""The server's log lines from the app: page runs, errors shown as messages, their session.

:mod:`evaldash.logs` writes the lines; this module knows Streamlit: the session (a short hash
of its id, so a log line cannot be used to join someone's session) and the page run's timing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.scriptrunner_utils.exceptions import (
    RerunException,
    ScriptControlException,
)

from evaldash import logs
from evaldash.db.engine import redact


def session_id() -> str | None:
    """A short, stable id of this browser session (8 hex digits), or None outside a session."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    return hashlib.sha256(ctx.session_id.encode()).hexdigest()[:8]


class Run:
    """One run of the app's script: its fields (page, role, user) as they become known."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.fields: dict[str, object] = {"session": session_id(), "page": None}

    def update(self, **fields: object) -> None:
        """Name the page, role or user of this run; later events carry them."""
        self.fields.update(fields)
        logs.bind(**fields)

    def ms(self) -> int:
        """Milliseconds since the run began."""
        return round((time.monotonic() - self.started) * 1000)


@contextmanager
def logged_run() -> Iterator[Run]:
    """Log the run of the app's script: ``page_run`` with its duration, or the error.

    ``st.stop`` and reruns end a run too (outcome ``stopped`` or ``rerun``); anything else
    that escapes is a bug: logged with its traceback at ERROR, then shown by Streamlit.
    """
    logs.configure(redact)
    run = Run()
    with logs.bound(**run.fields):
        try:
            yield run
        except RerunException:
            logs.event("page_run", ms=run.ms(), outcome="rerun")
            raise
        except ScriptControlException:
            logs.event("page_run", ms=run.ms(), outcome="stopped")
            raise
        except Exception as exc:
            logs.event("page_error", logging.ERROR, exc, ms=run.ms(), error=type(exc).__name__)
            raise
        logs.event("page_run", ms=run.ms(), outcome="ok")


def shown_error(exc: BaseException, what: str) -> None:
    """Log an error the user was shown as a message, with its traceback (``what``: where)."""
    logs.configure(redact)
    logs.event("error_shown", logging.ERROR, exc, what=what, error=type(exc).__name__)


@contextmanager
def timed(name: str, where: dict[str, Any] | None = None, **fields: object) -> Iterator[dict]:
    """Log event ``name`` with its ``ms`` when the block ends (``outcome=failed`` if it raised).

    ``where``: the fields of the run that asked for it (:func:`evaldash.logs.where`), for work
    done outside the run's thread, such as a download made when its button is pressed. The
    block may add fields to the dict it gets.
    """
    logs.configure(redact)
    started = time.monotonic()
    extra: dict[str, object] = dict(fields)
    with logs.bound(**(where or {"session": session_id()})):
        try:
            yield extra
        except ScriptControlException:
            raise
        except Exception as exc:
            ms = round((time.monotonic() - started) * 1000)
            logs.event(name, logging.ERROR, exc, **extra, ms=ms, outcome="failed")
            raise
        logs.event(name, **extra, ms=round((time.monotonic() - started) * 1000))


def note(name: str, page: str | None = None, **fields: object) -> None:
    """Log event ``name`` of this session, outside a page run (e.g. a button's callback)."""
    logs.configure(redact)
    with logs.bound(session=session_id(), page=page):
        logs.event(name, **fields)
