"""What a page script calls first: its context, refused to other roles; a refused link.

``app.py`` builds the context and decides whether the page is drawn or presented. Until some
session has called ``st.navigation``, Streamlit treats a ``pages/`` folder the legacy way and
runs a page named in the URL (``/data``) on its own, without ``app.py``: on the first visit
after a server start (the page then switches the legacy mode off and reruns, so ``app.py``
runs and routes to the same page), and in Streamlit's AppTest after a click. Such a run
presents the page as ``app.py`` would.
"""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from evaldash import auth, site
from evaldash.i18n import t
from evaldash.ui.links import link_end
from evaldash.ui.presentation import present
from evaldash.ui.session import Context, allowed_pages, stored_context


def refused_link(scope: auth.Scope, lang: str, shown: str) -> None:
    """Say why a link to a page ``scope`` may not open shows page ``shown`` instead.

    Streamlit routes a path its menu does not hold to the home page without a word; the
    session's first address (``st.context.url``) says which page was asked for. Told once per
    session, on its first run after sign-in.
    """
    if st.session_state.get(_LINK_CHECKED):
        return
    st.session_state[_LINK_CHECKED] = True
    path = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    keys = [p.key for p in site.PAGES]
    if path in keys and path != shown and path not in allowed_pages(scope):
        st.warning(
            t(
                "privacy.link_refused",
                lang,
                page=t(f"nav.{path}", lang),
                role=t(f"role.{scope.role}", lang),
                home=t(f"nav.{shown}", lang),
            ),
            icon=":material/lock:",
        )


_LINK_CHECKED = "_link_checked"


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
