"""The sidebar: the language switch, the pilot selector and the filters the scope may use."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from evaldash import auth, privacy
from evaldash.filters import Filters
from evaldash.i18n import (
    LANGUAGES,
    t,
)
from evaldash.measures import AGE_GROUPS
from evaldash.metrics import catalog
from evaldash.ui.links import FIRST, from_link, linked, to_link
from evaldash.ui.session import (
    CONTEXT_KEY,
    Context,
    cached_options,
    cached_pilots,
    cached_place_names,
    connected,
    current_settings,
    database_errors,
    engine_key,
)

LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}


DATE_INPUT_FORMAT = {"lv": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


def language_selector() -> str:
    """Show the language switch in the sidebar and return ``lv`` or ``en``."""
    default = current_settings().lang
    lang = linked(
        st.sidebar.segmented_control,
        "Valoda / Language",
        LANGUAGES,
        default=default,
        format_func=LANGUAGE_NAMES.get,
        key="lang",
    )
    return lang or default


def setup(lang: str, scope: auth.Scope) -> Context:
    """Prepare the database, show the pilot selector and the filters ``scope`` may use."""
    engine, demo_loaded = connected(lang)
    with database_errors(lang):
        version = catalog.data_version(engine)
        pilots = cached_pilots(engine_key(engine), version, engine)
        names = cached_place_names(engine_key(engine), version, lang, engine)
    pilot = _pilot_selector(pilots, lang)
    filters = None
    if pilot is not None:
        options = cached_options(engine_key(engine), version, pilot["pilot_id"], engine)
        filters = _filter_sidebar(pilot["pilot_id"], options, names, lang, scope)
    ctx = Context(lang, engine, version, filters, pilot, names, demo_loaded, scope)
    st.session_state[CONTEXT_KEY] = ctx
    return ctx


FILTER_KEYS = {
    "regions": "f_regions",
    "municipalities": "f_municipalities",
    "period": "f_period",
    "categories": "f_categories",
    "sex": "f_sex",
    "ages": "f_ages",
}
"""The shared filters' widget keys and link parameters, by the :class:`Filters` field."""


def _filter_sidebar(
    pilot_id: str,
    options: catalog.FilterOptions,
    names: dict[str, str],
    lang: str,
    scope: auth.Scope,
) -> Filters:
    """Show the shared filters in the sidebar and return the selection ``scope`` may read.

    Filters a scope may not use for this selection (:func:`evaldash.privacy.released`) stay
    in the sidebar, unused, with a note saying why.
    """
    sidebar = st.sidebar.expander(t("filters.title", lang), expanded=True, icon=":material/tune:")
    munis = options.municipalities
    regions = _choose(
        sidebar,
        FILTER_KEYS["regions"],
        t("filters.region", lang),
        sorted(munis["region_code"].unique()),
        names,
        lang,
    )
    if regions:
        munis = munis[munis["region_code"].isin(regions)]
    chosen = _choose(
        sidebar,
        FILTER_KEYS["municipalities"],
        t("filters.municipality", lang),
        sorted(munis["municipality_code"], key=lambda c: names.get(c, c)),
        names,
        lang,
    )
    period_from, period_to = _period(sidebar, options, lang)
    categories = _choose(
        sidebar,
        FILTER_KEYS["categories"],
        t("filters.category", lang),
        options.categories,
        names,
        lang,
    )
    sex = _choose(
        sidebar,
        FILTER_KEYS["sex"],
        t("filters.sex", lang),
        options.sexes,
        {s: t(f"sex.{s}", lang) for s in options.sexes},
        lang,
    )
    groups = [g for g, low, high in AGE_GROUPS if any(low <= a <= high for a in options.ages)]
    ages = _choose(sidebar, FILTER_KEYS["ages"], t("filters.age", lang), groups, {}, lang)
    if sidebar.button(t("filters.reset", lang), icon=":material/restart_alt:"):
        for key in FILTER_KEYS.values():
            st.session_state.pop(key, None)
        st.rerun()
    chosen_filters = Filters(
        pilot_id,
        tuple(regions),
        tuple(chosen),
        period_from,
        period_to,
        tuple(categories),
        tuple(sex),
        tuple(ages),
    )
    filters, dropped = privacy.released(scope, chosen_filters)
    if dropped:
        parts = ", ".join(t(f"privacy.part.{part}", lang) for part in dropped)
        sidebar.info(t("privacy.narrowed", lang, parts=parts), icon=":material/shield:")
    return filters


def _choose(
    box: st.delta_generator.DeltaGenerator,
    key: str,
    label: str,
    options: list[str],
    names: dict[str, str],
    lang: str,
) -> list[str]:
    """A multiselect in the URL whose stored choice is cut to what the current pilot offers."""
    return linked(  # type: ignore[return-value]
        box.multiselect,
        label,
        options,
        many=True,
        format_func=lambda c: names.get(c, c),
        key=key,
        placeholder=t("filters.all_choices", lang),
    )


def _period(
    box: st.delta_generator.DeltaGenerator, options: catalog.FilterOptions, lang: str
) -> tuple[date | None, date | None]:
    """A date range limited to the pilot's data; the whole range means no period filter."""
    first, last = options.first_day, options.last_day
    if first is None or last is None:
        return None, None
    label = t("filters.period", lang)

    def parse(values: list[str]) -> tuple[object, list[str]]:
        days = [_day(v) for v in values]
        if len(days) == 2 and None not in days and first <= days[0] <= days[1] <= last:
            return tuple(days), []
        return FIRST, values

    key = FILTER_KEYS["period"]
    from_link(key, label, parse)
    stored = st.session_state.get(key)
    if not stored or len(stored) != 2 or stored[0] < first or stored[-1] > last:
        st.session_state[key] = (first, last)
    chosen = box.date_input(
        label,
        min_value=first,
        max_value=last,
        format=DATE_INPUT_FORMAT[lang],
        key=key,
    )
    enter_applies_dates(box)
    whole = len(chosen) == 2 and (chosen[0], chosen[1]) == (first, last)
    to_link(key, None if len(chosen) != 2 or whole else [d.isoformat() for d in chosen])
    if len(chosen) != 2 or (chosen[0], chosen[1]) == (first, last):
        return None, None  # a range being picked, or everything
    return chosen[0], chosen[1]


ENTER_APPLIES_DATES = """<span class="evaldash-enter-dates"></span>
<style>
  [data-testid="stElementContainer"]:has(.evaldash-enter-dates) { display: none; }
</style>
<script>
(() => {
  if (window.evaldashEnterAppliesDates) return;
  window.evaldashEnterAppliesDates = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || !event.target.closest) return;
    if (!event.target.closest('[data-testid="stDateInputField"]')) return;
    event.preventDefault();
    const apply = {key: "Escape", code: "Escape", bubbles: true, cancelable: true};
    event.target.dispatchEvent(new KeyboardEvent("keydown", apply));
  }, true);
})();
</script>"""
"""Enter in a date field applies the typed dates, as Escape and leaving the field do.

Streamlit 1.67's ``st.date_input`` applies typed dates on Escape or when the field loses
focus, not on Enter (tried in Chromium: ``tests/test_browser.py``), and a script's ``blur()``
does not count as leaving. So Enter is told to the field as Escape, which leaves the cursor
where it was. One listener on the document, installed once per browser tab; the element
that carries it takes no room (no gap between the filters)."""


def enter_applies_dates(box: st.delta_generator.DeltaGenerator) -> None:
    """Make Enter apply a date typed into any date input of the page (see above)."""
    box.html(ENTER_APPLIES_DATES, unsafe_allow_javascript=True)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _pilot_selector(pilots: pd.DataFrame, lang: str) -> pd.Series | None:
    if pilots.empty:
        st.sidebar.info(t("sidebar.no_pilots", lang))
        return None
    ids = pilots["pilot_id"].tolist()
    labels = dict(zip(pilots["pilot_id"], pilots["name"], strict=True))
    chosen = linked(
        st.sidebar.selectbox, t("sidebar.pilot", lang), ids, format_func=labels.get, key="pilot"
    )
    return pilots.set_index("pilot_id", drop=False).loc[chosen]
