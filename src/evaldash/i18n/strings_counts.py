"""Count phrases ("21 dalībnieks", "10 kļūdu") that several texts put into their sentences.

Each is a plural entry (:mod:`~evaldash.i18n.plurals`) with the count ``{n}``. A sentence
holding two counts takes one of these as the text of a placeholder named ``..._text``.
Latvian: ``zero`` (0, 10-20, 30, ..., 111, ...) takes the genitive plural in the nominative
("10 dalībnieku"), ``one`` (1, 21, 31, 101, not 11) the singular, ``other`` the nominative
plural; after "no" (of) the singular genitive or the plural dative ("no 21 nodarbības", "no
10 nodarbībām").
"""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
    "count.participants": {
        "count": "n",
        "lv": {"zero": "{n} dalībnieku", "one": "{n} dalībnieks", "other": "{n} dalībnieki"},
        "en": {"one": "{n} participant", "other": "{n} participants"},
    },
    "count.errors": {
        "count": "n",
        "lv": {"zero": "{n} kļūdu", "one": "{n} kļūda", "other": "{n} kļūdas"},
        "en": {"one": "{n} error", "other": "{n} errors"},
    },
    "count.warnings": {
        "count": "n",
        "lv": {"zero": "{n} brīdinājumu", "one": "{n} brīdinājums", "other": "{n} brīdinājumi"},
        "en": {"one": "{n} warning", "other": "{n} warnings"},
    },
    "count.points": {
        "count": "n",
        "lv": {"zero": "{n} punktu", "one": "{n} punkts", "other": "{n} punkti"},
        "en": {"one": "{n} point", "other": "{n} points"},
    },
    # Rows of an import, per table: "12 jaunas, 1 mainīta" (rindas).
    "count.inserted": {
        "count": "n",
        "lv": {"zero": "{n} jaunu", "one": "{n} jauna", "other": "{n} jaunas"},
        "en": {"one": "{n} new", "other": "{n} new"},
    },
    "count.updated": {
        "count": "n",
        "lv": {"zero": "{n} mainītu", "one": "{n} mainīta", "other": "{n} mainītas"},
        "en": {"one": "{n} changed", "other": "{n} changed"},
    },
    "count.charts": {
        "count": "n",
        "lv": {"zero": "{n} grafiku", "one": "{n} grafiks", "other": "{n} grafiki"},
        "en": {"one": "{n} chart", "other": "{n} charts"},
    },
    # Units of a service: "12 nodarbības" (count.<unit>), "no 12 nodarbībām" (count.<unit>.of).
    "count.session": {
        "count": "n",
        "lv": {"zero": "{n} nodarbību", "one": "{n} nodarbība", "other": "{n} nodarbības"},
        "en": {"one": "{n} session", "other": "{n} sessions"},
    },
    "count.session.of": {
        "count": "n",
        "lv": {"zero": "{n} nodarbībām", "one": "{n} nodarbības", "other": "{n} nodarbībām"},
        "en": {"one": "{n} session", "other": "{n} sessions"},
    },
    "count.hour": {
        "count": "n",
        "lv": {"zero": "{n} stundu", "one": "{n} stunda", "other": "{n} stundas"},
        "en": {"one": "{n} hour", "other": "{n} hours"},
    },
    "count.hour.of": {
        "count": "n",
        "lv": {"zero": "{n} stundām", "one": "{n} stundas", "other": "{n} stundām"},
        "en": {"one": "{n} hour", "other": "{n} hours"},
    },
    "count.day": {
        "count": "n",
        "lv": {"zero": "{n} dienu", "one": "{n} diena", "other": "{n} dienas"},
        "en": {"one": "{n} day", "other": "{n} days"},
    },
    "count.day.of": {
        "count": "n",
        "lv": {"zero": "{n} dienām", "one": "{n} dienas", "other": "{n} dienām"},
        "en": {"one": "{n} day", "other": "{n} days"},
    },
    "count.trip": {
        "count": "n",
        "lv": {"zero": "{n} braucienu", "one": "{n} brauciens", "other": "{n} braucieni"},
        "en": {"one": "{n} trip", "other": "{n} trips"},
    },
    "count.trip.of": {
        "count": "n",
        "lv": {"zero": "{n} braucieniem", "one": "{n} brauciena", "other": "{n} braucieniem"},
        "en": {"one": "{n} trip", "other": "{n} trips"},
    },
}
"""Key -> language -> text or plural forms; merged into :data:`evaldash.i18n.STRINGS`."""
