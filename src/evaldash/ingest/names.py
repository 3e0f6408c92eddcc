"""Names to codes: the spellings of municipalities, services and categories, matched loosely.

``normalize_name`` is the form in which spellings are compared (any case, diacritics optional,
punctuation ignored); a ``Resolver`` maps every known spelling of a name to its code, and
suggests close names for a spelling it cannot resolve.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

from evaldash.ingest.cells import (
    Parsed,
    _as_text,
    _cell_text,
    _cells,
    _per_unique_str,
    _text_result,
)

_NAME_SPACES = str.maketrans(dict.fromkeys("'\"`´‘’‚‛“”„‟«»‹›-‐‑‒–—―−.,·", " "))


def _fold(text: str) -> str:
    """Casefold and drop accents, format characters (soft hyphen ...) and marks."""
    # Repeat until stable: compatibility forms can decompose into capitals ("ℌ" -> "H"),
    # and case folding can produce characters that decompose.
    for _ in range(4):
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in decomposed if unicodedata.category(c)[0] != "M")
        folded = "".join(c for c in folded if unicodedata.category(c) != "Cf")
        if folded == text:
            break
        text = folded
    return text


def normalize_name(text: str) -> str:
    """Return a name in the form used to match spellings.

    Case-folded, without diacritics ("Ķekavas" -> "kekavas"), quotes, dashes, dots and commas
    read as spaces, whitespace collapsed and stripped: "Talsu  novads." -> "talsu novads".

    Args:
        text: Any spelling.

    Returns:
        The normalised name ("" for blank text).
    """
    return " ".join(_fold(text).translate(_NAME_SPACES).split())


# --- names to codes ---------------------------------------------------------------------------


_PREFIX_LIMIT = 5_000  # resolvers with more spellings (participant codes) skip prefix scoring
_PREFIX_RATIO = 0.8


class Resolver:
    """Maps the many spellings of a name (municipality, service ...) to its code.

    Spellings match after ``normalize_name``: any case, diacritics optional, punctuation
    ignored. Every code and every display name is a spelling of its code too. A spelling that
    normalises to the same key as a spelling of another code is ambiguous: it resolves to
    neither, and ``ambiguous`` lists the codes it could mean.
    """

    def __init__(
        self,
        spellings: Mapping[str, str] | Iterable[tuple[str, str]],
        display: Mapping[str, str],
        expected: str,
    ) -> None:
        """Build the resolver.

        Args:
            spellings: Spelling -> code (codes, Latvian and English names, aliases, old
                names), as a mapping or as (spelling, code) pairs, which may repeat a
                spelling with different codes.
            display: Code -> the name shown in suggestions (e.g. the Latvian name).
            expected: Key into ``EXPECTED`` for values that do not resolve.
        """
        pairs = list(spellings.items() if isinstance(spellings, Mapping) else spellings)
        pairs += [(code, code) for _, code in pairs]
        pairs += [p for code, name in display.items() for p in ((code, code), (name, code))]
        candidates: dict[str, set[str]] = {}
        for spelling, code in pairs:
            key = normalize_name(spelling)
            if key:
                candidates.setdefault(key, set()).add(code)
        self._candidates = {key: tuple(sorted(codes)) for key, codes in candidates.items()}
        self._codes = {key: codes[0] for key, codes in self._candidates.items() if len(codes) == 1}
        self._display = dict(display)
        self.expected = expected

    def _code(self, text: str) -> str | None:
        return self._codes.get(normalize_name(text))

    def resolve(self, s: pd.Series) -> Parsed:
        """Return the code of every cell; unknown and ambiguous spellings are bad.

        Args:
            s: The column.

        Returns:
            ``str`` codes; expected is the resolver's ``expected``.
        """
        cells = _cells(s)
        return _text_result(cells, _per_unique_str(_as_text(cells), self._code), self.expected)

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """Return up to ``n`` display names close to ``value``, best first.

        Args:
            value: A spelling that did not resolve.
            n: How many names to return at most.

        Returns:
            Display names, without repeats; [] when nothing is close.
        """
        key = normalize_name(_cell_text(value))
        if not key or n <= 0:
            return []
        scores = {
            match: difflib.SequenceMatcher(None, key, match).ratio()
            for match in difflib.get_close_matches(key, self._candidates, n=max(5 * n, 10))
        }
        scores.update(self._prefix_matches(key, scores))
        names: list[str] = []
        for match in sorted(scores, key=lambda m: (-scores[m], m)):
            for code in self._candidates[match]:
                name = self._display.get(code, code)
                if name not in names:
                    names.append(name)
        return names[:n]

    def _prefix_matches(self, key: str, scores: dict[str, float]) -> dict[str, float]:
        """Score long names by their first words too.

        "Fizoterapija" is close to "Fizioterapija (fizioterapeita nodarbības)" though far from
        the whole name.
        """
        if len(self._candidates) > _PREFIX_LIMIT:
            return {}
        words = len(key.split())
        found = {}
        for candidate in self._candidates:
            head = " ".join(candidate.split()[:words])
            if head == candidate:
                continue
            ratio = difflib.SequenceMatcher(None, key, head).ratio()
            if ratio >= _PREFIX_RATIO and ratio > scores.get(candidate, 0.0):
                found[candidate] = ratio
        return found

    def ambiguous(self, value: str) -> list[str]:
        """Return the codes ``value`` could mean when it is ambiguous, else [].

        Args:
            value: A spelling.

        Returns:
            The codes, sorted; [] when the spelling is unknown or has a single code.
        """
        codes = self._candidates.get(normalize_name(_cell_text(value)), ())
        return list(codes) if len(codes) > 1 else []
