"""The Data page's import box and the Audit page's log: what only some roles see."""

from __future__ import annotations

import hashlib
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from evaldash import auth
from evaldash.i18n import (
    fmt_number,
    t,
)
from evaldash.metrics import catalog
from evaldash.ui import serverlog
from evaldash.ui.blocks import audit_chart_download, csv_file
from evaldash.ui.session import Context
from evaldash.ui.sidebar import DATE_INPUT_FORMAT, enter_applies_dates
from evaldash.ui.signin import SCOPE

if TYPE_CHECKING:  # the import's modules load when a package comes, not with every page
    from evaldash.ingest import ImportResult


def import_box(ctx: Context) -> None:
    """Upload a package, show its check report, and import it once the user confirms.

    Each package is checked once, and shown from then on from the session (see
    :func:`_checked`): changing the report's filters or pressing Confirm does not read it again.
    """
    lang = ctx.lang
    limit = st.get_option("server.maxUploadSize")
    st.markdown(t("data.upload_how", lang, mb=limit))
    files = st.file_uploader(
        t("data.upload", lang),
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        help=t("data.upload_help", lang, mb=limit),
        key="package_files",
    )
    if not files:
        st.session_state.pop(CHECKED, None)  # let a removed package's tables go
        return
    result = _checked(ctx, files)
    _show_check(result, lang)
    user_name = ctx.scope.user_name
    if not result.report.ok:
        _audit_refusal(ctx.engine, result, user_name)
    if result.report.ok and st.button(t("data.confirm", lang), type="primary"):
        result = _write(ctx, result, user_name)
        auth.audit_import(ctx.engine, user_name, result, "app")
        if result.status == "ok":
            st.success(result.summary(lang), icon=":material/check_circle:")
        else:  # stale: other data landed since the check; the next run checks it again
            st.session_state.pop(CHECKED, None)
            st.warning(result.summary(lang), icon=":material/sync_problem:")


CHECKED = "_package_checked"
"""Session key of the package checked last: ((data version, (file name, SHA-256) ...), result)."""


def _checked(ctx: Context, files: list) -> ImportResult:
    """The check of the uploaded package, made once per package and data version.

    The package is known by each file's name and the SHA-256 of its bytes; with the data
    version (the newest import), so that a package is checked again once the database changed.
    Only the last package is kept, typed tables and all, for :func:`_write`.
    """
    from evaldash import ingest

    lang = ctx.lang
    package = tuple(
        (Path(upload.name).name, hashlib.sha256(upload.getvalue()).hexdigest()) for upload in files
    )
    key = (catalog.data_version(ctx.engine), package)  # now, not as the run began
    kept = st.session_state.get(CHECKED)
    if kept is not None and kept[0] == key:
        key, result, seconds = kept
        _finished(st.status(t("data.checking", lang)), result, seconds, lang)
        return result
    st.session_state.pop(CHECKED, None)  # the earlier package's tables go before these come
    started = time.monotonic()
    with st.status(t("data.checking", lang), expanded=True) as status:
        with tempfile.TemporaryDirectory() as folder:
            paths, names = _save_uploads(files, Path(folder))
            shown = _Shown(status, lang)
            result = ingest.check_files(ctx.engine, paths, names=names, progress=shown)
        seconds = time.monotonic() - started
        _finished(status, result, seconds, lang)
    st.session_state[CHECKED] = (key, result, seconds)
    return result


def _finished(status: object, result: ImportResult, seconds: float, lang: str) -> None:
    label = t("data.checked_status", lang, seconds=fmt_number(seconds, lang, 1))
    state = "complete" if result.report.ok else "error"
    status.update(label=label, state=state, expanded=False)  # type: ignore[attr-defined]


def _write(ctx: Context, result: ImportResult, user_name: str | None) -> ImportResult:
    """Write the checked package in one transaction, showing the rows written."""
    from evaldash import ingest

    lang = ctx.lang
    started = time.monotonic()
    with (
        serverlog.timed("import", files=len(result.files)) as logged,
        st.status(t("data.writing", lang), expanded=True) as status,
    ):
        result = ingest.write_checked(
            ctx.engine, result, user_name=user_name, progress=_Shown(status, lang)
        )
        logged.update(outcome=result.status, **_counts(result), import_id=result.import_id)
        seconds = fmt_number(time.monotonic() - started, lang, 1)
        ok = result.status == "ok"
        label = t("data.written_status", lang, seconds=seconds) if ok else result.summary(lang)
        status.update(label=label, state="complete" if ok else "error", expanded=False)
    return result


def _counts(result: ImportResult) -> dict[str, int]:
    """Rows read and rows written (new or changed), over every table, for the server's log."""
    written = sum(c.get("inserted", 0) + c.get("updated", 0) for c in result.written.values())
    return {"rows": sum(result.rows.values()), "written": written}


class _Shown:
    """A :class:`evaldash.progress.Progress` shown in an ``st.status``.

    The status's label says the step (reading a file, checking a table, writing a table);
    a ``st.progress`` under it the rows or tables done of all.
    """

    UNITS = {"read": "data.progress_rows", "write": "data.progress_rows"}

    def __init__(self, status: object, lang: str) -> None:
        self.status, self.lang, self.label = status, lang, ""
        self.bar = st.progress(0.0)

    def __call__(self, step: str, done: int, total: int | None = None, what: str = "") -> None:
        """Update the label when the step changes and the bar when there is a total."""
        if what:
            label = t(f"data.step_{step}", self.lang, what=what)
            if label != self.label:
                self.status.update(label=label)  # type: ignore[attr-defined]
                self.label = label
        if total:
            amount = t(
                self.UNITS.get(step, "data.progress_tables"),
                self.lang,
                done=fmt_number(done, self.lang),
                total=fmt_number(total, self.lang),
            )
            self.bar.progress(min(done / total, 1.0), text=amount)


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
        invalid = t(
            "data.invalid",
            lang,
            errors_text=t("count.errors", lang, n=fmt_number(counts["errors"], lang)),
            warnings_text=t("count.warnings", lang, n=fmt_number(counts["warnings"], lang)),
        )
        st.error(invalid, icon=":material/error:")
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


AUDIT_LIMIT = 1000
"""Entries the audit page shows at most, newest first; narrower choices reach older ones."""


_NO_USER = ""  # the user choice for entries without a user (user names are never empty)


def require_role(ctx: Context, roles: tuple[str, ...]) -> auth.Scope:
    """Return the session's scope if its role is one of ``roles``; else say so and stop.

    The local single-user session (no accounts, this computer only) is let in everywhere.
    """
    scope = st.session_state.get(SCOPE)
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
    enter_applies_dates(box)
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
        csv_file(entries),
        file_name=f"evaldash-audit-{date.today().isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="audit_download",
        on_click=audit_chart_download,
        args=("csv", None),
    )
