"""Read a data package from .xlsx workbooks and .csv files, in chunks of raw values.

Nothing is interpreted here beyond the layout: which table a sheet or file holds, its header,
and the raw cell values with the row number they had in the file (header = row 1). Problems
of the layout (encoding, duplicate headers, merged or formula cells ...) go into the report.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from evaldash.ingest import spec
from evaldash.ingest.report import Problem, Report

Sheet = Worksheet | ReadOnlyWorksheet
CHUNK_ROWS = 250_000
INSTRUCTIONS_SHEET = "instructions"
READ_ONLY_BYTES = 20_000_000
"""Workbooks whose XML unpacks to more are streamed (merged cells are then not detected)."""
XLSX_MAX_UNPACKED = 512_000_000
"""The most a workbook's parts may unpack to: a full Excel sheet of 8 columns is ~330 MB."""
XLSX_MAX_SHARED_STRINGS = 100_000_000
"""openpyxl holds the shared strings in memory even when it streams the sheets."""
XLSX_MAX_RATIO = 100
"""Spreadsheet XML compresses 5-20 times; a part packed tighter than this is a zip bomb."""
XLSX_MAX_CELLS = 20_000_000
"""Cells read from one workbook (Excel's 1,048,576 rows x 16 columns is 16.8 million)."""
_BLOCK = 1 << 20
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]*[0-9]*:?([A-Z]+)([0-9]+)"')


@dataclass
class Source:
    """One table as found in one file or sheet."""

    table: str
    name: str  # for messages: "usage.csv" or "pilot.xlsx › usage"
    columns: list[str]  # package columns present, in file order
    chunks: Callable[[], Iterator[pd.DataFrame]]  # raw values + "_row"; columns as above
    rows: int | None = None  # rows below the header, as far as known before reading (progress)


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
    encoding = _encoding(path, table, report)
    if encoding is None:
        return
    header_line = _first_line(path, encoding)
    delimiter = max(";,\t", key=header_line.count)
    header = [normalise_header(h) for h in next(csv.reader([header_line], delimiter=delimiter))]
    checked = check_header(header, table, path.name, report)
    if checked is None:
        return
    columns, positions = checked

    def chunks() -> Iterator[pd.DataFrame]:
        yield from _csv_chunks(
            path, encoding, delimiter, len(header), columns, positions, unheaded(header)
        )

    yield Source(table, path.name, columns, chunks, _lines(path) - 1)


def _lines(path: Path) -> int:
    """Count a text file's lines (newline bytes, plus an unterminated last line), in blocks.

    For progress only: a quoted value holding a line break counts twice, and in UTF-16 a
    character whose code ends in byte 0x0A would too (none of the Latvian letters does).
    """
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


class ExtraFields(ValueError):
    """A CSV row holds more fields than the header names (nothing of it is read)."""

    def __init__(self, line: int, fields: int, width: int, delimiter: str) -> None:
        """Name the file's line and how many fields it has against the header's."""
        super().__init__(f"line {line}: {fields} fields, the header has {width}")
        self.line, self.fields, self.width = line, fields, width
        self.delimiter = "tab" if delimiter == "\t" else delimiter


class ValueWithoutHeader(ValueError):
    """A row holds a value in a column whose header is empty (it would be lost)."""

    def __init__(self, row: int, column: int) -> None:
        """Name the row and the column (1 = the first) of the value."""
        super().__init__(f"row {row}: a value in column {column}, which has no header")
        self.row, self.column = row, column


def unheaded(header: list[str]) -> list[int]:
    """Return the positions of header cells that are empty."""
    return [i for i, name in enumerate(header) if not name]


_TOO_MANY = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _csv_chunks(
    path: Path,
    encoding: str,
    delimiter: str,
    width: int,
    columns: list[str],
    positions: list[int],
    blank: list[int],
) -> Iterator[pd.DataFrame]:
    # Every column is read (no usecols): with usecols the C parser silently drops the fields
    # of a row beyond the header's, and without it it stops there, so the row is reported.
    reader = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        skiprows=1,
        dtype=str,
        keep_default_na=False,
        encoding=encoding,
        skip_blank_lines=False,
        chunksize=CHUNK_ROWS,
        names=range(width),
        quotechar='"',
        engine="c",
    )
    try:
        for chunk in reader:
            _refuse_values_without_header(chunk, blank)
            frame = chunk[positions].set_axis(columns, axis=1)
            frame.insert(0, "_row", (frame.index + 2).astype("int64"))
            yield _drop_blank_rows(frame, columns)
    except pd.errors.ParserError as exc:
        found = _TOO_MANY.search(str(exc))
        if found is None:
            raise
        expected, line, fields = (int(g) for g in found.groups())
        raise ExtraFields(line, fields, expected, delimiter) from None


def _refuse_values_without_header(chunk: pd.DataFrame, blank: list[int]) -> None:
    """Raise :class:`ValueWithoutHeader` for the first value under an empty header cell."""
    for position in blank:
        filled = chunk[position].str.strip().ne("").to_numpy(dtype=bool, na_value=False)
        if filled.any():
            raise ValueWithoutHeader(int(chunk.index[filled.argmax()]) + 2, position + 1)


def _drop_blank_rows(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    values = frame[columns]
    blank = values.isna() | values.astype(str).apply(lambda s: s.str.strip() == "")
    return frame[~blank.all(axis=1)]


def _first_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as handle:
        return handle.readline().rstrip("\r\n")


_LATVIAN = "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ"


def _encoding(path: Path, table: str, report: Report) -> str | None:
    """Return the encoding to read a CSV file with, or None (reported) when it has none.

    UTF-8 (with or without BOM) and UTF-16 (Excel's "Unicode text", with a BOM or detected by
    its zero bytes) are read as they are. A file that is not UTF-8 but reads whole as
    Windows-1257 with Latvian letters in it (an old Excel's "CSV" on a Latvian Windows) is
    read as Windows-1257, with a warning to check the letters.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    utf16 = _utf16(head)
    if utf16 is not None:
        line = _undecodable_line(path, utf16)
        if line is None:
            return utf16
        report.add(Problem("error", "bad_utf16", path.name, table, line, params={"line": line}))
        return None
    line = _undecodable_line(path, "utf-8")
    if line is None:
        return "utf-8-sig"
    if _undecodable_line(path, "cp1257") is None and _has_latvian_letters(path):
        report.add(Problem("warning", "read_cp1257", path.name, table))
        return "cp1257"
    report.add(
        Problem("error", "not_utf8", path.name, table, line, params={"line": line, "hint": ""})
    )
    return None


def _utf16(head: bytes) -> str | None:
    """Return ``utf-16`` (BOM) or its byte order when ``head`` looks like UTF-16, else None."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4:
        return None
    # Latin text in UTF-16 has a zero byte in every other place; UTF-8 text has none.
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """Return the line (1 = first) where ``path`` stops being ``encoding``, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as exc:
                return line + block[: exc.start].count(b"\n")
            line += text.count("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return line
    return None


def _has_latvian_letters(path: Path) -> bool:
    with path.open("rb") as handle:
        text = handle.read(_BLOCK).decode("cp1257", errors="replace")
    return any(ch in text for ch in _LATVIAN)


# --- Excel -----------------------------------------------------------------------------------


def _read_xlsx(path: Path, report: Report) -> Iterator[Source]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size == 0:
        report.add(Problem("error", "file_empty", path.name))
        return
    unpacked = _xlsx_size(path, report)
    if unpacked is None:
        return
    read_only = unpacked > READ_ONLY_BYTES
    try:
        book = openpyxl.load_workbook(path, read_only=read_only, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
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


def _xlsx_size(path: Path, report: Report) -> int | None:
    """Return what the workbook's parts unpack to, or None (reported) if it is unsafe to open.

    Checked from the zip's directory and the sheets' declared dimensions before openpyxl
    reads anything, so a small file that unpacks to gigabytes (a zip bomb) is refused.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            cells = sum(_declared_cells(archive, part) for part in parts)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        report.add(Problem("error", _not_xlsx(path), path.name))
        return None
    unpacked = sum(part.file_size for part in parts)
    strings = sum(p.file_size for p in parts if p.filename.endswith("sharedStrings.xml"))
    packed_tight = [
        p
        for p in parts
        if p.file_size > 1_000_000 and p.file_size > XLSX_MAX_RATIO * p.compress_size
    ]
    if unpacked > XLSX_MAX_UNPACKED or strings > XLSX_MAX_SHARED_STRINGS or packed_tight:
        megabytes = {"size": f"{unpacked / 1e6:,.0f}", "limit": f"{XLSX_MAX_UNPACKED / 1e6:,.0f}"}
        report.add(Problem("error", "xlsx_too_big", path.name, params=megabytes))
        return None
    if cells > XLSX_MAX_CELLS:
        report.add(Problem("error", "xlsx_cells", path.name, params=_cell_counts(cells)))
        return None
    return unpacked


def _declared_cells(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """The cells a worksheet says it spans (``<dimension ref="A1:H9">``); 0 when it does not."""
    if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
        return 0
    with archive.open(part) as handle:
        found = _DIMENSION.search(handle.read(4096))
    if found is None:
        return 0
    letters, rows = found.groups()
    columns = 0
    for letter in letters.decode():
        columns = columns * 26 + ord(letter) - ord("A") + 1
    return columns * int(rows)


def _not_xlsx(path: Path) -> str:
    """The message for a file named .xlsx that is no workbook: an old .xls, text, or other."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls_old"
    if _utf16(head) or not head.translate(None, bytes(range(32, 256)) + b"\t\r\n"):
        return "xlsx_is_text"
    return "not_xlsx"


def _cell_counts(cells: int) -> dict[str, str]:
    return {"cells": f"{cells:,}", "limit": f"{XLSX_MAX_CELLS:,}"}


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
        yield from _sheet_chunks(sheet, table, name, (columns, positions, header), report)

    rows = sheet.max_row - 1 if sheet.max_row else None  # the declared size when streamed
    return Source(table, name, columns, chunks, rows)


def _report_merged(sheet: Sheet, table: str, name: str, report: Report) -> None:
    for cells in sheet.merged_cells.ranges:
        report.add(
            Problem(
                "error", "merged_cells", name, table, cells.min_row, params={"cells": cells.coord}
            )
        )


class TooManyCells(ValueError):
    """A worksheet holds more cells than :data:`XLSX_MAX_CELLS` (it is not read further)."""


def _sheet_chunks(
    sheet: Sheet,
    table: str,
    name: str,
    layout: tuple[list[str], list[int], list[str]],
    report: Report,
) -> Iterator[pd.DataFrame]:
    """Yield the sheet's rows in chunks; ``layout`` is (columns, their positions, header)."""
    columns, positions, header = layout
    blank = unheaded(header)
    batch: list[list[object]] = []
    cells_read = 0
    for cells in sheet.iter_rows(min_row=2):
        cells_read += len(cells)
        if cells_read > XLSX_MAX_CELLS:
            raise TooManyCells(_cell_counts(cells_read))
        _refuse_cells_without_header(cells, blank, len(header))
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


def _refuse_cells_without_header(cells: tuple, blank: list[int], width: int) -> None:
    """Raise :class:`ValueWithoutHeader` for a value under an empty or missing header cell."""
    for index in [*blank, *range(width, len(cells))]:
        if index < len(cells) and _filled(cells[index].value):
            raise ValueWithoutHeader(getattr(cells[index], "row", 0), index + 1)


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


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
