"""The one-sentence takeaways written under each chart."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
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
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""
