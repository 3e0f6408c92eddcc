"""metrics.shared: what a page's metrics share, on the real databases."""

from __future__ import annotations

import uuid
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from evaldash import metrics
from evaldash.db import summary
from evaldash.db.engine import make_engine
from evaldash.demo import ADULTS_PILOT
from evaldash.filters import Filters
from evaldash.metrics import compare, gaps, overview, progress, services
from tests.conftest import load, small_package
from tests.test_metrics_overview import USAGE
from tests.test_metrics_services import PLANS

# Every metric that starts from a period's deliveries per participant and service.
PERIOD_METRICS = (
    services.ranking,
    services.municipality_service,
    overview.headline,
    gaps.region_service_gaps,
    compare.indicators,
)


@pytest.fixture
def pilot_engine(ready_engine):
    """A new database (written to by the tests) with four deliveries in February and March."""
    load(ready_engine, small_package(usage=USAGE, plans=PLANS))
    return ready_engine


def _statements(engine) -> list[str]:
    """A list that collects every SQL statement ``engine`` runs from now on."""
    seen: list[str] = []

    def collect(*args: object) -> None:
        seen.append(str(args[2]))

    sa.event.listen(engine, "before_cursor_execute", collect)
    return seen


def _reading_deliveries(seen: list[str]) -> list[str]:
    """The statements reading the deliveries, or (PostgreSQL) their running totals."""
    return [s for s in seen if "service_usage" in s or "usage_running" in s]


@pytest.mark.parametrize(
    "f",
    [
        Filters(ADULTS_PILOT, period_from=date(2019, 11, 1), period_to=date(2020, 9, 30)),
        Filters(ADULTS_PILOT, period_from=date(2020, 2, 10), categories=("care",), sex=("F",)),
    ],
    ids=["period", "period-group-sex"],
)
def test_a_page_groups_its_period_once(demo_engine, f):
    """Inside a block the period's deliveries are grouped once for every metric of the page,
    and each metric gives what it gives alone.

    Two kept groupings: the period's sums per participant and service, and what was
    delivered of each plan round in force in the period (delivered.plan_delivery), which
    Services, Provider gaps and Compare all read.
    """
    alone = [metric(demo_engine, f) for metric in PERIOD_METRICS]
    assert not alone[0].empty
    seen = _statements(demo_engine)
    with metrics.shared():
        together = [metric(demo_engine, f) for metric in PERIOD_METRICS]
        reading = _reading_deliveries(seen)
        kept = [
            s
            for s in reading
            if s.lstrip().upper().startswith("CREATE TEMPORARY TABLE EVALDASH_KEPT_")
        ]
        assert len(kept) == 2, reading
        assert len(reading) == 2, reading
    for metric, a, b in zip(PERIOD_METRICS, alone, together, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=False, obj=metric.__name__)
    seen.clear()
    services.ranking(demo_engine, f)
    overview.headline(demo_engine, f)
    assert len(_reading_deliveries(seen)) == 2  # outside a block each metric groups again


def test_each_selection_gets_its_own_grouping(demo_engine):
    """Two selections in one block are two groupings; neither answers for the other."""
    spring = Filters(ADULTS_PILOT, period_from=date(2020, 3, 1), period_to=date(2020, 5, 31))
    cesis = Filters(ADULTS_PILOT, municipalities=("LV-022",), period_from=date(2020, 3, 1))
    expected = [services.ranking(demo_engine, spring), services.ranking(demo_engine, cesis)]
    seen = _statements(demo_engine)
    with metrics.shared():
        got = [services.ranking(demo_engine, spring), services.ranking(demo_engine, cesis)]
        again = services.ranking(demo_engine, spring)
    assert len(_reading_deliveries(seen)) == 2 * 2  # the sums and the plans' delivery, each
    for a, b in zip(expected, got, strict=True):
        pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(expected[0], again)
    assert got[0]["participants"].sum() > got[1]["participants"].sum()


def test_the_grouping_ends_with_its_block(pilot_engine):
    """The kept table goes with its block: the next block sees changed data, and no
    connection is left open."""
    f = Filters("P1", period_from=date(2020, 2, 1))
    with metrics.shared():
        before = services.ranking(pilot_engine, f)
    with pilot_engine.begin() as conn:  # as every writer does: the facts, then the summaries
        conn.execute(sa.text("UPDATE service_usage SET units = units * 2"))
        summary.refresh(conn)
    with metrics.shared():
        after = services.ranking(pilot_engine, f)
    assert after["units"].sum() == pytest.approx(2 * before["units"].sum())
    if pilot_engine.dialect.name == "postgresql":
        assert pilot_engine.pool.checkedout() == 0


def test_a_failed_query_does_not_spoil_the_block(pilot_engine):
    """After an error on the block's connection (on PostgreSQL it aborts the transaction)
    the next metrics of the page still work."""
    f = Filters("P1", period_from=date(2020, 2, 1))
    expected = services.ranking(pilot_engine, f)
    with metrics.shared():
        services.ranking(pilot_engine, f)
        with pytest.raises(sa.exc.DBAPIError):
            metrics.query(
                pilot_engine, sa.select(sa.column("x")).select_from(sa.table("no_such")), {}
            )
        pd.testing.assert_frame_equal(services.ranking(pilot_engine, f), expected)
        assert not overview.headline(pilot_engine, f).empty


def test_an_account_without_temporary_tables_gets_the_same_figures(pilot_engine):
    """A PostgreSQL account that may not create temporary tables (a strictly read-only
    reader) gets each period grouped in its own query instead of an error."""
    if pilot_engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL can withhold temporary tables")
    f = Filters("P1", period_from=date(2020, 2, 1))
    expected = [services.ranking(pilot_engine, f), overview.headline(pilot_engine, f)]
    role = f"evaldash_reader_{uuid.uuid4().hex[:8]}"
    database = pilot_engine.url.database
    with pilot_engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader = make_engine(pilot_engine.url.set(username=role).render_as_string(False))
    try:
        seen = _statements(reader)
        with metrics.shared():
            got = [services.ranking(reader, f), overview.headline(reader, f)]
        assert not [s for s in seen if "evaldash_kept" in s]
        assert len(_reading_deliveries(seen)) == 2
        for a, b in zip(expected, got, strict=True):
            pd.testing.assert_frame_equal(a, b)
    finally:
        reader.dispose()
        with pilot_engine.begin() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")


def test_a_progress_page_counts_the_changes_once(demo_engine):
    """The status counts and the municipalities' progress of one page add up one counting
    of the changes, and each gives what it gives alone."""
    f = Filters(ADULTS_PILOT, sex=("F",))
    metrics_ = (progress.status_counts, progress.municipality_summary)
    alone = [metric(demo_engine, f, 1, 2) for metric in metrics_]
    seen = _statements(demo_engine)
    with metrics.shared():
        together = [metric(demo_engine, f, 1, 2) for metric in metrics_]
    assert len([s for s in seen if "pair_change" in s]) == 1, seen
    for metric, a, b in zip(metrics_, alone, together, strict=True):
        pd.testing.assert_frame_equal(a, b, obj=metric.__name__)
    by_domain = alone[1].groupby("domain")[["improved", "unchanged", "declined"]].sum()
    statuses = alone[0].set_index("domain")[["improved", "unchanged", "declined"]]
    pd.testing.assert_frame_equal(statuses, by_domain, check_names=False)
    summary = progress.domain_summary(demo_engine, f, 1, 2).set_index("domain")
    assert (statuses.sum(axis=1) == summary["n_pairs"]).all()
    assert (alone[0].set_index("domain")["missing"] == summary["n_missing"]).all()
