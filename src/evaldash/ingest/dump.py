"""Write the whole database back as a data package: one ``.xlsx`` workbook or CSV files.

The dump uses the public package format of ``spec`` (the one the import reads), so a dump can be
edited and imported again, or moved to another database:

- columns exactly as in ``spec``, in its order; tables in ``spec.TABLES`` order; a table with no
  rows is left out (no sheet, no file);
- codes, not names: ISO municipality codes (``LV-097``), service codes, participant codes;
  assessments, plans and usage name each row's pilot, so a code two pilots share reads back;
- dates ``YYYY-MM-DD``; a delivery recorded for a month only (``month_only``) as ``YYYY-MM``;
- numbers with a decimal point, no thousands separator, as few digits as read back exactly
  (``12``, ``12.5``, money as stored with at most 2 decimals); booleans ``true``/``false``;
  missing values empty;
- rows sorted by the table's key, strings in code-point order on both databases, so the same
  data give the same bytes (the workbook's timestamps are fixed for the same reason).

CSV files are UTF-8 without BOM, comma-separated, LF line endings, quoted only where
needed. In a workbook codes and text are text cells, numbers are numbers, dates are real dates
(shown ``YYYY-MM-DD``), while months and booleans are text, exactly as in the CSV files.

Tables are read in chunks from one connection (one consistent snapshot on PostgreSQL), so no
more than a chunk of one table is in memory; the connection is closed when the dump ends.
"""

from __future__ import annotations

import csv
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter
from sqlalchemy.engine import Connection, Engine

from evaldash.db import bootstrap, schema
from evaldash.db.engine import describe
from evaldash.errors import EvaldashError
from evaldash.ingest import spec

CHUNK_ROWS = 100_000
XLSX_MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows per sheet, less the header
FIXED_TIMESTAMP = datetime(2000, 1, 1)
"""The workbook's created/modified time and its zip entries' time: the same data, same bytes."""

_PART = ".part"
_DELIVERED_ON = spec.BY_NAME["usage"].column_names.index("delivered_on")


@dataclass(frozen=True)
class _Export:
    """How one package table is read from the database.

    ``query`` selects the package columns in spec order, labelled with their package names;
    with ``month_flag`` it selects one more column, true when ``delivered_on`` holds a month.
    """

    query: sa.Select
    order: tuple[sa.ColumnElement, ...]
    month_flag: bool = False


def _exports() -> dict[str, _Export]:
    pilot, p = schema.pilot, schema.participant
    dom, a, svc = schema.assessment_domain, schema.assessment, schema.service
    plan, use = schema.plan_item, schema.service_usage
    prov, ps = schema.provider, schema.provider_service
    code = p.c.participant_code.label("participant_id")
    return {
        "pilots": _Export(
            sa.select(
                pilot.c.pilot_id,
                pilot.c.name,
                pilot.c.target_group,
                pilot.c.start_date,
                pilot.c.end_date,
            ),
            (pilot.c.pilot_id,),
        ),
        "participants": _Export(
            sa.select(
                code,
                p.c.pilot_id,
                p.c.municipality_code.label("municipality"),
                p.c.sex,
                p.c.birth_year,
                p.c.enrolled_on,
                p.c.left_on,
                p.c.budget_eur,
            ),
            (p.c.pilot_id, p.c.participant_code),
        ),
        "domains": _Export(
            sa.select(
                dom.c.domain_code.label("domain"),
                dom.c.name_lv,
                dom.c.name_en,
                dom.c.scale_min,
                dom.c.scale_max,
                dom.c.higher_is_better,
                dom.c.mid,
            ),
            (dom.c.domain_code,),
        ),
        "assessments": _Export(
            sa.select(
                code,
                a.c.round,
                a.c.assessed_on,
                a.c.domain_code.label("domain"),
                a.c.score,
                p.c.pilot_id,
            ).join_from(a, p, a.c.participant_key == p.c.participant_key),
            (p.c.participant_code, a.c.round, a.c.domain_code, p.c.pilot_id),
        ),
        "services": _Export(
            sa.select(
                svc.c.service_code,
                svc.c.name_lv,
                svc.c.name_en,
                svc.c.name_short_lv,
                svc.c.name_short_en,
                svc.c.category,
                svc.c.unit,
            ),
            (svc.c.service_code,),
        ),
        "plans": _Export(
            sa.select(
                code,
                plan.c.round,
                plan.c.service_code.label("service"),
                plan.c.planned_units,
                plan.c.priority,
                p.c.pilot_id,
            ).join_from(plan, p, plan.c.participant_key == p.c.participant_key),
            (p.c.participant_code, plan.c.round, plan.c.service_code, p.c.pilot_id),
        ),
        "usage": _Export(
            sa.select(
                code,
                use.c.service_code.label("service"),
                use.c.delivered_on,
                use.c.units,
                use.c.cost_eur,
                use.c.provider_id,
                p.c.pilot_id,
                use.c.month_only,
            ).join_from(use, p, use.c.participant_key == p.c.participant_key),
            (
                p.c.participant_code,
                use.c.service_code,
                use.c.delivered_on,
                use.c.provider_id,
                use.c.units,
                use.c.cost_eur,
                use.c.month_only,
                p.c.pilot_id,
            ),
            month_flag=True,
        ),
        "providers": _Export(
            sa.select(
                ps.c.provider_id,
                prov.c.name,
                ps.c.service_code.label("service"),
                ps.c.municipality_code.label("municipality"),
                ps.c.outreach,
            ).join_from(ps, prov, ps.c.provider_id == prov.c.provider_id),
            (ps.c.provider_id, ps.c.service_code, ps.c.municipality_code),
        ),
    }


EXPORTS: dict[str, _Export] = _exports()


def dump(engine: Engine, output: Path) -> dict[str, int]:
    """Write every table of the database to ``output`` as a data package.

    Args:
        engine: the database to read (DuckDB or PostgreSQL, current schema).
        output: a path ending in ``.xlsx`` for one workbook (replaced if it exists), or a
            folder for ``<table>.csv`` files (created if missing; it may hold only files of
            an earlier dump, which are replaced, or removed when their table is now empty).

    Returns:
        Rows written per package table, in ``spec.TABLES`` order (0 for an empty table).

    Raises:
        EvaldashError: the database has no evaldash schema, ``output`` is unusable (a file
            where a folder is expected, a folder with other files), or a table is too long
            for a worksheet.
    """
    output = Path(output)
    if bootstrap.check_schema(engine) is None:
        raise EvaldashError(
            f"The database {describe(engine.url)} has no evaldash tables, so there is nothing "
            "to dump. Check the database URL, or run: python -m evaldash init-db"
        )
    if output.suffix.lower() == ".xlsx":
        return _dump_xlsx(engine, output)
    return _dump_csv(engine, output)


# --- reading -----------------------------------------------------------------------------------


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """Open one connection for the whole dump; on PostgreSQL one read-only snapshot."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        yield conn


def ordered_query(table: str, dialect: str) -> sa.Select:
    """Return the query that reads package table ``table``, sorted, for ``dialect``."""
    export = EXPORTS[table]
    return export.query.order_by(*(_sort_key(c, dialect) for c in export.order))


def _sort_key(column: sa.ColumnElement, dialect: str) -> sa.ColumnElement:
    if dialect == "postgresql" and isinstance(column.type, sa.String):
        # The server's collation may sort "a-b" and "ab" like a dictionary; DuckDB sorts by
        # code point. "C" makes both databases write the same file.
        column = column.collate("C")
    return column.asc().nulls_last()


def _chunks(conn: Connection, table: str) -> Iterator[list[Sequence[object]]]:
    """Yield the rows of ``table`` in package order, ``CHUNK_ROWS`` at a time."""
    query = ordered_query(table, conn.dialect.name)
    with conn.execute(query, execution_options={"yield_per": CHUNK_ROWS}) as result:
        for partition in result.partitions():
            if EXPORTS[table].month_flag:
                yield [_with_month(row) for row in partition]
            else:
                yield list(partition)


def _with_month(row: Sequence[object]) -> list[object]:
    """Drop the trailing ``month_only`` flag; where it is set, write the month ``YYYY-MM``."""
    values = list(row[:-1])
    delivered = values[_DELIVERED_ON]
    if row[-1] and isinstance(delivered, date):
        values[_DELIVERED_ON] = f"{delivered:%Y-%m}"
    return values


def _count(conn: Connection, table: str) -> int:
    rows = EXPORTS[table].query.subquery()
    return int(conn.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one())


# --- values --------------------------------------------------------------------------------------


def text(value: object) -> str:
    """Return a database value as the package writes it in a CSV file.

    ``None`` -> empty; ``True`` -> ``true``; ``12.0`` -> ``12``; ``Decimal("32.50")`` ->
    ``32.5``; ``date(2019, 2, 10)`` -> ``2019-02-10``.
    """
    write = _TEXT.get(type(value))
    if write is None:
        raise TypeError(f"cannot write {type(value).__name__} value {value!r} into a package")
    return write(value)


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # "12", not "12.0"; also "0" for -0.0
    shortest = repr(value)  # the fewest digits that read back as the same float
    if "e" in shortest:
        return np.format_float_positional(value, unique=True, trim="-")
    return shortest


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")  # as stored, without trailing zeros: 32.50 -> 32.5


_TEXT: dict[type, Callable[[Any], str]] = {
    type(None): lambda _: "",
    str: str,
    bool: lambda v: "true" if v else "false",
    int: str,
    float: _float_text,
    Decimal: _decimal_text,
    date: date.isoformat,  # exactly date: a datetime is no package value
}


def _cell(value: object) -> object:
    """Return a database value as a workbook cell value that reads back as ``text(value)``."""
    if isinstance(value, bool):
        return text(value)
    if isinstance(value, Decimal):
        value = float(value)  # 12 significant digits at most: exact as a float
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # a float cell 12.0 would read back as "12.0"
    return value


# --- CSV files ----------------------------------------------------------------------------------


def _dump_csv(engine: Engine, folder: Path) -> dict[str, int]:
    _check_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    written: list[Path] = []
    try:
        with _snapshot(engine) as conn:
            for table in spec.TABLES:
                part = folder / f"{table.name}.csv{_PART}"
                counts[table.name] = _write_csv(conn, table, part)
                if counts[table.name]:
                    written.append(part)
    except BaseException:
        for part in folder.glob(f"*.csv{_PART}"):
            part.unlink(missing_ok=True)
        raise
    # Replace the files only once every table is written, so a failed dump changes nothing.
    for table in spec.TABLES:
        path = folder / f"{table.name}.csv"
        if counts[table.name]:
            os.replace(path.with_name(path.name + _PART), path)
        else:
            path.unlink(missing_ok=True)  # a file of an earlier dump would contradict the database
    return counts


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise EvaldashError(
            f"{folder} exists but is not a folder. Remove or rename this file, or dump into a "
            "folder (for CSV files) or a path ending in .xlsx (for one workbook)."
        )
    if not folder.is_dir():
        return
    ours = {f"{t.name}.csv" for t in spec.TABLES}
    foreign = sorted(p.name for p in folder.iterdir() if p.name not in ours or not p.is_file())
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise EvaldashError(
            f"The folder {folder} holds files that are not part of a dump ({shown}). A dump "
            "writes and replaces only <table>.csv files; choose a new or empty folder, or one "
            "that holds only an earlier dump."
        )


def _write_csv(conn: Connection, table: spec.Table, path: Path) -> int:
    """Write ``table`` to ``path``; return its rows. No file when the table is empty."""
    chunks = _chunks(conn, table.name)
    first = next(chunks, None)
    if first is None:
        return 0
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.column_names)
        for chunk in _prepend(first, chunks):
            writer.writerows([text(v) for v in row] for row in chunk)
            rows += len(chunk)
    return rows


def _prepend(first: list, rest: Iterator[list]) -> Iterator[list]:
    yield first
    yield from rest


# --- workbook ----------------------------------------------------------------------------------


def _dump_xlsx(engine: Engine, path: Path) -> dict[str, int]:
    if path.is_dir():
        raise EvaldashError(
            f"{path} is a folder. Give the workbook a file name, e.g. {path / 'package.xlsx'}, "
            "or drop the .xlsx ending to dump CSV files into this folder."
        )
    book = Workbook(write_only=True)
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    counts: dict[str, int] = {}
    with _snapshot(engine) as conn:
        _check_sheet_sizes(conn, path)
        for table in spec.TABLES:
            counts[table.name] = _write_sheet(conn, book, table)
    if not any(counts.values()):
        raise EvaldashError(
            f"The database {describe(engine.url)} holds no rows at all; a workbook needs at "
            "least one sheet. Run: python -m evaldash init-db"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _save_reproducibly(book, path)
    return counts


def _check_sheet_sizes(conn: Connection, path: Path) -> None:
    for table in spec.TABLES:
        rows = _count(conn, table.name)
        if rows > XLSX_MAX_ROWS:
            raise EvaldashError(
                f"Table {table.name} has {rows:,} rows; an Excel sheet holds at most "
                f"{XLSX_MAX_ROWS:,}. Dump into a folder of CSV files instead: give "
                f"{path.with_suffix('')} (without .xlsx)."
            )


def _write_sheet(conn: Connection, book: Workbook, table: spec.Table) -> int:
    """Append a sheet for ``table`` to the write-only ``book``; return its rows (0: no sheet)."""
    chunks = _chunks(conn, table.name)
    first = next(chunks, None)
    if first is None:
        return 0
    sheet = book.create_sheet(table.name)
    sheet.freeze_panes = "A2"
    for index, name in enumerate(table.column_names, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 4)
    bold = Font(bold=True)
    header = []
    for name in table.column_names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    as_text = _text_cell_factory(sheet)
    rows = 0
    for chunk in _prepend(first, chunks):
        for row in chunk:
            sheet.append([as_text(v) if _looks_like_formula(v) else _cell(v) for v in row])
        rows += len(chunk)
    return rows


def _looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and len(value) > 1 and value.startswith("=")


def _text_cell_factory(sheet: WriteOnlyWorksheet) -> Callable[[object], object]:
    """Return a maker of text cells for values openpyxl would otherwise store as formulas."""

    def make(value: object) -> object:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell

    return make


class _ReproducibleZip(zipfile.ZipFile):
    """A zip archive whose entries carry ``FIXED_TIMESTAMP`` instead of the time of writing."""

    def writestr(  # noqa: D102
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: bytes | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIMESTAMP.timetuple()[:6])
            zinfo.compress_type = self.compression
            zinfo.external_attr = 0o600 << 16
            zinfo_or_arcname = zinfo
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(  # noqa: D102
        self,
        filename: str | os.PathLike,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        zinfo = zipfile.ZipInfo.from_file(filename, arcname)
        zinfo.date_time = FIXED_TIMESTAMP.timetuple()[:6]
        zinfo.external_attr = 0o600 << 16
        zinfo.compress_type = self.compression if compress_type is None else compress_type
        with open(filename, "rb") as source, self.open(zinfo, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _save_reproducibly(book: Workbook, path: Path) -> None:
    """Save ``book`` to ``path`` (replacing it only when complete) with fixed timestamps.

    ``Workbook.save`` would stamp the current time into the properties and the zip entries.
    """
    part = path.with_name(path.name + _PART)
    try:
        with _ReproducibleZip(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).write_data()
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
