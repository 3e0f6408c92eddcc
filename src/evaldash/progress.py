"""Progress of long work, told through a callback, so lower layers never import a front end.

Writers (the import, the national demo, exports) take ``progress=`` a :class:`Progress` and
call it as they go; the command line draws a bar on a terminal (:mod:`evaldash.cli.progress`)
and the Data page a ``st.progress`` (:mod:`evaldash.ui.admin`). Each front end says the steps
in its own words.
"""

from __future__ import annotations

from typing import Protocol

STEPS = ("read", "check", "write", "demo", "build", "draw")
"""What ``step`` may be, with its unit and ``what``: ``read`` rows read and parsed (a file, or
a workbook's sheet); ``check`` tables checked (the table); ``write`` rows written (the table
being written); ``demo`` participants generated and written; ``build`` pages whose figures
are read (the page); ``draw`` charts drawn."""


class Progress(Protocol):
    """Told ``done`` of ``total`` units of ``step`` (``total`` None: not known yet)."""

    def __call__(self, step: str, done: int, total: int | None = None, what: str = "") -> None:
        """Take one report; it must be cheap, since writers call it between chunks."""


def silent(step: str, done: int, total: int | None = None, what: str = "") -> None:
    """A :class:`Progress` that tells no one (the default of every writer)."""
