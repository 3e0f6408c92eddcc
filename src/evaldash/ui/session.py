"""The session's context: settings, the engine, the data version, and the caches.

``app.py`` builds a :class:`Context` once per run; pages read it with :func:`context`. Caching
lives here (Streamlit's caches); cache keys include the database URL, the data version (newest
import) and the filters, and every read goes through the privacy layer for the session's scope.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NoReturn

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import auth, bootstrap, config, privacy, site, views
from evaldash.db.engine import KEEP_OPEN, make_engine, redact
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.i18n import t
from evaldash.metrics import catalog
from evaldash.ui import serverlog

CONTEXT_KEY = "_evaldash_context"


@dataclass(frozen=True)
class Context:
    """What every page needs; built once per script run by ``app.py``."""

    lang: str
    engine: Engine
    version: int  # data version (newest import id) read once per run; part of cache keys
    filters: Filters | None
    pilot: pd.Series | None
    names: dict[str, str]
    demo_loaded_now: bool
    scope: auth.Scope  # who the session is; every read and cache key carries it
    page: str = "overview"
    presenting: bool = False


class _Once:
    """Something to tell one session only: the first to :meth:`claim` it."""

    def __init__(self, pending: bool) -> None:
        self._pending = pending
        self._lock = threading.Lock()

    def claim(self) -> bool:
        """True for the first caller if there was something to tell, then never again."""
        with self._lock:
            pending, self._pending = self._pending, False
        return pending


@st.cache_resource(show_spinner=False)
def _engine(url: str, busy_timeout: float, auto_demo: bool) -> tuple[Engine, _Once]:
    """Create the engine once per process and prepare an empty database.

    Whether the demo was loaded now is told once, to the session whose visit loaded it (the
    first to ask), not to every session while the server runs.
    """
    engine = make_engine(url, busy_timeout, keep_open=KEEP_OPEN)
    return engine, _Once(bootstrap.ensure_ready(engine, auto_demo))


_NO_PAGE_FILES = '<style>[data-testid="stSidebarNav"] { display: none; }</style>'


def stop_before_menu() -> NoReturn:
    """Stop a run that ends before ``app.py`` makes the menu: sign-in, a refusal, an error.

    In its place Streamlit would list the files of ``pages/`` in the sidebar (``app``,
    ``audit``, ...): hidden, so such a page shows only what it says.
    """
    st.html(_NO_PAGE_FILES)
    st.stop()


def current_settings() -> config.Settings:
    """Return the settings, or show what is wrong with them and stop the page."""
    try:
        return config.load_settings()
    except EvaldashError as exc:
        serverlog.shown_error(exc, "settings")
        st.error(redact(str(exc)), icon=":material/error:")
        stop_before_menu()


@contextlib.contextmanager
def database_errors(lang: str) -> Iterator[None]:
    """Show a database error as a message (never the URL's password) and stop the run."""
    try:
        yield
    except EvaldashError as exc:
        serverlog.shown_error(exc, "database")
        st.error(t("error.database", lang, message=redact(str(exc))), icon=":material/error:")
        stop_before_menu()
    except sa.exc.DBAPIError as exc:  # refused by the server: its words, never the URL
        serverlog.shown_error(exc, "database")
        reason = redact(" ".join(str(exc.orig).split()))
        st.error(t("error.database", lang, message=reason), icon=":material/error:")
        stop_before_menu()


def connected(lang: str) -> tuple[Engine, bool]:
    """The engine, and whether this session's visit loaded the demo; stop on an error."""
    settings = current_settings()
    with database_errors(lang):
        engine, loaded = _engine(settings.db_url, settings.busy_timeout, settings.auto_demo)
    if _LOADED_HERE not in st.session_state:
        st.session_state[_LOADED_HERE] = loaded.claim()
    return engine, st.session_state[_LOADED_HERE]


_LOADED_HERE = "_demo_loaded_here"


def allowed_pages(scope: auth.Scope) -> tuple[str, ...]:
    """The pages ``scope`` may open, in menu order (:data:`evaldash.site.PAGES`).

    The local single-user session may open every page: it is the ministry and the
    administrator on one computer.
    """
    return site.allowed(scope.role, scope.is_local)


def may_import(scope: auth.Scope) -> bool:
    """Whether ``scope`` may import data: an admin, or the local single-user session."""
    return scope.role == "admin" or scope.is_local


@st.cache_data(show_spinner=False, max_entries=32)
def cached_options(key: str, version: int, pilot_id: str, _engine: Engine) -> catalog.FilterOptions:
    """The filter options of a pilot (cached per database, data version and pilot)."""
    return catalog.filter_options(_engine, pilot_id)


def engine_key(engine: Engine) -> str:
    """The database part of cache keys (password hidden; the engine itself is not hashed)."""
    return engine.url.render_as_string(hide_password=True)


# Arguments starting with "_" are not part of Streamlit's cache keys.
@st.cache_data(show_spinner=False, max_entries=16)
def cached_pilots(key: str, version: int, _engine: Engine) -> pd.DataFrame:
    """The pilots (cached per database and data version)."""
    return catalog.pilots(_engine)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_place_names(key: str, version: int, lang: str, _engine: Engine) -> dict[str, str]:
    """Names of codes in ``lang`` (cached per database, data version and language)."""
    return catalog.names(_engine, lang)


def stored_context() -> Context:
    """The context of this run, as stored by ``app.py`` (see :mod:`evaldash.ui.page`).

    Before any session has called ``st.navigation``, a page may run without ``app.py``: it
    switches Streamlit's legacy ``pages/`` mode off and reruns, through ``app.py``.
    """
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return ctx


def cached(fn: Callable[..., pd.DataFrame], f: Filters, *args: object) -> pd.DataFrame:
    """Read ``fn(engine, f, *args)`` as the session's scope may (:func:`privacy.read`), cached.

    The key is the function, the database, the data version, the scope, ``f`` and ``args``.
    """
    ctx = stored_context()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _call(name, engine_key(ctx.engine), ctx.version, ctx.scope, f, args, ctx.engine).copy()


@st.cache_data(show_spinner=False, max_entries=512)
def _call(
    name: str,
    key: str,
    version: int,
    scope: auth.Scope,
    f: Filters,
    args: tuple,
    _engine: Engine,
) -> pd.DataFrame:
    module, _, qualname = name.partition(":")
    fn = getattr(importlib.import_module(module), qualname)
    return privacy.read(_engine, scope, fn, f, *args)


def cached_reference(fn: Callable[[Engine], pd.DataFrame]) -> pd.DataFrame:
    """Call a reference lookup ``fn(engine)`` through the cache, per data version."""
    ctx = stored_context()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _reference(name, engine_key(ctx.engine), ctx.version, ctx.engine).copy()


@st.cache_data(show_spinner=False, max_entries=16)
def _reference(name: str, key: str, version: int, _engine: Engine) -> pd.DataFrame:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)(_engine)


def cached_names(fn: Callable[[Engine, str], dict[str, str]], lang: str) -> dict[str, str]:
    """Call a name lookup ``fn(engine, lang)`` through the cache, per data version."""
    ctx = stored_context()
    return _lookup(
        f"{fn.__module__}:{fn.__qualname__}", engine_key(ctx.engine), ctx.version, lang, ctx.engine
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _lookup(name: str, key: str, version: int, lang: str, _engine: Engine) -> dict[str, str]:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)(_engine, lang)


def view(ctx: Context) -> views.View:
    """The page's :class:`~evaldash.views.View`: its filters, names, cached metric calls."""
    return views.View(
        ctx.filters,  # type: ignore[arg-type]
        ctx.lang,
        ctx.names,
        cached_names(catalog.domain_names, ctx.lang),
        source_caption(ctx),
        cached,
        cached_reference(catalog.centres),
        scope=ctx.scope,
        labels=cached_names(catalog.labels, ctx.lang),
    )


def source_caption(ctx: Context) -> str:
    """Return "Source: ..., data updated <date>" for captions."""
    updated = catalog.last_update(ctx.engine)
    return views.source_text(updated.date() if updated else None, ctx.lang)
