"""Import a data package (xlsx/csv): read, validate in one pass, store all or nothing.

The command line (``python -m evaldash import``) calls ``import_files``; the app's Data page
calls its two halves, ``check_files`` (kept per file's SHA-256 while the user reads the
report) and ``write_checked`` (when the user confirms). They behave the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from evaldash.db import schema, summary
from evaldash.i18n import t
from evaldash.ingest.read import RawPackage, read_package
from evaldash.ingest.report import Problem, Report
from evaldash.ingest.store import store
from evaldash.ingest.validate import Checked, load_stored, validate
from evaldash.progress import Progress, silent

__all__ = ["ImportResult", "check_files", "import_files", "write_checked"]


@dataclass
class ImportResult:
    """The outcome of one import attempt."""

    status: str  # ok | invalid | checked (dry run passed) | failed | stale (data changed)
    report: Report
    rows: dict[str, int] = field(default_factory=dict)  # rows read per table
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    import_id: int | None = None
    files: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256
    pilots: list[str] = field(default_factory=list)  # pilot ids in the package's tables
    checked: Checked | None = field(default=None, repr=False)  # the typed tables to write
    version: int | None = None  # the database's data version the package was checked against
    started: datetime = field(default_factory=datetime.now)

    def summary(self, lang: str) -> str:
        """Say in one sentence what the import did (the command line's last line)."""
        words = SUMMARY[lang]
        counts = self.report.counts()
        problems = words["problems"].format(
            errors_text=t("count.errors", lang, n=counts["errors"]),
            warnings_text=t("count.warnings", lang, n=counts["warnings"]),
        )
        if self.status != "ok":
            return words[self.status].format(problems=problems)
        tables = "; ".join(
            words["table"].format(
                table=table,
                inserted_text=t("count.inserted", lang, n=c["inserted"]),
                updated_text=t("count.updated", lang, n=c["updated"]),
                unchanged=c["unchanged"],
            )
            for table, c in self.written.items()
        )
        return words["ok"].format(id=self.import_id, tables=tables, problems=problems)


SUMMARY = {
    "lv": {
        "problems": "{errors_text}, {warnings_text}",
        "table": "{table}: {inserted_text}, {updated_text}, {unchanged} bez izmaiņām",
        "ok": "Importēts (imports {id}): {tables}. {problems}.",
        "checked": "Pārbaudīts, datubāzē nekas nav rakstīts: {problems}.",
        "invalid": "Nav importēts: {problems}. Datubāze nav mainīta.",
        "stale": "Nav importēts: kopš pārbaudes datubāzē ir ierakstīti citi dati, tāpēc "
        "pakete jāpārbauda vēlreiz. Datubāze nav mainīta.",
    },
    "en": {
        "problems": "{errors_text}, {warnings_text}",
        "table": "{table}: {inserted_text}, {updated_text}, {unchanged} unchanged",
        "ok": "Imported (import {id}): {tables}. {problems}.",
        "checked": "Checked, nothing written to the database: {problems}.",
        "invalid": "Not imported: {problems}. The database is unchanged.",
        "stale": "Not imported: other data were written to the database since the check, so "
        "the package must be checked again. The database is unchanged.",
    },
}
"""The import's one-sentence summary, by status (:meth:`ImportResult.summary`)."""


def import_files(
    engine: Engine,
    paths: list[Path],
    *,
    dry_run: bool = False,
    user_name: str | None = None,
    names: dict[Path, str] | None = None,
    progress: Progress = silent,
) -> ImportResult:
    """Validate the package in ``paths`` and, unless invalid or ``dry_run``, store it.

    ``names`` gives the original file names of uploaded files (stored under temporary
    paths). Every attempt except a dry run is written to ``import_log``. ``progress`` hears
    the rows read and written and the tables checked (:mod:`evaldash.progress`).
    """
    result = check_files(engine, paths, names=names, progress=progress)
    if dry_run:
        return result
    return write_checked(engine, result, user_name=user_name, progress=progress)


def check_files(
    engine: Engine,
    paths: list[Path],
    *,
    names: dict[Path, str] | None = None,
    progress: Progress = silent,
) -> ImportResult:
    """Read and validate the package in ``paths``; write nothing (status checked or invalid).

    The result keeps the typed tables and the data version they were checked against, for
    :func:`write_checked`.
    """
    report = Report()
    started = datetime.now()
    with engine.connect() as conn:
        version = _version(conn)
    raw, checked = _check(engine, paths, report, progress)
    if names:
        raw.sha256 = {names.get(p, p.name): raw.sha256.get(p.name, "") for p in paths}
    rows = {t: len(f) for t, f in checked.tables.items()} if checked else {}
    status = "checked" if report.ok else "invalid"
    result = ImportResult(status, report, rows, files=raw.sha256, checked=checked)
    result.pilots = _pilots(checked.tables) if checked else []
    result.version, result.started = version, started
    return result


def write_checked(
    engine: Engine,
    result: ImportResult,
    *,
    user_name: str | None = None,
    progress: Progress = silent,
) -> ImportResult:
    """Store a package :func:`check_files` found valid, all of it in one transaction.

    A package with errors is only logged. When data were written to the database after the
    check (the data version moved), nothing is written and the status is ``stale``: the
    package must be checked again. Returns the result with its status, counts and import id.
    """
    started = result.started
    if not result.report.ok or result.checked is None:
        result.status = "invalid"
        result.import_id = _log(engine, started, result, user_name)
        return result
    try:
        with engine.begin() as conn:
            if result.version is not None and _version(conn) != result.version:
                result.status = "stale"
                return result
            import_id = _start_log(conn, started, result, user_name)
            result.written = store(conn, result.checked, import_id, progress)
            summary.refresh(conn)  # in the same transaction: readers never see it behind
            result.status = "ok"
            _finish_log(conn, import_id, result)
        result.import_id = import_id
    except sa.exc.DBAPIError as exc:
        result.status = "failed"
        result.import_id = _log(engine, started, result, user_name, message=str(exc.orig))
        raise
    return result


def _version(conn: Connection) -> int:
    """The data version (newest import written), as ``catalog.data_version`` and the app read it."""
    log = schema.import_log
    stmt = sa.select(sa.func.coalesce(sa.func.max(log.c.import_id), 0)).where(log.c.status == "ok")
    return int(conn.execute(stmt).scalar_one())


def _check(
    engine: Engine, paths: list[Path], report: Report, progress: Progress
) -> tuple[RawPackage, Checked | None]:
    """Read and validate the package; problems, even a bug of the checks, go into ``report``."""
    raw = RawPackage()
    try:
        raw = read_package(paths, report)
        if not (report.ok or raw.sources):
            return raw, None
        return raw, validate(raw, load_stored(engine), report, progress)
    except (sa.exc.DBAPIError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a file no check foresaw must still not become a traceback
        reason = f"{type(exc).__name__}: {exc}"[:500]
        report.add(Problem("error", "check_failed", params={"reason": reason}))
        return raw, None


def _pilots(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The pilot ids the package's tables name (pilots and participants carry them)."""
    ids = {
        str(value)
        for frame in tables.values()
        if "pilot_id" in frame.columns
        for value in frame["pilot_id"].dropna().unique()
    }
    return sorted(ids)


def _source(result: ImportResult) -> str:
    return ", ".join(sorted(result.files))[:500]


def _digest(result: ImportResult) -> str | None:
    if len(result.files) == 1:
        return next(iter(result.files.values()))
    return None


def _details(result: ImportResult, message: str | None = None) -> str:
    details = {"files": result.files, **result.report.counts()}
    if message:
        details["error"] = message[:2000]
    return json.dumps(details, ensure_ascii=False, sort_keys=True)


def _start_log(
    conn: Connection, started: datetime, result: ImportResult, user_name: str | None
) -> int:
    log = schema.import_log
    row = conn.execute(
        log.insert()
        .values(
            started_at=started,
            kind="import",
            source=_source(result),
            sha256=_digest(result),
            user_name=user_name,
            status="running",
            message=_details(result),
        )
        .returning(log.c.import_id)
    ).one()
    return int(row.import_id)


def _finish_log(conn: Connection, import_id: int, result: ImportResult) -> None:
    counts = {t: {"rows": n, **result.written.get(t, {})} for t, n in result.rows.items()}
    conn.execute(
        schema.import_log.update()
        .where(schema.import_log.c.import_id == import_id)
        .values(
            finished_at=datetime.now(), status="ok", row_counts=json.dumps(counts, sort_keys=True)
        )
    )


def _log(
    engine: Engine,
    started: datetime,
    result: ImportResult,
    user_name: str | None,
    message: str | None = None,
) -> int:
    """Record an attempt that wrote nothing (invalid or failed) in its own transaction."""
    log = schema.import_log
    with engine.begin() as conn:
        row = conn.execute(
            log.insert()
            .values(
                started_at=started,
                finished_at=datetime.now(),
                kind="import",
                source=_source(result),
                sha256=_digest(result),
                user_name=user_name,
                status=result.status,
                row_counts=json.dumps(result.rows, sort_keys=True),
                message=_details(result, message),
            )
            .returning(log.c.import_id)
        ).one()
    return int(row.import_id)
