"""The national-scale demo: every municipality, 4 rounds x 8 domains, ~100 deliveries each,
written in chunks (bounded memory) and replaced, not added, when written again."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash import bootstrap, national
from evaldash.db import schema
from evaldash.metrics import catalog

PEOPLE = 1_500


@pytest.fixture
def national_engine(engine):
    bootstrap.install_national(engine, seed=3, participants=PEOPLE)
    return engine


def scalar(engine, stmt) -> object:
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def test_the_national_pilot_covers_the_country(national_engine):
    e = national_engine
    p, a, u = schema.participant, schema.assessment, schema.service_usage
    pilot = catalog.pilots(e).set_index("pilot_id").loc[national.PILOT]
    assert bool(pilot["is_demo"]) and pilot["participants"] == PEOPLE
    assert scalar(e, sa.select(sa.func.count(sa.distinct(p.c.municipality_code)))) == 43
    assert scalar(e, sa.select(sa.func.count(sa.distinct(a.c.round)))) == 4
    assert scalar(e, sa.select(sa.func.count(sa.distinct(a.c.domain_code)))) == 8
    usage = scalar(e, sa.select(sa.func.count()).select_from(u))
    assert 80 * PEOPLE <= usage <= 120 * PEOPLE
    first, last = (
        scalar(e, sa.select(sa.func.min(u.c.delivered_on))),
        scalar(e, sa.select(sa.func.max(u.c.delivered_on))),
    )
    assert first >= national.FIRST_DAY and last <= national.LAST_DAY
    m, ps = schema.municipality, schema.provider_service
    regions = scalar(
        e,
        sa.select(sa.func.count(sa.distinct(m.c.region_code))).select_from(
            ps.join(m, m.c.municipality_code == ps.c.municipality_code)
        ),
    )
    assert regions == 5  # providers in every planning region


def test_writing_it_again_replaces_it(national_engine):
    again = bootstrap.install_national(national_engine, seed=3, participants=PEOPLE)
    assert again.row_counts["participants"] == PEOPLE
    p = schema.participant
    assert scalar(national_engine, sa.select(sa.func.count()).select_from(p)) == PEOPLE


def test_facts_come_in_chunks_and_the_seed_fixes_them():
    head = national.head(1_200, seed=5)
    chunks = list(national.facts(head.participants, head.providers, seed=5, chunk=500))
    assert len(chunks) == 3
    people = [set(c["plans"]["participant_id"]) for c in chunks]
    assert [len(s) for s in people] == [500, 500, 200] and not people[0] & people[1]
    again = next(national.facts(head.participants, head.providers, seed=5, chunk=500))
    pd.testing.assert_frame_equal(chunks[0]["usage"], again["usage"])
    usage = pd.concat([c["usage"] for c in chunks])
    keys = ["participant_id", "service", "delivered_on", "provider_id"]
    assert not usage.duplicated(keys).any()  # the import's natural key holds
