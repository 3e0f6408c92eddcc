"""UI strings of the Compare page and of its generated sentences (narrative)."""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
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
        "count": "n",
        "lv": {
            "zero": "Salīdzinājuma grupa: {group} ({n} pašvaldību). Sānjoslas reģiona un "
            "pašvaldības atlase šeit netiek piemērota: grupu nosaka izvēle augstāk.",
            "one": "Salīdzinājuma grupa: {group} ({n} pašvaldība). Sānjoslas reģiona un "
            "pašvaldības atlase šeit netiek piemērota: grupu nosaka izvēle augstāk.",
            "other": "Salīdzinājuma grupa: {group} ({n} pašvaldības). Sānjoslas reģiona un "
            "pašvaldības atlase šeit netiek piemērota: grupu nosaka izvēle augstāk.",
        },
        "en": {
            "one": "Comparison group: {group} ({n} municipality). The sidebar's region and "
            "municipality choice does not apply here: the choice above sets the group.",
            "other": "Comparison group: {group} ({n} municipalities). The sidebar's region and "
            "municipality choice does not apply here: the choice above sets the group.",
        },
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
        '"Nav vērtēts", ja {too_few_text}, rādītājam nav virziena '
        "vai tas ir reģistra fakts. Daļu intervāli ir precīzi (Klopera–Pīrsona). Vieta: 1 = "
        "labākā pēc rādītāja virziena, vienādām vērtībām kopīga vieta. Pakalpojumi bez "
        "sniedzēja reģionā un attālums līdz sniedzējam ir reģistra fakti, nevis izlase: tiem "
        "nav nejaušības kļūdas, tāpēc nav ne intervāla, ne vērtējuma, tikai vieta.",
        "en": 'Rating: "better" or "worse" only where a two-sided test at the 5% level says '
        "the municipality differs from its group. Shares of people: outside the funnel "
        "plot's 95% limits (exact binomial limits around the group's pooled share), the very "
        "test the funnel draws. Means and the budget share: the whole 95% interval (t interval "
        "for means, Fieller's for the budget share) lies above or below the group median. "
        '"Not rated" when {too_few_text}, the indicator has no '
        "direction or it is a register fact. Intervals of shares are exact (Clopper-Pearson). "
        "Rank: 1 = best by the indicator's direction, ties share a rank. Services without a "
        "provider in the region and km to a provider are register facts, not samples: they "
        "have no chance error, so no interval and no rating, only a rank.",
    },
    "compare.too_few": {
        "count": "k",
        "lv": {
            "zero": "aiz vērtības ir mazāk par {k} cilvēkiem",
            "one": "aiz vērtības ir mazāk par {k} cilvēku",
            "other": "aiz vērtības ir mazāk par {k} cilvēkiem",
        },
        "en": {
            "one": "fewer than {k} person stands behind the value",
            "other": "fewer than {k} people stand behind the value",
        },
    },
    "compare.chance": {
        "count": "rated",
        "lv": {
            "zero": 'No {rated} vērtējumiem šajā tabulā aptuveni {expected} būtu "labāk" vai '
            '"sliktāk" nejaušības dēļ vien, pat ja pašvaldība visā būtu tāda pati kā grupa '
            "(5 % katram vērtējumam; daļām mazāk).",
            "one": 'No {rated} vērtējuma šajā tabulā aptuveni {expected} būtu "labāk" vai '
            '"sliktāk" nejaušības dēļ vien, pat ja pašvaldība visā būtu tāda pati kā grupa '
            "(5 % katram vērtējumam; daļām mazāk).",
            "other": 'No {rated} vērtējumiem šajā tabulā aptuveni {expected} būtu "labāk" vai '
            '"sliktāk" nejaušības dēļ vien, pat ja pašvaldība visā būtu tāda pati kā grupa '
            "(5 % katram vērtējumam; daļām mazāk).",
        },
        "en": {
            "one": 'Of the {rated} rating in this table, about {expected} would read "better" '
            'or "worse" by chance alone even if the municipality were like its group in every '
            "respect (5% of each rating; fewer for shares).",
            "other": 'Of the {rated} ratings in this table, about {expected} would read "better" '
            'or "worse" by chance alone even if the municipality were like its group in every '
            "respect (5% of each rating; fewer for shares).",
        },
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
        "lv": "{place} pret grupu visos rādītājos, {period} (n = {n}; grupā n = {group_n})",
        "en": "{place} against the group on every indicator, {period} (n = {n}; group n = "
        "{group_n})",
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
        "count": "n",
        "lv": {
            "zero": "{place}: {events} no {n} atkārtoti izvērtētajiem dalībniekiem kopumā "
            "uzlabojās starp {first}. un {last}. kārtu ({share}; visā grupā {group}); "
            "{rank}. vieta starp {group_text}; {rating}.",
            "one": "{place}: {events} no {n} atkārtoti izvērtētā dalībnieka kopumā "
            "uzlabojās starp {first}. un {last}. kārtu ({share}; visā grupā {group}); "
            "{rank}. vieta starp {group_text}; {rating}.",
            "other": "{place}: {events} no {n} atkārtoti izvērtētajiem dalībniekiem kopumā "
            "uzlabojās starp {first}. un {last}. kārtu ({share}; visā grupā {group}); "
            "{rank}. vieta starp {group_text}; {rating}.",
        },
        "en": {
            "one": "In {place} {events} of {n} reassessed participant improved overall between "
            "round {first} and {last} ({share}; group as a whole {group}); rank {rank} of "
            "{group_text}; {rating}.",
            "other": "In {place} {events} of {n} reassessed participants improved overall "
            "between round {first} and {last} ({share}; group as a whole {group}); rank {rank} "
            "of {group_text}; {rating}.",
        },
    },
    "narrative.no_progress": {
        "lv": "{place}: progresu vēl nevar salīdzināt, jo atkārtoti izvērtēto dalībnieku nav.",
        "en": "In {place} progress cannot be compared yet: nobody has been reassessed.",
    },
    "narrative.group_pilot": {
        "count": "ranked",
        "lv": {
            "zero": "{ranked} pilotprojekta pašvaldībām",
            "one": "{ranked} pilotprojekta pašvaldību",
            "other": "{ranked} pilotprojekta pašvaldībām",
        },
        "en": {
            "one": "{ranked} municipality of the pilot",
            "other": "{ranked} municipalities of the pilot",
        },
    },
    "narrative.group_region": {
        "count": "ranked",
        "lv": {
            "zero": "{ranked} pašvaldībām (reģions: {region})",
            "one": "{ranked} pašvaldību (reģions: {region})",
            "other": "{ranked} pašvaldībām (reģions: {region})",
        },
        "en": {
            "one": "{ranked} municipality of {region}",
            "other": "{ranked} municipalities of {region}",
        },
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
        "count": "n",
        "lv": {
            "zero": "Neviens rādītājs būtiski neatšķiras no grupas: ar {n} dalībniekiem "
            "no nejaušības var atšķirt tikai lielas atšķirības.",
            "one": "Neviens rādītājs būtiski neatšķiras no grupas: ar {n} dalībnieku "
            "no nejaušības var atšķirt tikai lielas atšķirības.",
            "other": "Neviens rādītājs būtiski neatšķiras no grupas: ar {n} dalībniekiem "
            "no nejaušības var atšķirt tikai lielas atšķirības.",
        },
        "en": {
            "one": "No indicator differs significantly from the group: with {n} "
            "participant only large differences can be told apart from chance.",
            "other": "No indicator differs significantly from the group: with {n} "
            "participants only large differences can be told apart from chance.",
        },
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
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
