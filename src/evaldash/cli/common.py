"""What the command modules share: program name, parser class, number options, engine."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import sqlalchemy as sa

from evaldash import config
from evaldash.db.engine import make_engine

PROG = "python -m evaldash"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print one line naming the problem and where to get help, then exit 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(option: str) -> Callable[[str], int]:
    """An argparse type: a whole number of at least 1 (``_`` allowed), named ``option``."""

    def parse(text: str) -> int:
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            message = f"{option} must be a whole number, got {text!r}"
            raise argparse.ArgumentTypeError(message) from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{option} must be at least 1, got {value}")
        return value

    return parse


def _engine(args: argparse.Namespace) -> sa.engine.Engine:
    settings = config.load_settings(args.db)
    return make_engine(settings.db_url, settings.busy_timeout)
