"""Latvian and English: UI strings, names from reference data, number and date formats.

Every key in ``STRINGS`` has a text in every language of ``LANGUAGES`` (a test checks it).
Placeholders use ``str.format`` names and must be the same in both languages.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from evaldash import measures

LANGUAGES = ("lv", "en")
DEFAULT_LANGUAGE = "lv"

STRINGS: dict[str, dict[str, str]] = {
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
        "lv": "Pašvaldības, kurās dzīvo dalībnieki; {regions} plānošanas reģionos.",
        "en": "Municipalities where participants live; in {regions} planning regions.",
    },
    "kpi.rounds": {"lv": "Izvērtēšanas kārtas", "en": "Evaluation rounds"},
    "kpi.services": {"lv": "Pakalpojumu reizes", "en": "Service deliveries"},
    "kpi.services_help": {
        "lv": "Pakalpojumu sniegšanas reizes (nodarbības, stundu vai dienu ieraksti); "
        "{services} dažādi pakalpojumu veidi, {people} dalībnieki tos saņēmuši.",
        "en": "Delivery records (sessions, hours or days entered); {services} different "
        "service types, received by {people} participants.",
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
    "filters.ages": {"lv": "vecums {groups} gadi", "en": "aged {groups}"},
    "filters.reset": {"lv": "Notīrīt atlasi", "en": "Clear filters"},
    "sex.F": {"lv": "sievietes", "en": "female"},
    "sex.M": {"lv": "vīrieši", "en": "male"},
    "filters.all": {"lv": "visi dalībnieki", "en": "all participants"},
    "filters.pilot": {"lv": "pilotprojekts {pilot}", "en": "pilot {pilot}"},
    "source.caption": {
        "lv": "Avots: evaldash datubāze, dati atjaunoti {date}.",
        "en": "Source: evaldash database, data updated {date}.",
    },
    "nav.data": {"lv": "Dati", "en": "Data"},
    "nav.services": {"lv": "Pakalpojumi", "en": "Services"},
    "nav.progress": {"lv": "Progress", "en": "Progress"},
    "nav.gaps": {"lv": "Trūkstošie pakalpojumi", "en": "Provider gaps"},
    "gaps.title": {
        "lv": "Kur trūkst pakalpojumu sniedzēju: pa reģioniem",
        "en": "Where providers are missing, region by region",
    },
    "gaps.empty": {
        "lv": "Šajā atlasē nevienam dalībniekam plānā nav pakalpojumu.",
        "en": "Nobody in this selection has a service in their plan.",
    },
    "gaps.threshold": {"lv": 'Slieksnis "nepietiekami sniegts"', "en": "Under-delivery threshold"},
    "gaps.threshold_help": {
        "lv": "Pakalpojums ir nepietiekami sniegts, ja saņemts mazāk par šo daļu no plānotā.",
        "en": "A service is under-delivered when less than this share of the plan was delivered.",
    },
    "status.no_provider": {"lv": "nav sniedzēja reģionā", "en": "no provider in region"},
    "status.under_delivered": {"lv": "nepietiekami sniegts", "en": "under-delivered"},
    "status.ok": {"lv": "kārtībā", "en": "ok"},
    "gaps.matrix_title": {
        "lv": "Plānotie pakalpojumi pa reģioniem: statuss un saņemtā daļa no plānotā, {period} "
        "(n = {n} dalībnieki ar plānu)",
        "en": "Planned services by region: status and share of planned units delivered, {period} "
        "(n = {n} participants with a plan)",
    },
    "gaps.map_title": {
        "lv": "Pašvaldības: pieprasījums (dalībnieki ar plānu) un sliktākais statuss, {period} "
        "(n = {n})",
        "en": "Municipalities: demand (participants with a plan) and worst status, {period} "
        "(n = {n})",
    },
    "gaps.map_note": {
        "lv": "Apļi atrodas pašvaldību centros; karte zīmēta bez fona kartes, lai nekas "
        "netiktu lejupielādēts.",
        "en": "Circles stand at municipality centres; drawn without a base map so that "
        "nothing is downloaded.",
    },
    "gaps.worst": {"lv": "Lielākie trūkumi", "en": "Worst gaps"},
    "gaps.drill": {"lv": "Reģions sīkāk", "en": "Region in detail"},
    "gaps.drill_title": {
        "lv": "{region}: pašvaldības un pakalpojumi, {period} (n = {n} dalībnieki ar plānu)",
        "en": "{region}: municipalities and services, {period} (n = {n} participants with a plan)",
    },
    "gaps.col_region": {"lv": "Reģions", "en": "Region"},
    "gaps.col_municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "gaps.col_service": {"lv": "Pakalpojums", "en": "Service"},
    "gaps.col_people": {"lv": "Dalībnieki ar plānu", "en": "Participants planned"},
    "gaps.col_unit": {"lv": "Mērvienība", "en": "Unit"},
    "gaps.col_providers": {"lv": "Sniedzēji", "en": "Providers"},
    "gaps.col_km": {"lv": "Km līdz sniedzējam (mediāna)", "en": "Km to provider (median)"},
    "gaps.col_status": {"lv": "Statuss", "en": "Status"},
    "progress.title": {
        "lv": "Progress starp izvērtēšanas kārtām",
        "en": "Progress between evaluation rounds",
    },
    "progress.need_rounds": {
        "lv": "Šajā atlasē ir mazāk nekā divas izvērtēšanas kārtas; progresam vajag "
        "izvērtējumu un atkārtotu izvērtējumu.",
        "en": "This selection has fewer than two evaluation rounds; progress needs an "
        "assessment and a reassessment.",
    },
    "progress.empty": {
        "lv": "Šajā atlasē neviens dalībnieks nav izvērtēts {round}. kārtā.",
        "en": "Nobody in this selection was assessed in round {round}.",
    },
    "progress.from": {"lv": "No kārtas", "en": "From round"},
    "progress.to": {"lv": "Līdz kārtai", "en": "To round"},
    "progress.round": {"lv": "{round}. kārta ({month})", "en": "Round {round} ({month})"},
    "progress.population": {"lv": "Kurus skaitīt", "en": "Who counts"},
    "progress.completers_only": {
        "lv": "Skaitīti tikai atkārtoti izvērtētie. Visus iesaistītos (bez atkārtota "
        "izvērtējuma = bez izmaiņām) redz ministrija un pašvaldība savējos: blakus šiem "
        "skaitļiem tie atklātu slēptos skaitļus.",
        "en": "Counting the reassessed only. Everyone enrolled (no reassessment = no change) is "
        "shown to the ministry and to a municipality for its own people: beside these figures "
        "it would give hidden numbers away.",
    },
    "population.completers": {"lv": "tikai atkārtoti izvērtētie", "en": "reassessed only"},
    "population.enrolled": {
        "lv": "visi iesaistītie (bez atkārtota izvērtējuma = bez izmaiņām)",
        "en": "everyone enrolled (no reassessment = no change)",
    },
    "progress.change_title": {
        "lv": "Izmaiņu mediāna pa jomām ar 95 % intervālu, {period} (n = {n} pāri)",
        "en": "Median change by domain with 95% interval, {period} (n = {n} pairs)",
    },
    "progress.change_axis": {
        "lv": "Izmaiņas skalas punktos (pozitīvas = uzlabojums)",
        "en": "Change in scale points (positive = better)",
    },
    "progress.hover": {
        "lv": "{domain}: mediāna {median} (95 % intervāls {low} – {high}); n = {n}; p {p}; "
        "efekts {effect}",
        "en": "{domain}: median {median} (95% interval {low} – {high}); n = {n}; p {p}; "
        "effect {effect}",
    },
    "progress.not_tested": {
        "lv": "nav testēts (mazāk par 6 pāriem ar izmaiņām)",
        "en": "not tested (fewer than 6 pairs with a change)",
    },
    "progress.outcome_title": {
        "lv": "Uzlabojās, nemainījās, pasliktinājās (pēc minimālās nozīmīgās atšķirības), "
        "{period} (n = {n})",
        "en": "Improved, unchanged, declined (by the minimal important difference), "
        "{period} (n = {n})",
    },
    "outcome.improved": {"lv": "uzlabojās", "en": "improved"},
    "outcome.unchanged": {"lv": "nemainījās", "en": "unchanged"},
    "outcome.declined": {"lv": "pasliktinājās", "en": "declined"},
    "outcome.missing": {"lv": "nav atkārtota izvērtējuma", "en": "not reassessed"},
    "progress.note": {
        "lv": "{domain}: ar {n} pāriem pāru t tests 8 gadījumos no 10 pamanītu patiesas "
        "vidējās izmaiņas {change} punktu apmērā (5 % līmenis, ja izmaiņu izkliede ir tāda kā "
        "šajā izlasē); Vilkoksona testam vajag nedaudz vairāk.",
        "en": "{domain}: with {n} pairs, a paired t-test would detect a true mean change of "
        "{change} points 8 times in 10 (5% level, if the changes vary as much as in this "
        "sample); the Wilcoxon test needs a little more.",
    },
    "progress.test_note": {
        "lv": "Vilkoksona rangu zīmju tests (divpusējs, precīzs maziem pāru skaitiem); efekts: "
        "rangu biseriālā korelācija; intervāls: mediānas precīzais kārtas statistiku "
        "intervāls (mazāk par 6 pāriem: nav). Testā netiek ņemtas vērā nulles izmaiņas, tāpēc "
        'režīms "visi iesaistītie" maina skaitus, mediānu un tās intervālu, bet ne p vērtību.',
        "en": "Wilcoxon signed-rank test (two-sided, exact for small numbers of pairs); effect: "
        "rank-biserial correlation; interval: the median's exact order-statistic interval "
        '(none below 6 pairs). The test drops zero changes, so "everyone enrolled" changes '
        "the counts, the median and its interval but not the p-value.",
    },
    "progress.slope_title": {
        "lv": 'Dalībnieki jomā "{domain}": {from_label} → {to_label} (n = {n})',
        "en": 'Participants in "{domain}": {from_label} → {to_label} (n = {n})',
    },
    "progress.slope_sample": {
        "lv": "Līnijas: vienmērīga izlase, {shown} no {n} dalībniekiem (pēc koda); skaitļi "
        "virsrakstā un kopsavilkumā ir par visiem.",
        "en": "Lines: an even sample of {shown} of {n} participants (by code); the counts in "
        "the title and the summary are of everyone.",
    },
    "progress.domain": {"lv": "Joma", "en": "Domain"},
    "progress.score": {"lv": "Vērtējums", "en": "Score"},
    "progress.participant": {"lv": "Dalībnieks (kods)", "en": "Participant (code)"},
    "progress.radar_title": {
        "lv": "Dalībnieks {code}: {first}. un {latest}. kārta (n = 1; 100 % = labākais "
        "skalas gals)",
        "en": "Participant {code}: round {first} and {latest} (n = 1; 100% = best end of the "
        "scale)",
    },
    "progress.first": {"lv": "pirmā kārta", "en": "first round"},
    "progress.latest": {"lv": "pēdējā kārta", "en": "latest round"},
    "progress.municipality_title": {
        "lv": "Uzlabojušos daļa pa pašvaldībām un jomām, {period} (n = {n} pāri)",
        "en": "Share improved by municipality and domain, {period} (n = {n} pairs)",
    },
    "progress.share_improved": {"lv": "Uzlabojās", "en": "Improved"},
    "services.title": {"lv": "Visvairāk izmantotie pakalpojumi", "en": "Most-used services"},
    "services.empty": {
        "lv": "Šajā atlasē nav neviena plānota vai saņemta pakalpojuma. Paplašiniet atlasi.",
        "en": "No service was planned or delivered in this selection. Widen the filters.",
    },
    "services.measure": {"lv": "Kārtot pēc", "en": "Rank by"},
    "measure.participants": {"lv": "saņēmēji", "en": "recipients"},
    "measure.cost": {"lv": "izmaksas", "en": "cost"},
    "measure.units": {"lv": "apjoms", "en": "units"},
    "services.unit": {"lv": "Mērvienība", "en": "Unit"},
    "services.ranking_participants": {
        "lv": "Pakalpojumi pēc saņēmēju skaita, {period} (n = {n} dalībnieki)",
        "en": "Services by number of recipients, {period} (n = {n} participants)",
    },
    "services.ranking_cost": {
        "lv": "Pakalpojumi pēc izmaksām, {period} (n = {n} dalībnieki)",
        "en": "Services by cost, {period} (n = {n} participants)",
    },
    "services.ranking_units": {
        "lv": "Pakalpojumi pēc apjoma ({unit}), {period} (n = {n} dalībnieki)",
        "en": "Services by units delivered ({unit}), {period} (n = {n} participants)",
    },
    "services.axis_participants": {"lv": "Saņēmēji (personas)", "en": "Recipients (people)"},
    "services.axis_cost": {"lv": "Izmaksas, EUR", "en": "Cost, EUR"},
    "services.units_note": {
        "lv": "Apjomu salīdzina tikai vienā mērvienībā: nodarbības, stundas un dienas netiek "
        "saskaitītas kopā.",
        "en": "Units are compared within one unit only: sessions, hours and days are never "
        "added together.",
    },
    "services.delivery_title": {
        "lv": "Saņemtais pret plānoto pa pakalpojumiem, {period} (n = {n} dalībnieki)",
        "en": "Delivered against planned, by service, {period} (n = {n} participants)",
    },
    "services.delivery_axis": {"lv": "Saņemts no plānotā", "en": "Delivered of planned"},
    "services.threshold": {"lv": "{share} slieksnis", "en": "{share} threshold"},
    "services.delivery_hover": {
        "lv": "{service}: plāna ietvaros saņemts {delivered} no {planned} {unit} ({share})",
        "en": "{service}: delivered {delivered} of {planned} {unit} planned ({share})",
    },
    "services.delivery_note": {
        "lv": "Katram dalībniekam saņemto skaita līdz viņa plānotajam apjomam; pakalpojumi "
        "bez plāna neskaitās. Plāna kārta ir spēkā no tās izvērtēšanas datuma līdz nākamajai; "
        "laika posmā katra kārta skaitās proporcionāli tās dienām šajā posmā.",
        "en": "Each participant's deliveries count up to their own planned units; services "
        "without a plan do not count. A plan round is in force from its assessment date to "
        "the next one's; in a period each round counts in proportion to its days in it.",
    },
    "services.trend_title": {
        "lv": "Apkalpotās personas mēnesī, {period} (vidēji {average} mēnesī; n = {n} dalībnieki)",
        "en": "People served per month, {period} (average {average} a month; n = {n} participants)",
    },
    "services.trend_people": {"lv": "Apkalpotās personas", "en": "People served"},
    "services.trend_average": {"lv": "Vidēji mēnesī", "en": "Monthly average"},
    "services.heatmap_title": {
        "lv": "Saņēmēji pa pašvaldībām un pakalpojumiem, {period} (n = {n} dalībnieki)",
        "en": "Recipients by municipality and service, {period} (n = {n} participants)",
    },
    "services.heatmap_scale": {"lv": "Personas", "en": "People"},
    "data.title": {"lv": "Dati: imports un kvalitāte", "en": "Data: import and quality"},
    "data.tab_import": {"lv": "Importēt", "en": "Import"},
    "data.tab_quality": {"lv": "Datu kvalitāte", "en": "Data quality"},
    "data.tab_log": {"lv": "Importu žurnāls", "en": "Import log"},
    "data.tab_definitions": {"lv": "Definīcijas", "en": "Definitions"},
    "definitions.page": {
        "lv": "Definīcijas: kā aprēķināti šīs lapas rādītāji",
        "en": "Definitions: how this page's figures are computed",
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
        "lv": "Pakotnē ir {errors} kļūdas un {warnings} brīdinājumi. Izlabojiet failu un "
        "augšupielādējiet to vēlreiz; datubāze nav mainīta.",
        "en": "The package has {errors} errors and {warnings} warnings. Correct the file and "
        "upload it again; the database is unchanged.",
    },
    "data.report": {"lv": "Pārbaudes rezultāts", "en": "Check results"},
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
    "data.rows": {"lv": "{table}: {n} rindas", "en": "{table}: {n} rows"},
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
    "nav.compare": {"lv": "Pašvaldību salīdzinājums", "en": "Compare municipalities"},
    "compare.title": {
        "lv": "Kā mana pašvaldība izskatās salīdzinājumā ar citām",
        "en": "How my municipality compares with its peers",
    },
    "compare.mine": {"lv": "Mana pašvaldība", "en": "My municipality"},
    "compare.group": {"lv": "Salīdzināt ar", "en": "Compare with"},
    "group.pilot": {
        "lv": "visām pilotprojekta pašvaldībām",
        "en": "all municipalities of the pilot",
    },
    "group.region": {
        "lv": "tā paša plānošanas reģiona pašvaldībām",
        "en": "municipalities of the same planning region",
    },
    "compare.group_caption": {
        "lv": "Salīdzinājuma grupa: {group} ({n} pašvaldības). Sānjoslas reģiona un "
        "pašvaldības atlase šeit netiek piemērota: grupu nosaka izvēle augstāk.",
        "en": "Comparison group: {group} ({n} municipalities). The sidebar's region and "
        "municipality choice does not apply here: the choice above sets the group.",
    },
    "compare.empty": {
        "lv": "Šajā atlasē nav neviena dalībnieka, ko salīdzināt. Paplašiniet atlasi.",
        "en": "This selection has no participant to compare. Widen the filters.",
    },
    "compare.alone": {
        "lv": "{place} ir vienīgā šīs grupas pašvaldība; izvēlieties salīdzināt ar visām "
        "pilotprojekta pašvaldībām.",
        "en": "{place} is the only municipality in this group; compare with all "
        "municipalities of the pilot instead.",
    },
    "compare.summary": {"lv": "Kopsavilkums", "en": "In one paragraph"},
    "compare.table": {"lv": "Rādītāji", "en": "Indicators"},
    "compare.col_indicator": {"lv": "Rādītājs", "en": "Indicator"},
    "compare.col_value": {"lv": "Mana vērtība", "en": "My value"},
    "compare.col_interval": {"lv": "95 % intervāls", "en": "95% interval"},
    "compare.col_n": {"lv": "n", "en": "n"},
    "compare.col_median": {"lv": "Grupas mediāna", "en": "Group median"},
    "compare.col_rank": {"lv": "Vieta", "en": "Rank"},
    "compare.col_rating": {"lv": "Vērtējums", "en": "Rating"},
    "compare.col_better": {"lv": "Labāk ir", "en": "Better is"},
    "compare.col_municipality": {"lv": "Pašvaldība", "en": "Municipality"},
    "compare.col_region": {"lv": "Reģions", "en": "Region"},
    "compare.rank_of": {"lv": "{rank}. no {ranked}", "en": "{rank} of {ranked}"},
    "polarity.higher": {"lv": "augstāk", "en": "higher"},
    "polarity.lower": {"lv": "zemāk", "en": "lower"},
    "polarity.none": {"lv": "bez vērtējuma", "en": "no judgement"},
    "rating.better": {"lv": "labāk", "en": "better"},
    "rating.similar": {"lv": "līdzīgi", "en": "similar"},
    "rating.worse": {"lv": "sliktāk", "en": "worse"},
    "rating.not_rated": {"lv": "nav vērtēts", "en": "not rated"},
    "rating.hidden": {"lv": "slēpts", "en": "hidden"},
    "compare.method": {
        "lv": 'Vērtējums: "labāk" vai "sliktāk" tikai tad, ja divpusējs tests 5 % līmenī '
        "rāda, ka pašvaldība atšķiras no grupas. Cilvēku daļām: vērtība ārpus piltuves "
        "diagrammas 95 % robežām (precīzas binomiālās robežas ap grupas kopējo daļu), tas pats "
        "tests, ko zīmē piltuve. Vidējiem un budžeta daļai: viss 95 % intervāls (t intervāls "
        "vidējiem, Fīlera intervāls budžeta daļai) ir virs vai zem grupas mediānas. "
        '"Nav vērtēts", ja aiz vērtības ir mazāk par {k} cilvēkiem, rādītājam nav virziena '
        "vai tas ir reģistra fakts. Daļu intervāli ir precīzi (Klopera–Pīrsona). Vieta: 1 = "
        "labākā pēc rādītāja virziena, vienādām vērtībām kopīga vieta. Pakalpojumi bez "
        "sniedzēja reģionā un attālums līdz sniedzējam ir reģistra fakti, nevis izlase: tiem "
        "nav nejaušības kļūdas, tāpēc nav ne intervāla, ne vērtējuma, tikai vieta.",
        "en": 'Rating: "better" or "worse" only where a two-sided test at the 5% level says '
        "the municipality differs from its group. Shares of people: outside the funnel "
        "plot's 95% limits (exact binomial limits around the group's pooled share), the very "
        "test the funnel draws. Means and the budget share: the whole 95% interval (t interval "
        "for means, Fieller's for the budget share) lies above or below the group median. "
        '"Not rated" when fewer than {k} people stand behind the value, the indicator has no '
        "direction or it is a register fact. Intervals of shares are exact (Clopper-Pearson). "
        "Rank: 1 = best by the indicator's direction, ties share a rank. Services without a "
        "provider in the region and km to a provider are register facts, not samples: they "
        "have no chance error, so no interval and no rating, only a rank.",
    },
    "compare.chance": {
        "lv": 'No {rated} vērtējumiem šajā tabulā aptuveni {expected} būtu "labāk" vai '
        '"sliktāk" nejaušības dēļ vien, pat ja pašvaldība visā būtu tāda pati kā grupa '
        "(5 % katram vērtējumam; daļām mazāk).",
        "en": 'Of the {rated} ratings in this table, about {expected} would read "better" or '
        '"worse" by chance alone even if the municipality were like its group in every '
        "respect (5% of each rating; fewer for shares).",
    },
    "compare.chance_none": {
        "lv": "Neviens šīs tabulas rādītājs nav vērtēts.",
        "en": "No indicator in this table is rated.",
    },
    "compare.register_fact": {"lv": "reģistra fakts", "en": "register fact"},
    "compare.rounds": {
        "lv": "Progresa rādītāji: {first}. → {last}. kārta.",
        "en": "Progress indicators: round {first} → {last}.",
    },
    "compare.no_rounds": {
        "lv": "Šajā atlasē ir mazāk nekā divas izvērtēšanas kārtas, tāpēc progresa rādītāju nav.",
        "en": "This selection has fewer than two evaluation rounds, so there are no progress "
        "indicators.",
    },
    "compare.spine_title": {
        "lv": "{place} pret grupu visos rādītājos, {period} (n = {n})",
        "en": "{place} against the group on every indicator, {period} (n = {n})",
    },
    "compare.spine_axis": {
        "lv": "← sliktākā grupas vērtība · grupas mediāna · labākā grupas vērtība →",
        "en": "← worst in the group · group median · best in the group →",
    },
    "compare.spine_note": {
        "lv": "Gaišā josla: grupas amplitūda; tumšākā: vidējā puse (25.–75. procentile); "
        "līnija: grupas mediāna. Rādītāji bez virziena nav attēloti.",
        "en": "Light bar: the group's range; darker bar: its middle half (25th to 75th "
        "percentile); line: the group median. Indicators without a direction are not shown.",
    },
    "compare.spine_hover": {
        "lv": "{indicator}: {value} (grupā {low} – {high}, mediāna {median}); {rating}",
        "en": "{indicator}: {value} (group {low} – {high}, median {median}); {rating}",
    },
    "compare.funnels": {"lv": "Piltuves diagrammas", "en": "Funnel plots"},
    "compare.funnel_title": {
        "lv": "{indicator}: pašvaldības pēc n, {period} (n = {n})",
        "en": "{indicator}: municipalities by n, {period} (n = {n})",
    },
    "compare.funnel_x": {"lv": "Cilvēki aiz vērtības (n)", "en": "People behind the value (n)"},
    "compare.funnel_centre": {"lv": "grupas kopējā daļa", "en": "group's pooled share"},
    "compare.funnel_95": {"lv": "95 % robežas", "en": "95% limits"},
    "compare.funnel_998": {"lv": "99,8 % robežas", "en": "99.8% limits"},
    "compare.funnel_peers": {"lv": "citas pašvaldības", "en": "other municipalities"},
    "compare.funnel_note": {
        "lv": "Robežas ir precīzas binomiālās robežas ap grupas kopējo daļu. Pašvaldība ārpus "
        '95 % robežām tabulā ir novērtēta ar "labāk" vai "sliktāk" (tas notiek arī '
        "nejauši, līdz 5 % gadījumu); ārpus 99,8 % robežām tā atšķiras vairāk, nekā var "
        "izskaidrot nejaušība. Mazam n robežas ir platas: ar 10 cilvēkiem gandrīz jebkura "
        "vērtība iekļaujas.",
        "en": "The limits are exact binomial limits around the group's pooled share. A "
        'municipality outside the 95% limits is rated "better" or "worse" in the table (which '
        "also happens by chance, up to 5% of the time); outside the 99.8% limits it differs "
        "more than chance explains. For small n the funnel is wide: with 10 people almost any "
        "value fits.",
    },
    "compare.funnel_domain": {"lv": "Joma", "en": "Domain"},
    "compare.league": {
        "lv": "Viens rādītājs visās pašvaldībās",
        "en": "One indicator, every municipality",
    },
    "compare.league_choice": {"lv": "Rādītājs", "en": "Indicator"},
    "compare.league_title": {
        "lv": "{indicator} pa pašvaldībām ar 95 % intervālu, {period} (n = {n})",
        "en": "{indicator} by municipality with 95% interval, {period} (n = {n})",
    },
    "compare.league_median": {"lv": "grupas mediāna", "en": "group median"},
    "compare.league_hover": {
        "lv": "{place}: {value} (95 % intervāls {low} – {high}); n = {n}; {rating}",
        "en": "{place}: {value} (95% interval {low} – {high}); n = {n}; {rating}",
    },
    "compare.league_hover_fact": {
        "lv": "{place}: {value} (reģistra fakts, bez intervāla); n = {n}; {rating}",
        "en": "{place}: {value} (register fact, no interval); n = {n}; {rating}",
    },
    "compare.definitions": {"lv": "Ko nozīmē rādītāji", "en": "What the indicators mean"},
    "indicator.improved_domain": {"lv": "Uzlabojās: {domain}", "en": "Improved: {domain}"},
    "narrative.improved": {
        "lv": "{place}: {events} no {n} atkārtoti izvērtētajiem dalībniekiem kopumā "
        "uzlabojās starp {first}. un {last}. kārtu ({share}; visā grupā {group}); "
        "{rank}. vieta starp {ranked} {group_in}; {rating}.",
        "en": "In {place} {events} of {n} reassessed participants improved overall between "
        "round {first} and {last} ({share}; group as a whole {group}); rank {rank} of {ranked} "
        "{group_in}; {rating}.",
    },
    "narrative.no_progress": {
        "lv": "{place}: progresu vēl nevar salīdzināt, jo atkārtoti izvērtēto dalībnieku nav.",
        "en": "In {place} progress cannot be compared yet: nobody has been reassessed.",
    },
    "narrative.group_pilot": {
        "lv": "pilotprojekta pašvaldībām",
        "en": "municipalities of the pilot",
    },
    "narrative.group_region": {
        "lv": "pašvaldībām (reģions: {region})",
        "en": "municipalities of {region}",
    },
    "narrative.better": {
        "lv": "Būtiski labāk nekā grupā: {items}.",
        "en": "Significantly better than the group: {items}.",
    },
    "narrative.worse": {
        "lv": "Būtiski sliktāk nekā grupā: {items}.",
        "en": "Significantly worse than the group: {items}.",
    },
    "narrative.none_significant": {
        "lv": "Neviens rādītājs būtiski neatšķiras no grupas: ar {n} dalībniekiem "
        "no nejaušības var atšķirt tikai lielas atšķirības.",
        "en": "No indicator differs significantly from the group: with {n} "
        "participants only large differences can be told apart from chance.",
    },
    "narrative.spend": {
        "lv": "Izmaksas vienam dalībniekam: {spend} (grupas mediāna {median}); izlietoti "
        "{share} no individuālajiem budžetiem.",
        "en": "Spending per participant: {spend} (group median {median}); {share} of the "
        "individual budgets spent.",
    },
    "narrative.rating.better": {"lv": "būtiski labāk nekā grupā", "en": "significantly better"},
    "narrative.rating.worse": {"lv": "būtiski sliktāk nekā grupā", "en": "significantly worse"},
    "narrative.rating.similar": {
        "lv": "būtiski neatšķiras",
        "en": "not significantly different",
    },
    "narrative.rating.not_rated": {
        "lv": "par maz cilvēku, lai vērtētu",
        "en": "too few people to rate",
    },
    "takeaway.none": {"lv": "Šajā atlasē nav datu.", "en": "This selection has no data."},
    "takeaway.spend": {
        "lv": "Līdz {month} izlietoti {spent} no {budget} ({share}).",
        "en": "{spent} of {budget} spent by {month} ({share}).",
    },
    "takeaway.ranking": {
        "lv": 'Visvairāk dalībnieku saņēma pakalpojumu "{service}": {people} ({share}).',
        "en": "{service} reached the most participants: {people} ({share}).",
    },
    "takeaway.ranking_cost": {
        "lv": 'Visvairāk izmaksāja pakalpojums "{service}": {cost}.',
        "en": "{service} cost the most: {cost}.",
    },
    "takeaway.ranking_units": {
        "lv": 'Lielākais apjoms pakalpojumam "{service}": {units} {unit}.',
        "en": "{service} had the most units: {units} {unit}.",
    },
    "takeaway.delivery": {
        "lv": "{below} no {n} plānotajiem pakalpojumiem saņemti mazāk nekā {share} apmērā; "
        'vismazāk "{service}" ({ratio}).',
        "en": "{below} of {n} planned services were delivered below {share} of plan; lowest: "
        "{service} ({ratio}).",
    },
    "takeaway.delivery_ok": {
        "lv": "Visi {n} plānotie pakalpojumi saņemti vismaz {share} apmērā.",
        "en": "All {n} planned services reached {share} of plan.",
    },
    "takeaway.trend": {
        "lv": "Vidēji mēnesī apkalpoti {average} cilvēki; visvairāk {month} ({most}).",
        "en": "On average {average} people were served a month; most in {month} ({most}).",
    },
    "takeaway.heatmap": {
        "lv": "Visplašākais pakalpojumu klāsts: {place} ({services} pakalpojumi).",
        "en": "The widest range of services: {place} ({services} services).",
    },
    "takeaway.change": {
        "lv": "Lielākā izmaiņu mediāna: {domain} ({median} punkti); būtiskas izmaiņas "
        "(p < 0,05) {significant} no {tested} testētajām jomām.",
        "en": "Largest median change: {domain} ({median} points); significant change "
        "(p < 0.05) in {significant} of {tested} tested domains.",
    },
    "takeaway.outcomes": {
        "lv": "Lielākā uzlabojušos daļa: {domain}, {improved} no {n}.",
        "en": "The largest share improved in {domain}: {improved} of {n}.",
    },
    "takeaway.slopes": {
        "lv": "{domain}: {improved} uzlabojās, {unchanged} nemainījās, {declined} "
        "pasliktinājās, {missing} bez atkārtota izvērtējuma.",
        "en": "{domain}: {improved} improved, {unchanged} unchanged, {declined} declined, "
        "{missing} not reassessed.",
    },
    "takeaway.radar": {
        "lv": "Dalībniekam {code} pēdējā kārtā labāk nekā pirmajā {better} no {domains} jomām.",
        "en": "Participant {code} is better than at first in {better} of {domains} domains.",
    },
    "takeaway.municipalities": {
        "lv": 'Lielākā uzlabojušos daļa: {place}, joma "{domain}" ({improved} no {n}).',
        "en": "The largest share improved: {place} in {domain} ({improved} of {n}).",
    },
    "takeaway.gaps": {
        "lv": "No {cells} reģiona un pakalpojuma šūnām {no_provider} bez sniedzēja reģionā, "
        "{under_delivered} nepietiekami sniegtas, {ok} kārtībā.",
        "en": "Of {cells} region × service cells, {no_provider} have no provider in the region, "
        "{under_delivered} are under-delivered, {ok} are ok.",
    },
    "takeaway.map": {
        "lv": "{missing} no {n} pašvaldībām kāds plānots pakalpojums nav pieejams reģionā.",
        "en": "{missing} of {n} municipalities have a planned service with no provider in "
        "their region.",
    },
    "takeaway.detail": {
        "lv": '{region}: lielākais trūkums "{service}" ({place}, {status}).',
        "en": "{region}: the worst gap is {service} in {place} ({status}).",
    },
    "takeaway.detail_ok": {
        "lv": "{region}: visi plānotie pakalpojumi ir kārtībā.",
        "en": "{region}: every planned service is ok.",
    },
    "takeaway.funnel_outside": {
        "lv": "Ārpus 99,8 % robežām: {places}.",
        "en": "Outside the 99.8% limits: {places}.",
    },
    "takeaway.funnel_inside": {
        "lv": 'Visas pašvaldības ir 99,8 % robežās: atšķirības rādītājā "{indicator}" var '
        "izskaidrot nejaušība.",
        "en": "Every municipality lies within the 99.8% limits: differences in {indicator} "
        "can be chance.",
    },
    "takeaway.league": {
        "lv": '{place}: {rank}. vieta no {ranked} rādītājā "{indicator}"; {rating}.',
        "en": "{place} ranks {rank} of {ranked} on {indicator}; {rating}.",
    },
    "takeaway.league_unranked": {
        "lv": '{place}: rādītājam "{indicator}" nav virziena, tāpēc vietu nepiešķir.',
        "en": "{place}: {indicator} has no direction, so it is not ranked.",
    },
    "auth.title": {"lv": "Pieteikšanās", "en": "Sign in"},
    "auth.user": {"lv": "Lietotājvārds", "en": "User name"},
    "auth.password": {"lv": "Parole", "en": "Password"},
    "auth.sign_in": {"lv": "Pieteikties", "en": "Sign in"},
    "auth.sso": {
        "lv": "Pieteikties ar organizācijas kontu",
        "en": "Sign in with your organisation",
    },
    "auth.sign_out": {"lv": "Iziet", "en": "Sign out"},
    "auth.signed_in": {"lv": "Pieteicies: {user} ({role})", "en": "Signed in: {user} ({role})"},
    "auth.wrong": {
        "lv": "Nepareizs lietotājvārds vai parole. Pēc 5 kļūdainiem mēģinājumiem konts tiek "
        "bloķēts uz 15 minūtēm.",
        "en": "Wrong user name or password. After 5 wrong attempts the account is locked for "
        "15 minutes.",
    },
    "auth.locked": {
        "lv": "Pārāk daudz kļūdainu mēģinājumu: konts bloķēts līdz {until}. Mēģiniet vēlāk vai "
        "lūdziet administratoru.",
        "en": "Too many wrong attempts: the account is locked until {until}. Try again later "
        "or ask an administrator.",
    },
    "auth.no_account": {
        "lv": "Identitātei {email} šajā panelī nav konta. Administrators to var pievienot ar "
        "`python -m evaldash user add NAME --role ROLE --email ADRESE`.",
        "en": "The identity {email} has no account in this dashboard. An administrator can add "
        "it with `python -m evaldash user add NAME --role ROLE --email ADDRESS`.",
    },
    "auth.refuse": {
        "lv": "Panelis klausās adresē {address}, tātad ir pieejams citiem datoriem, bet tam "
        "nav neviena konta. Izveidojiet kontus ar `python -m evaldash user add ...` vai "
        'palaidiet to tikai šim datoram (server.address = "localhost").',
        "en": "The dashboard listens on {address}, so other computers can reach it, but it has "
        "no accounts. Create accounts with `python -m evaldash user add ...`, or run it for "
        'this computer only (server.address = "localhost").',
    },
    "auth.local": {
        "lv": "Vietējā viena lietotāja sesija (ministrijas skats): panelis ir pieejams tikai šim "
        "datoram, un tam nav kontu.",
        "en": "Local single-user session (ministry view): the dashboard is reachable from this "
        "computer only and has no accounts.",
    },
    "privacy.note": {
        "lv": "Daži skaitļi ir slēpti: <{k} — mazāk nekā {k} cilvēku pašvaldībā; tukšs vai "
        "“slēpts” — paslēpts, lai mazu skaitli nevarētu izrēķināt no kopsummām.",
        "en": "Some figures are hidden: <{k} means fewer than {k} people in a municipality; "
        "empty or “hidden” means hidden so that a small number cannot be worked out from totals.",
    },
    "privacy.narrowed": {
        "lv": "Šie filtri attiecas tikai uz jūsu pašu pašvaldību, tāpēc netiek lietoti: {parts}. "
        "Citas pašvaldības redzamas visam pilotprojektam, vienam reģionam vai vienai pašvaldībai, "
        "lai mazas grupas nevarētu izrēķināt, salīdzinot divas atlases.",
        "en": "These filters apply to your own municipality only and are not used: {parts}. "
        "Other municipalities are shown for the whole pilot, one region or one municipality, so "
        "that small groups cannot be worked out by comparing two selections.",
    },
    "privacy.part.period": {"lv": "periods", "en": "period"},
    "privacy.part.categories": {"lv": "pakalpojumu grupas", "en": "service groups"},
    "privacy.part.sex": {"lv": "dzimums", "en": "sex"},
    "privacy.part.age_groups": {"lv": "vecuma grupas", "en": "age groups"},
    "privacy.part.municipalities": {"lv": "vairākas pašvaldības", "en": "several municipalities"},
    "privacy.part.regions": {"lv": "vairāki reģioni", "en": "several regions"},
    "data.import_admin": {
        "lv": "Datus importē administrators (loma “admin”).",
        "en": "Data are imported by an administrator (role “admin”).",
    },
    "privacy.hidden": {"lv": "slēpts", "en": "hidden"},
    "privacy.refused": {
        "lv": "Šī lapa nav pieejama lomai “{role}”.",
        "en": "This page is not available to role “{role}”.",
    },
    "privacy.own_only": {
        "lv": "Dalībnieku līmeņa dati tiek rādīti tikai jūsu pašvaldībai.",
        "en": "Participant-level data are shown for your own municipality only.",
    },
    "privacy.no_participants": {
        "lv": "Publiskajā skatā dalībnieku līmeņa dati netiek rādīti.",
        "en": "Participant-level data are not shown in the public view.",
    },
    "col.suppressed": {"lv": "slēpts", "en": "suppressed"},
    "role.ministry": {"lv": "ministrija", "en": "ministry"},
    "role.municipality": {"lv": "pašvaldība", "en": "municipality"},
    "role.public": {"lv": "publisks", "en": "public"},
    "role.admin": {"lv": "administrators", "en": "admin"},
    "auth.forbidden": {
        "lv": "Šī lapa ir pieejama tikai lomai: {roles}. Jūsu loma: {role}.",
        "en": "This page is for role {roles} only; your role is {role}.",
    },
    "nav.audit": {"lv": "Audita žurnāls", "en": "Audit log"},
    "audit.title": {"lv": "Audita žurnāls", "en": "Audit log"},
    "audit.intro": {
        "lv": "Kas ko darīja un kad: pieteikšanās, neveiksmīgas pieteikšanās un bloķēšana, "
        "imports, lejupielādes un eksporti (formāts, lapa, filtri), kontu izmaiņas. Žurnālā "
        "nekad nav paroļu, noslēpumu, failu satura vai dalībnieku datu rindu.",
        "en": "Who did what when: sign-ins, failed sign-ins and lockouts, imports, downloads "
        "and exports (format, page, filters), account changes. The log never holds passwords, "
        "secrets, file contents or participants' rows.",
    },
    "audit.event": {"lv": "Notikums", "en": "Event"},
    "audit.user": {"lv": "Lietotājs", "en": "User"},
    "audit.period": {"lv": "Dienas", "en": "Days"},
    "audit.no_user": {
        "lv": "(bez lietotāja: vietējā sesija vai nezināms vārds)",
        "en": "(no user: local session or unknown name)",
    },
    "audit.col_at": {"lv": "Laiks", "en": "Time"},
    "audit.col_user_name": {"lv": "Lietotājs", "en": "User"},
    "audit.col_event": {"lv": "Notikums", "en": "Event"},
    "audit.col_detail": {"lv": "Sīkāk", "en": "Detail"},
    "audit.none": {
        "lv": "Šai atlasei audita žurnālā nav neviena ieraksta.",
        "en": "The audit log has no entries for this selection.",
    },
    "audit.newest": {
        "lv": "Parādīti jaunākie {n} ieraksti; sašauriniet atlasi, lai redzētu vecākus.",
        "en": "Showing the newest {n} entries; narrow the selection to see older ones.",
    },
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


STRINGS.update(measures.strings())  # the measures' names and definitions: evaldash.measures
STRINGS.update(
    {
        f"gaps.col_{column}": {
            "lv": measures.measure(code).name[0],
            "en": measures.measure(code).name[1],
        }
        for column, code in (
            ("planned", "planned_units"),
            ("delivered", "delivered_units"),
            ("ratio", "delivery_ratio"),
        )
    }
)


def t(key: str, lang: str, **values: object) -> str:
    """Return the text for ``key`` in ``lang``, with ``values`` filled in."""
    try:
        texts = STRINGS[key]
    except KeyError:
        raise KeyError(f"{key!r} is not a UI string; add it to evaldash.i18n.STRINGS") from None
    text = texts[lang if lang in texts else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def name_column(lang: str) -> str:
    """Return the reference-data column holding names in ``lang`` (``name_lv``/``name_en``)."""
    return "name_en" if lang == "en" else "name_lv"


def fmt_number(value: float | None, lang: str, decimals: int = 0) -> str:
    """Format a number: Latvian ``1 234,5``, English ``1,234.5``; missing -> ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "lv":
        # U+00A0 keeps the groups of a number together when a line wraps.
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def fmt_eur(value: float | None, lang: str) -> str:
    """Format an amount in euro without cents: ``12 345 EUR`` / ``EUR 12,345``."""
    number = fmt_number(value, lang)
    return f"{number}\u00a0EUR" if lang == "lv" else f"EUR\u00a0{number}"


def fmt_eur_short(value: float | None, lang: str) -> str:
    """Format an amount in thousands of euro: ``227 tūkst. EUR`` / ``EUR 227k``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) < 1000:
        return fmt_eur(value, lang)
    number = fmt_number(value / 1000, lang)
    return f"{number}\u00a0tūkst.\u00a0EUR" if lang == "lv" else f"EUR\u00a0{number}k"


def fmt_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """Format a share (0.873) as a percentage: ``87 %`` / ``87%``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = fmt_number(share * 100, lang, decimals)
    return f"{number}\u00a0%" if lang == "lv" else f"{number}%"


def _as_date(value: date | None) -> date | None:
    """Accept dates, datetimes and pandas Timestamps; None and NaT mean missing."""
    if value is None or value != value:  # NaT is not equal to itself
        return None
    return value.date() if isinstance(value, datetime) else value


def fmt_date(value: date | None, lang: str) -> str:
    """Format a date: Latvian ``10.02.2019``, English ``2019-02-10``; missing -> ``–``."""
    day = _as_date(value)
    if day is None:
        return "–"
    return day.strftime("%d.%m.%Y") if lang == "lv" else day.isoformat()


def fmt_month(value: date | None, lang: str) -> str:
    """Format a month: Latvian ``02.2019``, English ``2019-02``; missing -> ``–``."""
    day = _as_date(value)
    if day is None:
        return "–"
    return day.strftime("%m.%Y") if lang == "lv" else day.strftime("%Y-%m")


def fmt_period(start: date | None, end: date | None, lang: str, months: bool = False) -> str:
    """Format a period ``start – end`` (dates, or months when ``months``)."""
    fmt = fmt_month if months else fmt_date
    return f"{fmt(start, lang)} – {fmt(end, lang)}"


# Column headers of the tables behind the charts ("Show data"): code -> (Latvian, English).
COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "average": ("vidēji mēnesī", "monthly average"),
    "category": ("pakalpojumu grupa", "service group"),
    "change": ("izmaiņas (+ = labāk)", "change (+ = better)"),
    "ci_high": ("95 % intervāla augšējā robeža", "95% interval, high"),
    "ci_low": ("95 % intervāla apakšējā robeža", "95% interval, low"),
    "cost_eur": ("izmaksas, EUR", "cost, EUR"),
    "declined": ("pasliktinājās", "declined"),
    "domain": ("joma", "domain"),
    "effect_size": ("efekta lielums", "effect size"),
    "events": ("skaits", "count"),
    "first_position": ("pirmā kārta, 0..1", "first round, 0..1"),
    "first_round": ("pirmā kārta", "first round"),
    "first_score": ("pirmais vērtējums", "first score"),
    "group_max": ("grupas maksimums", "group maximum"),
    "group_median": ("grupas mediāna", "group median"),
    "group_min": ("grupas minimums", "group minimum"),
    "group_proportion": ("grupas kopējā daļa", "group's pooled share"),
    "group_q1": ("grupas 25. procentile", "group 25th percentile"),
    "group_q3": ("grupas 75. procentile", "group 75th percentile"),
    "group_size": ("pašvaldības grupā", "municipalities in group"),
    "higher_is_better": ("augstāks ir labāk", "higher is better"),
    "improved": ("uzlabojās", "improved"),
    "improved_share": ("uzlabojušos daļa", "share improved"),
    "indicator": ("rādītājs", "indicator"),
    "kind": ("veids", "kind"),
    "lat": ("platums", "latitude"),
    "latest_position": ("pēdējā kārta, 0..1", "latest round, 0..1"),
    "latest_round": ("pēdējā kārta", "latest round"),
    "latest_score": ("pēdējais vērtējums", "latest score"),
    "lon": ("garums", "longitude"),
    "mean_from": ("vidējais agrāk", "mean, earlier"),
    "mean_to": ("vidējais vēlāk", "mean, later"),
    "median_change": ("izmaiņu mediāna", "median change"),
    "month": ("mēnesis", "month"),
    "municipality_code": ("pašvaldība", "municipality"),
    "n": ("n", "n"),
    "n_missing": ("bez atkārtota izvērtējuma", "not reassessed"),
    "n_pairs": ("pāri", "pairs"),
    "p_value": ("p vērtība", "p-value"),
    "participant_code": ("dalībnieka kods", "participant code"),
    "participants": ("dalībnieki", "participants"),
    "participants_planned": ("dalībnieki ar plānu", "participants planned"),
    "participants_share": ("daļa no dalībniekiem", "share of participants"),
    "planned_participants": ("dalībnieki ar plānu", "participants planned"),
    "polarity": ("labāk ir", "better is"),
    "position": ("vieta skalā, 0..1", "position, 0..1"),
    "q1_position": ("25. procentile, 0..1", "25th percentile, 0..1"),
    "q3_position": ("75. procentile, 0..1", "75th percentile, 0..1"),
    "rank": ("vieta", "rank"),
    "ranked": ("vērtētas", "ranked"),
    "rating": ("vērtējums", "rating"),
    "region": ("reģions", "region"),
    "round_from": ("no kārtas", "from round"),
    "round_to": ("līdz kārtai", "to round"),
    "scale_max": ("skalas maksimums", "scale maximum"),
    "scale_min": ("skalas minimums", "scale minimum"),
    "score_from": ("vērtējums agrāk", "score, earlier"),
    "score_to": ("vērtējums vēlāk", "score, later"),
    "service_code": ("pakalpojums", "service"),
    "status": ("statuss", "status"),
    "unchanged": ("nemainījās", "unchanged"),
    "unit": ("mērvienība", "unit"),
    "value": ("vērtība", "value"),
    "worst_status": ("sliktākais statuss", "worst status"),
    "rounds": ("izvērtēšanas kārtas", "evaluation rounds"),
    "last_round": ("pēdējā kārta", "last round"),
    "pilot_last_round": ("pilotprojekta pēdējā kārta", "pilot's last round"),
    "deliveries": ("reizes", "deliveries"),
    "provider_id": ("sniedzēja kods", "provider id"),
    "name": ("nosaukums", "name"),
    "services": ("pakalpojumi", "services"),
    "municipalities": ("pašvaldības", "municipalities"),
    "import_id": ("imports", "import"),
    "started_at": ("sākts", "started"),
    "finished_at": ("pabeigts", "finished"),
    "source": ("avots", "source"),
    "user_name": ("lietotājs", "user"),
    "row_counts": ("rindas tabulās", "rows per table"),
}
COLUMN_NAMES.update(measures.column_names(measures.PLAN_MEASURES))  # one name each
for _code, (_lv, _en) in COLUMN_NAMES.items():
    STRINGS[f"col.{_code}"] = {"lv": _lv, "en": _en}
