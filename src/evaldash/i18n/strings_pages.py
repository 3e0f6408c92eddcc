"""UI strings of the analysis pages: their navigation names, Provider gaps, Progress, Services."""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
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
        "count": "n",
        "lv": {
            "zero": "Plānotie pakalpojumi pa reģioniem: statuss un saņemtā daļa no plānotā, "
            "{period} (n = {n} dalībnieku ar plānu)",
            "one": "Plānotie pakalpojumi pa reģioniem: statuss un saņemtā daļa no plānotā, "
            "{period} (n = {n} dalībnieks ar plānu)",
            "other": "Plānotie pakalpojumi pa reģioniem: statuss un saņemtā daļa no plānotā, "
            "{period} (n = {n} dalībnieki ar plānu)",
        },
        "en": {
            "one": "Planned services by region: status and share of planned units delivered, "
            "{period} (n = {n} participant with a plan)",
            "other": "Planned services by region: status and share of planned units delivered, "
            "{period} (n = {n} participants with a plan)",
        },
    },
    "gaps.map_title": {
        "lv": "Pašvaldības: pieprasījums (dalībnieki ar plānu) un sliktākais statuss, {period} "
        "(n = {n})",
        "en": "Municipalities: demand (participants with a plan) and worst status, {period} "
        "(n = {n})",
    },
    "gaps.map_note": {
        "lv": "Apļi atrodas pašvaldību centros; karte zīmēta bez fona kartes, lai nekas "
        "netiktu lejupielādēts. Nosaukumi rakstīti tur, kur tie neaizsedz citus apļus; katra "
        "apļa nosaukums redzams, uz tā norādot, un tabulā.",
        "en": "Circles stand at municipality centres; drawn without a base map so that "
        "nothing is downloaded. Names are written where they cover no other circle; every "
        "circle names itself when pointed at, and in the table.",
    },
    "gaps.worst": {"lv": "Lielākie trūkumi", "en": "Worst gaps"},
    "gaps.drill": {"lv": "Reģions sīkāk", "en": "Region in detail"},
    "gaps.drill_title": {
        "count": "n",
        "lv": {
            "zero": "{region}: pašvaldības un pakalpojumi, {period} (n = {n} dalībnieku ar plānu)",
            "one": "{region}: pašvaldības un pakalpojumi, {period} (n = {n} dalībnieks ar plānu)",
            "other": "{region}: pašvaldības un pakalpojumi, {period} (n = {n} dalībnieki ar plānu)",
        },
        "en": {
            "one": "{region}: municipalities and services, {period} (n = {n} participant with a "
            "plan)",
            "other": "{region}: municipalities and services, {period} (n = {n} participants with "
            "a plan)",
        },
    },
    "gaps.cell_legend": {
        "lv": "Skaitlis šūnā: saņemtā daļa no plānotā, %",
        "en": "Number in a cell: share of planned units delivered, %",
    },
    "gaps.col_region": {"lv": "Reģions", "en": "Region"},
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
        "count": "n",
        "lv": {
            "zero": "Izmaiņu mediāna pa jomām ar 95 % intervālu, {period} (n = {n} pāru)",
            "one": "Izmaiņu mediāna pa jomām ar 95 % intervālu, {period} (n = {n} pāris)",
            "other": "Izmaiņu mediāna pa jomām ar 95 % intervālu, {period} (n = {n} pāri)",
        },
        "en": {
            "one": "Median change by domain with 95% interval, {period} (n = {n} pair)",
            "other": "Median change by domain with 95% interval, {period} (n = {n} pairs)",
        },
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
        "count": "n",
        "lv": {
            "zero": "{domain}: ar {n} pāriem pāru t tests 8 gadījumos no 10 pamanītu patiesas "
            "vidējās izmaiņas, kuru apmērs ir {change_text} (5 % līmenis, ja izmaiņu izkliede "
            "ir tāda kā šajā izlasē); Vilkoksona testam vajag nedaudz vairāk.",
            "one": "{domain}: ar {n} pāri pāru t tests 8 gadījumos no 10 pamanītu patiesas "
            "vidējās izmaiņas, kuru apmērs ir {change_text} (5 % līmenis, ja izmaiņu izkliede "
            "ir tāda kā šajā izlasē); Vilkoksona testam vajag nedaudz vairāk.",
            "other": "{domain}: ar {n} pāriem pāru t tests 8 gadījumos no 10 pamanītu patiesas "
            "vidējās izmaiņas, kuru apmērs ir {change_text} (5 % līmenis, ja izmaiņu izkliede "
            "ir tāda kā šajā izlasē); Vilkoksona testam vajag nedaudz vairāk.",
        },
        "en": {
            "one": "{domain}: with {n} pair, a paired t-test would detect a true mean change of "
            "{change_text} 8 times in 10 (5% level, if the changes vary as much as in this "
            "sample); the Wilcoxon test needs a little more.",
            "other": "{domain}: with {n} pairs, a paired t-test would detect a true mean change "
            "of {change_text} 8 times in 10 (5% level, if the changes vary as much as in this "
            "sample); the Wilcoxon test needs a little more.",
        },
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
        "count": "n",
        "lv": {
            "zero": "Līnijas: vienmērīga izlase, {shown} no {n} dalībniekiem (pēc koda); "
            "skaitļi virsrakstā un kopsavilkumā ir par visiem.",
            "one": "Līnijas: vienmērīga izlase, {shown} no {n} dalībnieka (pēc koda); "
            "skaitļi virsrakstā un kopsavilkumā ir par visiem.",
            "other": "Līnijas: vienmērīga izlase, {shown} no {n} dalībniekiem (pēc koda); "
            "skaitļi virsrakstā un kopsavilkumā ir par visiem.",
        },
        "en": {
            "one": "Lines: an even sample of {shown} of {n} participant (by code); the counts "
            "in the title and the summary are of everyone.",
            "other": "Lines: an even sample of {shown} of {n} participants (by code); the "
            "counts in the title and the summary are of everyone.",
        },
    },
    "progress.domain": {"lv": "Joma", "en": "Domain"},
    "progress.score": {"lv": "Vērtējums", "en": "Score"},
    "progress.score_axis": {
        "lv": "Vērtējums (no {low} līdz {high}; {direction})",
        "en": "Score ({low} to {high}; {direction})",
    },
    "direction.higher": {"lv": "jo augstāks, jo labāk", "en": "higher is better"},
    "direction.lower": {"lv": "jo zemāks, jo labāk", "en": "lower is better"},
    "direction.better": {"lv": "labāk", "en": "better"},
    "slope.improved.higher": {
        "lv": "uzlabojās: vērtējums paaugstinājās",
        "en": "improved: score went up",
    },
    "slope.improved.lower": {
        "lv": "uzlabojās: vērtējums pazeminājās",
        "en": "improved: score went down",
    },
    "slope.declined.higher": {
        "lv": "pasliktinājās: vērtējums pazeminājās",
        "en": "declined: score went down",
    },
    "slope.declined.lower": {
        "lv": "pasliktinājās: vērtējums paaugstinājās",
        "en": "declined: score went up",
    },
    "slope.unchanged": {
        "lv": "nemainījās: izmaiņa abos virzienos mazāka par {mid}",
        "en": "unchanged: a change of less than {mid} either way",
    },
    "progress.participant": {"lv": "Dalībnieks (kods)", "en": "Participant (code)"},
    "progress.radar_title": {
        "lv": "Dalībnieks {code}: {first}. un {latest}. kārta (n = 1; 100 % = labākais "
        "skalas gals)",
        "en": "Participant {code}: round {first} and {latest} (n = 1; 100% = best end of the "
        "scale)",
    },
    "progress.radar_best": {"lv": "{percent} = labākais", "en": "{percent} = best"},
    "progress.first": {"lv": "pirmā kārta", "en": "first round"},
    "progress.latest": {"lv": "pēdējā kārta", "en": "latest round"},
    "progress.municipality_title": {
        "count": "n",
        "lv": {
            "zero": "Uzlabojušos daļa pa pašvaldībām un jomām, {period} (n = {n} pāru)",
            "one": "Uzlabojušos daļa pa pašvaldībām un jomām, {period} (n = {n} pāris)",
            "other": "Uzlabojušos daļa pa pašvaldībām un jomām, {period} (n = {n} pāri)",
        },
        "en": {
            "one": "Share improved by municipality and domain, {period} (n = {n} pair)",
            "other": "Share improved by municipality and domain, {period} (n = {n} pairs)",
        },
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
        "count": "n",
        "lv": {
            "zero": "Pakalpojumi pēc saņēmēju skaita, {period} (n = {n} dalībnieku)",
            "one": "Pakalpojumi pēc saņēmēju skaita, {period} (n = {n} dalībnieks)",
            "other": "Pakalpojumi pēc saņēmēju skaita, {period} (n = {n} dalībnieki)",
        },
        "en": {
            "one": "Services by number of recipients, {period} (n = {n} participant)",
            "other": "Services by number of recipients, {period} (n = {n} participants)",
        },
    },
    "services.ranking_cost": {
        "count": "n",
        "lv": {
            "zero": "Pakalpojumi pēc izmaksām, {period} (n = {n} dalībnieku)",
            "one": "Pakalpojumi pēc izmaksām, {period} (n = {n} dalībnieks)",
            "other": "Pakalpojumi pēc izmaksām, {period} (n = {n} dalībnieki)",
        },
        "en": {
            "one": "Services by cost, {period} (n = {n} participant)",
            "other": "Services by cost, {period} (n = {n} participants)",
        },
    },
    "services.ranking_units": {
        "count": "n",
        "lv": {
            "zero": "Pakalpojumi pēc apjoma ({unit}), {period} (n = {n} dalībnieku)",
            "one": "Pakalpojumi pēc apjoma ({unit}), {period} (n = {n} dalībnieks)",
            "other": "Pakalpojumi pēc apjoma ({unit}), {period} (n = {n} dalībnieki)",
        },
        "en": {
            "one": "Services by units delivered ({unit}), {period} (n = {n} participant)",
            "other": "Services by units delivered ({unit}), {period} (n = {n} participants)",
        },
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
        "count": "n",
        "lv": {
            "zero": "Saņemtais pret plānoto pa pakalpojumiem, {period} (n = {n} dalībnieku)",
            "one": "Saņemtais pret plānoto pa pakalpojumiem, {period} (n = {n} dalībnieks)",
            "other": "Saņemtais pret plānoto pa pakalpojumiem, {period} (n = {n} dalībnieki)",
        },
        "en": {
            "one": "Delivered against planned, by service, {period} (n = {n} participant)",
            "other": "Delivered against planned, by service, {period} (n = {n} participants)",
        },
    },
    "services.delivery_axis": {"lv": "Saņemts no plānotā", "en": "Delivered of planned"},
    "services.threshold": {"lv": "{share} slieksnis", "en": "{share} threshold"},
    "services.delivery_hover": {
        "lv": "{service}: plāna ietvaros saņemts {delivered} no {planned_text} ({share})",
        "en": "{service}: delivered {delivered} of {planned_text} planned ({share})",
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
        "count": "n",
        "lv": {
            "zero": "Apkalpotās personas mēnesī, {period} (vidēji {average} mēnesī; n = {n} "
            "dalībnieku)",
            "one": "Apkalpotās personas mēnesī, {period} (vidēji {average} mēnesī; n = {n} "
            "dalībnieks)",
            "other": "Apkalpotās personas mēnesī, {period} (vidēji {average} mēnesī; n = {n} "
            "dalībnieki)",
        },
        "en": {
            "one": "People served per month, {period} (average {average} a month; n = {n} "
            "participant)",
            "other": "People served per month, {period} (average {average} a month; n = {n} "
            "participants)",
        },
    },
    "services.trend_people": {"lv": "Apkalpotās personas", "en": "People served"},
    "services.trend_average": {"lv": "Vidēji mēnesī", "en": "Monthly average"},
    "services.heatmap_title": {
        "count": "n",
        "lv": {
            "zero": "Saņēmēji pa pašvaldībām un pakalpojumiem, {period} (n = {n} dalībnieku)",
            "one": "Saņēmēji pa pašvaldībām un pakalpojumiem, {period} (n = {n} dalībnieks)",
            "other": "Saņēmēji pa pašvaldībām un pakalpojumiem, {period} (n = {n} dalībnieki)",
        },
        "en": {
            "one": "Recipients by municipality and service, {period} (n = {n} participant)",
            "other": "Recipients by municipality and service, {period} (n = {n} participants)",
        },
    },
    "services.heatmap_scale": {"lv": "Personas", "en": "People"},
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
