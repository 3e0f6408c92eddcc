"""The one-sentence takeaways written under each chart."""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
    "takeaway.none": {"lv": "Šajā atlasē nav datu.", "en": "This selection has no data."},
    "takeaway.spend": {
        "lv": "Līdz {month} izlietoti {spent} no {budget} ({share}).",
        "en": "{spent} of {budget} spent by {month} ({share}).",
    },
    "takeaway.ranking": {
        "lv": 'Visvairāk dalībnieku saņēma pakalpojumu "{service}": {people} ({share}).',
        "en": "{service} reached the most participants: {people} ({share}).",
    },
    "takeaway.among_shown": {
        "lv": "No redzamajiem skaitļiem: {text}",
        "en": "Of the figures shown: {text}",
    },
    "takeaway.ranking_cost": {
        "lv": 'Visvairāk izmaksāja pakalpojums "{service}": {cost}.',
        "en": "{service} cost the most: {cost}.",
    },
    "takeaway.ranking_units": {
        "lv": 'Lielākais apjoms pakalpojumam "{service}": {units_text}.',
        "en": "{service} had the most units: {units_text}.",
    },
    "takeaway.delivery": {
        "lv": "Plānotie pakalpojumi, kas saņemti mazāk nekā {share} apmērā: {below} no {n}; "
        'vismazāk "{service}" ({ratio}).',
        "en": "Planned services delivered below {share} of plan: {below} of {n}; lowest: "
        "{service} ({ratio}).",
    },
    "takeaway.delivery_ok": {
        "count": "n",
        "lv": {
            "zero": "Visi {n} plānotie pakalpojumi saņemti vismaz {share} apmērā.",
            "one": "{n} no {n} plānotā pakalpojuma saņemts vismaz {share} apmērā.",
            "other": "Visi {n} plānotie pakalpojumi saņemti vismaz {share} apmērā.",
        },
        "en": {
            "one": "The {n} planned service reached {share} of plan.",
            "other": "All {n} planned services reached {share} of plan.",
        },
    },
    "takeaway.trend": {
        "count": "average",
        "lv": {
            "zero": "Vidēji mēnesī pakalpojumus saņēma {average} cilvēku; visvairāk {month} "
            "({most}).",
            "one": "Vidēji mēnesī pakalpojumus saņēma {average} cilvēks; visvairāk {month} "
            "({most}).",
            "other": "Vidēji mēnesī pakalpojumus saņēma {average} cilvēki; visvairāk {month} "
            "({most}).",
        },
        "en": {
            "one": "On average {average} person was served a month; most in {month} ({most}).",
            "other": "On average {average} people were served a month; most in {month} ({most}).",
        },
    },
    "takeaway.heatmap": {
        "count": "services",
        "lv": {
            "zero": "Visplašākais pakalpojumu klāsts: {place} ({services} pakalpojumu).",
            "one": "Visplašākais pakalpojumu klāsts: {place} ({services} pakalpojums).",
            "other": "Visplašākais pakalpojumu klāsts: {place} ({services} pakalpojumi).",
        },
        "en": {
            "one": "The widest range of services: {place} ({services} service).",
            "other": "The widest range of services: {place} ({services} services).",
        },
    },
    "takeaway.change": {
        "count": "tested",
        "lv": {
            "zero": "Lielākā izmaiņu mediāna: {domain} ({median_text}); būtiskas izmaiņas "
            "(p < 0,05) {significant} no {tested} testētajām jomām.",
            "one": "Lielākā izmaiņu mediāna: {domain} ({median_text}); būtiskas izmaiņas "
            "(p < 0,05) {significant} no {tested} testētās jomas.",
            "other": "Lielākā izmaiņu mediāna: {domain} ({median_text}); būtiskas izmaiņas "
            "(p < 0,05) {significant} no {tested} testētajām jomām.",
        },
        "en": {
            "one": "Largest median change: {domain} ({median_text}); significant change "
            "(p < 0.05) in {significant} of {tested} tested domain.",
            "other": "Largest median change: {domain} ({median_text}); significant change "
            "(p < 0.05) in {significant} of {tested} tested domains.",
        },
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
        "count": "domains",
        "lv": {
            "zero": "Dalībniekam {code} pēdējā kārtā labāk nekā pirmajā {better} no {domains} "
            "jomām.",
            "one": "Dalībniekam {code} pēdējā kārtā labāk nekā pirmajā {better} no {domains} "
            "jomas.",
            "other": "Dalībniekam {code} pēdējā kārtā labāk nekā pirmajā {better} no {domains} "
            "jomām.",
        },
        "en": {
            "one": "Participant {code} is better than at first in {better} of {domains} domain.",
            "other": "Participant {code} is better than at first in {better} of {domains} domains.",
        },
    },
    "takeaway.municipalities": {
        "lv": 'Lielākā uzlabojušos daļa: {place}, joma "{domain}" ({improved} no {n}).',
        "en": "The largest share improved: {place} in {domain} ({improved} of {n}).",
    },
    "takeaway.gaps": {
        "count": "cells",
        "lv": {
            "zero": "No {cells} reģiona un pakalpojuma šūnām: bez sniedzēja reģionā – "
            "{no_provider}, nepietiekami sniegts – {under_delivered}, kārtībā – {ok}.",
            "one": "No {cells} reģiona un pakalpojuma šūnas: bez sniedzēja reģionā – "
            "{no_provider}, nepietiekami sniegts – {under_delivered}, kārtībā – {ok}.",
            "other": "No {cells} reģiona un pakalpojuma šūnām: bez sniedzēja reģionā – "
            "{no_provider}, nepietiekami sniegts – {under_delivered}, kārtībā – {ok}.",
        },
        "en": {
            "one": "Of {cells} region × service cell: no provider in the region – "
            "{no_provider}, under-delivered – {under_delivered}, ok – {ok}.",
            "other": "Of {cells} region × service cells: no provider in the region – "
            "{no_provider}, under-delivered – {under_delivered}, ok – {ok}.",
        },
    },
    "takeaway.map": {
        "count": "n",
        "lv": {
            "zero": "{missing} no {n} pašvaldībām kāds plānots pakalpojums nav pieejams reģionā.",
            "one": "{missing} no {n} pašvaldības kāds plānots pakalpojums nav pieejams reģionā.",
            "other": "{missing} no {n} pašvaldībām kāds plānots pakalpojums nav pieejams reģionā.",
        },
        "en": {
            "one": "In {missing} of {n} municipality a planned service has no provider in the "
            "region.",
            "other": "In {missing} of {n} municipalities a planned service has no provider in "
            "the region.",
        },
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
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
