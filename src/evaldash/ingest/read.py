"""Read a data package from .xlsx workbooks and .csv files, in chunks of raw values.

Nothing is interpreted here beyond the layout: which table a sheet or file holds, its header,
and the raw cell values with the row number they had in the file (header = row 1). Problems
of the layout (encoding, duplicate headers, merged or formula cells ...) go into the report.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from evaldash.ingest import spec
from evaldash.ingest.report import Message, Problem, Report

Sheet = Worksheet | ReadOnlyWorksheet
CHUNK_ROWS = 250_000
INSTRUCTIONS_SHEET = "instructions"
READ_ONLY_BYTES = 20_000_000  # larger workbooks are streamed (merged cells are not detected)
_BLOCK = 1 << 20


@dataclass
class Source:
    """One table as found in one file or sheet."""

    table: str
    name: str  # for messages: "usage.csv" or "pilot.xlsx › usage"
    columns: list[str]  # package columns present, in file order
    chunks: Callable[[], Iterator[pd.DataFrame]]  # raw values + "_row"; columns as above


@dataclass
class RawPackage:
    """Everything read from the given paths."""

    sources: dict[str, Source] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256


def read_package(paths: list[Path], report: Report) -> RawPackage:
    """Read ``paths`` (workbooks, CSV files, or folders holding them) into one package."""
    package = RawPackage()
    for path in _expand(paths, report):
        package.sha256[path.name] = sha256(path)
        reader = _READERS.get(path.suffix.lower())
        if reader is None:
            report.add(Problem("error", "file_type", path.name))
            continue
        for source in reader(path, report):
            _add_source(package, source, report)
    if not package.sources and report.ok:
        tables = ", ".join(spec.ORDER)
        report.add(Problem("error", "no_tables", params={"tables": tables}))
    return package


def _expand(paths: list[Path], report: Report) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in _READERS))
        elif path.is_file():
            files.append(path)
        else:
            report.add(Problem("error", "file_missing", str(path)))
    return files


def _add_source(package: RawPackage, source: Source, report: Report) -> None:
    earlier = package.sources.get(source.table)
    if earlier is not None:
        report.add(
            Problem(
                "error",
                "table_twice",
                source.name,
                source.table,
                params={"table": source.table, "sources": f"{earlier.name}, {source.name}"},
            )
        )
        return
    package.sources[source.table] = source


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def normalise_header(name: object) -> str:
    """Return a header cell as a column name: trimmed, lower case, no trailing ``*``."""
    return str(name if name is not None else "").strip().rstrip("*").strip().lower()


def check_header(
    header: list[str], table: str, name: str, report: Report
) -> tuple[list[str], list[int]] | None:
    """Check a header against the table spec; return (columns, their positions) or None.

    None means the table cannot be read: a duplicate header or a missing required column.
    """
    table_spec = spec.BY_NAME[table]
    positions: dict[str, list[int]] = {}
    for index, column in enumerate(header):
        if column:
            positions.setdefault(column, []).append(index)
    fatal = False
    for column, where in positions.items():
        if len(where) > 1:
            fatal = True
            report.add(
                Problem(
                    "error",
                    "duplicate_header",
                    name,
                    table,
                    1,
                    column,
                    params={"column": column, "positions": ", ".join(str(i + 1) for i in where)},
                )
            )
        elif column not in table_spec.column_names:
            report.add(
                Problem(
                    "warning", "unknown_column", name, table, 1, column, params={"column": column}
                )
            )
    for column in table_spec.required:
        if column not in positions:
            fatal = True
            report.add(
                Problem(
                    "error", "missing_column", name, table, 1, column, params={"column": column}
                )
            )
    if fatal:
        return None
    known = [c for c in positions if c in table_spec.column_names]
    return known, [positions[c][0] for c in known]


# --- CSV -------------------------------------------------------------------------------------


def _read_csv(path: Path, report: Report) -> Iterator[Source]:
    table = path.stem.strip().lower()
    if table not in spec.BY_NAME:
        report.add(
            Problem("error", "csv_name", path.name, params={"tables": ", ".join(spec.ORDER)})
        )
        return
    if path.stat().st_size == 0:
        report.add(Problem("error", "file_empty", path.name, table))
        return
    if not _is_utf8(path, table, report):
        return
    header_line = _first_line(path)
    delimiter = max(";,\t", key=header_line.count)
    header = [normalise_header(h) for h in next(csv.reader([header_line], delimiter=delimiter))]
    checked = check_header(header, table, path.name, report)
    if checked is None:
        return
    columns, positions = checked

    def chunks() -> Iterator[pd.DataFrame]:
        yield from _csv_chunks(path, delimiter, len(header), columns, positions)

    yield Source(table, path.name, columns, chunks)


def _csv_chunks(
    path: Path, delimiter: str, width: int, columns: list[str], positions: list[int]
) -> Iterator[pd.DataFrame]:
    reader = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        skiprows=1,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
        usecols=positions,
        skip_blank_lines=False,
        chunksize=CHUNK_ROWS,
        names=range(width),
        quotechar='"',
        engine="c",
    )
    for chunk in reader:
        frame = chunk[positions].set_axis(columns, axis=1)
        frame.insert(0, "_row", (frame.index + 2).astype("int64"))
        yield _drop_blank_rows(frame, columns)


def _drop_blank_rows(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    values = frame[columns]
    blank = values.isna() | values.astype(str).apply(lambda s: s.str.strip() == "")
    return frame[~blank.all(axis=1)]


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return handle.readline().rstrip("\r\n")


def _is_utf8(path: Path, table: str, report: Report) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                line += block[: exc.start].count(b"\n")
                hint = _cp1257_hint(path)
                report.add(
                    Problem(
                        "error",
                        "not_utf8",
                        path.name,
                        table,
                        line,
                        params={"line": line, "hint": hint},
                    )
                )
                return False
            line += block.count(b"\n")
    return True


def _cp1257_hint(path: Path) -> Message | str:
    with path.open("rb") as handle:
        head = handle.read(_BLOCK)
    text = head.decode("cp1257", errors="replace")
    if any(ch in text for ch in "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ"):
        from evaldash.ingest.report import MESSAGES

        return Message(MESSAGES["looks_cp1257"])
    return ""


# --- Excel -----------------------------------------------------------------------------------


def _read_xlsx(path: Path, report: Report) -> Iterator[Source]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size == 0:
        report.add(Problem("error", "file_empty", path.name))
        return
    read_only = path.stat().st_size > READ_ONLY_BYTES
    try:
        book = openpyxl.load_workbook(path, read_only=read_only, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        report.add(
            Problem(
                "error",
                "file_unreadable",
                path.name,
                params={"reason": f"{type(exc).__name__}: {exc}"},
            )
        )
        return
    for sheet in book.worksheets:
        table = sheet.title.strip().lower()
        name = f"{path.name} › {sheet.title}"
        if table not in spec.BY_NAME:
            if table != INSTRUCTIONS_SHEET:  # the template's own explanations
                report.add(
                    Problem("warning", "sheet_ignored", path.name, params={"sheet": sheet.title})
                )
            continue
        source = _sheet_source(sheet, table, name, read_only, report)
        if source is not None:
            yield source


def _sheet_source(
    sheet: Sheet, table: str, name: str, read_only: bool, report: Report
) -> Source | None:
    rows = sheet.iter_rows()
    first = next(rows, None)
    if first is None:
        report.add(Problem("warning", "no_rows", name, table))
        return None
    header = [normalise_header(c.value) for c in first]
    checked = check_header(header, table, name, report)
    if checked is None:
        return None
    columns, positions = checked
    if not read_only:
        _report_merged(sheet, table, name, report)

    def chunks() -> Iterator[pd.DataFrame]:
        yield from _sheet_chunks(sheet, table, name, columns, positions, report)

    return Source(table, name, columns, chunks)


def _report_merged(sheet: Sheet, table: str, name: str, report: Report) -> None:
    for cells in sheet.merged_cells.ranges:
        report.add(
            Problem(
                "error", "merged_cells", name, table, cells.min_row, params={"cells": cells.coord}
            )
        )


def _sheet_chunks(
    sheet: Sheet,
    table: str,
    name: str,
    columns: list[str],
    positions: list[int],
    report: Report,
) -> Iterator[pd.DataFrame]:
    batch: list[list[object]] = []
    for cells in sheet.iter_rows(min_row=2):
        values = [None] * len(positions)
        row_number = None
        for slot, index in enumerate(positions):
            if index < len(cells):
                cell = cells[index]
                row_number = getattr(cell, "row", row_number)
                values[slot] = _cell_value(cell, table, name, columns[slot], report)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        batch.append([row_number or 0, *values])
        if len(batch) >= CHUNK_ROWS:
            yield pd.DataFrame(batch, columns=["_row", *columns], dtype=object)
            batch = []
    if batch:
        yield pd.DataFrame(batch, columns=["_row", *columns], dtype=object)


def _cell_value(cell: Any, table: str, name: str, column: str, report: Report) -> object:
    if getattr(cell, "data_type", None) == "f":
        report.add(
            Problem(
                "error",
                "formula",
                name,
                table,
                cell.row,
                column,
                str(cell.value)[:80],
                {"formula": str(cell.value)[:40]},
            )
        )
        return None
    return cell.value


_READERS: dict[str, Callable[[Path, Report], Iterator[Source]]] = {
    ".csv": _read_csv,
    ".xlsx": _read_xlsx,
}
