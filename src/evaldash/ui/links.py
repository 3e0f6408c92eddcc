"""Deep links: every choice lives in the URL, so a copied link reopens the same view.

The URL holds codes (``?lang=en&pilot=IB-GRT-2019&f_regions=KUR``), in any language.
Streamlit's own ``bind="query-params"`` writes the options' display labels instead, so the
values are synced here: a session takes a key's URL value the first time it meets the key, and
every run writes the current values back, leaving out defaults.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from evaldash.i18n import t

_NOTICES = "_link_notices"


_SEEN = "_link_seen"


_WRITTEN = "_link_written"


_LINKED: set[str] = set()  # every key ever linked, so that keys of other pages are dropped


FIRST = object()


PANELS = "_run_panels"


def begin_run() -> None:
    """Start a run's bookkeeping: links written, panels shown (``app.py`` calls this first)."""
    st.session_state[_WRITTEN] = set()
    st.session_state[PANELS] = []


def link_end(lang: str) -> None:
    """Drop other pages' choices from the URL; tell which link values were not valid."""
    written = st.session_state.get(_WRITTEN, set())
    for key in _LINKED - written:
        if key in st.query_params:
            del st.query_params[key]
    for label, values in st.session_state.pop(_NOTICES, []):
        st.toast(t("link.invalid", lang, name=label, values=values), icon=":material/link_off:")


def from_link(key: str, label: str, parse: Callable[[list[str]], tuple[object, list[str]]]) -> None:
    """On a session's first sight of ``key``, take its URL value into session state.

    ``parse`` turns the URL's values into (value, refused values); value ``FIRST`` means
    nothing usable. Refused values are noted for :func:`link_end`.
    """
    _LINKED.add(key)
    seen = st.session_state.setdefault(_SEEN, set())
    if key in seen:
        return
    seen.add(key)
    given = st.query_params.get_all(key)
    if not given:
        return
    value, refused = parse(given)
    if refused:
        st.session_state.setdefault(_NOTICES, []).append((label, ", ".join(refused)))
    if value is not FIRST:
        st.session_state[key] = value


def from_link_again() -> None:
    """Have the next run take every choice from the URL again, as a new session does.

    For a run that opens another page with the link's parameters (``st.switch_page``):
    Streamlit may drop the widgets' values on the way, so the link is read again (and its
    values that do not fit are noted again, once).
    """
    st.session_state.pop(_SEEN, None)
    st.session_state.pop(_NOTICES, None)


def to_link(key: str, text: str | list[str] | None) -> None:
    """Write ``key``'s value into the URL (``None``: the default, so no parameter)."""
    st.session_state.setdefault(_WRITTEN, set()).add(key)
    if text is None or text == []:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get_all(key) != ([text] if isinstance(text, str) else text):
        st.query_params[key] = text


def linked(
    widget: Callable[..., object],
    label: str,
    options: object,
    *,
    key: str,
    default: object = FIRST,
    many: bool = False,
    **kwargs: object,
) -> object:
    """Create a choice widget whose value lives in the URL under ``key`` (as option codes).

    ``widget`` is a selectbox, radio, segmented control (``many=False``) or multiselect
    (``many=True``), e.g. ``st.selectbox`` or ``column.radio``. ``default`` is the first
    option (none for a multiselect) unless given. A stored choice that the options no longer
    hold (another pilot was chosen) falls back to the default, or loses those values.
    """
    choices = list(options)  # type: ignore[call-overload]
    by_text = {str(o): o for o in choices}
    if default is FIRST:
        default = [] if many else (choices[0] if choices else None)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        known = [by_text[v] for v in values if v in by_text]
        refused = [v for v in values if v not in by_text]
        if many:
            return known, refused
        return (known[0] if known else FIRST), refused

    from_link(key, label, parse)
    current = st.session_state.get(key, FIRST)
    if many:
        kept = [v for v in current if v in choices] if isinstance(current, list) else default
        st.session_state[key] = list(kept)  # type: ignore[arg-type]
    elif current is FIRST or current not in choices:
        st.session_state[key] = default
    value = widget(label, choices, key=key, **kwargs)
    if many:
        to_link(key, [str(v) for v in value])  # type: ignore[union-attr]
    else:
        to_link(key, None if value in (None, default) else str(value))
    return value
