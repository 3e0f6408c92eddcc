"""Problems found in a data package, and the report that lists them.

Each problem names the file, table, row (as numbered in the file: the header is row 1),
column and value, and says what was expected, in Latvian or English. A problem either blocks
the import (``error``) or is only reported (``warning``). When one check fails on many rows,
the report keeps the first ``EXAMPLES`` of them and counts the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from evaldash.i18n import fill
from evaldash.i18n.plurals import Entry

Severity = Literal["error", "warning"]
EXAMPLES = 50  # problems kept per (table, column, check); the rest are counted
MAX_VALUE = 80  # characters of a value shown in the report

MESSAGES: dict[str, Entry] = {
    # files
    "file_missing": {
        "lv": "Fails nav atrasts.",
        "en": "The file does not exist.",
    },
    "file_type": {
        "lv": "Neatbalstīts faila veids; der .xlsx darbgrāmata vai .csv faili.",
        "en": "Unsupported file type; use an .xlsx workbook or .csv files.",
    },
    "file_empty": {"lv": "Fails ir tukšs.", "en": "The file is empty."},
    "file_unreadable": {
        "lv": "Failu nevar nolasīt: {reason}",
        "en": "The file cannot be read: {reason}",
    },
    "csv_name": {
        "lv": "CSV faila nosaukumam jābūt <tabula>.csv, kur tabula ir viena no: {tables}.",
        "en": "A CSV file must be named <table>.csv, with table one of: {tables}.",
    },
    "not_utf8": {
        "lv": "Fails nav UTF-8 teksts (rinda {line}), un to nevar nolasīt arī kā Windows-1257 "
        'ar latviešu burtiem. Saglabājiet to kā "CSV UTF-8" (Excel: Saglabāt kā → CSV UTF-8).',
        "en": "The file is not UTF-8 text (line {line}), nor Windows-1257 with Latvian letters. "
        'Save it as "CSV UTF-8" (Excel: Save As → CSV UTF-8).',
    },
    "bad_utf16": {
        "lv": "Fails sākas kā UTF-16 teksts, bet rindā {line} tas vairs nav UTF-16. Saglabājiet "
        'to kā "CSV UTF-8" (Excel: Saglabāt kā → CSV UTF-8).',
        "en": "The file starts as UTF-16 text but is not UTF-16 from line {line}. Save it as "
        '"CSV UTF-8" (Excel: Save As → CSV UTF-8).',
    },
    "read_cp1257": {
        "lv": "Fails nav UTF-8, tāpēc nolasīts kā Windows-1257 (baltu) kodējumā. Pārbaudiet "
        'garumzīmes un mīkstinājuma zīmes; drošāk saglabāt kā "CSV UTF-8".',
        "en": "The file is not UTF-8, so it was read as Windows-1257 (Baltic). Check the "
        'Latvian letters; saving it as "CSV UTF-8" is safer.',
    },
    "extra_fields": {
        "lv": "Rindā ir {fields} lauki, bet galvenē {width} kolonnas, tāpēc fails netika "
        "nolasīts. Vērtību ar atdalītāju ({delimiter}) lieciet pēdiņās vai pievienojiet "
        "trūkstošo kolonnu galvenē.",
        "en": "The row has {fields} fields but the header {width} columns, so the file was not "
        "read. Put a value holding the separator ({delimiter}) in double quotes, or add the "
        "missing column to the header.",
    },
    "value_without_header": {
        "lv": "Rindā ir vērtība kolonnā {column}, kurai nav virsraksta, tāpēc tā netiktu "
        "ielādēta. Ierakstiet kolonnas nosaukumu 1. rindā vai izdzēsiet vērtību.",
        "en": "The row has a value in column {column}, which has no header, so it would be "
        "lost. Write the column's name in row 1, or delete the value.",
    },
    "not_xlsx": {
        "lv": "Fails nav .xlsx darbgrāmata (nav derīgs zip arhīvs). Atveriet to Excel un "
        "saglabājiet kā Excel darbgrāmatu (.xlsx).",
        "en": "The file is not an .xlsx workbook (not a valid zip archive). Open it in Excel "
        "and save it as an Excel Workbook (.xlsx).",
    },
    "xlsx_is_text": {
        "lv": "Fails ir teksts (piem. CSV), kam nosaukumā ir .xlsx. Pārdēvējiet to par "
        "<tabula>.csv vai atveriet Excel un saglabājiet kā .xlsx.",
        "en": "The file is text (a CSV, perhaps) named .xlsx. Rename it to <table>.csv, or "
        "open it in Excel and save it as .xlsx.",
    },
    "xls_old": {
        "lv": "Fails ir vecā Excel 97-2003 formātā (.xls). Atveriet to Excel un saglabājiet kā "
        "Excel darbgrāmatu (.xlsx).",
        "en": "The file is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it "
        "as an Excel Workbook (.xlsx).",
    },
    "xlsx_too_big": {
        "lv": "Darbgrāmata atarhivēta būtu {size} MB (atļauts līdz {limit} MB) vai ir "
        "saspiesta neparasti cieši, tāpēc tā netiek atvērta. Sadaliet datus vai iesniedziet "
        "tos kā CSV failus.",
        "en": "The workbook would unpack to {size} MB (at most {limit} MB allowed) or is packed "
        "unusually tightly, so it is not opened. Split the data, or send them as CSV files.",
    },
    "xlsx_cells": {
        "count": "cells",
        "lv": {
            "zero": "Darbgrāmatā ir vismaz {cells} šūnu (atļauts līdz {limit}), tāpēc tā netiek "
            "nolasīta. Izdzēsiet tukšās rindas un kolonnas vai iesniedziet datus kā CSV failus.",
            "one": "Darbgrāmatā ir vismaz {cells} šūna (atļauts līdz {limit}), tāpēc tā netiek "
            "nolasīta. Izdzēsiet tukšās rindas un kolonnas vai iesniedziet datus kā CSV failus.",
            "other": "Darbgrāmatā ir vismaz {cells} šūnas (atļauts līdz {limit}), tāpēc tā "
            "netiek nolasīta. Izdzēsiet tukšās rindas un kolonnas vai iesniedziet datus kā CSV "
            "failus.",
        },
        "en": {
            "one": "The workbook holds at least {cells} cell (at most {limit} allowed), so it is "
            "not read. Delete empty rows and columns, or send the data as CSV files.",
            "other": "The workbook holds at least {cells} cells (at most {limit} allowed), so it "
            "is not read. Delete empty rows and columns, or send the data as CSV files.",
        },
    },
    "check_failed": {
        "lv": "Pārbaude apstājās negaidītas kļūdas dēļ ({reason}). Datubāzē nekas nav rakstīts. "
        "Nosūtiet šo ziņojumu un failu paneļa administratoram.",
        "en": "The check stopped on an unexpected error ({reason}). Nothing was written. "
        "Please send this message and the file to the dashboard's administrator.",
    },
    "no_tables": {
        "lv": "Nav nevienas pakotnes tabulas (lapas vai CSV faila): {tables}.",
        "en": "No package table found (sheet or CSV file): {tables}.",
    },
    "sheet_ignored": {
        "lv": 'Lapa "{sheet}" nav pakotnes tabula un netiek lasīta.',
        "en": 'Sheet "{sheet}" is not a package table and is not read.',
    },
    "table_twice": {
        "lv": "Tabula {table} ir dota divreiz: {sources}.",
        "en": "Table {table} is given twice: {sources}.",
    },
    "no_rows": {"lv": "Tabulā nav nevienas rindas.", "en": "The table has no rows."},
    "duplicate_header": {
        "lv": 'Kolonna "{column}" ir virsrakstā vairākas reizes (kolonnas {positions}).',
        "en": 'Column "{column}" appears more than once in the header (columns {positions}).',
    },
    "missing_column": {
        "lv": 'Trūkst obligātās kolonnas "{column}".',
        "en": 'The required column "{column}" is missing.',
    },
    "unknown_column": {
        "lv": 'Nezināma kolonna "{column}" netiek lasīta.',
        "en": 'Unknown column "{column}" is ignored.',
    },
    "merged_cells": {
        "lv": "Šūnas {cells} ir apvienotas. Atceliet apvienošanu un aizpildiet katru rindu.",
        "en": "Cells {cells} are merged. Unmerge them and fill in every row.",
    },
    "formula": {
        "lv": "Šūnā ir formula ({formula}). Aizstājiet formulas ar to vērtībām "
        "(Kopēt → Ielīmēt vērtības).",
        "en": "The cell holds a formula ({formula}). Replace formulas by their values "
        "(Copy → Paste values).",
    },
    "wide_row": {
        "lv": "Rindā ir vairāk vērtību nekā kolonnu virsrakstā ({count} pret {columns}).",
        "en": "The row has more values than the header has columns ({count} for {columns}).",
    },
    # values
    "required": {"lv": "Obligāta vērtība ir tukša.", "en": "A required value is empty."},
    "bad_value": {"lv": "Gaidīts: {expected}.", "en": "Expected {expected}."},
    "unknown_ref": {
        "lv": "Nezināms {what}.{suggest}",
        "en": "Unknown {what}.{suggest}",
    },
    "suggest": {"lv": " Vai domājāt: {names}?", "en": " Did you mean: {names}?"},
    "ambiguous": {
        "lv": "Nav skaidrs, kurš {what} domāts: {codes}. Pievienojiet kolonnu pilot_id ar "
        "pilotprojekta kodu.",
        "en": "It is unclear which {what} is meant: {codes}. Add a pilot_id column naming the "
        "pilot.",
    },
    "not_in_pilot": {
        "lv": "Pilotprojektā {pilot} nav dalībnieka ar šo kodu.",
        "en": "Pilot {pilot} has no participant with this code.",
    },
    "hidden_characters": {
        "lv": "Teksts satur neredzamas vai teksta virzienu mainošas rakstzīmes ({chars}), "
        "kas var likt vienam kodam izskatīties pēc cita. Izdzēsiet tās un importējiet vēlreiz.",
        "en": "The text holds invisible or text-direction characters ({chars}), which can "
        "make one code look like another. Delete them and import again.",
    },
    "personal_code": {
        "lv": "Kods izskatās pēc personas koda. evaldash glabā tikai pseidonīmus kodus "
        "(piem. B-TAL-03): aizstājiet to ar pilotprojekta kodu; vērtība šeit netiek rādīta.",
        "en": "The code looks like a Latvian personal code. evaldash stores pseudonymous codes "
        "only (e.g. B-TAL-03): replace it with the pilot's code; the value is not shown here.",
    },
    "duplicate": {
        "lv": "Rinda atkārto rindu {first} (tie paši {key}).",
        "en": "The row repeats row {first} (same {key}).",
    },
    "combined": {
        "lv": "Tas pats dalībnieks, pakalpojums, datums un sniedzējs kā rindā {first}: "
        "vienības un izmaksas saskaitītas.",
        "en": "Same participant, service, date and provider as row {first}: units and costs "
        "were added together.",
    },
    "score_range": {
        "lv": 'Vērtējums ārpus jomas "{domain}" skalas {low}–{high}.',
        "en": 'Score outside the scale {low}–{high} of domain "{domain}".',
    },
    "scale": {
        "lv": "scale_max ({high}) jābūt lielākam par scale_min ({low}).",
        "en": "scale_max ({high}) must be greater than scale_min ({low}).",
    },
    "mid_positive": {
        "lv": "Minimālajai nozīmīgajai atšķirībai (mid) jābūt lielākai par 0.",
        "en": "The minimal important difference (mid) must be greater than 0.",
    },
    "end_before_start": {
        "lv": "{end_column} ({end}) ir pirms {start_column} ({start}).",
        "en": "{end_column} ({end}) is before {start_column} ({start}).",
    },
    "outside_pilot": {
        "lv": "Datums ārpus pilotprojekta {pilot} laika ({start} – {end}).",
        "en": "The date is outside the period of pilot {pilot} ({start} – {end}).",
    },
    "outside_participation": {
        "lv": "Datums ārpus dalībnieka dalības laika ({start} – {end}).",
        "en": "The date is outside the participant's enrolment ({start} – {end}).",
    },
    "plan_round_undated": {
        "lv": "Dalībniekam nav {round}. kārtas izvērtējuma datuma, tāpēc {round}. kārtas plāns "
        "tiek uzskatīts par spēkā no pilotprojekta sākuma un {previous}. kārtas plāns nav spēkā "
        "nevienu dienu. Pievienojiet dalībnieka {round}. kārtas izvērtējumu.",
        "en": "The participant has no round {round} assessment date, so the round {round} plan "
        "is read as in force from the pilot's start and the round {previous} plan is in force "
        "on no day. Add the participant's round {round} assessment.",
    },
    "reassessment_first": {
        "lv": "{round}. kārtas izvērtējums ({date}) ir agrāk nekā {previous}. kārtas "
        "({prev_date}).",
        "en": "Round {round} ({date}) is dated before round {previous} ({prev_date}).",
    },
    "provider_names": {
        "lv": 'Sniedzējam {provider} ir divi nosaukumi: "{first}" un "{second}".',
        "en": 'Provider {provider} has two names: "{first}" and "{second}".',
    },
    "participant_pilot": {
        "lv": "Dalībnieks jau ir pilotprojektā {stored}; kods ir unikāls pilotprojekta ietvaros.",
        "en": "The participant is already in pilot {stored}; codes are unique within a pilot.",
    },
    "more": {
        "count": "count",
        "lv": {
            "zero": "… un vēl {count} rindu ar to pašu problēmu.",
            "one": "… un vēl {count} rinda ar to pašu problēmu.",
            "other": "… un vēl {count} rindas ar to pašu problēmu.",
        },
        "en": {
            "one": "… and {count} more row with the same problem.",
            "other": "… and {count} more rows with the same problem.",
        },
    },
}

WHAT: dict[str, dict[str, str]] = {
    "pilot": {"lv": "pilotprojekts", "en": "pilot"},
    "participant": {"lv": "dalībnieks", "en": "participant"},
    "domain": {"lv": "izvērtējuma joma", "en": "assessment domain"},
    "service": {"lv": "pakalpojums", "en": "service"},
    "provider": {"lv": "pakalpojuma sniedzējs", "en": "provider"},
    "municipality": {"lv": "pašvaldība", "en": "municipality"},
    "category": {"lv": "pakalpojumu grupa", "en": "service category"},
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in the package."""

    severity: Severity
    code: str
    source: str | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """Return the problem in words, in ``lang``."""
        return render(self.code, lang, self.params)


def render(code: str, lang: str, params: Mapping[str, object]) -> str:
    """Fill the message ``code`` in ``lang``; nested ``{what}`` codes are translated too."""
    values = {k: _localise(v, lang) for k, v in params.items()}
    return fill(MESSAGES[code], lang, values, code)


def _localise(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return value.text(lang)
    return value


@dataclass(frozen=True)
class Message:
    """A translatable piece inside another message's parameters."""

    texts: Mapping[str, str]

    def text(self, lang: str) -> str:
        """Return the text in ``lang``."""
        return self.texts[lang]


def show(value: object) -> str | None:
    """Return a value as the report shows it: text, at most ``MAX_VALUE`` characters."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


@dataclass
class Report:
    """All problems of one package; errors block the import."""

    problems: list[Problem] = field(default_factory=list)
    hidden: Counter = field(default_factory=Counter)  # (severity, table, column, code) -> rows
    _kept: Counter = field(default_factory=Counter)

    def add(self, problem: Problem) -> None:
        """Record a problem: kept as an example, or only counted past ``EXAMPLES``."""
        key = (problem.severity, problem.table, problem.column, problem.code)
        if self._kept[key] >= EXAMPLES:
            self.hidden[key] += 1
            return
        self._kept[key] += 1
        self.problems.append(problem)

    def add_rows(
        self,
        severity: Severity,
        code: str,
        rows: pd.DataFrame,
        *,
        table: str,
        column: str | None,
        source: str | None,
        params: Mapping[str, object] | None = None,
        row_params: Iterable[Mapping[str, object]] | None = None,
    ) -> None:
        """Record one check failing on ``rows`` (columns ``_row`` and ``value``).

        Only the first ``EXAMPLES`` rows become problems; the others are counted.
        """
        if rows.empty:
            return
        key = (severity, table, column, code)
        room = max(EXAMPLES - self._kept[key], 0)
        kept = rows.head(room)
        extra = list(row_params) if row_params is not None else [{}] * len(kept)
        for (row, value), more in zip(
            kept[["_row", "value"]].itertuples(index=False), extra, strict=False
        ):
            self.add(
                Problem(
                    severity,
                    code,
                    source,
                    table,
                    int(row),
                    column,
                    show(value),
                    {**(params or {}), **more},
                )
            )
        if len(rows) > len(kept):
            self.hidden[key] += len(rows) - len(kept)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that block the import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems that do not block the import."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Return True when nothing blocks the import."""
        return not any(p.severity == "error" for p in self.problems) and not any(
            key[0] == "error" for key in self.hidden
        )

    def counts(self) -> dict[str, int]:
        """Return the number of rows with errors and with warnings (including counted ones)."""
        errors = len(self.errors) + sum(n for k, n in self.hidden.items() if k[0] == "error")
        warnings = len(self.warnings) + sum(n for k, n in self.hidden.items() if k[0] == "warning")
        return {"errors": errors, "warnings": warnings}

    def frame(self, lang: str) -> pd.DataFrame:
        """Return the report as a table: severity, file, table, row, column, value, message."""
        rows = [
            {
                "severity": p.severity,
                "file": p.source,
                "table": p.table,
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "message": p.message(lang),
            }
            for p in sorted(self.problems, key=_order)
        ]
        for (severity, table, column, code), count in sorted(self.hidden.items(), key=str):
            rows.append(
                {
                    "severity": severity,
                    "file": None,
                    "table": table,
                    "row": None,
                    "column": column,
                    "value": None,
                    "message": render("more", lang, {"count": count}) + f" ({code})",
                }
            )
        columns = ["severity", "file", "table", "row", "column", "value", "message"]
        return pd.DataFrame(rows, columns=columns).astype({"row": "Int64"})

    def lines(self, lang: str) -> list[str]:
        """Return the report as lines of text for the command line."""
        words = _WORDS[lang]
        out = []
        for r in self.frame(lang).itertuples(index=False):
            row = None if pd.isna(r.row) else f"{words['row']} {r.row}"
            # A file or sheet name already says the table; name the table only without one.
            parts = (r.file if isinstance(r.file, str) else r.table, row, r.column)
            where = ", ".join(part for part in parts if isinstance(part, str) and part)
            value = f" [{r.value}]" if isinstance(r.value, str) else ""
            out.append(f"{words[r.severity]}: {where}{value}: {r.message}")
        return out


_WORDS = {
    "lv": {"row": "rinda", "error": "KĻŪDA", "warning": "BRĪDINĀJUMS"},
    "en": {"row": "row", "error": "ERROR", "warning": "WARNING"},
}


_SEVERITY_ORDER = {"error": 0, "warning": 1}


def _order(p: Problem) -> tuple:
    return (_SEVERITY_ORDER[p.severity], p.source or "", p.table or "", p.row or 0, p.column or "")
