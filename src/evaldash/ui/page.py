"""What a page script calls first: its context, refused to other roles.

``app.py`` builds the context and decides whether the page is drawn or presented. Until some
session has called ``st.navigation``, Streamlit treats a ``pages/`` folder the legacy way and
runs a page named in the URL (``/data``) on its own, without ``app.py``: on the first visit
after a server start (the page then switches the legacy mode off and reruns, so ``app.py``
runs and routes to the same page), and in Streamlit's AppTest after a click. Such a run
presents the page as ``app.py`` would.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from evaldash.i18n import t
from evaldash.ui.links import link_end
from evaldash.ui.presentation import present
from evaldash.ui.session import Context, allowed_pages, stored_context


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
