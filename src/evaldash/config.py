"""Settings, read in one place.

Precedence for each setting: environment variable, then ``.streamlit/secrets.toml`` (in the
working directory, then in the home directory), then the built-in default.

- database URL: ``EVALDASH_DB_URL``; ``[connections.evaldash] url``; default the DuckDB
  file ``evaldash.duckdb`` in :func:`default_db_folder` (``data/`` of a checkout, else the
  user's data folder)
- default language: ``EVALDASH_LANG``; ``[evaldash] lang``; default ``lv``
- seconds to wait for a locked DuckDB file: ``EVALDASH_BUSY_TIMEOUT``;
  ``[evaldash] busy_timeout``; default ``15``
- load the demo into an empty database on first start: ``EVALDASH_AUTO_DEMO``;
  ``[evaldash] auto_demo``; default ``true``
- smallest group of people shown outside the ministry (small-number suppression):
  ``EVALDASH_MIN_GROUP``; ``[evaldash] min_group``; default ``5``
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaldash import resources
from evaldash.errors import ConfigError

LANGUAGES = ("lv", "en")
_TRUE = {"1", "true", "yes", "on", "jā", "ja"}
_FALSE = {"0", "false", "no", "off", "nē", "ne"}


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one process."""

    db_url: str
    lang: str = "lv"
    busy_timeout: float = 15.0
    auto_demo: bool = True
    min_group: int = 5


def default_db_folder() -> Path:
    r"""Where the embedded database lives when no URL is given.

    In a checkout its ``data/`` folder (beside the reference tables, as ``streamlit run
    app.py`` has always used); installed from a wheel, the user's data folder:
    ``%LOCALAPPDATA%\evaldash`` on Windows, ``~/Library/Application Support/evaldash`` on
    macOS, ``$XDG_DATA_HOME/evaldash`` (default ``~/.local/share/evaldash``) elsewhere. Never
    inside the installed package, which an upgrade replaces.
    """
    root = resources.checkout()
    if root is not None:
        return root / "data"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = xdg if os.path.isabs(xdg) else str(Path.home() / ".local" / "share")
    return Path(base) / "evaldash"


def default_db_url() -> str:
    """The URL of the embedded DuckDB file in :func:`default_db_folder`, which it creates."""
    folder = default_db_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return f"duckdb:///{(folder / 'evaldash.duckdb').as_posix()}"


def secrets_files() -> list[Path]:
    """Return the secrets files Streamlit itself would read, in order of precedence."""
    return [Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"]


def _read_secrets() -> dict[str, Any]:
    for path in secrets_files():
        if path.is_file():
            try:
                return tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"{path} is not valid TOML ({exc}). Fix the file or remove it."
                ) from exc
    return {}


def _parse_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, got {value!r}.")


def _parse_timeout(name: str, value: object) -> float:
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number of seconds, got {value!r}.") from None
    if seconds < 0:
        raise ConfigError(f"{name} must not be negative, got {value!r}.")
    return seconds


def _parse_group(name: str, value: object) -> int:
    try:
        size = int(str(value))
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of people, got {value!r}.") from None
    if size < 2:
        raise ConfigError(f"{name} must be 2 or more (a group of 1 is one person), got {size}.")
    return size


def load_settings(db_url: str | None = None) -> Settings:
    """Resolve the settings; ``db_url`` (e.g. from ``--db``) overrides everything else."""
    secrets = _read_secrets()
    app = secrets.get("evaldash", {})
    url = (
        db_url
        or os.environ.get("EVALDASH_DB_URL")
        or secrets.get("connections", {}).get("evaldash", {}).get("url")
        or default_db_url()
    )
    lang = str(os.environ.get("EVALDASH_LANG") or app.get("lang") or "lv").lower()
    if lang not in LANGUAGES:
        raise ConfigError(f"EVALDASH_LANG must be one of {', '.join(LANGUAGES)}, got {lang!r}.")
    timeout = os.environ.get("EVALDASH_BUSY_TIMEOUT", app.get("busy_timeout", 15))
    auto_demo = os.environ.get("EVALDASH_AUTO_DEMO", app.get("auto_demo", True))
    min_group = os.environ.get("EVALDASH_MIN_GROUP", app.get("min_group", 5))
    return Settings(
        db_url=str(url),
        lang=lang,
        busy_timeout=_parse_timeout("EVALDASH_BUSY_TIMEOUT", timeout),
        auto_demo=_parse_bool("EVALDASH_AUTO_DEMO", auto_demo),
        min_group=_parse_group("EVALDASH_MIN_GROUP", min_group),
    )
