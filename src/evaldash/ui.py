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
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import config
from evaldash.db import bootstrap
from evaldash.db.engine import make_engine
from evaldash.errors import EvaldashError
from evaldash.filters import AGE_GROUPS, Filters
from evaldash.i18n import (
    LANGUAGES,
    fmt_date,
    fmt_eur,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_period,
    t,
)
from evaldash.metrics import catalog

_CTX = "_evaldash_context"
LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}
MONTH_FORMAT = {"lv": "%m.%Y", "en": "%Y-%m"}  # d3 time formats for chart month ticks
SEPARATORS = {"lv": ",\u00a0", "en": ".,"}  # plotly: decimal point, then thousands separator
DATE_INPUT_FORMAT = {"lv": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
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


def link_begin() -> None:
    """Start a run's deep-link bookkeeping (``app.py`` calls this first)."""
    st.session_state[_WRITTEN] = set()


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
    filters = None
    if pilot is not None:
        options = _options(_key(engine), version, pilot["pilot_id"], engine)
        filters = _filter_sidebar(pilot["pilot_id"], options, names, lang)
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


@st.cache_data(show_spinner=False, max_entries=32)
def _options(key: str, version: int, pilot_id: str, _engine: Engine) -> catalog.FilterOptions:
    return catalog.filter_options(_engine, pilot_id)


FILTER_KEYS = ("f_regions", "f_municipalities", "f_period", "f_categories", "f_sex", "f_ages")


def _filter_sidebar(
    pilot_id: str, options: catalog.FilterOptions, names: dict[str, str], lang: str
) -> Filters:
    """Show the shared filters in the sidebar and return the selection."""
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
    return Filters(
        pilot_id,
        tuple(regions),
        tuple(chosen),
        period_from,
        period_to,
        tuple(categories),
        tuple(sex),
        tuple(ages),
    )


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
    """Call ``fn(engine, f, *args)`` through the cache.

    The key is the function, the database, the data version, ``f`` and ``args``.
    """
    ctx = context()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _call(name, _key(ctx.engine), ctx.version, f, args, ctx.engine).copy()


@st.cache_data(show_spinner=False, max_entries=512)
def _call(
    name: str, key: str, version: int, f: Filters, args: tuple, _engine: Engine
) -> pd.DataFrame:
    module, _, qualname = name.partition(":")
    fn = getattr(importlib.import_module(module), qualname)
    return fn(_engine, f, *args)


def cached_reference(fn: Callable[[Engine], pd.DataFrame]) -> pd.DataFrame:
    """Call a reference lookup ``fn(engine)`` through the cache, per data version."""
    ctx = context()
    name = f"{fn.__module__}:{fn.__qualname__}"
    return _reference(name, _key(ctx.engine), ctx.version, ctx.engine).copy()


@st.cache_data(show_spinner=False, max_entries=16)
def _reference(name: str, key: str, version: int, _engine: Engine) -> pd.DataFrame:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)(_engine)


def cached_names(fn: Callable[[Engine, str], dict[str, str]], lang: str) -> dict[str, str]:
    """Call a name lookup ``fn(engine, lang)`` through the cache, per data version."""
    ctx = context()
    return _lookup(
        f"{fn.__module__}:{fn.__qualname__}", _key(ctx.engine), ctx.version, lang, ctx.engine
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _lookup(name: str, key: str, version: int, lang: str, _engine: Engine) -> dict[str, str]:
    module, _, qualname = name.partition(":")
    return getattr(importlib.import_module(module), qualname)(_engine, lang)


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


def caption(ctx: Context, f: Filters, *notes: str) -> str:
    """Return the caption under a chart: the selection in words, ``notes``, the data source."""
    selection = t("filters.caption", ctx.lang, text=f.describe(ctx.lang, ctx.names))
    return " ".join([f"{plain(selection)}.", *(plain(n) for n in notes), source_caption(ctx)])


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


RANKING_COLUMN = {"participants": "participants", "cost": "cost_eur", "units": "units"}


def ranking_choice(ranking: pd.DataFrame, lang: str) -> tuple[str, str]:
    """Ask what to rank services by; for units also which unit. Return (measure, unit)."""
    left, right = st.columns([2, 3])
    measure = (
        linked(
            left.segmented_control,
            t("services.measure", lang),
            RANKING_COLUMN,
            default="participants",
            format_func=lambda m: t(f"measure.{m}", lang),
            key="svc_measure",
        )
        or "participants"
    )
    units = [u for u in ("session", "hour", "day", "trip") if u in set(ranking["unit"])]
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


def ranking_labels(ranking: pd.DataFrame, measure: str, unit: str, lang: str) -> pd.DataFrame:
    """Return the rows to rank (one unit only for units) with a bar-end label column."""
    rows = ranking[ranking["unit"] == unit] if measure == "units" else ranking
    rows = rows[rows[RANKING_COLUMN[measure]] > 0]
    if measure == "participants":
        labels = [
            f"{fmt_number(n, lang)} ({fmt_percent(s, lang)})"
            for n, s in zip(rows["participants"], rows["participants_share"], strict=True)
        ]
    elif measure == "cost":
        labels = [fmt_eur(v, lang) for v in rows["cost_eur"]]
    else:
        labels = [fmt_number(v, lang) for v in rows["units"]]
    return rows.assign(label=labels)


def delivery_hover(ranking: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Return planned services with a hover text naming their units."""
    rows = ranking[ranking["planned_units"] > 0]
    hover = [
        t(
            "services.delivery_hover",
            lang,
            service=names.get(r.service_code, r.service_code),
            delivered=fmt_number(r.units, lang),
            planned=fmt_number(r.planned_units, lang),
            unit=t(f"unit.{r.unit}", lang),
            share=fmt_percent(r.delivery_ratio, lang),
        )
        for r in rows.itertuples(index=False)
    ]
    return rows.assign(hover=hover)


def month_period(monthly: pd.DataFrame, lang: str, column: str = "month") -> str:
    """Return the months a monthly frame covers, e.g. "09.2018 – 10.2019"."""
    if monthly.empty:
        return "–"
    return fmt_period(monthly[column].min(), monthly[column].max(), lang, months=True)


POPULATIONS = ("completers", "enrolled")


def progress_controls(rounds: pd.DataFrame, lang: str) -> tuple[int, int, str]:
    """Pick two rounds (default first and last) and who counts; return them."""
    numbers = [int(r) for r in rounds["round"]]
    left, middle, right = st.columns([1, 1, 2])
    label = lambda r: round_label(rounds, r, lang)  # noqa: E731
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
    population = linked(
        right.radio,
        t("progress.population", lang),
        POPULATIONS,
        horizontal=True,
        format_func=lambda p: t(f"population.{p}", lang),
        key="progress_population",
    )
    return first, last, population


def round_label(rounds: pd.DataFrame, number: int, lang: str) -> str:
    """Return "Round 2 (02.2019)" for a round of the rounds frame."""
    row = rounds.set_index("round").loc[number]
    return t("progress.round", lang, round=number, month=fmt_month(row["first_date"], lang))


def rounds_period(rounds: pd.DataFrame, first: int, last: int, lang: str) -> str:
    """Return the months from the earlier round's start to the later round's end."""
    by_round = rounds.set_index("round")
    return fmt_period(
        by_round.loc[first, "first_date"], by_round.loc[last, "last_date"], lang, months=True
    )


def _p_text(p_value: float, lang: str) -> str:
    if pd.isna(p_value):
        return t("progress.not_tested", lang)
    return "< 0.001" if p_value < 0.001 else f"= {fmt_number(p_value, lang, 3)}"


def progress_hover(summary: pd.DataFrame, domains: dict[str, str], lang: str) -> pd.DataFrame:
    """Return the domain summary with a hover text for the interval chart."""
    hover = [
        t(
            "progress.hover",
            lang,
            domain=domains.get(r.domain, r.domain),
            median=fmt_number(r.median_change, lang, 1),
            low=fmt_number(r.ci_low, lang, 1),
            high=fmt_number(r.ci_high, lang, 1),
            n=r.n_pairs,
            p=_p_text(r.p_value, lang),
            effect=fmt_number(r.effect_size, lang, 2),
        )
        for r in summary.itertuples(index=False)
    ]
    return summary.assign(hover=hover)


def progress_table(summary: pd.DataFrame, domains: dict[str, str], lang: str) -> pd.DataFrame:
    """Return the summary for "show data": domain names, p-values with "not tested"."""
    from evaldash.report import COLUMNS

    table = summary[COLUMNS["progress"]].copy()
    table["domain"] = table["domain"].map(lambda d: domains.get(d, d))
    table["p_value"] = [_p_text(p, lang) if pd.isna(p) else p for p in table["p_value"]]
    return table


def small_sample_notes(summary: pd.DataFrame, domains: dict[str, str], lang: str) -> list[str]:
    """Return, per domain, what change its number of pairs could detect."""
    return [
        t(
            "progress.note",
            lang,
            domain=domains.get(r.domain, r.domain),
            n=r.n_pairs,
            change=fmt_number(r.detectable_change, lang, 1),
        )
        for r in summary.itertuples(index=False)
        if not pd.isna(r.detectable_change)
    ]


def filter_period(f: Filters, lang: str) -> str:
    """Return the filter's period in words, or "all dates"."""
    if f.period_from is None and f.period_to is None:
        return t("filters.all_dates", lang)
    return fmt_period(f.period_from, f.period_to, lang)


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
        st.session_state["gap_threshold"] = 0.8
    value = st.slider(
        label,
        0.5,
        1.0,
        step=0.05,
        format="%.2f",
        help=t("gaps.threshold_help", lang),
        key="gap_threshold",
    )
    _to_link("gap_threshold", None if value == 0.8 else f"{value:.2f}")
    return value


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def gap_cells(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return gap rows with a cell label: the share delivered, or "–" without a provider."""
    cells = ["–" if pd.isna(r) else fmt_percent(r, lang) for r in table["delivery_ratio"]]
    return table.assign(cell=cells)


_GAP_COLUMNS = {
    "region": "col_region",
    "municipality_code": "col_municipality",
    "service_code": "col_service",
    "participants_planned": "col_people",
    "planned_units": "col_planned",
    "delivered_units": "col_delivered",
    "unit": "col_unit",
    "delivery_ratio": "col_ratio",
    "providers": "col_providers",
    "median_km_to_provider": "col_km",
    "km_to_provider": "col_km",
    "status": "col_status",
}


def gap_table(table: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Return a gaps frame for display: names instead of codes, localised headers."""
    shown = table[[c for c in _GAP_COLUMNS if c in table.columns]].copy()
    for column in ("region", "municipality_code", "service_code"):
        if column in shown:
            shown[column] = shown[column].map(lambda c: names.get(c, c))
    shown["unit"] = shown["unit"].map(lambda u: t(f"unit.{u}", lang))
    shown["status"] = shown["status"].map(lambda s: t(f"status.{s}", lang))
    return shown.rename(columns={c: t(f"gaps.{k}", lang) for c, k in _GAP_COLUMNS.items()})


def question_cards(ctx: Context, f: Filters) -> None:
    """One small chart per question, each with a link to its page."""
    from evaldash import charts
    from evaldash.metrics import gaps, progress, services

    lang = ctx.lang
    st.subheader(t("overview.questions", lang))
    left, middle, right = st.columns(3)
    ranking = cached(services.ranking, f)
    with left:
        if not ranking.empty:
            # Long service names would push the card's bars out of sight.
            short = {
                code: name if len(name) <= 24 else name[:23] + "…"
                for code, name in ctx.names.items()
            }
            fig = charts.ranking_bars(
                ranking,
                x="participants",
                names=short,
                top=5,
                title=t("overview.q_services", lang),
            )
            st.plotly_chart(charts.small(fig), theme=None, key="q_services")
        st.page_link(
            "pages/services.py",
            label=t("overview.open", lang, page=t("nav.services", lang)),
            icon=":material/bar_chart:",
        )
    with middle:
        rounds = progress.default_rounds(cached(progress.rounds, f))
        if rounds:
            summary = cached(progress.domain_summary, f, *rounds, "completers")
            fig = charts.outcome_bars(
                summary,
                names=cached_names(catalog.domain_names, lang),
                labels={o: t(f"outcome.{o}", lang) for o in charts.OUTCOME_COLOURS},
                title=t("overview.q_progress", lang, first=rounds[0], last=rounds[1]),
            )
            st.plotly_chart(charts.small(fig), theme=None, key="q_progress")
        st.page_link(
            "pages/progress.py",
            label=t("overview.open", lang, page=t("nav.progress", lang)),
            icon=":material/trending_up:",
        )
    with right:
        table = cached(gaps.region_service_gaps, f, 0.8)
        if not table.empty:
            fig = charts.status_counts(
                table,
                status_names={s: t(f"status.{s}", lang) for s in gaps.STATUS_ORDER},
                title=t("overview.q_gaps", lang),
            )
            st.plotly_chart(charts.small(fig), theme=None, key="q_gaps")
        st.page_link(
            "pages/gaps.py",
            label=t("overview.open", lang, page=t("nav.gaps", lang)),
            icon=":material/location_off:",
        )


def participant_charts(
    ctx: Context,
    f: Filters,
    rounds: pd.DataFrame,
    window: tuple[int, int],
    summary: pd.DataFrame,
    domains: dict[str, str],
    caption: str,
) -> None:
    """Participant-level progress: a slopegraph for one domain and one participant's radar."""
    from evaldash import charts
    from evaldash.metrics import progress

    lang = ctx.lang
    changes = cached(progress.participant_changes, f, window[0], window[1])
    if not changes.empty:
        domain = linked(
            st.selectbox,
            t("progress.domain", lang),
            list(summary["domain"]),
            format_func=lambda d: domains.get(d, d),
            key="progress_domain",
        )
        rows = changes[changes["domain"] == domain]
        labels = (round_label(rounds, window[0], lang), round_label(rounds, window[1], lang))
        fig = charts.slopegraph(
            rows,
            x_labels=labels,
            y_title=t("progress.score", lang),
            status_labels={o: t(f"outcome.{o}", lang) for o in charts.OUTCOME_COLOURS},
            title=t(
                "progress.slope_title",
                lang,
                domain=domains.get(domain, domain),
                from_label=labels[0],
                to_label=labels[1],
                n=int(rows["score_to"].notna().sum()),
            ),
        )
        chart(fig, rows, caption, "progress_slopes", lang)
        code = linked(
            st.selectbox,
            t("progress.participant", lang),
            sorted(changes["participant_code"].unique()),
            key="progress_participant",
        )
        profile = cached(progress.participant_profile, f, code)
        fig = charts.radar(
            profile,
            names=domains,
            labels=(t("progress.first", lang), t("progress.latest", lang)),
            title=t("progress.radar_title", lang, code=code),
        )
        chart(fig, profile, caption, "progress_radar", lang)


def compare_controls(ctx: Context, places: list[str]) -> tuple[str, str]:
    """Ask for "my municipality" and the comparison group; return (code, group).

    The sidebar's municipality, when exactly one is chosen, is the first default.
    """
    lang, names = ctx.lang, ctx.names
    chosen = ctx.filters.municipalities if ctx.filters else ()
    left, right = st.columns([2, 3])
    mine = linked(
        left.selectbox,
        t("compare.mine", lang),
        places,
        default=chosen[0] if len(chosen) == 1 and chosen[0] in places else places[0],
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


def _rank_text(rank: object, ranked: int, lang: str) -> str:
    if pd.isna(rank):
        return "–"
    return t("compare.rank_of", lang, rank=int(rank), ranked=ranked)


def compare_table(mine: pd.DataFrame, indicators: dict[str, str], lang: str) -> pd.DataFrame:
    """Return one municipality's indicators for display: value, interval, n, median, rank."""
    from evaldash import narrative

    rows = mine.itertuples(index=False)
    table = pd.DataFrame(
        [
            {
                "indicator": indicators.get(r.indicator, r.indicator),
                "value": narrative.format_value(r.value, r.indicator, lang),
                "interval": narrative.format_interval(r.ci_low, r.ci_high, r.indicator, lang),
                "n": r.n,
                "median": narrative.format_value(r.group_median, r.indicator, lang),
                "rank": _rank_text(r.rank, r.ranked, lang),
                "rating": t(f"rating.{r.rating}", lang),
                "better": t(f"polarity.{r.polarity}", lang),
            }
            for r in rows
        ]
    )
    return table.rename(columns={c: t(f"compare.col_{c}", lang) for c in table.columns})


def rating_style(table: pd.DataFrame, lang: str) -> object:
    """Colour the rating column of a :func:`compare_table` (the word stays written out)."""
    from evaldash import charts

    colours = {t(f"rating.{r}", lang): c for r, c in charts.RATING_CELL_COLOURS.items()}
    column = t("compare.col_rating", lang)

    def paint(value: str) -> str:
        return f"background-color: {colours.get(value, 'white')}; color: {charts.INK}"

    return table.style.map(paint, subset=[column])


def league_rows(
    rows: pd.DataFrame, names: dict[str, str], indicator: str, lang: str
) -> pd.DataFrame:
    """One indicator's group rows, best first (by polarity), with a hover text."""
    from evaldash import narrative

    polarity = rows["polarity"].iloc[0] if len(rows) else "none"
    named = rows.dropna(subset=["value"]).assign(
        _name=lambda d: d["municipality_code"].map(lambda c: names.get(c, c))
    )
    ordered = named.sort_values(
        ["value", "_name"], ascending=[polarity == "lower", True], kind="stable"
    ).drop(columns="_name")
    hover = [
        t(
            "compare.league_hover",
            lang,
            place=names.get(r.municipality_code, r.municipality_code),
            value=narrative.format_value(r.value, indicator, lang),
            low=narrative.format_value(r.ci_low, indicator, lang),
            high=narrative.format_value(r.ci_high, indicator, lang),
            n=r.n,
            rating=t(f"rating.{r.rating}", lang),
        )
        for r in ordered.itertuples(index=False)
    ]
    return ordered.assign(hover=hover).reset_index(drop=True)


def league_table(rows: pd.DataFrame, mine: str, names: dict[str, str], lang: str) -> object:
    """The league as a table with "my municipality" bold and highlighted."""
    from evaldash import charts, narrative

    table = pd.DataFrame(
        {
            t("compare.col_municipality", lang): [
                names.get(c, c) for c in rows["municipality_code"]
            ],
            t("compare.col_region", lang): [names.get(c, c) for c in rows["region"]],
            t("compare.col_value", lang): [
                narrative.format_value(v, i, lang)
                for v, i in zip(rows["value"], rows["indicator"], strict=True)
            ],
            t("compare.col_interval", lang): [
                narrative.format_interval(lo, hi, i, lang)
                for lo, hi, i in zip(
                    rows["ci_low"], rows["ci_high"], rows["indicator"], strict=True
                )
            ],
            t("compare.col_n", lang): rows["n"].to_numpy(),
            t("compare.col_rank", lang): [
                _rank_text(r, k, lang) for r, k in zip(rows["rank"], rows["ranked"], strict=True)
            ],
            t("compare.col_rating", lang): [t(f"rating.{r}", lang) for r in rows["rating"]],
        }
    )
    is_mine = (rows["municipality_code"] == mine).to_numpy()

    def highlight(row: pd.Series) -> list[str]:
        style = f"font-weight: bold; background-color: {charts.HIGHLIGHT_CELL}"
        style = style if is_mine[row.name] else ""
        return [style] * len(row)

    return table.style.apply(highlight, axis=1)


def spine_hover(spine: pd.DataFrame, indicators: dict[str, str], lang: str) -> pd.DataFrame:
    """The spine rows with a hover text giving the values in their own units."""
    from evaldash import narrative

    hover = [
        t(
            "compare.spine_hover",
            lang,
            indicator=indicators.get(r.indicator, r.indicator),
            value=narrative.format_value(r.value, r.indicator, lang),
            low=narrative.format_value(min(r.group_min, r.group_max), r.indicator, lang),
            high=narrative.format_value(max(r.group_min, r.group_max), r.indicator, lang),
            median=narrative.format_value(r.group_median, r.indicator, lang),
            rating=t(f"rating.{r.rating}", lang),
        )
        for r in spine.itertuples(index=False)
    ]
    return spine.assign(hover=hover)


def compare_caption(ctx: Context, f: Filters, group: str, size: int) -> str:
    """The caption under comparison charts: the selection, the group and the source."""
    group_text = t("compare.group_caption", ctx.lang, group=t(f"group.{group}", ctx.lang), n=size)
    return caption(ctx, f, group_text)


def funnel_block(
    rows: pd.DataFrame,
    indicator: str,
    mine: str,
    indicators: dict[str, str],
    period: str,
    caption: str,
    key: str,
) -> None:
    """A funnel plot of one proportion indicator in the group, with its data table."""
    from evaldash import charts
    from evaldash.metrics import compare

    ctx = context()
    lang = ctx.lang
    points, limits = compare.funnel(rows, indicator)
    name = indicators.get(indicator, indicator)
    if points.empty:
        st.info(t("compare.empty", lang))
        return
    fig = charts.funnel_plot(
        points,
        limits,
        highlight=mine,
        names=ctx.names,
        labels={
            "centre": t("compare.funnel_centre", lang),
            "95": t("compare.funnel_95", lang),
            "998": t("compare.funnel_998", lang),
            "peers": t("compare.funnel_peers", lang),
        },
        title=t(
            "compare.funnel_title", lang, indicator=name, period=period, n=int(points["n"].sum())
        ),
        x_title=t("compare.funnel_x", lang),
        y_title=name,
    )
    chart(fig, points, caption, key, lang)


def indicator_definitions(indicators: dict[str, str], lang: str) -> str:
    """A Markdown list saying what each indicator means (domains share one line)."""
    from evaldash.metrics import compare

    lines = []
    for info in compare.INDICATORS:
        if info.code in indicators:
            name = plain(indicators[info.code])
            lines.append(f"- **{name}**: {plain(t(f'define.{info.code}', lang))}")
    return "\n".join(lines)
