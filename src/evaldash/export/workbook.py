"""The Excel workbook of a deck: contents, headline figures, one sheet per chart, definitions.

Every sheet is written in the deck's language: headers from the column declarations
(:data:`evaldash.columns.COLUMNS`), names next to the codes they stand for (the code keeps its
own column), numbers as numbers with a cell format by the column's kind (percentages, euro
with cents, km, whole numbers, months and days as dates), and the reason in a cell privacy
hides ("<5", "hidden"), as on screen. Sheet names are the charts' short names, unique and
within Excel's 31 characters.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from evaldash import columns, measures, narrative, privacy, views
from evaldash.csvsafe import FORMULA_START
from evaldash.export.deck import Deck
from evaldash.i18n import STRINGS, t
from evaldash.views import Card, Panel

SHEET_LENGTH = 31  # Excel's limit
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
"""Signs Excel refuses in a sheet name."""

NUMBER_FORMATS: dict[str, str | dict[str, str]] = {
    "int": "#,##0",
    "share": "0%",
    "eur": "#,##0.00",
    "km": "0.0",
    "decimal1": "0.0",
    "decimal2": "0.00",
    "decimal4": "0.0000",
    "month": {"lv": "mm.yyyy", "en": "yyyy-mm"},
    "date": {"lv": "dd.mm.yyyy", "en": "yyyy-mm-dd"},
    "p": {"lv": '[<0.001]"< 0,001";0.000', "en": '[<0.001]"< 0.001";0.000'},
}
"""Excel's cell format for each kind of column (:data:`evaldash.columns.SHOWN`); Excel writes
the digits with the reader's own separators. Months and days follow the screen (02.2019 /
2019-02); a p-value below 0.001 reads "< 0.001"."""

_INDICATOR_FORMATS = {"share": "0%", "eur": "#,##0.00", "km": "0.0"}


@dataclass(frozen=True)
class Out:
    """One column of a sheet: its header and cells (values and their number formats)."""

    header: str
    values: list[object]
    formats: list[str | None]


def number_format(kind: str, lang: str) -> str | None:
    """Excel's number format for a column of ``kind`` (None: as it is)."""
    found = NUMBER_FORMATS.get(kind)
    return found.get(lang) if isinstance(found, dict) else found


def workbook(deck: Deck) -> bytes:
    """An Excel workbook: contents, the headline figures, one sheet per chart, definitions.

    Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return) is stored as plain text (text type, quote prefix).
    """
    from openpyxl import Workbook

    lang = deck.lang
    book = Workbook()
    contents = book.active
    contents.title = t("export.contents", lang)
    titles = [sheet_title(item, lang) for item in deck.panels]
    fixed = [contents.title, t("export.cards", lang), t("export.definitions", lang)]
    names = sheet_names(titles, taken=fixed)
    listed: list[tuple[str, str, object, str]] = []  # sheet, what it holds, n, selection
    if deck.cards:
        cards_sheet = book.create_sheet(fixed[1])
        write_table(cards_sheet, card_columns(deck.cards, lang))
        listed.append((fixed[1], t("export.cards_title", lang), None, deck.subtitle))
    for item, name in zip(deck.panels, names, strict=True):
        write_table(book.create_sheet(name), table_columns(item, lang))
        listed.append((name, item.title, panel_n(item.title), _selection(item, deck)))
    _definitions_sheet(book, lang)
    listed.append((fixed[2], t("export.definitions_title", lang), None, ""))
    _contents(contents, deck, listed)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_title(item: Panel, lang: str) -> str:
    """A chart's short name for its sheet, in ``lang``.

    ``sheet.<key>`` names each chart of the pages; Compare's funnels are named by their
    indicator; another chart (a page added later) by its title up to the first parenthesis.
    """
    if f"sheet.{item.key}" in STRINGS:
        return t(f"sheet.{item.key}", lang)
    if item.key.startswith("compare_funnel_"):
        code = item.key.removeprefix("compare_funnel_")
        domains = item.view.domains if item.view is not None else {}
        return narrative.indicator_name(code, domains, lang)
    return item.title.split(" (")[0]


def sheet_names(titles: Sequence[str], taken: Sequence[str] = ()) -> list[str]:
    """Unique Excel sheet names for ``titles``, at most 31 characters each.

    None has a sign Excel refuses, none is one of ``taken`` (the workbook's other sheets),
    without regard to case. A name cut short ends with "…"; a repeated one gets " (2)", " (3)", ...
    """
    used = {n.lower() for n in taken}
    names: list[str] = []
    for title in titles:
        base = FORBIDDEN.sub("-", " ".join(str(title).replace(": ", " – ").split()))
        base = base.strip("'") or "-"
        name, k = _cut(base, SHEET_LENGTH), 2
        while name.lower() in used:
            suffix = f" ({k})"
            name, k = _cut(base, SHEET_LENGTH - len(suffix)) + suffix, k + 1
        used.add(name.lower())
        names.append(name)
    return names


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


_N = re.compile(r"\bn = ([^;)]+)")


def panel_n(title: str) -> object:
    """The n a chart's title states ("... (n = 90 pairs)" -> 90; "hidden" as written)."""
    found = _N.search(title)
    if found is None:
        return None
    text = found.group(1).strip()
    number = text.split(" ")[0].replace("\u00a0", "").replace(",", "")
    return int(number) if number.isdigit() else text


def _selection(item: Panel, deck: Deck) -> str:
    """The selection a chart was made with (Compare's: the group, with its note)."""
    if item.view is None:
        return deck.subtitle
    return " ".join([item.view.selection, *item.view.notes])


def table_columns(item: Panel, lang: str) -> list[Out]:
    """The columns of a chart's sheet: its table in ``lang``, numbers as numbers.

    A column of codes (services, municipalities, regions, groups, domains, indicators,
    statuses, units, ratings) keeps the codes under "<header> (code)" and has the names or
    words next to it; a suppressed cell says why it is empty.
    """
    table = item.table.reset_index(drop=True)
    shown = _shown(item, lang).reset_index(drop=True)
    indicators = table.get("indicator")
    out: list[Out] = []
    for index, column in enumerate(table.columns):
        raw, written = table[column], shown.iloc[:, index]
        header = str(shown.columns[index])
        declared = columns.COLUMNS.get(column)
        kind = declared.shown if declared is not None else ""
        if column == privacy.MARKER:
            out.append(Out(header, [_cell(v) or None for v in written], [None] * len(raw)))
        elif kind:
            out.append(_numbers(header, raw, written, kind, indicators, lang))
        elif _names_codes(raw, written):
            code_header = t("export.code_column", lang, header=header)
            out.append(Out(code_header, [_cell(v) for v in raw], [None] * len(raw)))
            out.append(Out(header, [_cell(v) for v in written], [None] * len(raw)))
        else:
            out.append(Out(header, [_cell(v) for v in written], [None] * len(raw)))
    return out


def _shown(item: Panel, lang: str) -> pd.DataFrame:
    """The chart's table as the page shows it (names, words, headers in the language)."""
    if item.view is not None:
        return views.display_table(item.table, item.view)
    return item.table.rename(columns=lambda c: t(f"col.{c}", lang) if f"col.{c}" in STRINGS else c)


def _names_codes(raw: pd.Series, written: pd.Series) -> bool:
    """Whether a text column's shown values are names for its codes (some differ)."""
    given = raw.notna()
    return bool((raw[given].astype(str) != written[given].astype(str)).any())


def _numbers(
    header: str,
    raw: pd.Series,
    written: pd.Series,
    kind: str,
    indicators: pd.Series | None,
    lang: str,
) -> Out:
    """A column of numbers (or dates) with its cell format; a hidden cell says why."""
    values: list[object] = []
    formats: list[str | None] = []
    for row, value in enumerate(raw):
        if _missing(value):
            text = written.iloc[row]
            values.append(None if _missing(text) else str(text))  # "<5", "hidden"
            formats.append(None)
            continue
        values.append(_cell(value, whole=kind == "int"))
        if kind == "indicator":
            code = indicators.iloc[row] if indicators is not None else None
            formats.append(_indicator_format(code))
        else:
            formats.append(number_format(kind, lang))
    return Out(header, values, formats)


def _indicator_format(code: object) -> str:
    """A Compare value's format: in its indicator's unit (share, EUR, km, people)."""
    if not isinstance(code, str):
        return "0.00"
    info = narrative.indicator_info(code)
    if info.unit in _INDICATOR_FORMATS:
        return _INDICATOR_FORMATS[info.unit]
    return "0.0" if info.kind == "mean" else "#,##0"


def card_columns(cards: Sequence[Card], lang: str) -> list[Out]:
    """The headline figures' sheet: each figure, its value (a number) and what it means."""
    values = [c.value if c.value is not None else c.text for c in cards]
    formats = [number_format(c.kind, lang) if c.value is not None else None for c in cards]
    return [
        Out(t("export.figure", lang), [c.label for c in cards], [None] * len(cards)),
        Out(t("export.value", lang), [_cell(v, whole=True) for v in values], formats),
        Out(t("export.meaning", lang), [c.help for c in cards], [None] * len(cards)),
    ]


def write_table(sheet: object, table: Sequence[Out]) -> None:
    """Write ``table`` to ``sheet``: bold wrapped headers, frozen, a filter, sensible widths."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for col, column in enumerate(table, start=1):
        head = sheet.cell(row=1, column=col, value=column.header)  # type: ignore[attr-defined]
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        for row, (value, fmt) in enumerate(zip(column.values, column.formats, strict=True), 2):
            cell = sheet.cell(row=row, column=col)  # type: ignore[attr-defined]
            _put(cell, value)
            if fmt is not None:
                cell.number_format = fmt
        widest = max((len(str(v)) for v in column.values if v is not None), default=0)
        width = min(max(widest, min(len(column.header), 24), 6) + 2, 60)
        sheet.column_dimensions[get_column_letter(col)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]
    if table and table[0].values:
        sheet.auto_filter.ref = sheet.dimensions  # type: ignore[attr-defined]


def _contents(sheet: object, deck: Deck, listed: list[tuple[str, str, object, str]]) -> None:
    """The first sheet: title, selection, source, date of export, and every sheet listed."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    lang = deck.lang
    sheet.cell(row=1, column=1, value=deck.title).font = Font(bold=True, size=14)  # type: ignore[attr-defined]
    about = (
        (t("export.selection", lang), deck.subtitle),
        (t("export.source", lang), deck.source),
        (t("export.made", lang), date.today()),
    )
    for row, (label, value) in enumerate(about, start=2):
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)  # type: ignore[attr-defined]
        cell = sheet.cell(row=row, column=2)  # type: ignore[attr-defined]
        _put(cell, value)
        if isinstance(value, date):
            cell.number_format = number_format("date", lang)
            cell.alignment = Alignment(horizontal="left")
    first = len(about) + 3
    heads = ("export.sheet", "export.holds", "col.n", "export.selection", "export.source")
    for col, key in enumerate(heads, start=1):
        sheet.cell(row=first, column=col, value=t(key, lang)).font = Font(bold=True)  # type: ignore[attr-defined]
    for row, (name, holds, n, selection) in enumerate(listed, start=first + 1):
        link = sheet.cell(row=row, column=1, value=name)  # type: ignore[attr-defined]
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1")
        link.style = "Hyperlink"
        _put(sheet.cell(row=row, column=2), holds)  # type: ignore[attr-defined]
        n_cell = sheet.cell(row=row, column=3, value=n)  # type: ignore[attr-defined]
        if isinstance(n, int):
            n_cell.number_format = number_format("int", lang)
        _put(sheet.cell(row=row, column=4), selection or None)  # type: ignore[attr-defined]
        sheet.cell(row=row, column=5, value=deck.source if selection else None)  # type: ignore[attr-defined]
    for column, width in zip("ABCDE", (32, 80, 8, 60, 45), strict=True):
        sheet.column_dimensions[column].width = width  # type: ignore[attr-defined]
    for row in sheet.iter_rows(min_row=first + 1):  # type: ignore[attr-defined]
        for cell in row[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _definitions_sheet(book: object, lang: str) -> None:
    """Add a sheet listing every measure (:func:`evaldash.measures.definitions`)."""
    from openpyxl.styles import Alignment, Font

    table = measures.definitions(lang)
    sheet = book.create_sheet(t("export.definitions", lang))  # type: ignore[attr-defined]
    for col, head in enumerate(table.columns, start=1):
        sheet.cell(row=1, column=col, value=head).font = Font(bold=True)
    for row, values in enumerate(table.itertuples(index=False), start=2):
        for col, value in enumerate(values, start=1):
            _put(sheet.cell(row=row, column=col), value)
    for column, width in zip("ABCDEFG", (34, 24, 60, 50, 18, 18, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _put(cell: object, value: object) -> None:
    """Set a cell; text starting like a formula is stored as text with a quote prefix."""
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # type: ignore[attr-defined]
        cell.quotePrefix = True  # type: ignore[attr-defined]


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _cell(value: object, whole: bool = False) -> object:
    """A cell value: numbers and text as they are (``whole``: 7.0 as 7), dates as dates.

    Missing values are empty.
    """
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if whole and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime | date | bool | int | float | str):
        return value
    return str(value)
