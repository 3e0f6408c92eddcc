"""The only Streamlit code of evaldash, one module per job; pages and ``app.py`` call it here.

- :mod:`.links`: every choice in the URL (deep links);
- :mod:`.session`: the run's :class:`Context`, settings, engine and caches;
- :mod:`.page`: what a page calls first (:func:`context`);
- :mod:`.sidebar`: language, pilot and filters;
- :mod:`.signin`: who the session is;
- :mod:`.presentation`: presentation mode;
- :mod:`.blocks`: banners, KPI cards, chart panels, tables, definitions, export buttons;
- :mod:`.controls`: the pages' own choices (keys from :mod:`evaldash.site`);
- :mod:`.admin`: the import box and the audit log;
- :mod:`.serverlog`: the server's log lines (page runs, imports, exports, sign-ins, errors).

Streamlit's caches live in :mod:`.session`; the README's *Development* lists the other three
(a page run's shared groupings, privacy's patterns, a command's direct view) and why.
"""

from evaldash.ui import (
    admin,
    blocks,
    controls,
    links,
    page,
    presentation,
    serverlog,
    session,
    sidebar,
    signin,
)
from evaldash.ui.admin import (
    audit_download,
    audit_entries,
    audit_table,
    import_box,
    report_table,
    require_role,
)
from evaldash.ui.blocks import (
    banners,
    deck_file,
    definitions_list,
    export_buttons,
    export_ready,
    headed,
    indicator_definitions,
    kpi,
    kpi_row,
    league_table,
    page_definitions,
    panel,
    plain,
    question_cards,
    rating_style,
    rounds_table,
)
from evaldash.ui.controls import (
    compare_controls,
    progress_controls,
    ranking_choice,
    threshold_slider,
)
from evaldash.ui.links import begin_run, link_end, linked
from evaldash.ui.page import context, menu, refused_link
from evaldash.ui.presentation import present, start_page
from evaldash.ui.serverlog import logged_run
from evaldash.ui.session import (
    Context,
    allowed_pages,
    cached,
    cached_names,
    cached_reference,
    may_import,
    view,
)
from evaldash.ui.sidebar import language_selector, setup
from evaldash.ui.signin import who

__all__ = [
    "Context",
    "admin",
    "allowed_pages",
    "audit_download",
    "audit_entries",
    "audit_table",
    "banners",
    "begin_run",
    "blocks",
    "cached",
    "cached_names",
    "cached_reference",
    "compare_controls",
    "context",
    "controls",
    "deck_file",
    "definitions_list",
    "export_buttons",
    "export_ready",
    "headed",
    "import_box",
    "indicator_definitions",
    "kpi",
    "language_selector",
    "league_table",
    "link_end",
    "logged_run",
    "linked",
    "links",
    "may_import",
    "menu",
    "page",
    "page_definitions",
    "panel",
    "plain",
    "present",
    "presentation",
    "progress_controls",
    "question_cards",
    "ranking_choice",
    "refused_link",
    "rating_style",
    "report_table",
    "require_role",
    "kpi_row",
    "rounds_table",
    "serverlog",
    "session",
    "setup",
    "sidebar",
    "signin",
    "start_page",
    "threshold_slider",
    "view",
    "who",
]
