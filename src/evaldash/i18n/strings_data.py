"""UI strings of the Data page: import, check results, data quality, import log, links."""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
    "data.title": {"lv": "Dati: imports un kvalitāte", "en": "Data: import and quality"},
    "data.tab_import": {"lv": "Importēt", "en": "Import"},
    "data.tab_quality": {"lv": "Datu kvalitāte", "en": "Data quality"},
    "data.tab_log": {"lv": "Importu žurnāls", "en": "Import log"},
    "data.tab_definitions": {"lv": "Definīcijas", "en": "Definitions"},
    "definitions.page": {
        "lv": "Definīcijas: kā aprēķināti šīs lapas rādītāji",
        "en": "Definitions: how this page's figures are computed",
    },
    "nav.definitions": {"lv": "Definīcijas", "en": "Definitions"},
    "definitions.title": {
        "lv": "Definīcijas: ko nozīmē katrs rādītājs",
        "en": "Definitions: what each figure means",
    },
    "definitions.which": {"lv": "Rādītāji", "en": "Measures"},
    "definitions.all": {"lv": "Visi", "en": "All"},
    "definitions.download": {
        "lv": "Lejupielādēt definīcijas (CSV)",
        "en": "Download the definitions (CSV)",
    },
    "data.definitions_intro": {
        "lv": "Katram rādītājam ir viena definīcija: to pašu skaitli rāda visas lapas, "
        "`report` un eksporti.",
        "en": "Each measure has one definition: every page, `report` and export shows the same "
        "figure.",
    },
    "data.intro": {
        "lv": "Augšupielādējiet datu pakotni: vienu .xlsx darbgrāmatu ar lapu katrai tabulai "
        "vai CSV failus ar nosaukumu <tabula>.csv. Vispirms pakotne tiek pārbaudīta; ja tajā "
        "ir kļūdas, datubāzē netiek rakstīts nekas.",
        "en": "Upload a data package: one .xlsx workbook with a sheet per table, or CSV files "
        "named <table>.csv. The package is checked first; if it has errors, nothing is "
        "written to the database.",
    },
    "data.template": {"lv": "Lejupielādēt veidni (.xlsx)", "en": "Download the template (.xlsx)"},
    "data.upload": {"lv": "Pakotnes faili", "en": "Package files"},
    # Streamlit's upload box has its own English texts ("Drag and drop files here", "Browse
    # files", "Limit ... per file") and no option to change them: this line says it first.
    "data.upload_how": {
        "lv": "Ievelciet failus zemāk esošajā laukā vai nospiediet tā pogu “Browse files”: "
        "vienu .xlsx darbgrāmatu vai vienu vai vairākus .csv failus, katru līdz {mb} MB. "
        "Lauka uzrakstus Streamlit rāda angliski.",
        "en": "Drag the files into the box below or press its “Browse files” button: one "
        ".xlsx workbook or one or more .csv files, each up to {mb} MB.",
    },
    "data.upload_help": {
        "lv": "Līdz {mb} MB katrs; .xlsx vai .csv (UTF-8, UTF-16 vai Windows-1257).",
        "en": "Up to {mb} MB each; .xlsx or .csv (UTF-8, UTF-16 or Windows-1257).",
    },
    "data.check": {"lv": "Pārbaudīt", "en": "Check"},
    "data.confirm": {"lv": "Importēt datubāzē", "en": "Import into the database"},
    "data.valid": {
        "lv": "Pakotnē nav kļūdu ({rows}). Pārbaudiet brīdinājumus un apstipriniet importu.",
        "en": "The package has no errors ({rows}). Review the warnings and confirm the import.",
    },
    "data.invalid": {
        "lv": "Pakotnē ir {errors_text} un {warnings_text}. Izlabojiet failu un "
        "augšupielādējiet to vēlreiz; datubāze nav mainīta.",
        "en": "The package has {errors_text} and {warnings_text}. Correct the file and "
        "upload it again; the database is unchanged.",
    },
    "data.report": {"lv": "Pārbaudes rezultāts", "en": "Check results"},
    "data.checking": {"lv": "Pārbauda pakotni…", "en": "Checking the package…"},
    "data.checked_status": {
        "lv": "Pakotne pārbaudīta ({seconds} s). Kamēr faili un datubāze nemainās, pārbaude "
        "netiek atkārtota.",
        "en": "Package checked ({seconds} s). It is not checked again while the files and the "
        "database stay the same.",
    },
    "data.writing": {"lv": "Importē pakotni datubāzē…", "en": "Importing the package…"},
    "data.written_status": {
        "lv": "Imports pabeigts ({seconds} s).",
        "en": "Import finished ({seconds} s).",
    },
    "data.step_read": {"lv": "Lasa un pārbauda {what}…", "en": "Reading and checking {what}…"},
    "data.step_check": {"lv": "Pārbauda tabulu {what}…", "en": "Checking table {what}…"},
    "data.step_write": {"lv": "Raksta datubāzē: {what}…", "en": "Writing to the database: {what}…"},
    "data.progress_rows": {"lv": "Rindas: {done} no {total}", "en": "Rows: {done} of {total}"},
    "data.progress_tables": {
        "lv": "Tabulas: {done} no {total}",
        "en": "Tables: {done} of {total}",
    },
    "data.report_text": {
        "lv": "Paziņojumi pilnā tekstā (kopēšanai)",
        "en": "The messages in full (to copy)",
    },
    "data.all_tables": {"lv": "Visas tabulas", "en": "All tables"},
    "report.severity": {"lv": "Veids", "en": "Severity"},
    "report.file": {"lv": "Fails", "en": "File"},
    "report.table": {"lv": "Tabula", "en": "Table"},
    "report.row": {"lv": "Rinda", "en": "Row"},
    "report.column": {"lv": "Kolonna", "en": "Column"},
    "report.value": {"lv": "Vērtība", "en": "Value"},
    "report.message": {"lv": "Problēma", "en": "Problem"},
    "severity.error": {"lv": "kļūda", "en": "error"},
    "severity.warning": {"lv": "brīdinājums", "en": "warning"},
    "data.severity": {"lv": "Nopietnība", "en": "Severity"},
    "data.table": {"lv": "Tabula", "en": "Table"},
    "data.rows": {
        "count": "n",
        "lv": {
            "zero": "{table}: {n} rindu",
            "one": "{table}: {n} rinda",
            "other": "{table}: {n} rindas",
        },
        "en": {"one": "{table}: {n} row", "other": "{table}: {n} rows"},
    },
    "quality.missing": {"lv": "Bez atkārtota izvērtējuma", "en": "Missing a reassessment"},
    "quality.missing_help": {
        "lv": "Dalībnieki, kuru pēdējais izvērtējums ir pirms pilotprojekta pēdējās kārtas.",
        "en": "Participants whose last assessment is before the pilot's last round.",
    },
    "quality.plans": {"lv": "Plānots, bet nav saņemts", "en": "Planned, never delivered"},
    "quality.plans_help": {
        "lv": "Pakalpojumi atbalsta plānā, kurus dalībnieks nav saņēmis ne reizi.",
        "en": "Services in a support plan that the participant never received.",
    },
    "quality.usage": {"lv": "Saņemts bez plāna", "en": "Delivered without a plan"},
    "quality.usage_help": {
        "lv": "Saņemtie pakalpojumi, kuru nav nevienā dalībnieka plānā.",
        "en": "Services received that are in none of the participant's plans.",
    },
    "quality.providers": {"lv": "Sniedzēji bez pakalpojumiem", "en": "Providers never used"},
    "quality.providers_help": {
        "lv": "Sniedzēji pilotprojekta pašvaldībās, kuriem nav neviena reģistrēta pakalpojuma.",
        "en": "Providers in the pilot's municipalities with no delivery recorded.",
    },
    "quality.none": {"lv": "Nav.", "en": "None."},
    "log.none": {"lv": "Vēl nav neviena importa.", "en": "No import yet."},
    "link.invalid": {
        "lv": 'Saitē norādītā vērtība laukam "{name}" nav derīga ({values}); rādīta '
        "noklusētā vērtība.",
        "en": 'The link\'s value for "{name}" is not valid ({values}); showing the default.',
    },
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
