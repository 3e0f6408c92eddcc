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
    "export.info": {"lv": "Par failu", "en": "About"},
    "export.definitions": {"lv": "Definīcijas", "en": "Definitions"},
    "export.title": {"lv": "Virsraksts", "en": "Title"},
    "export.selection": {"lv": "Atlase", "en": "Selection"},
    "export.source": {"lv": "Avots", "en": "Source"},
    "export.sheet": {"lv": "Lapa", "en": "Sheet"},
    "export.chart": {"lv": "Grafiks", "en": "Chart"},
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
