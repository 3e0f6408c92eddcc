"""Errors a user can act on.

Every ``EvaldashError`` carries a complete, human-readable message that says what is wrong
and how to fix it. The CLI prints it as one line and exits with ``exit_code``; the app shows
it in an error box. Anything else is a bug and keeps its traceback.
"""


class EvaldashError(Exception):
    """A problem the user can fix; the message says how."""

    exit_code = 1


class ConfigError(EvaldashError):
    """A setting (database URL, secrets file, language) is invalid."""

    exit_code = 2


class DatabaseUnavailableError(EvaldashError):
    """The database cannot be reached or opened."""


class DatabaseBusyError(DatabaseUnavailableError):
    """The embedded database file is locked by another process for longer than we wait."""


class SchemaOutdatedError(EvaldashError):
    """The database schema is older (or newer) than this version of evaldash expects."""
