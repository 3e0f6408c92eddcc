"""The only Streamlit helpers: cached engine, sidebar, banners, KPI cards, chart blocks.

Pages call ``context()`` for the language, engine, filters and names, then one metric
function per chart through ``cached``. Caching lives here, never in the data layer; cache
keys include the database URL, the data version (newest import) and the filters.
"""

from __future__ import annotations

import importlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import config
from evaldash.db import bootstrap
from evaldash.db.engine import make_engine
from evaldash.errors import EvaldashError
from evaldash.filters import Filters
from evaldash.i18n import LANGUAGES, fmt_date, fmt_month, fmt_number, fmt_period, t
from evaldash.metrics import catalog

_CTX = "_evaldash_context"
LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}
MONTH_FORMAT = {"lv": "%m.%Y", "en": "%Y-%m"}  # d3 time formats for chart month ticks
SEPARATORS = {"lv": ",\u00a0", "en": ".,"}  # plotly: decimal point, then thousands separator
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@st.cache_resource(show_spinner=False)
def _engine(url: str, busy_timeout: float, auto_demo: bool) -> tuple[Engine, bool]:
    """Create the engine once per process and prepare an empty database."""
    engine = make_engine(url, busy_timeout)
    demo_loaded = bootstrap.ensure_ready(engine, auto_demo)
    return engine, demo_loaded


def _settings() -> config.Settings:
    """Return the settings, or show what is wrong with them and stop the page."""
    try:
        return config.load_settings()
    except EvaldashError as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()


def language_selector() -> str:
    """Show the language switch in the sidebar and return ``lv`` or ``en``."""
    default = _settings().lang
    if "lang" not in st.session_state:
        st.session_state["lang"] = default
    lang = st.sidebar.segmented_control(
        "Valoda / Language",
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key="lang",
    )
    return lang or default


def setup(lang: str) -> Context:
    """Connect, prepare the database, show the pilot selector; stop with a message on error."""
    settings = _settings()
    try:
        engine, demo_loaded = _engine(settings.db_url, settings.busy_timeout, settings.auto_demo)
        version = catalog.data_version(engine)
        pilots = _pilots(_key(engine), version, engine)
        names = _names(_key(engine), version, lang, engine)
    except EvaldashError as exc:
        st.error(t("error.database", lang, message=str(exc)), icon=":material/error:")
        st.stop()
    pilot = _pilot_selector(pilots, lang)
    filters = Filters(pilot_id=pilot["pilot_id"]) if pilot is not None else None
    ctx = Context(lang, engine, version, filters, pilot, names, demo_loaded)
    st.session_state[_CTX] = ctx
    return ctx


def context() -> Context:
    """Return the context ``app.py`` set up for this run.

    Until some session has called ``st.navigation``, Streamlit treats a ``pages/`` folder the
    legacy way and runs a page named in the URL (``/data``) on its own, without ``app.py``.
    That happens on the first visit after a server start; the page then switches the legacy
    mode off and reruns, so ``app.py`` runs and routes to the same page.
    """
    ctx = st.session_state.get(_CTX)
    if ctx is None:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return ctx


def _pilot_selector(pilots: pd.DataFrame, lang: str) -> pd.Series | None:
    if pilots.empty:
        st.sidebar.info(t("sidebar.no_pilots", lang))
        return None
    ids = pilots["pilot_id"].tolist()
    if st.session_state.get("pilot") not in ids:
        st.session_state["pilot"] = ids[0]
    labels = dict(zip(pilots["pilot_id"], pilots["name"], strict=True))
    chosen = st.sidebar.selectbox(
        t("sidebar.pilot", lang), ids, format_func=labels.get, key="pilot"
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


def cached(fn: Callable[[Engine, Filters], pd.DataFrame], f: Filters) -> pd.DataFrame:
    """Call a metric function through the cache (key: function, database, data version, f)."""
    ctx = context()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _call(name, _key(ctx.engine), ctx.version, f, ctx.engine).copy()


@st.cache_data(show_spinner=False, max_entries=512)
def _call(name: str, key: str, version: int, f: Filters, _engine: Engine) -> pd.DataFrame:
    module, _, qualname = name.partition(":")
    fn = getattr(importlib.import_module(module), qualname)
    return fn(_engine, f)


def banners(ctx: Context) -> None:
    """Say on every page when the selected pilot is demo data."""
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


def chart(fig: go.Figure, data: pd.DataFrame, caption: str, key: str, lang: str) -> None:
    """Render a chart with its caption, a "show data" table and a CSV download."""
    st.plotly_chart(fig, theme=None, key=f"chart_{key}", config={"displaylogo": False})
    st.caption(caption)
    with st.expander(t("data.show", lang)):
        st.dataframe(data, hide_index=True)
        st.download_button(
            t("data.download", lang),
            data.to_csv(index=False).encode("utf-8"),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"download_{key}",
        )


def caption(ctx: Context, f: Filters) -> str:
    """Return the caption under a chart: the selection in words and the data source."""
    selection = t("filters.caption", ctx.lang, text=f.describe(ctx.lang, ctx.names))
    return f"{plain(selection)}. {source_caption(ctx)}"


def source_caption(ctx: Context) -> str:
    """Return "Source: ..., data updated <date>" for captions."""
    updated = catalog.last_update(ctx.engine)
    return t(
        "source.caption", ctx.lang, date=fmt_date(updated.date() if updated else None, ctx.lang)
    )


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
            t("rounds.assessed", lang): [fmt_number(v, lang) for v in rounds["assessed"]],
            t("rounds.missing", lang): [fmt_number(v, lang) for v in rounds["missing"]],
        }
    )


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
        if result.report.ok and st.button(t("data.confirm", lang), type="primary"):
            result = import_files(ctx.engine, paths, names=names)
            if result.status == "ok":
                st.success(import_summary(result, lang), icon=":material/check_circle:")
            else:
                _show_check(result, lang)


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


def report_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a check report with localised headers and severities, for display."""
    shown = frame.assign(severity=frame["severity"].map(lambda s: t(f"severity.{s}", lang)))
    return shown.rename(columns={c: t(f"report.{c}", lang) for c in shown.columns})
