"""UI strings of presentation mode, the export buttons, and the names of units."""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
    "present.toggle": {"lv": "Prezentācijas režīms", "en": "Presentation mode"},
    "present.help": {
        "lv": "Viens grafiks ekrānā, bez sānjoslas; ar bultiņām pārvietojas starp grafikiem, "
        "Esc iziet. Pilnekrānam: pārlūka F11.",
        "en": "One chart per screen, no sidebar; the arrow keys move between charts, Esc "
        "leaves. For full screen: the browser's F11.",
    },
    "present.exit": {"lv": "Iziet", "en": "Leave"},
    "present.back": {"lv": "Iepriekšējais (←)", "en": "Previous (←)"},
    "present.next": {"lv": "Nākamais (→)", "en": "Next (→)"},
    "present.position": {"lv": "{number}. no {total}", "en": "{number} of {total}"},
    "present.empty": {
        "lv": "Šajā lapā ar pašreizējo atlasi nav grafiku, ko rādīt.",
        "en": "This page has no chart to show with the current selection.",
    },
    "export.empty": {
        "lv": "Šajā skatā nav neviena grafika, ko eksportēt. Paplašiniet atlasi.",
        "en": "This view has no chart to export. Widen the filters.",
    },
    "export.missing": {
        "lv": "PowerPoint, PDF un attēliem šajā datorā trūkst: {tool}. Excel tabulas var "
        "lejupielādēt.",
        "en": "PowerPoint, PDF and images need what this machine lacks: {tool}. Excel tables "
        "can be downloaded.",
    },
    "export.contents": {"lv": "Saturs", "en": "Contents"},
    "export.cards": {"lv": "Galvenie rādītāji", "en": "Headline figures"},
    "export.cards_title": {
        "lv": "Galvenie rādītāji, kā tos rāda lapa",
        "en": "Headline figures, as the page shows them",
    },
    "export.definitions": {"lv": "Definīcijas", "en": "Definitions"},
    "export.definitions_title": {
        "lv": "Rādītāju definīcijas: kas skaitīts, formula, mērvienība",
        "en": "Definitions of the measures: what is counted, formula, unit",
    },
    "export.selection": {"lv": "Atlase", "en": "Selection"},
    "export.source": {"lv": "Avots", "en": "Source"},
    "export.made": {"lv": "Eksportēts", "en": "Exported"},
    "export.sheet": {"lv": "Lapa", "en": "Sheet"},
    "export.holds": {"lv": "Saturs", "en": "What it holds"},
    "export.code_column": {"lv": "{header} (kods)", "en": "{header} (code)"},
    "export.figure": {"lv": "rādītājs", "en": "figure"},
    "export.value": {"lv": "vērtība", "en": "value"},
    "export.meaning": {"lv": "skaidrojums", "en": "what it means"},
    # Sheet names of the charts (at most 31 characters; none of : \ / ? * [ ]).
    "sheet.q_services": {"lv": "Populārākie pakalpojumi", "en": "Most-used services"},
    "sheet.q_progress": {"lv": "Progress pa jomām", "en": "Progress by domain"},
    "sheet.q_gaps": {"lv": "Statusi reģionos", "en": "Status by region"},
    "sheet.overview_spend": {"lv": "Izdevumi pa mēnešiem", "en": "Spending by month"},
    "sheet.services_ranking": {"lv": "Pakalpojumu rangs", "en": "Service ranking"},
    "sheet.services_delivery": {"lv": "Saņemtais pret plānoto", "en": "Delivered vs planned"},
    "sheet.services_trend": {"lv": "Apkalpotie mēnesī", "en": "People served per month"},
    "sheet.services_heatmap": {
        "lv": "Pašvaldības un pakalpojumi",
        "en": "Municipalities and services",
    },
    "sheet.progress_change": {"lv": "Izmaiņas pa jomām", "en": "Change by domain"},
    "sheet.progress_outcomes": {"lv": "Iznākumi pa jomām", "en": "Outcomes by domain"},
    "sheet.progress_slopes": {"lv": "Dalībnieku izmaiņas", "en": "Participants' change"},
    "sheet.progress_radar": {"lv": "Dalībnieka profils", "en": "Participant profile"},
    "sheet.progress_municipalities": {
        "lv": "Progress pa pašvaldībām",
        "en": "Progress by municipality",
    },
    "sheet.gaps_matrix": {"lv": "Reģioni un pakalpojumi", "en": "Regions and services"},
    "sheet.gaps_map": {"lv": "Pašvaldību karte", "en": "Municipality map"},
    "sheet.gaps_detail": {"lv": "Reģions sīkāk", "en": "Region in detail"},
    "sheet.compare_spine": {"lv": "Visi rādītāji", "en": "All indicators"},
    "sheet.compare_league": {"lv": "Pašvaldību saraksts", "en": "Municipalities ranked"},
    "export.heading": {"lv": "Lejupielādēt šo skatu", "en": "Download this view"},
    "export.pptx": {"lv": "PowerPoint (.pptx)", "en": "PowerPoint (.pptx)"},
    "export.pdf": {"lv": "PDF pārskats (A4)", "en": "PDF report (A4)"},
    "export.xlsx": {"lv": "Excel tabulas (.xlsx)", "en": "Excel tables (.xlsx)"},
    "export.png": {"lv": "Attēli PNG (.zip)", "en": "PNG images (.zip)"},
    "export.svg": {"lv": "Attēli SVG (.zip)", "en": "SVG images (.zip)"},
    "export.help": {
        "lv": "Fails satur šīs lapas grafikus ar pašreizējo atlasi; to sagatavo, kad "
        "nospiežat pogu (PowerPoint un PDF aizņem dažas sekundes).",
        "en": "The file holds this page's charts with the current selection; it is made "
        "when you press the button (PowerPoint and PDF take a few seconds).",
    },
    "unit.session": {"lv": "nodarbības", "en": "sessions"},
    "unit.hour": {"lv": "stundas", "en": "hours"},
    "unit.day": {"lv": "dienas", "en": "days"},
    "unit.trip": {"lv": "braucieni", "en": "trips"},
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
