"""UI strings of the app's frame and the Overview page.

Title, navigation, sidebar, banners, key figures, evaluation rounds, the spending chart,
filters and their caption.
"""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
    "app.title": {"lv": "Pilotprojektu izvērtējums", "en": "Pilot evaluation"},
    "app.subtitle": {
        "lv": "Sociālo pakalpojumu pilotprojekti: pakalpojumi, progress, pakalpojumu sniedzēji",
        "en": "Social-service pilot projects: services, progress, providers",
    },
    "nav.overview": {"lv": "Pārskats", "en": "Overview"},
    "sidebar.language": {"lv": "Valoda", "en": "Language"},
    "sidebar.pilot": {"lv": "Pilotprojekts", "en": "Pilot"},
    "sidebar.no_pilots": {
        "lv": "Datubāzē nav neviena pilotprojekta. Ielādējiet demonstrācijas datus ar "
        "`python -m evaldash demo`.",
        "en": "The database holds no pilot yet. Load the demo with `python -m evaldash demo`.",
    },
    "banner.demo": {
        "lv": "Demonstrācijas dati: izdomāti dalībnieki un skaitļi, kas atdarina publiski "
        "aprakstītos pilotprojektus. Tie nav īsti dati.",
        "en": "Demo data: invented participants and figures modelled on the publicly "
        "described pilots. These are not real data.",
    },
    "banner.demo_loaded": {
        "lv": "Datubāze bija tukša, tāpēc tajā ielādēti demonstrācijas dati.",
        "en": "The database was empty, so the demo data were loaded into it.",
    },
    "error.database": {
        "lv": "Datubāze nav pieejama: {message}",
        "en": "The database is not available: {message}",
    },
    "overview.questions": {"lv": "Trīs jautājumi", "en": "Three questions"},
    "overview.q_services": {
        "lv": "Visvairāk izmantotie pakalpojumi (saņēmēji, n = {n})",
        "en": "Most-used services (recipients, n = {n})",
    },
    "overview.q_progress": {
        "lv": "Progress: {first}. → {last}. kārta (n = {n})",
        "en": "Progress: round {first} → {last} (n = {n})",
    },
    "overview.q_gaps": {
        "lv": "Reģions × pakalpojums pēc statusa (n = {n})",
        "en": "Region × service by status (n = {n})",
    },
    "overview.open": {"lv": "Atvērt: {page}", "en": "Open: {page}"},
    "overview.target_group": {"lv": "Mērķa grupa: {group}", "en": "Target group: {group}"},
    "overview.period": {"lv": "Norises laiks: {period}", "en": "Period: {period}"},
    "kpi.participants": {"lv": "Dalībnieki", "en": "Participants"},
    "kpi.participants_help": {
        "lv": "Pilotprojektā iekļautās personas (pseidonimizētas).",
        "en": "People enrolled in the pilot (pseudonymised).",
    },
    "kpi.municipalities": {"lv": "Pašvaldības", "en": "Municipalities"},
    "kpi.municipalities_help": {
        "count": "regions",
        "lv": {
            "zero": "Pašvaldības, kurās dzīvo dalībnieki; {regions} plānošanas reģionos.",
            "one": "Pašvaldības, kurās dzīvo dalībnieki; {regions} plānošanas reģionā.",
            "other": "Pašvaldības, kurās dzīvo dalībnieki; {regions} plānošanas reģionos.",
        },
        "en": {
            "one": "Municipalities where participants live; in {regions} planning region.",
            "other": "Municipalities where participants live; in {regions} planning regions.",
        },
    },
    "kpi.rounds": {"lv": "Izvērtēšanas kārtas", "en": "Evaluation rounds"},
    "kpi.services": {"lv": "Pakalpojumu reizes", "en": "Service deliveries"},
    "kpi.services_help": {
        "lv": "Pakalpojumu sniegšanas reizes (nodarbības, stundu vai dienu ieraksti); "
        "{services_text}, ko saņēma {people_text}.",
        "en": "Delivery records (sessions, hours or days entered); {services_text}, "
        "received by {people_text}.",
    },
    "kpi.service_types": {
        "count": "n",
        "lv": {
            "zero": "{n} dažādu pakalpojumu veidu",
            "one": "{n} dažāds pakalpojumu veids",
            "other": "{n} dažādi pakalpojumu veidi",
        },
        "en": {"one": "{n} service type", "other": "{n} different service types"},
    },
    "kpi.spend": {"lv": "Izlietots no budžeta", "en": "Budget spent"},
    "kpi.spend_delta": {"lv": "{spent} no {budget}", "en": "{spent} of {budget}"},
    "kpi.spend_help": {
        "lv": "Saņemto pakalpojumu izmaksas ({spent}) pret dalībnieku individuālo budžetu "
        "summu ({budget}).",
        "en": "Cost of the services delivered ({spent}) against the sum of participants' "
        "individual budgets ({budget}).",
    },
    "rounds.title": {"lv": "Izvērtēšanas kārtas", "en": "Evaluation rounds"},
    "rounds.round": {"lv": "Kārta", "en": "Round"},
    "rounds.dates": {"lv": "Izvērtēšanas datumi", "en": "Assessment dates"},
    "rounds.help": {
        "lv": "Kārtas un to mēneši: {rounds}",
        "en": "Rounds and their months: {rounds}",
    },
    "rounds.assessed": {"lv": "Izvērtēti dalībnieki", "en": "Participants assessed"},
    "rounds.missing": {"lv": "Nav izvērtēti", "en": "Not assessed"},
    "rounds.none": {
        "lv": "Šim pilotprojektam vēl nav ievadīts neviens izvērtējums.",
        "en": "No assessment has been entered for this pilot yet.",
    },
    "chart.spend.title": {
        "lv": "Izdevumi pa mēnešiem un pakalpojumu grupām, {period} (n = {n})",
        "en": "Spending by month and service group, {period} (n = {n})",
    },
    "chart.spend.month": {"lv": "Mēnesis", "en": "Month"},
    "chart.spend.cost": {"lv": "Izdevumi mēnesī, EUR", "en": "Monthly spending, EUR"},
    "chart.spend.cumulative": {"lv": "Kopā izlietots, EUR", "en": "Spent to date, EUR"},
    "chart.spend.budget": {"lv": "Budžets kopā", "en": "Total budget"},
    "chart.spend.category": {"lv": "Pakalpojumu grupa", "en": "Service group"},
    "chart.other": {"lv": "Citi", "en": "Other"},
    "chart.spend.empty": {
        "lv": "Šim pilotprojektam vēl nav ievadīts neviens saņemtais pakalpojums.",
        "en": "No delivered service has been entered for this pilot yet.",
    },
    "data.show": {"lv": "Rādīt datus", "en": "Show data"},
    "data.download": {"lv": "Lejupielādēt CSV", "en": "Download CSV"},
    "filters.caption": {"lv": "Atlase: {text}", "en": "Selection: {text}"},
    "filters.title": {"lv": "Atlase", "en": "Filters"},
    "filters.region": {"lv": "Plānošanas reģions", "en": "Planning region"},
    "filters.municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "filters.period": {"lv": "Laika posms", "en": "Period"},
    "filters.category": {"lv": "Pakalpojumu grupa", "en": "Service group"},
    "filters.sex": {"lv": "Dzimums", "en": "Sex"},
    "filters.age": {"lv": "Vecuma grupa", "en": "Age group"},
    "filters.all_choices": {"lv": "Visi", "en": "All"},
    "filters.all_dates": {"lv": "visi datumi", "en": "all dates"},
    "filters.ages": {"lv": "vecums gados: {groups}", "en": "aged {groups}"},
    "filters.reset": {"lv": "Notīrīt atlasi", "en": "Clear filters"},
    "sex.F": {"lv": "sievietes", "en": "female"},
    "sex.M": {"lv": "vīrieši", "en": "male"},
    "filters.all": {"lv": "visi dalībnieki", "en": "all participants"},
    "filters.pilot": {"lv": "pilotprojekts {pilot}", "en": "pilot {pilot}"},
    "source.caption": {
        "lv": "Avots: evaldash datubāze, dati atjaunoti {date}.",
        "en": "Source: evaldash database, data updated {date}.",
    },
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
