"""The only Streamlit helpers: cached engine, sidebar, banners, KPI cards, chart blocks.

Pages call ``context()`` for the language, engine, filters and names, then one metric
function per chart through ``cached``. Caching lives here, never in the data layer; cache
keys include the database URL, the data version (newest import) and the filters.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import auth, config, csvsafe, measures, privacy, views
from evaldash.db import bootstrap
from evaldash.db.engine import KEEP_OPEN, make_engine, redact
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.i18n import (
    LANGUAGES,
    fmt_month,
    fmt_number,
    fmt_period,
    t,
)
from evaldash.measures import AGE_GROUPS, DEFAULT_THRESHOLD
from evaldash.metrics import catalog

_CTX = "_evaldash_context"
LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}
DATE_INPUT_FORMAT = {"lv": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


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


@st.cache_resource(show_spinner=False)
def _engine(url: str, busy_timeout: float, auto_demo: bool) -> tuple[Engine, bool]:
    """Create the engine once per process and prepare an empty database."""
    engine = make_engine(url, busy_timeout, keep_open=KEEP_OPEN)
    demo_loaded = bootstrap.ensure_ready(engine, auto_demo)
    return engine, demo_loaded


def _settings() -> config.Settings:
    """Return the settings, or show what is wrong with them and stop the page."""
    try:
        return config.load_settings()
    except EvaldashError as exc:
        st.error(redact(str(exc)), icon=":material/error:")
        st.stop()


# --- deep links -----------------------------------------------------------------------------
# Every choice lives in the URL as codes (?lang=en&pilot=IB-GRT-2019&f_regions=KUR), so a copied
# link reopens the same page and view in any language. Streamlit's own bind="query-params"
# writes the options' display labels instead, so the values are synced here: a session takes
# a key's URL value the first time it meets the key, and every run writes the current values
# back, leaving out defaults.

_NOTICES = "_link_notices"
_SEEN = "_link_seen"
_WRITTEN = "_link_written"
_LINKED: set[str] = set()  # every key ever linked, so that keys of other pages are dropped
_FIRST = object()


_PANELS = "_run_panels"


def begin_run() -> None:
    """Start a run's bookkeeping: links written, panels shown (``app.py`` calls this first)."""
    st.session_state[_WRITTEN] = set()
    st.session_state[_PANELS] = []


def link_end(lang: str) -> None:
    """Drop other pages' choices from the URL; tell which link values were not valid."""
    written = st.session_state.get(_WRITTEN, set())
    for key in _LINKED - written:
        if key in st.query_params:
            del st.query_params[key]
    for label, values in st.session_state.pop(_NOTICES, []):
        st.toast(t("link.invalid", lang, name=label, values=values), icon=":material/link_off:")


def _from_link(
    key: str, label: str, parse: Callable[[list[str]], tuple[object, list[str]]]
) -> None:
    """On a session's first sight of ``key``, take its URL value into session state.

    ``parse`` turns the URL's values into (value, refused values); value ``_FIRST`` means
    nothing usable. Refused values are noted for :func:`link_end`.
    """
    _LINKED.add(key)
    seen = st.session_state.setdefault(_SEEN, set())
    if key in seen:
        return
    seen.add(key)
    given = st.query_params.get_all(key)
    if not given:
        return
    value, refused = parse(given)
    if refused:
        st.session_state.setdefault(_NOTICES, []).append((label, ", ".join(refused)))
    if value is not _FIRST:
        st.session_state[key] = value


def _to_link(key: str, text: str | list[str] | None) -> None:
    """Write ``key``'s value into the URL (``None``: the default, so no parameter)."""
    st.session_state.setdefault(_WRITTEN, set()).add(key)
    if text is None or text == []:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != ([text] if isinstance(text, str) else text):
        st.query_params[key] = text


def linked(
    widget: Callable[..., object],
    label: str,
    options: object,
    *,
    key: str,
    default: object = _FIRST,
    many: bool = False,
    **kwargs: object,
) -> object:
    """Create a choice widget whose value lives in the URL under ``key`` (as option codes).

    ``widget`` is a selectbox, radio, segmented control (``many=False``) or multiselect
    (``many=True``), e.g. ``st.selectbox`` or ``column.radio``. ``default`` is the first
    option (none for a multiselect) unless given. A stored choice that the options no longer
    hold (another pilot was chosen) falls back to the default, or loses those values.
    """
    choices = list(options)  # type: ignore[call-overload]
    by_text = {str(o): o for o in choices}
    if default is _FIRST:
        default = [] if many else (choices[0] if choices else None)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        known = [by_text[v] for v in values if v in by_text]
        refused = [v for v in values if v not in by_text]
        if many:
            return known, refused
        return (known[0] if known else _FIRST), refused

    _from_link(key, label, parse)
    current = st.session_state.get(key, _FIRST)
    if many:
        kept = [v for v in current if v in choices] if isinstance(current, list) else default
        st.session_state[key] = list(kept)  # type: ignore[arg-type]
    elif current is _FIRST or current not in choices:
        st.session_state[key] = default
    value = widget(label, choices, key=key, **kwargs)
    if many:
        _to_link(key, [str(v) for v in value])  # type: ignore[union-attr]
    else:
        _to_link(key, None if value in (None, default) else str(value))
    return value


def language_selector() -> str:
    """Show the language switch in the sidebar and return ``lv`` or ``en``."""
    default = _settings().lang
    lang = linked(
        st.sidebar.segmented_control,
        "Valoda / Language",
        LANGUAGES,
        default=default,
        format_func=LANGUAGE_NAMES.get,
        key="lang",
    )
    return lang or default


@contextlib.contextmanager
def _database_errors(lang: str) -> Iterator[None]:
    """Show a database error as a message (never the URL's password) and stop the run."""
    try:
        yield
    except EvaldashError as exc:
        st.error(t("error.database", lang, message=redact(str(exc))), icon=":material/error:")
        st.stop()
    except sa.exc.DBAPIError as exc:  # refused by the server: its words, never the URL
        reason = redact(" ".join(str(exc.orig).split()))
        st.error(t("error.database", lang, message=reason), icon=":material/error:")
        st.stop()


def _connected(lang: str) -> tuple[Engine, bool]:
    """The engine (and whether the demo was loaded now); stop with a message on error."""
    settings = _settings()
    with _database_errors(lang):
        return _engine(settings.db_url, settings.busy_timeout, settings.auto_demo)


def who(lang: str) -> auth.Scope:
    """Who this session is (see :func:`access`); ``app.py`` asks before choosing pages."""
    scope = access(_connected(lang)[0], lang)
    return replace(scope, k=_settings().min_group)


def setup(lang: str, scope: auth.Scope) -> Context:
    """Prepare the database, show the pilot selector and the filters ``scope`` may use."""
    engine, demo_loaded = _connected(lang)
    with _database_errors(lang):
        version = catalog.data_version(engine)
        pilots = _pilots(_key(engine), version, engine)
        names = _names(_key(engine), version, lang, engine)
    pilot = _pilot_selector(pilots, lang)
    filters = None
    if pilot is not None:
        options = _options(_key(engine), version, pilot["pilot_id"], engine)
        filters = _filter_sidebar(pilot["pilot_id"], options, names, lang, scope)
    ctx = Context(lang, engine, version, filters, pilot, names, demo_loaded, scope)
    st.session_state[_CTX] = ctx
    return ctx


PAGE_ROLES = {
    "overview": ("ministry", "municipality", "public"),
    "services": ("ministry", "municipality", "public"),
    "progress": ("ministry", "municipality", "public"),
    "gaps": ("ministry", "municipality", "public"),
    "compare": ("ministry", "municipality", "public"),
    "data": ("ministry", "admin"),
    "audit": ("admin",),
}
"""Pages (URL paths) and the roles that may open them. The local single-user session may
open every page: it is the ministry and the administrator on one computer."""


def allowed_pages(scope: auth.Scope) -> tuple[str, ...]:
    """The pages ``scope`` may open, in menu order."""
    return tuple(p for p, roles in PAGE_ROLES.items() if scope.is_local or scope.role in roles)


def may_import(scope: auth.Scope) -> bool:
    """Whether ``scope`` may import data: an admin, or the local single-user session."""
    return scope.role == "admin" or scope.is_local


def context(page: str | None = None) -> Context:
    """Return the context ``app.py`` set up for this run; refuse ``page`` to other roles.

    A page the role may not open is not in the menu; reached anyway (a link, a stale tab),
    the page stops here with a message before it reads anything.

    Until some session has called ``st.navigation``, Streamlit treats a ``pages/`` folder the
    legacy way and runs a page named in the URL (``/data``) on its own, without ``app.py``.
    That happens on the first visit after a server start; the page then switches the legacy
    mode off and reruns, so ``app.py`` runs and routes to the same page.
    """
    ctx = _stored()
    if page is not None and page not in allowed_pages(ctx.scope):
        role = t(f"role.{ctx.scope.role}", ctx.lang)
        st.error(t("privacy.refused", ctx.lang, role=role), icon=":material/lock:")
        st.stop()
    # Read live: a page may run without app.py after a click (AppTest), with the last context.
    if st.session_state.get("present") is True:  # the page's charts, one per screen
        present(ctx, ctx.page)
        link_end(ctx.lang)
        st.stop()
    return ctx


def _stored() -> Context:
    """The context of this run, as stored by :func:`setup` (see :func:`context`)."""
    ctx = st.session_state.get(_CTX)
    if ctx is None:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return ctx


def start_page(ctx: Context, page: str) -> Context:
    """Note which page runs and whether it is presented; show the presentation button.

    ``app.py`` calls this after :func:`setup`; :func:`context` then presents the page's
    charts instead of drawing the page.
    """
    ctx = replace(ctx, page=page, presenting=presenting(ctx.lang))
    st.session_state[_CTX] = ctx
    if not ctx.presenting:
        not_presenting()
    return ctx


@st.cache_data(show_spinner=False, max_entries=32)
def _options(key: str, version: int, pilot_id: str, _engine: Engine) -> catalog.FilterOptions:
    return catalog.filter_options(_engine, pilot_id)


FILTER_KEYS = ("f_regions", "f_municipalities", "f_period", "f_categories", "f_sex", "f_ages")


def _filter_sidebar(
    pilot_id: str,
    options: catalog.FilterOptions,
    names: dict[str, str],
    lang: str,
    scope: auth.Scope,
) -> Filters:
    """Show the shared filters in the sidebar and return the selection ``scope`` may read.

    Filters a scope may not use for this selection (:func:`evaldash.privacy.released`) stay
    in the sidebar, unused, with a note saying why.
    """
    sidebar = st.sidebar.expander(t("filters.title", lang), expanded=True, icon=":material/tune:")
    munis = options.municipalities
    regions = _choose(
        sidebar,
        "f_regions",
        t("filters.region", lang),
        sorted(munis["region_code"].unique()),
        names,
        lang,
    )
    if regions:
        munis = munis[munis["region_code"].isin(regions)]
    chosen = _choose(
        sidebar,
        "f_municipalities",
        t("filters.municipality", lang),
        sorted(munis["municipality_code"], key=lambda c: names.get(c, c)),
        names,
        lang,
    )
    period_from, period_to = _period(sidebar, options, lang)
    categories = _choose(
        sidebar, "f_categories", t("filters.category", lang), options.categories, names, lang
    )
    sex = _choose(
        sidebar,
        "f_sex",
        t("filters.sex", lang),
        options.sexes,
        {s: t(f"sex.{s}", lang) for s in options.sexes},
        lang,
    )
    groups = [g for g, low, high in AGE_GROUPS if any(low <= a <= high for a in options.ages)]
    ages = _choose(sidebar, "f_ages", t("filters.age", lang), groups, {}, lang)
    if sidebar.button(t("filters.reset", lang), icon=":material/restart_alt:"):
        for key in FILTER_KEYS:
            st.session_state.pop(key, None)
        st.rerun()
    chosen_filters = Filters(
        pilot_id,
        tuple(regions),
        tuple(chosen),
        period_from,
        period_to,
        tuple(categories),
        tuple(sex),
        tuple(ages),
    )
    filters, dropped = privacy.released(scope, chosen_filters)
    if dropped:
        parts = ", ".join(t(f"privacy.part.{part}", lang) for part in dropped)
        sidebar.info(t("privacy.narrowed", lang, parts=parts), icon=":material/shield:")
    return filters


def _choose(
    box: st.delta_generator.DeltaGenerator,
    key: str,
    label: str,
    options: list[str],
    names: dict[str, str],
    lang: str,
) -> list[str]:
    """A multiselect in the URL whose stored choice is cut to what the current pilot offers."""
    return linked(  # type: ignore[return-value]
        box.multiselect,
        label,
        options,
        many=True,
        format_func=lambda c: names.get(c, c),
        key=key,
        placeholder=t("filters.all_choices", lang),
    )


def _period(
    box: st.delta_generator.DeltaGenerator, options: catalog.FilterOptions, lang: str
) -> tuple[date | None, date | None]:
    """A date range limited to the pilot's data; the whole range means no period filter."""
    first, last = options.first_day, options.last_day
    if first is None or last is None:
        return None, None
    label = t("filters.period", lang)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        days = [_day(v) for v in values]
        if len(days) == 2 and None not in days and first <= days[0] <= days[1] <= last:
            return tuple(days), []
        return _FIRST, values

    _from_link("f_period", label, parse)
    stored = st.session_state.get("f_period")
    if not stored or len(stored) != 2 or stored[0] < first or stored[-1] > last:
        st.session_state["f_period"] = (first, last)
    chosen = box.date_input(
        label,
        min_value=first,
        max_value=last,
        format=DATE_INPUT_FORMAT[lang],
        key="f_period",
    )
    whole = len(chosen) == 2 and (chosen[0], chosen[1]) == (first, last)
    _to_link("f_period", None if len(chosen) != 2 or whole else [d.isoformat() for d in chosen])
    if len(chosen) != 2 or (chosen[0], chosen[1]) == (first, last):
        return None, None  # a range being picked, or everything
    return chosen[0], chosen[1]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _pilot_selector(pilots: pd.DataFrame, lang: str) -> pd.Series | None:
    if pilots.empty:
        st.sidebar.info(t("sidebar.no_pilots", lang))
        return None
    ids = pilots["pilot_id"].tolist()
    labels = dict(zip(pilots["pilot_id"], pilots["name"], strict=True))
    chosen = linked(
        st.sidebar.selectbox, t("sidebar.pilot", lang), ids, format_func=labels.get, key="pilot"
    )
    return pilots.set_index("pilot_id", drop=False).loc[chosen]


def _key(engine: Engine) -> str:
    """The database part of cache keys (password hidden; the engine itself is not hashed)."""
    return engine.url.render_as_string(hide_password=True)


# Arguments starting with "_" are not part of Streamlit's cache keys.
@st.cache_data(show_spinner=False, max_entries=16)
def _pilots(key: str, version: int, _engine: Engine) -> pd.DataFrame:
    return catalog.pilots(_engine)


@st.cache_data(show_spinner=False, max_entries=16)
def _names(key: str, version: int, lang: str, _engine: Engine) -> dict[str, str]:
    return catalog.names(_engine, lang)


def cached(fn: Callable[..., pd.DataFrame], f: Filters, *args: object) -> pd.DataFrame:
    """Read ``fn(engine, f, *args)`` as the session's scope may (:func:`privacy.read`), cached.

    The key is the function, the database, the data version, the scope, ``f`` and ``args``.
    """
    ctx = _stored()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _call(name, _key(ctx.engine), ctx.version, ctx.scope, f, args, ctx.engine).copy()


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
    ctx = _stored()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _reference(name, _key(ctx.engine), ctx.version, ctx.engine).copy()


@st.cache_data(show_spinner=False, max_entries=16)
def _reference(name: str, key: str, version: int, _engine: Engine) -> pd.DataFrame:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)(_engine)


def cached_names(fn: Callable[[Engine, str], dict[str, str]], lang: str) -> dict[str, str]:
    """Call a name lookup ``fn(engine, lang)`` through the cache, per data version."""
    ctx = _stored()
    return _lookup(
        f"{fn.__module__}:{fn.__qualname__}", _key(ctx.engine), ctx.version, lang, ctx.engine
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _lookup(name: str, key: str, version: int, lang: str, _engine: Engine) -> dict[str, str]:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)(_engine, lang)


def banners(ctx: Context) -> None:
    """Say on every page when the selected pilot is demo data, and when the session is local."""
    if ctx.scope.is_local:
        st.caption(t("auth.local", ctx.lang))
    if ctx.demo_loaded_now and not st.session_state.get("_demo_notice_shown"):
        st.toast(t("banner.demo_loaded", ctx.lang), icon=":material/database:")
        st.session_state["_demo_notice_shown"] = True
    if ctx.pilot is not None and bool(ctx.pilot["is_demo"]):
        st.warning(t("banner.demo", ctx.lang), icon=":material/science:")


def kpi(
    column: st.delta_generator.DeltaGenerator,
    label: str,
    value: str,
    help_text: str,
    delta: str | None = None,
) -> None:
    """Render one headline figure as a bordered card."""
    column.metric(
        label,
        value,
        delta=delta,
        delta_color="off",
        delta_arrow="off",
        help=help_text,
        border=True,
    )


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
    )


def headed(table: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """A table for people: names for codes, headers in the user's language."""
    return views.display_table(table, view(ctx))


def panel(item: views.Panel | None, v: views.View) -> None:
    """Render a panel: its chart, the caption, its notes, "show data" with a CSV download.

    The panel is also kept for this run's exports (:func:`export_buttons`).
    """
    if item is None:
        return
    st.session_state.setdefault(_PANELS, []).append((item, v))
    st.plotly_chart(item.figure, theme=None, key=f"chart_{item.key}", config={"displaylogo": False})
    st.caption(plain(v.caption))
    for note in item.notes:
        st.caption(plain(note))
    with st.expander(t("data.show", v.lang)):
        st.dataframe(views.display_table(item.table, v), hide_index=True)
        st.download_button(
            t("data.download", v.lang),
            _csv(item.table),
            file_name=f"{item.key}.csv",
            mime="text/csv",
            key=f"download_{item.key}",
            on_click=_audit_download,
            args=("csv", v.f, item.key),
        )


def _csv(table: pd.DataFrame) -> bytes:
    """A table as CSV whose text never runs as a spreadsheet formula."""
    return csvsafe.csv_bytes(table)


def _audit_download(fmt: str, f: Filters | None, chart: str | None = None) -> None:
    """A download button's callback: audit the file the browser just received."""
    ctx = st.session_state.get(_CTX)
    if ctx is not None:
        _audit_export(ctx.engine, ctx.scope, fmt, ctx.page, f, chart)


def _audit_export(
    engine: Engine,
    scope: auth.Scope | None,
    fmt: str,
    page: str,
    f: Filters | None,
    chart: str | None = None,
) -> None:
    """Write the audit entry of a file leaving the dashboard (``scope``: who took it)."""
    user_name = scope.user_name if scope is not None else None
    audience = scope.role if scope is not None else "unknown"
    auth.audit_export(engine, user_name, fmt, page, f, audience, chart=chart)


def source_caption(ctx: Context) -> str:
    """Return "Source: ..., data updated <date>" for captions."""
    updated = catalog.last_update(ctx.engine)
    return views.source_text(updated.date() if updated else None, ctx.lang)


def plain(text: object) -> str:
    """Escape Markdown so that text from the data is shown as written, never as formatting."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


def rounds_help(rounds: pd.DataFrame, lang: str) -> str:
    """Return "Rounds and their months: 1: 09.2018; 2: 02.2019" for a KPI tooltip."""
    months = "; ".join(f"{r.round}: {fmt_month(r.first_date, lang)}" for r in rounds.itertuples())
    return t("rounds.help", lang, rounds=months or "–")


def rounds_table(rounds: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the rounds as a display table with localised headers and formatted dates."""
    return pd.DataFrame(
        {
            t("rounds.round", lang): rounds["round"],
            t("rounds.dates", lang): [
                fmt_period(a, b, lang)
                for a, b in zip(rounds["first_date"], rounds["last_date"], strict=True)
            ],
            t("rounds.assessed", lang): _counts(rounds, "assessed", lang),
            t("rounds.missing", lang): _counts(rounds, "missing", lang),
        }
    )


def _counts(table: pd.DataFrame, column: str, lang: str) -> list[str]:
    """A count column for people: "<5" or "hidden" where it is suppressed, else the number."""
    marks = table.get(privacy.MARKER, pd.Series("", index=table.index))
    return [
        views.marker_label(mark, lang) if pd.isna(value) and mark else fmt_number(value, lang)
        for value, mark in zip(table[column], marks, strict=True)
    ]


def import_box(ctx: Context) -> None:
    """Upload a package, show its check report, and import it once the user confirms."""
    from evaldash.cli import import_summary
    from evaldash.ingest import import_files

    lang = ctx.lang
    limit = st.get_option("server.maxUploadSize")
    files = st.file_uploader(
        t("data.upload", lang),
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        help=t("data.upload_help", lang, mb=limit),
        key="package_files",
    )
    if not files:
        return
    with tempfile.TemporaryDirectory() as folder:
        paths, names = _save_uploads(files, Path(folder))
        result = import_files(ctx.engine, paths, dry_run=True, names=names)
        _show_check(result, lang)
        user_name = ctx.scope.user_name
        if not result.report.ok:
            _audit_refusal(ctx.engine, result, user_name)
        if result.report.ok and st.button(t("data.confirm", lang), type="primary"):
            result = import_files(ctx.engine, paths, names=names, user_name=user_name)
            auth.audit_import(ctx.engine, user_name, result, "app")
            if result.status == "ok":
                st.success(import_summary(result, lang), icon=":material/check_circle:")
            else:
                _show_check(result, lang)


def _audit_refusal(engine: Engine, result: object, user_name: str | None) -> None:
    """Audit a package whose check failed, once per session and package (not every rerun)."""
    package = tuple(sorted(result.files.items()))  # type: ignore[attr-defined]
    refused = st.session_state.setdefault("_audited_refusals", set())
    if package in refused:
        return
    refused.add(package)
    auth.audit_import(engine, user_name, result, "app", dry_run=True)  # type: ignore[arg-type]


def _save_uploads(files: list, folder: Path) -> tuple[list[Path], dict[Path, str]]:
    """Write uploaded files under safe names; return their paths and original names."""
    paths, names = [], {}
    for index, upload in enumerate(files):
        original = Path(upload.name).name
        path = folder / f"{index:02d}" / original
        path.parent.mkdir()
        path.write_bytes(upload.getvalue())
        paths.append(path)
        names[path] = original
    return paths, names


def _show_check(result: object, lang: str) -> None:
    report = result.report  # type: ignore[attr-defined]
    counts = report.counts()
    if report.ok:
        rows = ", ".join(
            t("data.rows", lang, table=k, n=fmt_number(v, lang)) for k, v in result.rows.items()
        )  # type: ignore[attr-defined]
        st.success(t("data.valid", lang, rows=rows), icon=":material/task_alt:")
    else:
        st.error(t("data.invalid", lang, **counts), icon=":material/error:")
    frame = report.frame(lang)
    if frame.empty:
        return
    st.subheader(t("data.report", lang))
    left, right = st.columns(2)
    severities = left.multiselect(
        t("data.severity", lang),
        ["error", "warning"],
        default=["error", "warning"],
        format_func=lambda s: t(f"severity.{s}", lang),
        key="report_severity",
    )
    tables = right.multiselect(
        t("data.table", lang),
        sorted(frame["table"].dropna().unique()),
        placeholder=t("data.all_tables", lang),
        key="report_tables",
    )
    shown = frame[frame["severity"].isin(severities)]
    if tables:
        shown = shown[shown["table"].isin(tables)]
    st.dataframe(report_table(shown, lang), hide_index=True)
    # The table cuts long messages; the same lines the command line prints, whole and copyable.
    lines = report.lines(lang)
    with st.expander(t("data.report_text", lang), expanded=len(lines) <= REPORT_LINES_OPEN):
        st.code("\n".join(lines), language=None, wrap_lines=True)


REPORT_LINES_OPEN = 10
"""Up to this many problems, their full text is shown open under the table."""


def report_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a check report with localised headers and severities, for display.

    Cells a problem has no value for (a file's problem has no row) are empty, not "None".
    """
    shown = frame.assign(severity=frame["severity"].map(lambda s: t(f"severity.{s}", lang)))
    shown = shown.astype("str").where(shown.notna(), "")  # rows come sorted already
    return shown.rename(columns={c: t(f"report.{c}", lang) for c in shown.columns})


def ranking_choice(ranking: pd.DataFrame, lang: str) -> tuple[str, str]:
    """Ask what to rank services by; for units also which unit. Return (measure, unit)."""
    left, right = st.columns([2, 3])
    measure = (
        linked(
            left.segmented_control,
            t("services.measure", lang),
            views.RANKING_COLUMN,
            default="participants",
            format_func=lambda m: t(f"measure.{m}", lang),
            key="svc_measure",
        )
        or "participants"
    )
    units = views.units_of(ranking)
    unit = units[0] if units else "session"
    if measure == "units" and units:
        unit = (
            linked(
                right.segmented_control,
                t("services.unit", lang),
                units,
                format_func=lambda u: t(f"unit.{u}", lang),
                key="svc_unit",
            )
            or units[0]
        )
    return measure, unit


def progress_controls(
    rounds: pd.DataFrame, lang: str, populations: tuple[str, ...] = views.POPULATIONS
) -> tuple[int, int, str]:
    """Pick two rounds (default first and last) and who counts (of ``populations``)."""
    numbers = [int(r) for r in rounds["round"]]
    left, middle, right = st.columns([1, 1, 2])
    label = lambda r: views.round_label(rounds, r, lang)  # noqa: E731
    first = linked(
        left.selectbox,
        t("progress.from", lang),
        numbers[:-1],
        format_func=label,
        key="progress_from",
    )
    later = [r for r in numbers if r > first]
    last = linked(
        middle.selectbox,
        t("progress.to", lang),
        later,
        default=later[-1],
        format_func=label,
        key="progress_to",
    )
    if len(populations) == 1:
        right.caption(t("progress.completers_only", lang))
        return first, last, populations[0]
    population = linked(
        right.radio,
        t("progress.population", lang),
        populations,
        horizontal=True,
        format_func=lambda p: t(f"population.{p}", lang),
        key="progress_population",
    )
    return first, last, population


THRESHOLDS = [round(0.5 + 0.05 * k, 2) for k in range(11)]


def threshold_slider(lang: str) -> float:
    """The under-delivery threshold of the gaps page (0.50 .. 1.00, default 0.80), in the URL."""
    label = t("gaps.threshold", lang)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        number = _float(values[0])
        if len(values) == 1 and number is not None and round(number, 2) in THRESHOLDS:
            return round(number, 2), []
        return _FIRST, values

    _from_link("gap_threshold", label, parse)
    if st.session_state.get("gap_threshold") not in THRESHOLDS:
        st.session_state["gap_threshold"] = DEFAULT_THRESHOLD
    value = st.slider(
        label,
        0.5,
        1.0,
        step=0.05,
        format="%.2f",
        help=t("gaps.threshold_help", lang),
        key="gap_threshold",
    )
    _to_link("gap_threshold", None if value == DEFAULT_THRESHOLD else f"{value:.2f}")
    return value


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def question_cards(v: views.View) -> None:
    """One small chart per question, each with a link to its page."""
    from evaldash import charts

    st.subheader(t("overview.questions", v.lang))
    # Each card is drawn before the next is computed: the browser loads the charts' library
    # and draws the first while the server works on the others.
    cards = (
        (lambda: views.question_services(v, short=True), "services", ":material/bar_chart:"),
        (lambda: views.question_progress(v), "progress", ":material/trending_up:"),
        (lambda: views.question_gaps(v), "gaps", ":material/location_off:"),
    )
    for column, (build, page, icon) in zip(st.columns(3), cards, strict=True):
        with column:
            card = build()
            if card is not None:
                st.plotly_chart(charts.small(card.figure), theme=None, key=card.key)
            st.page_link(
                f"pages/{page}.py",
                label=t("overview.open", v.lang, page=t(f"nav.{page}", v.lang)),
                icon=icon,
            )


def compare_controls(ctx: Context, places: list[str]) -> tuple[str, str]:
    """Ask for "my municipality" and the comparison group; return (code, group).

    The sidebar's municipality, when exactly one is chosen, is the first default.
    """
    lang, names = ctx.lang, ctx.names
    if ctx.scope.municipality_code in places:  # a municipality account compares itself
        places = [ctx.scope.municipality_code]  # type: ignore[list-item]
    left, right = st.columns([2, 3])
    mine = linked(
        left.selectbox,
        t("compare.mine", lang),
        places,
        default=views.default_mine(ctx.filters, places, ctx.scope) if ctx.filters else places[0],
        format_func=lambda c: names.get(c, c),
        key="compare_mine",
    )
    group = linked(
        right.radio,
        t("compare.group", lang),
        ["pilot", "region"],
        horizontal=True,
        format_func=lambda g: t(f"group.{g}", lang),
        key="compare_group",
    )
    return mine, group


def rating_style(table: pd.DataFrame, lang: str) -> object:
    """Colour the rating column of a :func:`compare_table` (the word stays written out)."""
    from evaldash import charts

    colours = {t(f"rating.{r}", lang): c for r, c in charts.RATING_CELL_COLOURS.items()}
    column = t("compare.col_rating", lang)

    def paint(value: str) -> str:
        return f"background-color: {colours.get(value, 'white')}; color: {charts.INK}"

    return table.style.map(paint, subset=[column])


def league_table(rows: pd.DataFrame, mine: str, names: dict[str, str], lang: str) -> object:
    """The league as a table with "my municipality" bold and highlighted."""
    from evaldash import charts

    table = views.league_display(rows, names, lang)
    is_mine = (rows["municipality_code"] == mine).to_numpy()

    def highlight(row: pd.Series) -> list[str]:
        style = f"font-weight: bold; background-color: {charts.HIGHLIGHT_CELL}"
        return [style if is_mine[row.name] else ""] * len(row)

    return table.style.apply(highlight, axis=1)


def definitions_list(table: pd.DataFrame) -> None:
    """Show the measures' definitions one after another, each text whole (a table cuts them).

    ``table`` is :func:`evaldash.measures.definitions`: name, code, then the texts, with
    headers in the page's language.
    """
    heads = list(table.columns)
    for row in table.itertuples(index=False):
        lines = [f"**{row[0]}** (`{row[1]}`)"]
        lines += [
            f"- *{head}:* {_plain(value)}" for head, value in zip(heads[2:], row[2:], strict=True)
        ]
        st.markdown("\n".join(lines))


def page_definitions(page: str, lang: str) -> None:
    """An expander defining the measures ``page`` shows (:data:`measures.PAGE_MEASURES`)."""
    with st.expander(t("definitions.page", lang)):
        definitions_list(measures.definitions(lang, measures.PAGE_MEASURES[page]))


def _plain(text: object) -> str:
    """Text shown as it is in Markdown: characters Markdown would read as marks are escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", str(text))


def indicator_definitions(indicators: dict[str, str], lang: str) -> str:
    """A Markdown list saying what each indicator means (domains share one line)."""
    from evaldash.metrics import compare

    lines = []
    for info in compare.INDICATORS:
        if info.code in indicators:
            name = plain(indicators[info.code])
            lines.append(f"- **{name}**: {plain(t(f'define.{info.code}', lang))}")
    return "\n".join(lines)


def export_ready(ctx: Context) -> bool:
    """Whether PowerPoint, PDF and images can be made here (Chromium and fonts found)."""
    from evaldash import export

    return ctx.pilot is not None and export.missing_tools() is None


def _deck_file(
    ctx: Context, v: views.View, items: list[views.Panel], fmt: str, scope: auth.Scope | None
) -> bytes:
    """Make an export file when its button is pressed, and audit it for ``scope``.

    The file is made outside the page's run, so the session's scope is passed in.
    """
    from evaldash import export

    data = export.write(export.Deck.of(v, str(ctx.pilot["name"]), items), fmt)  # type: ignore[index]
    _audit_export(ctx.engine, scope, fmt, ctx.page, v.f)
    return data


def export_buttons(ctx: Context, page: str) -> None:
    """Offer the charts this page showed as PowerPoint, PDF, Excel and images, in the sidebar.

    Files are made only when a button is pressed (in the background, one browser per file).
    """
    from evaldash import export

    shown = st.session_state.get(_PANELS, [])
    if not shown or ctx.pilot is None:
        return
    lang = ctx.lang
    v = shown[-1][1]
    items = [item for item, _ in shown]
    box = st.sidebar.expander(t("export.heading", lang), icon=":material/download:")
    box.caption(t("export.help", lang))
    missing = export.missing_tools()
    formats = ["xlsx"] if missing else list(export.FORMATS)
    if missing:
        box.warning(t("export.missing", lang, tool=missing), icon=":material/warning:")
    stem = f"evaldash-{ctx.pilot['pilot_id']}-{page}"
    scope = ctx.scope
    for fmt in formats:
        box.download_button(
            t(f"export.{fmt}", lang),
            data=lambda fmt=fmt: _deck_file(ctx, v, items, fmt, scope),
            file_name=f"{stem}.{'zip' if fmt in ('png', 'svg') else fmt}",
            mime=export.MIME[fmt],
            key=f"export_{fmt}",
            on_click="ignore",
            width="stretch",
        )


# --- presentation mode ------------------------------------------------------------------------

CHOICE_KEYS = (
    "svc_measure",
    "svc_unit",
    "progress_from",
    "progress_to",
    "progress_population",
    "progress_domain",
    "progress_participant",
    "gap_threshold",
    "gap_region",
    "compare_mine",
    "compare_group",
    "compare_indicator",
)
"""The pages' own choices, which presentation mode carries from the page to the slides."""

_PRESENTING = "_present_choices"
_PRESENT_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
[data-testid="stMain"] .block-container { padding: 1.2rem 2.5rem 1rem; max-width: 100%; }
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 2.3rem; }
</style>"""


def presenting(lang: str) -> bool:
    """Whether presentation mode is on (link: ``present=1``); if not, the sidebar button for it.

    The mode is kept in session state, not in a widget: while presenting, the sidebar is not
    drawn, and a widget's state would be forgotten.
    """
    label = t("present.toggle", lang)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        if values[0].lower() in ("1", "true", "yes"):
            return True, []
        if values[0].lower() in ("0", "false", "no"):
            return False, []
        return _FIRST, values

    _from_link("present", label, parse)
    on = st.session_state.get("present") is True
    if not on:
        st.sidebar.button(
            label,
            icon=":material/slideshow:",
            on_click=_start_presenting,
            help=t("present.help", lang),
            key="present_start",
            width="stretch",
        )
    _to_link("present", "1" if on else None)
    return on


def _start_presenting() -> None:
    st.session_state["present"] = True
    st.session_state["slide"] = 1


def not_presenting() -> None:
    """Forget an earlier presentation's choices (the page's widgets hold them again)."""
    st.session_state.pop(_PRESENTING, None)


def present(ctx: Context, page: str) -> None:
    """Show the page's charts one per screen: title, filters, chart, takeaway, next/previous.

    The sidebar and toolbar are hidden; the left and right arrow keys move between slides and
    Esc leaves. The page's own choices (rounds, threshold, my municipality, ...)
    are carried over from the page or the link.
    """
    from evaldash import export

    lang = ctx.lang
    st.html(_PRESENT_CSS)
    v = view(ctx)
    choices = _presented_choices()
    items = views.panels(page, v, choices) if page in views.PAGES and ctx.filters else []
    if page == "compare" and items:
        c = views.comparison(
            v, choices.get("compare_mine"), str(choices.get("compare_group") or "pilot")
        )  # type: ignore[arg-type]
        v = views.compare_view(v, c) if c else v
    number = _slide_number(len(items))
    scope = ctx.scope
    left, middle, save, right = st.columns([5, 2, 2, 2], vertical_alignment="center")
    if items and export_ready(ctx):
        save.download_button(
            t("export.pptx", lang),
            data=lambda: _deck_file(ctx, v, items, "pptx", scope),
            file_name=f"evaldash-{ctx.pilot['pilot_id']}-{page}.pptx",  # type: ignore[index]
            mime=export.MIME["pptx"],
            icon=":material/slideshow:",
            on_click="ignore",
            key="present_pptx",
            width="stretch",
        )
    right.button(
        t("present.exit", lang),
        icon=":material/close_fullscreen:",
        on_click=_stop_presenting,
        shortcut="Esc",
        key="present_exit",
        width="stretch",
    )
    if not items:
        st.info(t("present.empty", lang))
        return
    item = items[number - 1]
    left.caption(t("present.position", lang, number=number, total=len(items)))
    back, forward = middle.columns(2)
    back.button(
        "",
        icon=":material/chevron_left:",
        on_click=_move_slide,
        args=(-1, len(items)),
        disabled=number == 1,
        shortcut="Left",
        key="slide_back",
        help=t("present.back", lang),
        width="stretch",
    )
    forward.button(
        "",
        icon=":material/chevron_right:",
        on_click=_move_slide,
        args=(1, len(items)),
        disabled=number == len(items),
        shortcut="Right",
        key="slide_next",
        help=t("present.next", lang),
        width="stretch",
    )
    st.title(plain(item.title))
    st.caption(plain(v.caption))
    figure = _copy_figure(item.figure)
    figure.update_layout(title_text="", height=600, font_size=18, margin_t=30)
    st.plotly_chart(figure, theme=None, key=f"slide_{item.key}", config={"displaylogo": False})
    st.markdown(f"**{plain(item.takeaway)}**")
    if ctx.pilot is not None and bool(ctx.pilot["is_demo"]):
        st.caption(t("banner.demo", lang))


def _copy_figure(fig: object) -> object:
    """A copy of a figure, so that a slide's sizes do not change the cached one."""
    import plotly.graph_objects as go

    return go.Figure(fig)


def _presented_choices() -> dict[str, object]:
    """The page's choices while presenting: taken once from the page's widgets or the link.

    Widgets that are not drawn lose their state, so the choices are kept apart here and
    written into the link on every run.
    """
    stored = st.session_state.get(_PRESENTING)
    if stored is None:
        typed = {k: st.session_state[k] for k in CHOICE_KEYS if k in st.session_state}
        linked_only = {
            k: st.query_params.get(k)
            for k in CHOICE_KEYS
            if k not in typed and k in st.query_params
        }
        stored = {"typed": typed, "link": linked_only}
        st.session_state[_PRESENTING] = stored
    for key, value in {**stored["link"], **stored["typed"]}.items():
        _to_link(key, str(value))
    return {**stored["link"], **stored["typed"]}


def _slide_number(total: int) -> int:
    """The slide shown (1-based), in the link as ``slide=N``; clamped to the slides there are."""

    def parse(values: list[str]) -> tuple[object, list[str]]:
        return (int(values[0]), []) if values[0].isdigit() else (_FIRST, values)

    _from_link("slide", "slide", parse)
    number = st.session_state.get("slide", 1)
    number = min(max(int(number) if isinstance(number, int) else 1, 1), max(total, 1))
    st.session_state["slide"] = number
    _to_link("slide", None if number == 1 else str(number))
    return number


def _move_slide(step: int, total: int) -> None:
    st.session_state["slide"] = min(max(st.session_state.get("slide", 1) + step, 1), total)


def _stop_presenting() -> None:
    """Leave presentation mode and give the page its choices back."""
    st.session_state["present"] = False
    stored = st.session_state.pop(_PRESENTING, None) or {"typed": {}}
    for key, value in stored["typed"].items():
        st.session_state[key] = value
    st.session_state.pop("slide", None)


# --- sign-in ----------------------------------------------------------------------------------

_SCOPE = "_scope"
LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")


def access(engine: Engine, lang: str) -> auth.Scope:
    """Return who this session is; show the sign-in and stop the run until someone is.

    With single sign-on configured (``[auth]`` in secrets.toml), ``st.login`` identifies the
    user and the users table gives the role. Otherwise, with accounts in the database, a
    built-in sign-in form. With no accounts, a local single-user ministry session runs, but
    only when the server listens on this computer alone; anything else refuses to run.
    """
    scope = st.session_state.get(_SCOPE)
    if scope is None:
        scope = _identify(engine, lang)
        if scope is None:
            st.stop()
        st.session_state[_SCOPE] = scope
    if scope.user_name:
        st.sidebar.caption(
            t(
                "auth.signed_in",
                lang,
                user=plain(scope.user_name),
                role=t(f"role.{scope.role}", lang),
            )
        )
        _sign_out_button(lang)
    return scope


def _identify(engine: Engine, lang: str) -> auth.Scope | None:
    if _single_sign_on():
        return _sso_scope(engine, lang)
    if auth.has_accounts(engine):
        return _sign_in_form(engine, lang)
    address = st.get_option("server.address") or "0.0.0.0"  # noqa: S104 - Streamlit's default
    if address in LOCAL_ADDRESSES:
        return auth.Scope.local()
    st.error(t("auth.refuse", lang, address=address), icon=":material/lock:")
    return None


def _single_sign_on() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: no single sign-on
        return False


def _sso_scope(engine: Engine, lang: str) -> auth.Scope | None:
    if not st.user.is_logged_in:
        st.title(t("auth.title", lang))
        st.button(t("auth.sso", lang), on_click=st.login, icon=":material/login:")
        return None
    scope = auth.scope_for_email(engine, str(st.user.get("email", "")))
    if scope is None:
        st.error(t("auth.no_account", lang, email=plain(st.user.get("email", "–"))))
        st.button(t("auth.sign_out", lang), on_click=st.logout)
    return scope


def _sign_in_form(engine: Engine, lang: str) -> auth.Scope | None:
    """The built-in sign-in; the check runs in the button's callback, before the next run."""
    st.title(t("auth.title", lang))
    with st.form("sign_in"):
        st.text_input(t("auth.user", lang), max_chars=100, key="sign_in_user")
        st.text_input(
            t("auth.password", lang), type="password", max_chars=200, key="sign_in_password"
        )
        st.form_submit_button(
            t("auth.sign_in", lang), type="primary", on_click=_try_sign_in, args=(engine,)
        )
    refusal = st.session_state.pop("_sign_in_refused", None)
    if refusal == "wrong":
        st.error(t("auth.wrong", lang), icon=":material/error:")
    elif refusal:
        st.error(t("auth.locked", lang, until=refusal), icon=":material/lock_clock:")
    return st.session_state.get(_SCOPE)


def _try_sign_in(engine: Engine) -> None:
    user_name = str(st.session_state.get("sign_in_user", "")).strip()
    result = auth.authenticate(engine, user_name, str(st.session_state.get("sign_in_password", "")))
    st.session_state["sign_in_password"] = ""  # never kept longer than the check
    if result.ok:
        st.session_state[_SCOPE] = result.scope
    elif result.reason == "locked" and result.locked_until is not None:
        st.session_state["_sign_in_refused"] = result.locked_until.strftime("%H:%M")
    else:
        st.session_state["_sign_in_refused"] = "wrong"


def _sign_out_button(lang: str) -> None:
    st.sidebar.button(
        t("auth.sign_out", lang), icon=":material/logout:", on_click=_sign_out, key="sign_out"
    )


def _sign_out() -> None:
    scope = st.session_state.get(_SCOPE)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if _single_sign_on() and scope is not None:
        st.logout()


# --- audit log --------------------------------------------------------------------------------

AUDIT_LIMIT = 1000
"""Entries the audit page shows at most, newest first; narrower choices reach older ones."""
_NO_USER = ""  # the user choice for entries without a user (user names are never empty)


def require_role(ctx: Context, roles: tuple[str, ...]) -> auth.Scope:
    """Return the session's scope if its role is one of ``roles``; else say so and stop.

    The local single-user session (no accounts, this computer only) is let in everywhere.
    """
    scope = st.session_state.get(_SCOPE)
    if scope is not None and (scope.role in roles or scope.is_local):
        return scope
    lang = ctx.lang
    st.error(
        t(
            "auth.forbidden",
            lang,
            roles=", ".join(t(f"role.{r}", lang) for r in roles),
            role=t(f"role.{scope.role}", lang) if scope is not None else "–",
        ),
        icon=":material/block:",
    )
    st.stop()


def audit_entries(ctx: Context) -> pd.DataFrame:
    """Ask for events, users and days; return the matching audit entries, newest first.

    Columns (codes, as the CSV has them): at (text, ``YYYY-MM-DD HH:MM:SS``), user_name (or
    missing), event, detail (in words, :func:`evaldash.auth.detail_text`, never JSON).
    At most :data:`AUDIT_LIMIT` entries; a caption says when there are more.
    """
    lang = ctx.lang
    choices = auth.audit_choices(ctx.engine)
    left, middle, right = st.columns(3)
    events = left.multiselect(
        t("audit.event", lang),
        choices.events,
        placeholder=t("filters.all_choices", lang),
        key="audit_events",
    )
    users = middle.multiselect(
        t("audit.user", lang),
        [_NO_USER if u is None else u for u in choices.users],
        format_func=lambda u: u or t("audit.no_user", lang),
        placeholder=t("filters.all_choices", lang),
        key="audit_users",
    )
    since, until = _audit_days(right, choices.first_day, lang)
    log = auth.audit_log(
        ctx.engine,
        AUDIT_LIMIT,
        events=events,
        users=[None if u == _NO_USER else u for u in users],
        since=since,
        until=until,
    )
    if len(log) == AUDIT_LIMIT:
        st.caption(t("audit.newest", lang, n=fmt_number(AUDIT_LIMIT, lang)))
    return pd.DataFrame(
        {
            "at": log["at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
            "user_name": log["user_name"],
            "event": log["event"],
            "detail": log["detail"].map(auth.detail_text),
        }
    )


def _audit_days(
    box: st.delta_generator.DeltaGenerator, first: date | None, lang: str
) -> tuple[date | None, date | None]:
    """A range of days from the log's first to today; the whole range means every day."""
    if first is None:
        return None, None
    today = date.today()
    first = min(first, today)
    chosen = box.date_input(
        t("audit.period", lang),
        value=(first, today),
        min_value=first,
        max_value=today,
        format=DATE_INPUT_FORMAT[lang],
        key="audit_period",
    )
    if len(chosen) != 2 or (chosen[0], chosen[1]) == (first, today):
        return None, None  # a range being picked, or everything
    return chosen[0], chosen[1]


def audit_table(entries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The entries of :func:`audit_entries` with headers in ``lang``, for display."""
    shown = entries.assign(user_name=entries["user_name"].fillna(t("audit.no_user", lang)))
    return shown.rename(columns={c: t(f"audit.col_{c}", lang) for c in shown.columns})


def audit_download(ctx: Context, entries: pd.DataFrame) -> None:
    """Offer the entries as CSV (formulas neutralised); the download itself is audited."""
    st.download_button(
        t("data.download", ctx.lang),
        _csv(entries),
        file_name=f"evaldash-audit-{date.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="audit_download",
        on_click=_audit_download,
        args=("csv", None),
    )
