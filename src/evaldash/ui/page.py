"""The menu; what a page script calls first: its context, refused to other roles; a refused link.

``app.py`` builds the context and decides whether the page is drawn or presented. Until some
session has called ``st.navigation``, Streamlit treats a ``pages/`` folder the legacy way and
runs a page named in the URL (``/data``) on its own, without ``app.py``: on the first visit
after a server start (the page then switches the legacy mode off and reruns, so ``app.py``
runs and routes to the same page), and in Streamlit's AppTest after a click. Such a run
presents the page as ``app.py`` would.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from evaldash import auth, site
from evaldash.i18n import t
from evaldash.ui.links import from_link_again, link_end
from evaldash.ui.presentation import present
from evaldash.ui.session import Context, allowed_pages, stored_context


def menu(scope: auth.Scope, lang: str) -> tuple[StreamlitPage, str]:
    """Streamlit's menu over the pages ``scope`` may open: the page to show, and its key.

    The first page the role may open is the home page, at ``/``. Streamlit answers any other
    path its menu does not hold with an English "Page not found" dialog, so the home page's
    own key (``/overview``) and the keys of the pages the role may not open are hidden
    aliases that open the home page with the link's parameters (and a refused page is named
    there, see :func:`refused_link`).
    """
    allowed = allowed_pages(scope)
    home = allowed[0]
    pages = [
        st.Page(
            page.script,
            title=t(f"nav.{page.key}", lang),
            icon=page.icon,
            url_path="" if page.key == home else page.key,
            default=page.key == home,
        )
        for page in site.PAGES
        if page.key in allowed
    ]
    aliases = [
        st.Page(
            _opens_home, title=t(f"nav.{page.key}", lang), url_path=page.key, visibility="hidden"
        )
        for page in site.PAGES
        if page.key == home or page.key not in allowed
    ]
    chosen = st.navigation([*pages, *aliases])
    if chosen.url_path in {alias.url_path for alias in aliases}:
        if chosen.url_path != home:
            st.session_state[_ASKED] = chosen.url_path
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        from_link_again()
        st.switch_page(pages[0], query_params=params)
    return chosen, chosen.url_path or home


def _opens_home() -> None:
    """An alias's page: never run, since :func:`menu` opens the home page in its place."""


_ASKED = "_link_asked"


def refused_link(scope: auth.Scope, lang: str, shown: str) -> None:
    """Say why a link to a page ``scope`` may not open shows page ``shown`` instead.

    Such a link's page is an alias (:func:`menu`) that has opened the home page and noted the
    page asked for: told once, on the home page's run that follows.
    """
    asked = st.session_state.pop(_ASKED, None)
    if asked is None:
        return
    st.warning(
        t(
            "privacy.link_refused",
            lang,
            page=t(f"nav.{asked}", lang),
            role=t(f"role.{scope.role}", lang),
            home=t(f"nav.{shown}", lang),
        ),
        icon=":material/lock:",
    )


def context(page: str | None = None) -> Context:
    """Return the context ``app.py`` set up for this run; refuse ``page`` to other roles.

    A page the role may not open is not in the menu; reached anyway (a link, a stale tab),
    the page stops here with a message before it reads anything.
    """
    ctx = stored_context()
    if page is not None and page not in allowed_pages(ctx.scope):
        role = t(f"role.{ctx.scope.role}", ctx.lang)
        st.error(t("privacy.refused", ctx.lang, role=role), icon=":material/lock:")
        st.stop()
    if PagesManager.uses_pages_directory is not False and st.session_state.get("present") is True:
        present(ctx, ctx.page)  # run without app.py (see above): present as app.py does
        link_end(ctx.lang)
        st.stop()
    return ctx
