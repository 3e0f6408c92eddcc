"""What an export holds: :class:`Deck`, made from the panels and cards of one or more pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evaldash import site
from evaldash.progress import Progress, silent
from evaldash.views import Card, Panel, View


@dataclass(frozen=True)
class Deck:
    """What an export holds: a title slide's texts, the headline cards and the panels, in order.

    ``subtitle`` is the selection in words; ``source`` names the data and their date;
    ``cards`` are the pages' headline figures (:func:`evaldash.site.cards`), as the pages
    show them.
    """

    title: str
    subtitle: str
    source: str
    lang: str
    panels: Sequence[Panel]
    cards: Sequence[Card] = ()

    @classmethod
    def of(cls, v: View, title: str, panels: Sequence[Panel], cards: Sequence[Card] = ()) -> Deck:
        """A deck of ``panels`` and ``cards`` shown in ``v``: its selection, source, language."""
        return cls(title, v.selection, v.source, v.lang, panels, cards)


def deck(
    v: View,
    title: str,
    pages: Sequence[str],
    choices: dict | None = None,
    progress: Progress = silent,
) -> Deck:
    """The cards and panels of ``pages`` (in order) for view ``v``, with the pages' ``choices``.

    ``progress`` hears the pages whose figures are read (``build``).
    """
    found: list[Panel] = []
    cards: list[Card] = []
    for done, page in enumerate(pages):
        progress("build", done, len(pages), page)
        found += site.panels(page, v, choices)
        cards += site.cards(page, v)
    progress("build", len(pages), len(pages))
    return Deck.of(v, title, found, cards)
