"""Validate a raw package in one pass and turn it into typed tables ready to store.

Every problem is reported, not only the first: values that cannot be read, required values
missing, numbers out of range (checked with pandera), unknown references with suggestions,
duplicates, scores outside the domain's scale, dates in the wrong order or outside the pilot.
Rows with errors stay in the tables (with missing values) so later checks still run.

This module reads and parses each table (``Validator`` and ``validate``). What a package is
checked against is read by :mod:`evaldash.ingest.stored`; the checks of one table are in
:mod:`evaldash.ingest.table_checks`, those across tables in :mod:`evaldash.ingest.cross_checks`,
both bases of ``Validator``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evaldash.ingest import parse, spec
from evaldash.ingest.cross_checks import _suggestion
from evaldash.ingest.read import (
    ExtraFields,
    RawPackage,
    Source,
    TooManyCells,
    ValueWithoutHeader,
)
from evaldash.ingest.report import WHAT, Message, Problem, Report
from evaldash.ingest.stored import Checked, Stored, load_stored
from evaldash.ingest.table_checks import FACTS, TableChecks
from evaldash.progress import Progress, silent

# Stored, load_stored and Checked live in stored.py; they are imported from here as before.
__all__ = ["FACTS", "ORDER", "Checked", "Stored", "Validator", "load_stored", "validate"]

# Tables in the order they are checked: what others refer to comes first.
ORDER = (
    "pilots",
    "services",
    "domains",
    "participants",
    "providers",
    "assessments",
    "plans",
    "usage",
)


class Validator(TableChecks):
    """Checks one raw package against itself and the database.

    Reading and parsing are here; the checks come from ``TableChecks`` and ``CrossChecks``.
    """

    def __init__(
        self, raw: RawPackage, stored: Stored, report: Report, progress: Progress = silent
    ) -> None:
        """Prepare resolvers from the database and the package's own services."""
        self.raw, self.stored, self.report = raw, stored, report
        self.progress = progress
        self.checked = Checked()
        self.resolvers: dict[str, parse.Resolver] = {
            "municipality": parse.Resolver(
                stored.municipalities, stored.municipality_names, "municipality"
            ),
            "category": _name_resolver(stored.categories, "category", "category"),
        }

    def run(self) -> Checked:
        """Check every table present, then the references between them."""
        present = [table for table in ORDER if table in self.raw.sources]
        for checked, table in enumerate(present):
            source = self.raw.sources[table]
            if table in ("plans", "usage", "providers") and "service" not in self.resolvers:
                self.resolvers["service"] = self._service_resolver()
            frame = self._read_table(source)
            if table in FACTS:  # first: the pilot is part of a fact's key
                self._resolve_participants(frame, source.name, table)
            if table == "usage":
                frame = self._combine_usage(frame, source.name)
            self.checked.tables[table] = frame
            self.checked.sources[table] = source.name
            self.progress("check", checked, len(present), table)
            self._check_table(table, frame, source.name)
        self.progress("check", len(present), len(present))
        return self.checked

    # --- reading and parsing ------------------------------------------------------------------

    def _read_table(self, source: Source) -> pd.DataFrame:
        parts = []
        done = 0
        self.progress("read", done, source.rows, source.name)
        try:
            for chunk in source.chunks():
                parts.append(self._parse_chunk(source, chunk))
                if len(chunk):  # rows as numbered in the file, blank ones included
                    done = int(chunk["_row"].iloc[-1]) - 1
                known = None if source.rows is None else max(done, source.rows)
                self.progress("read", done, known, source.name)
        except ExtraFields as exc:
            self.report.add(
                Problem(
                    "error",
                    "extra_fields",
                    source.name,
                    source.table,
                    exc.line,
                    params={"fields": exc.fields, "width": exc.width, "delimiter": exc.delimiter},
                )
            )
        except ValueWithoutHeader as exc:
            self.report.add(
                Problem(
                    "error",
                    "value_without_header",
                    source.name,
                    source.table,
                    exc.row,
                    params={"column": _column_letter(exc.column)},
                )
            )
        except TooManyCells as exc:
            self.report.add(Problem("error", "xlsx_cells", source.name, params=exc.args[0]))
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as exc:
            self.report.add(
                Problem(
                    "error",
                    "file_unreadable",
                    source.name,
                    source.table,
                    params={"reason": str(exc).strip()},
                )
            )
        self.progress("read", done, done, source.name)  # whatever the estimate said
        if not parts:
            self.report.add(Problem("warning", "no_rows", source.name, source.table))
            return _empty(source.table)
        return pd.concat(parts, ignore_index=True)

    def _parse_chunk(self, source: Source, chunk: pd.DataFrame) -> pd.DataFrame:
        table = spec.BY_NAME[source.table]
        out = pd.DataFrame({"_row": chunk["_row"].astype("int64").to_numpy()})
        for column in table.columns:
            raw = chunk.get(column.name)
            if raw is None:  # an optional column the file leaves out
                out[column.name] = _missing(column, len(out))
                continue
            raw = raw.reset_index(drop=True)
            parsed = self._parse(column, raw)
            if isinstance(parsed, tuple):  # date_or_month
                parsed, month_only = parsed
                out["month_only"] = month_only.fillna(False).astype(bool).to_numpy()
            self._report_bad(source, column, raw, parsed, out["_row"])
            refused = self._refuse_unsafe(source, column, parsed.values, out["_row"])
            out[column.name] = parsed.values.mask(refused).to_numpy()
            # Remember unreadable cells, so they are not reported again as empty.
            out[f"_bad_{column.name}"] = parsed.bad.to_numpy() | refused
        if "delivered_on" in out and "month_only" not in out:
            out["month_only"] = False
        return out

    def _refuse_unsafe(
        self, source: Source, column: spec.Column, values: pd.Series, rows: pd.Series
    ) -> np.ndarray:
        """Report (and return a mask of) text that must not be stored.

        Control and text-direction characters (NUL, U+202E ...), which can make one code look
        like another, and participant codes shaped like a Latvian personal code, which are
        never echoed back.
        """
        refused = np.zeros(len(values), dtype=bool)
        if column.kind not in ("text", "code"):
            return refused
        hidden = parse.hidden_characters(values)
        if hidden.any():
            shown = values[hidden]
            self.report.add_rows(
                "error",
                "hidden_characters",
                pd.DataFrame({"_row": rows[hidden].to_numpy(), "value": shown.map(parse.visible)}),
                table=source.table,
                column=column.name,
                source=source.name,
                row_params=[{"chars": parse.named_characters(v)} for v in shown.head(200)],
            )
            refused |= hidden
        if column.name == "participant_id":
            personal = parse.looks_like_personal_code(values) & ~refused
            masked = pd.DataFrame({"_row": rows[personal].to_numpy(), "value": "******-*****"})
            self.report.add_rows(
                "error",
                "personal_code",
                masked,
                table=source.table,
                column=column.name,
                source=source.name,
            )
            refused |= personal
        return refused

    def _parse(self, column: spec.Column, raw: pd.Series) -> parse.Parsed | tuple:
        kind = column.kind
        if kind in self.resolvers:
            return self.resolvers[kind].resolve(raw)
        return _PARSERS[kind](raw)

    def _report_bad(
        self,
        source: Source,
        column: spec.Column,
        raw: pd.Series,
        parsed: parse.Parsed,
        rows: pd.Series,
    ) -> None:
        bad = parsed.bad.to_numpy()
        if not bad.any():
            return
        failing = pd.DataFrame({"_row": rows[bad].to_numpy(), "value": raw[bad].to_numpy()})
        resolver = self.resolvers.get(column.kind)
        if resolver is None:
            expected = Message({lang: parsed.describe(lang) for lang in ("lv", "en")})
            self.report.add_rows(
                "error",
                "bad_value",
                failing,
                table=source.table,
                column=column.name,
                source=source.name,
                params={"expected": expected},
            )
            return
        what = Message(WHAT[column.kind if column.kind in WHAT else "service"])
        self.report.add_rows(
            "error",
            "unknown_ref",
            failing,
            table=source.table,
            column=column.name,
            source=source.name,
            params={"what": what},
            row_params=[{"suggest": _suggestion(resolver, v)} for v in failing["value"].head(200)],
        )

    def _service_resolver(self) -> parse.Resolver:
        services = self.stored.services
        extra = self.checked.tables.get("services")
        if extra is not None and not extra.empty:
            services = pd.concat([services, extra[["service_code", "name_lv", "name_en"]]])
        return _name_resolver(services, "service_code", "service")


def validate(
    raw: RawPackage, stored: Stored, report: Report, progress: Progress = silent
) -> Checked:
    """Check ``raw`` against itself and ``stored``; problems go into ``report``.

    ``progress`` hears the rows of each table read (``read``) and the tables checked
    (``check``).
    """
    return Validator(raw, stored, report, progress).run()


# --- module helpers ---------------------------------------------------------------------------

_PARSERS = {
    "text": parse.parse_text,
    "code": parse.parse_code,
    "int": parse.parse_int,
    "number": parse.parse_number,
    "date": parse.parse_date,
    "date_or_month": parse.parse_date_or_month,
    "bool": parse.parse_bool,
    "sex": parse.parse_sex,
    "unit": parse.parse_unit,
}

_DTYPES = {
    "text": "str",
    "code": "str",
    "int": "Int64",
    "number": "float64",
    "date": "datetime64[s]",
    "date_or_month": "datetime64[s]",
    "bool": "boolean",
    "sex": "str",
    "unit": "str",
    "municipality": "str",
    "service": "str",
    "category": "str",
}


def _missing(column: spec.Column, rows: int) -> pd.Series:
    """An all-missing column of ``column``'s type (``pd.NA`` cannot be cast to float64)."""
    return pd.Series(index=range(rows), dtype=_DTYPES[column.kind])


def _empty(table: str) -> pd.DataFrame:
    columns = {"_row": pd.Series(dtype="int64")}
    for column in spec.BY_NAME[table].columns:
        columns[column.name] = pd.Series(dtype=_DTYPES[column.kind])
    if table == "usage":
        columns["month_only"] = pd.Series(dtype=bool)
    return pd.DataFrame(columns)


def _name_resolver(frame: pd.DataFrame, code: str, expected: str) -> parse.Resolver:
    spellings: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        value = getattr(row, code)
        for name in (value, row.name_lv, row.name_en):
            if isinstance(name, str) and name.strip():
                spellings[name] = value
    display = {
        getattr(r, code): f"{getattr(r, code)} ({r.name_lv})" for r in frame.itertuples(index=False)
    }
    return parse.Resolver(spellings, display, expected)


def _column_letter(number: int) -> str:
    """Return a column's spreadsheet letter: 1 -> A, 27 -> AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
