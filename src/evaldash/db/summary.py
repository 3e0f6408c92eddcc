"""Summary tables, rebuilt from the facts in the transaction that wrote them.

``usage_summary`` adds up ``service_usage`` per participant and service. Every writer of
service usage (demo loads, imports) calls :func:`refresh` before it commits, so readers
never see the two disagree.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from evaldash.db import schema


def refresh(conn: Connection) -> int:
    """Rebuild ``usage_summary`` from ``service_usage``; return its row count."""
    u, s = schema.service_usage, schema.usage_summary
    conn.execute(s.delete())
    totals = sa.select(
        u.c.participant_key,
        u.c.service_code,
        sa.func.count().label("deliveries"),
        sa.func.sum(u.c.units).label("units"),
        sa.func.sum(u.c.cost_eur).label("cost_eur"),
    ).group_by(u.c.participant_key, u.c.service_code)
    columns = ["participant_key", "service_code", "deliveries", "units", "cost_eur"]
    conn.execute(s.insert().from_select(columns, totals))
    return int(conn.execute(sa.select(sa.func.count()).select_from(s)).scalar_one())
