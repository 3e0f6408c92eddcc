"""The import template: an .xlsx workbook that analysts fill in, explained in Latvian and English.

The first sheet, ``instructions``, says what the package is and how to fill it in, and lists
every column with what it holds. Then comes one sheet per table of ``spec.TABLES``, named as the
table, whose header row holds exactly the column names (required columns are bold and
coloured, every header cell has a comment), and one example row. The example rows describe one
invented participant and agree with one another and with the shipped service list, so the
workbook as built is a valid package: it imports as is.
"""

from __future__ import annotations

import io
import math
from datetime import date

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaldash.ingest import spec

INSTRUCTIONS_SHEET = "instructions"
TITLE = "Instrukcija / Instructions"
DATE_FORMAT = "DD.MM.YYYY"

_PARTICIPANT = {
    "lv": "Dalībnieka pseidonīmais kods no lapas participants (vai jau datubāzē esošs).",
    "en": "The participant's pseudonymous code from the participants sheet (or one already "
    "in the database).",
}

_FACT_PILOT = {
    "lv": "Pilotprojekta kods, kura dalībnieks domāts. Vajadzīgs tikai tad, ja divos "
    "pilotprojektos ir dalībnieki ar vienu kodu; tukšs: vienīgais pilotprojekts ar šo kodu.",
    "en": "Code of the pilot whose participant is meant. Needed only where two pilots have "
    "participants with the same code; empty: the one pilot with this code.",
}

DESCRIPTIONS: dict[tuple[str, str], dict[str, str]] = {
    # pilots
    ("pilots", "pilot_id"): {
        "lv": "Pilotprojekta kods; ar to uz pilotprojektu atsaucas dalībnieki.",
        "en": "Code of the pilot; participants refer to the pilot by it.",
    },
    ("pilots", "name"): {"lv": "Pilotprojekta nosaukums.", "en": "Name of the pilot."},
    ("pilots", "target_group"): {
        "lv": "Mērķa grupa: kam pilotprojekts paredzēts.",
        "en": "Target group: who the pilot is for.",
    },
    ("pilots", "start_date"): {
        "lv": "Pilotprojekta sākuma datums.",
        "en": "Start date of the pilot.",
    },
    ("pilots", "end_date"): {"lv": "Pilotprojekta beigu datums.", "en": "End date of the pilot."},
    # participants
    ("participants", "participant_id"): {
        "lv": "Dalībnieka pseidonīmais kods, unikāls pilotprojektā. Nekad vārds, uzvārds vai "
        "personas kods.",
        "en": "The participant's pseudonymous code, unique within the pilot. Never a name or "
        "a personal code.",
    },
    ("participants", "pilot_id"): {
        "lv": "Pilotprojekta kods no lapas pilots (vai jau datubāzē esošs).",
        "en": "Pilot code from the pilots sheet (or one already in the database).",
    },
    ("participants", "municipality"): {
        "lv": "Pašvaldība, kurā dalībnieks dzīvo: nosaukums (arī pirms 2021. gada) vai ISO "
        "kods, piem. LV-097.",
        "en": "Municipality where the participant lives: its name (also a pre-2021 name) or "
        "ISO code such as LV-097.",
    },
    ("participants", "sex"): {
        "lv": "Dzimums: F vai M (der arī S/V).",
        "en": "Sex: F or M (S/V also work).",
    },
    ("participants", "birth_year"): {
        "lv": "Dzimšanas gads (tikai gads, ne datums).",
        "en": "Year of birth (the year only, not the date).",
    },
    ("participants", "enrolled_on"): {
        "lv": "Datums, kad dalībnieks iekļauts pilotprojektā.",
        "en": "Date the participant joined the pilot.",
    },
    ("participants", "left_on"): {
        "lv": "Datums, kad dalībnieks pabeidza vai izstājās; tukšs, ja vēl piedalās.",
        "en": "Date the participant finished or left; empty while still taking part.",
    },
    ("participants", "budget_eur"): {
        "lv": "Dalībnieka individuālais budžets, EUR.",
        "en": "The participant's individual budget, EUR.",
    },
    # domains
    ("domains", "domain"): {
        "lv": "Izvērtēšanas jomas kods, piem. self_care.",
        "en": "Code of the assessment domain, e.g. self_care.",
    },
    ("domains", "name_lv"): {"lv": "Jomas nosaukums latviski.", "en": "Domain name in Latvian."},
    ("domains", "name_en"): {"lv": "Jomas nosaukums angliski.", "en": "Domain name in English."},
    ("domains", "scale_min"): {
        "lv": "Skalas mazākā iespējamā vērtība.",
        "en": "Lowest possible score on the scale.",
    },
    ("domains", "scale_max"): {
        "lv": "Skalas lielākā iespējamā vērtība.",
        "en": "Highest possible score on the scale.",
    },
    ("domains", "higher_is_better"): {
        "lv": "jā, ja lielāks vērtējums nozīmē labāku stāvokli; nē, ja otrādi (piem. "
        "nepieciešamā atbalsta intensitāte).",
        "en": "yes if a higher score means a better state; no if the reverse (e.g. intensity "
        "of the support needed).",
    },
    ("domains", "mid"): {
        "lv": "Minimālā nozīmīgā atšķirība: mazākā vērtējuma izmaiņa, ko uzskata par būtisku "
        "(tukšs: 1).",
        "en": "Minimal important difference: the smallest change in score that counts as "
        "meaningful (empty: 1).",
    },
    # assessments
    ("assessments", "participant_id"): _PARTICIPANT,
    ("assessments", "round"): {
        "lv": "Izvērtēšanas kārta: 1 sākumā, 2 atkārtotajā izvērtēšanā utt.",
        "en": "Evaluation round: 1 at the start, 2 at the reassessment, and so on.",
    },
    ("assessments", "assessed_on"): {"lv": "Izvērtēšanas datums.", "en": "Date of the assessment."},
    ("assessments", "domain"): {
        "lv": "Jomas kods no lapas domains (vai jau datubāzē esošs).",
        "en": "Domain code from the domains sheet (or one already in the database).",
    },
    ("assessments", "score"): {
        "lv": "Vērtējums jomas skalā (no scale_min līdz scale_max).",
        "en": "Score on the domain's scale (from scale_min to scale_max).",
    },
    # services
    ("services", "service_code"): {
        "lv": "Jauna pakalpojuma kods. Aizpildiet tikai pakalpojumiem, kuru nav pakalpojumu "
        "sarakstā.",
        "en": "Code of a new service. Fill in only services missing from the service list.",
    },
    ("services", "name_lv"): {
        "lv": "Pakalpojuma nosaukums latviski.",
        "en": "Service name in Latvian.",
    },
    ("services", "name_en"): {
        "lv": "Pakalpojuma nosaukums angliski.",
        "en": "Service name in English.",
    },
    ("services", "name_short_lv"): {
        "lv": "Īss nosaukums latviski diagrammām (līdz 30 zīmēm, piem. Hidroterapija). Tukšs: "
        "saīsināts pilnais nosaukums.",
        "en": "Short Latvian name that labels charts (up to 30 characters, e.g. Hidroterapija). "
        "Empty: the full name, shortened.",
    },
    ("services", "name_short_en"): {
        "lv": "Īss nosaukums angliski diagrammām (līdz 30 zīmēm).",
        "en": "Short English name that labels charts (up to 30 characters).",
    },
    ("services", "category"): {
        "lv": "Pakalpojumu kategorijas kods, piem. rehabilitation_specialist.",
        "en": "Service category code, e.g. rehabilitation_specialist.",
    },
    ("services", "unit"): {
        "lv": "Mērvienība: nodarbība, stunda, diena vai brauciens (session, hour, day, trip).",
        "en": "Unit: session, hour, day or trip (nodarbība, stunda, diena, brauciens).",
    },
    # plans
    ("plans", "participant_id"): _PARTICIPANT,
    ("plans", "round"): {
        "lv": "Atbalsta plāna kārta (numurēta kā izvērtēšanas kārtas). Kārta ir spēkā no "
        "dalībnieka šīs kārtas izvērtēšanas datuma (bez tā: no pilotprojekta sākuma) līdz "
        "nākamās kārtas izvērtēšanai; pēdējā līdz aiziešanai vai pilotprojekta beigām. Kārtu "
        "apjomi netiek saskaitīti vienā plānā.",
        "en": "Round of the support plan (numbered like the evaluation rounds). A round is in "
        "force from the participant's assessment date of that round (without one: the "
        "pilot's start) until the next round's assessment; the last until they left or the "
        "pilot ended. Rounds are never summed into one plan.",
    },
    ("plans", "service"): {
        "lv": "Plānotais pakalpojums: kods vai nosaukums.",
        "en": "Planned service: its code or name.",
    },
    ("plans", "planned_units"): {
        "lv": "Plānotais apjoms pakalpojuma mērvienībās (nodarbības, stundas, dienas, braucieni).",
        "en": "Planned amount in the service's unit (sessions, hours, days, trips).",
    },
    ("plans", "priority"): {
        "lv": "Prioritāte plānā: 1 ir svarīgākais.",
        "en": "Priority in the plan: 1 is the most important.",
    },
    # usage
    ("usage", "participant_id"): _PARTICIPANT,
    ("usage", "service"): {
        "lv": "Saņemtais pakalpojums: kods vai nosaukums.",
        "en": "Service delivered: its code or name.",
    },
    ("usage", "delivered_on"): {
        "lv": "Sniegšanas datums vai mēnesis (2019-02), ja zināms tikai mēnesis.",
        "en": "Date of delivery, or the month (2019-02) when only the month is known.",
    },
    ("usage", "units"): {
        "lv": "Sniegtais apjoms pakalpojuma mērvienībās.",
        "en": "Amount delivered in the service's unit.",
    },
    ("usage", "cost_eur"): {
        "lv": "Izmaksas no individuālā budžeta, EUR.",
        "en": "Cost paid from the individual budget, EUR.",
    },
    ("usage", "provider_id"): {
        "lv": "Sniedzēja kods no lapas providers (vai jau datubāzē esošs).",
        "en": "Provider code from the providers sheet (or one already in the database).",
    },
    ("usage", "pilot_id"): _FACT_PILOT,
    ("plans", "pilot_id"): _FACT_PILOT,
    ("assessments", "pilot_id"): _FACT_PILOT,
    # providers
    ("providers", "provider_id"): {
        "lv": "Pakalpojuma sniedzēja kods.",
        "en": "Code of the service provider.",
    },
    ("providers", "name"): {
        "lv": "Sniedzēja nosaukums (vienāds visās sniedzēja rindās).",
        "en": "Name of the provider (the same in all of its rows).",
    },
    ("providers", "service"): {
        "lv": "Pakalpojums, ko sniedzējs sniedz: kods vai nosaukums. Viena rinda katram "
        "pakalpojumam un pašvaldībai.",
        "en": "A service the provider delivers: its code or name. One row per service and "
        "municipality.",
    },
    ("providers", "municipality"): {
        "lv": "Pašvaldība, kurā sniedzējs šo pakalpojumu sniedz: nosaukums vai ISO kods.",
        "en": "Municipality where the provider delivers this service: its name or ISO code.",
    },
    ("providers", "outreach"): {
        "lv": "jā, ja sniedzējs atrodas citur un brauc pie klientiem uz šo pašvaldību; citādi nē.",
        "en": "yes if the provider is based elsewhere and travels to clients in this "
        "municipality; otherwise no.",
    },
}
"""What each column holds, in Latvian and English, by (table, column)."""

# One invented participant of an invented pilot, consistent across the sheets: the plan and the
# delivery use a service of the shipped list (data/services.csv), the delivery's provider is on
# the providers sheet, all dates fall within the pilot and the participation. The codes differ
# from the demo's, so the example imports into a demo database without clashes.
EXAMPLE: dict[str, dict[str, object]] = {
    "pilots": {
        "pilot_id": "IB-2025",
        "name": "Individuālā budžeta pilotprojekts Talsu novadā",
        "target_group": "Pilngadīgas personas ar funkcionāliem traucējumiem",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
    },
    "participants": {
        "participant_id": "IB25-TAL-01",
        "pilot_id": "IB-2025",
        "municipality": "Talsu novads",
        "sex": "F",
        "birth_year": 1987,
        "enrolled_on": date(2025, 1, 15),
        "left_on": date(2025, 12, 31),
        "budget_eur": 4200,
    },
    "domains": {
        "domain": "self_care",
        "name_lv": "Pašaprūpe",
        "name_en": "Self-care",
        "scale_min": 1,
        "scale_max": 19,
        "higher_is_better": "jā",
        "mid": 2,
    },
    "assessments": {
        "participant_id": "IB25-TAL-01",
        "round": 1,
        "assessed_on": date(2025, 1, 20),
        "domain": "self_care",
        "score": 8,
        "pilot_id": "IB-2025",
    },
    "services": {
        "service_code": "HIDROTER",
        "name_lv": "Hidroterapija",
        "name_en": "Hydrotherapy",
        "name_short_lv": "Hidroterapija",
        "name_short_en": "Hydrotherapy",
        "category": "rehabilitation_specialist",
        "unit": "session",
    },
    "plans": {
        "participant_id": "IB25-TAL-01",
        "round": 1,
        "service": "FIZIO",
        "planned_units": 20,
        "priority": 1,
        "pilot_id": "IB-2025",
    },
    "usage": {
        "participant_id": "IB25-TAL-01",
        "service": "FIZIO",
        "delivered_on": date(2025, 2, 10),
        "units": 1,
        "cost_eur": 25.5,
        "provider_id": "PRV-TAL-01",
        "pilot_id": "IB-2025",
    },
    "providers": {
        "provider_id": "PRV-TAL-01",
        "name": "Talsu rehabilitācijas centrs",
        "service": "FIZIO",
        "municipality": "Talsu novads",
        "outreach": "nē",
    },
}
"""The example row of each sheet, by table and column."""

_TABLE_LIST = ", ".join(t.name for t in spec.TABLES)

INSTRUCTIONS: dict[str, tuple[str, ...]] = {
    "lv": (
        "Kas tas ir. Šī darbgrāmata ir pilotprojekta datu pakete izvērtējuma rīkam evaldash. "
        "To ielādē ar komandu python -m evaldash import <fails>.xlsx. Pirms ielādes pārbauda "
        "katru rindu; ja ir kļūdas, datubāzē neieraksta neko, un pārskats norāda lapu, rindu, "
        "kolonnu un vērtību.",
        f"Lapas. Katra nākamā lapa ir viena tabula ({_TABLE_LIST}). Lapu nosaukumus un "
        "kolonnu virsrakstus pirmajā rindā nemainiet. Var aizpildīt jebkuras tabulas, piem. "
        "tikai usage; nevajadzīgās lapas var dzēst. Katrā lapā ir viena parauga rinda: pirms "
        "ielādes izdzēsiet to. Šo lapu ielādē neņem vērā.",
        "CSV faili. Tabulas var iesniegt arī kā CSV failus, pa vienam katrai tabulai, ar "
        "nosaukumu <tabula>.csv (piem. usage.csv), kodējumā UTF-8 (der arī UTF-16 un "
        "Windows-1257), atdalītājs komats, semikols vai tabulators, pirmajā rindā tie paši "
        "kolonnu virsraksti.",
        "Formāti. Datumi: 2019-02-10 vai 10.02.2019 (der arī Excel datums). Tabulā usage "
        "datuma vietā var norādīt mēnesi: 2019-02 (vai 02.2019). Skaitļos drīkst lietot "
        "decimālkomatu: 12,5. Jā/nē: jā/nē, yes/no, true/false vai 1/0. Dzimums: F/M (arī "
        "S/V). Mērvienība: nodarbība, stunda, diena, brauciens (session, hour, day, trip).",
        "Pašvaldība: latviskais vai angliskais nosaukums (Talsu novads, Talsi Municipality), "
        "nosaukums pirms 2021. gada reformas (piem. Rojas novads) vai ISO kods (LV-097). "
        "Pakalpojums: kods no pakalpojumu saraksta (piem. FIZIO) vai tā latviskais vai "
        "angliskais nosaukums; pakalpojumus, kuru sarakstā nav, apraksta lapā services.",
        "Personas dati. Dalībniekus norāda tikai ar pseidonīmiem kodiem, ko piešķir "
        "pilotprojekts (piem. IB25-TAL-01). NEKAD neievadiet vārdus, uzvārdus vai personas "
        "kodus (personas kods) ne kodos, ne citās kolonnās: kodu, kas izskatās pēc personas "
        "koda, ielāde atraida.",
        "Obligātās kolonnas sarakstā zemāk ir atzīmētas ar *, lapās to virsraksti ir treknrakstā "
        "un iekrāsoti. Pārējās kolonnas var atstāt tukšas vai izdzēst. Virsraksta šūnas "
        "komentārā ir kolonnas apraksts.",
    ),
    "en": (
        "What this is. This workbook is a pilot's data package for the evaldash evaluation "
        "tool. Import it with python -m evaldash import <file>.xlsx. Every row is checked "
        "first; if there are errors, nothing is written to the database, and the report names "
        "the sheet, row, column and value.",
        f"Sheets. Each following sheet is one table ({_TABLE_LIST}). Do not rename the sheets "
        "or change the column names in the first row. Fill in any of the tables, e.g. only "
        "usage; delete the sheets you do not need. Each sheet has one example row: delete it "
        "before importing. This sheet is ignored by the import.",
        "CSV files. The tables can also be given as CSV files, one per table, named "
        "<table>.csv (e.g. usage.csv), encoded UTF-8 (UTF-16 and Windows-1257 work too), "
        "separated by commas, semicolons or tabs, with the same column names in the first row.",
        "Formats. Dates: 2019-02-10 or 10.02.2019 (Excel dates work too). In usage a month may "
        "stand for the date: 2019-02 (or 02.2019). Numbers may use a decimal comma: 12,5. "
        "Yes/no: jā/nē, yes/no, true/false or 1/0. Sex: F/M (also S/V). Units: session, "
        "hour, day, trip (nodarbība, stunda, diena, brauciens).",
        "Municipality: the Latvian or English name (Talsu novads, Talsi Municipality), the name "
        "before the 2021 reform (e.g. Rojas novads) or the ISO code (LV-097). Service: a code "
        "from the service list (e.g. FIZIO) or its Latvian or English name; services missing "
        "from the list are described on the services sheet.",
        "Personal data. Participants are identified only by pseudonymous codes given by the "
        "pilot (e.g. IB25-TAL-01). NEVER enter names, surnames or personal codes (personas "
        "kods) in codes or any other column: a code that looks like a personal code is refused.",
        "Required columns are marked * in the list below; on the sheets their headers are bold "
        "and coloured. Other columns may be left empty or deleted. The comment on each header cell "
        "describes the column.",
    ),
}
"""The instructions, paragraph by paragraph, in Latvian and in English."""

_LIST_HEADER = (
    "Tabula / Table",
    "Kolonna / Column",
    "Obligāta / Required",
    "Apraksts (LV)",
    "Description (EN)",
    "Piemērs / Example",
)
_LIST_WIDTHS = (14, 20, 18, 55, 55, 34)
_LINE_HEIGHT = 15.0
_REQUIRED_FILL = PatternFill("solid", start_color="FFE699")
_HEADER_FILL = PatternFill("solid", start_color="D9E1F2")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_template() -> bytes:
    """Return the import template as the bytes of an .xlsx workbook.

    Sheet ``instructions`` first, then one sheet per table of ``spec.TABLES`` in that order,
    each with the exact column names as its header and one example row (``EXAMPLE``).
    """
    book = Workbook()
    _write_instructions(book.active)
    for table in spec.TABLES:
        _write_table_sheet(book.create_sheet(table.name), table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_instructions(sheet: Worksheet) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    for index, width in enumerate(_LIST_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=16)
    row = 3
    for heading, language in (("Latviski", "lv"), ("In English", "en")):
        sheet.cell(row, 1, heading).font = Font(bold=True, size=13)
        row += 1
        for paragraph in INSTRUCTIONS[language]:
            _paragraph(sheet, row, paragraph)
            row += 1
        row += 1
    _write_column_list(sheet, row)


def _paragraph(sheet: Worksheet, row: int, paragraph: str) -> None:
    """Write ``paragraph`` across the list's columns; Excel cannot size merged rows itself."""
    last = len(_LIST_WIDTHS)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell = sheet.cell(row, 1, paragraph)
    cell.alignment = _WRAP
    characters_per_line = sum(_LIST_WIDTHS) * 0.9
    lines = math.ceil(len(paragraph) / characters_per_line)
    sheet.row_dimensions[row].height = _LINE_HEIGHT * max(lines, 1) + 4


def _write_column_list(sheet: Worksheet, row: int) -> None:
    sheet.cell(row, 1, "Kolonnas / Columns").font = Font(bold=True, size=13)
    row += 1
    for index, title in enumerate(_LIST_HEADER, start=1):
        cell = sheet.cell(row, index, title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for table in spec.TABLES:
        for column in table.columns:
            row += 1
            description = DESCRIPTIONS[(table.name, column.name)]
            values = (
                table.name,
                f"{column.name} *" if column.required else column.name,
                "jā / yes" if column.required else "nē / no",
                description["lv"],
                description["en"],
                example_text(EXAMPLE[table.name].get(column.name)),
            )
            for index, value in enumerate(values, start=1):
                sheet.cell(row, index, value).alignment = _WRAP


def example_text(value: object) -> str:
    """Return an example value as the sheet shows it (dates as DD.MM.YYYY)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _write_table_sheet(sheet: Worksheet, table: spec.Table) -> None:
    example = EXAMPLE[table.name]
    for index, column in enumerate(table.columns, start=1):
        header = sheet.cell(1, index, column.name)
        description = DESCRIPTIONS[(table.name, column.name)]
        required = "* obligāta / required" if column.required else "nav obligāta / optional"
        header.comment = Comment(
            f"{required}\n\n{description['lv']}\n\n{description['en']}",
            "evaldash",
            height=180,
            width=300,
        )
        if column.required:
            header.font = _BOLD
            header.fill = _REQUIRED_FILL
        value = example.get(column.name)
        cell = sheet.cell(2, index, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        width = max(len(column.name), len(example_text(value))) + 4
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 12), 50)
    sheet.freeze_panes = "A2"
