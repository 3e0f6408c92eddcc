"""``evaldash run``: start the dashboard, as ``streamlit run app.py`` does in a checkout.

The dashboard's files are the package's own (:func:`evaldash.resources.dashboard`):
``app.py``, ``pages/`` and ``.streamlit/config.toml``, which Streamlit reads as the entry
script's settings (address localhost, upload limit, theme, toolbar, no error details, no
usage statistics). Options of ``streamlit run`` given after ``run`` pass through and win
over those settings, e.g. ``--server.port 8600``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence

from evaldash import config, resources
from evaldash.db.engine import describe
from evaldash.errors import ConfigError


def _add_run(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The subcommand ``run``."""
    sub.add_parser(
        "run",
        parents=[common],
        help="start the dashboard (Streamlit); streamlit run options pass through",
        description="Start the dashboard on this computer (http://localhost:8501), on the "
        "database of --db or the settings. Options of streamlit run pass through, e.g. "
        "--server.port 8600 --server.headless true.",
    )


def _run(args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """Serve the packaged ``app.py`` with Streamlit in this process, until it is stopped."""
    passed = _streamlit_options(getattr(args, "streamlit", []))
    app = resources.dashboard() / "app.py"
    if args.db:  # the app reads its database from the settings, as the other commands do
        os.environ["EVALDASH_DB_URL"] = args.db
    settings = config.load_settings()
    out(f"evaldash: database {describe(settings.db_url)}")
    from streamlit.web import cli as streamlit_cli

    # Options before the script: whatever follows the script would be the script's arguments.
    streamlit_cli.main(
        args=["run", *passed, str(app)], prog_name="evaldash run", standalone_mode=True
    )
    return 0  # not reached: Streamlit exits the process when its server stops


def _streamlit_options(words: Sequence[str]) -> list[str]:
    """``words`` if they are options of ``streamlit run`` with their values.

    Raises:
        ConfigError: for a word that is neither an option nor an option's value.
    """
    expects_value = False
    for word in words:
        if word.startswith("-"):
            expects_value = "=" not in word
        elif expects_value:
            expects_value = False
        else:
            raise ConfigError(
                f"evaldash run takes options of streamlit run (e.g. --server.port 8600), "
                f"not {word!r}."
            )
    return list(words)
