"""Provider gaps: where in Latvia a planned service has no provider, region by region.

A *cell* is one planning region (or, in the drill-down, one municipality) and one service.
Only cells with demand are rows: at least one selected participant living there has the
service in a support plan. Each row is one service, so its units (session, hour, day or trip;
column ``unit``) are never added to another service's.

A cell's delivered units are the measure ``share_delivered``'s (:mod:`evaldash.measures`):
each participant's deliveries of the service count up to their own planned units, and
deliveries to a person without the service in a plan do not count, so one person's
over-delivery never hides another's unmet plan. The service category filter restricts
plans, deliveries and providers alike.

Status of a cell, worst first (``STATUS_ORDER``): ``no_provider`` when no provider is
registered for the service anywhere in the region, whatever was delivered; ``under_delivered``
when the share of planned units delivered is below the threshold (default 0.8; a share within
1e-6 of it counts as reaching it, and a share without planned units is never
under-delivered); else ``ok``.

Region and municipality filters select participants (and so cells); providers and distances
always consider the whole of Latvia. Providers are global (not per pilot). A provider counts
where it is registered to deliver a service, so an outreach provider seated elsewhere counts
in the municipality it travels to.

Distances are straight lines (haversine) between municipalities' administrative centres, so
a municipality whose centre lies in another one (e.g. Augšdaugavas novads in Daugavpils) is
0 km from a provider there.

Plans, deliveries and providers are grouped in the database; pandas only rolls the small
municipality x service result up to regions and computes distances between the centres.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from evaldash.columns import spec
from evaldash.db import schema
from evaldash.filters import Filters
from evaldash.measures import DEFAULT_THRESHOLD
from evaldash.metrics import memoized, query
from evaldash.metrics.delivered import plan_delivery

STATUS_ORDER = ("no_provider", "under_delivered", "ok")
"""Statuses of a cell, worst first."""

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), in km."""

# A ratio within this of the threshold counts as reaching it, so that rounding cannot decide a
# status: 2.4 of 3 planned hours is 0.7999999999999999 in floating point, and units stored as
# 4-byte floats (as DuckDB's FLOAT is) are off by up to ~1e-7.
_RATIO_TOLERANCE = 1e-6

_DEMAND_DTYPES = spec(
    "municipality_code",
    "region",
    "service_code",
    "participants_planned",
    "planned_units",
    "delivered_units",
    "unit",
    "category",
)
_CENTRE_DTYPES = spec("lat", "lon")
_DTYPES = _DEMAND_DTYPES | spec(
    "delivery_ratio",
    "providers",
    "median_km_to_provider",
    "km_to_provider",
    "status",
    "provider_in_municipality",
)

REGION_COLUMNS = (
    "region",
    "service_code",
    "participants_planned",
    "planned_units",
    "delivered_units",
    "delivery_ratio",
    "providers",
    "median_km_to_provider",
    "status",
    "unit",
    "category",
)
"""Columns of ``region_service_gaps``, in order."""

MUNICIPALITY_COLUMNS = (
    "municipality_code",
    "region",
    "service_code",
    "participants_planned",
    "planned_units",
    "delivered_units",
    "delivery_ratio",
    "providers",
    "km_to_provider",
    "status",
    "provider_in_municipality",
    "unit",
    "category",
)
"""Columns of ``municipality_service_gaps``, in order."""

MAP_COLUMNS = (
    "municipality_code",
    "region",
    "lat",
    "lon",
    "participants_planned",
    "worst_status",
)
"""Columns of ``map_points``, in order."""


def haversine_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Return the great-circle distance in km between points given in degrees.

    Arguments broadcast like numpy arrays (e.g. a column against a row gives a matrix). Uses a
    spherical Earth of radius ``EARTH_RADIUS_KM``; scalars give a 0-d array.
    """
    phi1, phi2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dphi = phi2 - phi1
    dlambda = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def region_service_gaps(
    engine: Engine, f: Filters, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Return one row per planning region and planned service of the selection.

    Columns:
        region (str): planning region code, e.g. ``KUR``; the participants' region.
        service_code (str).
        participants_planned (int64): distinct selected participants living in the region
            with the service in their plan (always > 0: cells without demand are absent).
        planned_units (float64): their planned units of the service.
        delivered_units (float64): their units of the service delivered within the period,
            each person's counted up to their planned units.
        delivery_ratio (float64): the share of planned units delivered, delivered_units /
            planned_units; NaN when planned is 0.
        providers (int64): distinct providers registered for the service in any municipality
            of the region (outreach providers count where they deliver).
        median_km_to_provider (float64): median over the participants of the km from their
            municipality's centre to the nearest centre of a municipality with a provider of
            the service (0 for a participant whose own municipality has one); NaN when no
            municipality in Latvia has one.
        status (str): ``no_provider`` (no provider in the region), ``under_delivered``
            (delivery ratio below ``threshold``) or ``ok``.
        unit (str): the service's unit (session, hour, day or trip) of the unit columns.
        category (str): the service category (``other`` when it has none).

    Sorted by status (worst first, as in ``STATUS_ORDER``), delivery ratio (lowest first,
    NaN last), region, service.
    """
    _check_threshold(threshold)
    served, regional = _providers(engine, f)
    demand = _with_km(_demand(engine, f), served)
    sums = ["participants_planned", "planned_units", "delivered_units"]
    keys = ["region", "service_code", "unit", "category"]
    rows = demand.groupby(keys, as_index=False, sort=False)[sums].sum()
    rows["median_km_to_provider"] = _median_km(demand, keys, rows)
    rows = rows.merge(regional, on=["region", "service_code"], how="left")
    rows["providers"] = rows["providers"].fillna(0)
    rows["delivery_ratio"] = _ratio(rows)
    rows["status"] = _status(rows["providers"] > 0, rows["delivery_ratio"], threshold)
    return _finish(rows, REGION_COLUMNS, ["region", "service_code"])


def municipality_service_gaps(
    engine: Engine, f: Filters, threshold: float = DEFAULT_THRESHOLD, region: str | None = None
) -> pd.DataFrame:
    """Return one row per municipality and planned service: the drill-down of a region.

    Columns as ``region_service_gaps`` for the participants living in one municipality, with
    ``municipality_code`` (str) first and these differences:
        providers (int64): distinct providers registered for the service in the municipality.
        km_to_provider (float64): km from the municipality's centre to the nearest centre of a
            municipality with a provider (0 when it has one itself; NaN when none in Latvia).
        status (str): ``no_provider`` means no provider in the municipality's *region*, as in
            the region view, so the two views agree; ``under_delivered`` compares the
            municipality's own delivery ratio with ``threshold``.
        provider_in_municipality (bool): whether the municipality itself has a provider.

    ``region`` (a region code) keeps only that region's municipalities. Sorted by status,
    delivery ratio (NaN last), region, municipality, service.
    """
    _check_threshold(threshold)
    served, regional = _providers(engine, f)
    rows = _with_km(_demand(engine, f, region), served)
    local = served[["municipality_code", "service_code", "providers"]]
    rows = rows.merge(local, on=["municipality_code", "service_code"], how="left")
    rows = rows.merge(
        regional.rename(columns={"providers": "region_providers"}),
        on=["region", "service_code"],
        how="left",
    )
    rows[["providers", "region_providers"]] = rows[["providers", "region_providers"]].fillna(0)
    rows["provider_in_municipality"] = rows["providers"] > 0
    rows["delivery_ratio"] = _ratio(rows)
    rows["status"] = _status(rows["region_providers"] > 0, rows["delivery_ratio"], threshold)
    return _finish(rows, MUNICIPALITY_COLUMNS, ["region", "municipality_code", "service_code"])


def map_points(engine: Engine, f: Filters, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Return one point per municipality with demand, for a bubble map.

    Columns: municipality_code, region (str), lat, lon (float64, the administrative centre in
    degrees), participants_planned (int64, distinct selected participants with any planned
    service of the selected categories), worst_status (str, the worst status over its services
    in ``municipality_service_gaps``). Sorted by municipality. With a period, the
    participants with a plan round in force in it, as the cells count them.
    """
    cells = municipality_service_gaps(engine, f, threshold)
    rank = cells["status"].map(STATUS_ORDER.index)
    worst = rank.groupby(cells["municipality_code"]).min().map(lambda i: STATUS_ORDER[i])
    ps, pu, p, m = (
        schema.plan_summary,
        schema.participant_usage,
        schema.participant,
        schema.municipality,
    )
    place = p.c.municipality_code
    if f.period_from or f.period_to:  # plans in force in the period, as the cells count them
        plans = plan_delivery(engine, f)
        planners = (
            sa.select(plans.c.participant_key, plans.c.municipality_code)
            .distinct()
            .subquery("planners")
        )
        place, people, clauses = planners.c.municipality_code, sa.func.count(), []
    elif f.categories:  # the participants with a plan of the groups: among all their plans
        planners = ps.join(p, p.c.participant_key == ps.c.participant_key)
        people = sa.func.count(sa.distinct(ps.c.participant_key))
        clauses = [*f.participant_clauses(), *f.category_clauses(ps.c.service_code)]
    else:  # any plan: one row per participant (a tenth of the time at national scale)
        planners = pu.join(p, p.c.participant_key == pu.c.participant_key)
        people = sa.func.count()
        clauses = [*f.participant_clauses(), pu.c.has_plan]
    stmt = (
        sa.select(
            m.c.municipality_code,
            m.c.region_code.label("region"),
            m.c.centre_lat.label("lat"),
            m.c.centre_lon.label("lon"),
            people.label("participants_planned"),
        )
        .select_from(planners.join(m, m.c.municipality_code == place))
        .where(*clauses)
        .group_by(m.c.municipality_code, m.c.region_code, m.c.centre_lat, m.c.centre_lon)
        .order_by(m.c.municipality_code)
    )
    points = _rounded_centres(
        query(
            engine,
            stmt,
            spec("municipality_code", "region", "lat", "lon", "participants_planned"),
        )
    )
    points["worst_status"] = points["municipality_code"].map(worst).astype("str")
    return points


def worst_gaps(gaps_frame: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """Return the ``n`` worst gaps of a region or municipality gaps frame, ranked.

    Cells with status ``no_provider`` come first, most participants first; then
    ``under_delivered`` cells, lowest delivery ratio first. Cells with status ``ok`` are not
    gaps and are left out. Ties are broken by region, municipality (if present) and service.
    Columns as in ``gaps_frame``; the index is 0..n-1.
    """
    needed = ["status", "participants_planned", "delivery_ratio", "region", "service_code"]
    missing = [c for c in needed if c not in gaps_frame.columns]
    if missing:
        raise ValueError(
            f"worst_gaps needs the columns {missing}; the frame has {list(gaps_frame.columns)}. "
            "Pass the result of region_service_gaps or municipality_service_gaps."
        )
    keys = [c for c in ("region", "municipality_code", "service_code") if c in gaps_frame]
    gaps = gaps_frame[gaps_frame["status"] != "ok"]
    no_provider = gaps["status"] == "no_provider"
    ranked = pd.concat(
        [
            gaps[no_provider].sort_values(
                ["participants_planned", "delivery_ratio", *keys],
                ascending=[False, True, *[True] * len(keys)],
                na_position="last",
                kind="stable",
            ),
            gaps[~no_provider].sort_values(
                ["delivery_ratio", "participants_planned", *keys],
                ascending=[True, False, *[True] * len(keys)],
                na_position="last",
                kind="stable",
            ),
        ]
    )
    return ranked.head(n).reset_index(drop=True)


# --- helpers -------------------------------------------------------------------------------------


def _check_threshold(threshold: float) -> None:
    if not 0 <= threshold < float("inf"):
        raise ValueError(
            f"threshold must be a delivery ratio >= 0 (e.g. 0.8 for 80 %), got {threshold!r}"
        )


def _demand(engine: Engine, f: Filters, region: str | None = None) -> pd.DataFrame:
    """Return planned and delivered units per municipality and service (rows with demand).

    Columns as ``_DEMAND_DTYPES``; ``region`` keeps one region's municipalities. The regions,
    the drill-down and the map of a page share one reading (:func:`_demand_everywhere`).
    """
    demand = _demand_everywhere(engine, f)
    if region is not None:
        demand = demand[demand["region"] == region].reset_index(drop=True)
    return demand


@memoized
def _demand_everywhere(engine: Engine, f: Filters) -> pd.DataFrame:
    """:func:`_demand` of every municipality, read once per :func:`~evaldash.metrics.shared`.

    The selected participants' plans and what was delivered of them
    (:func:`~evaldash.metrics.delivered.plan_delivery`, each person's deliveries counted up
    to their plan), added up per municipality and service.
    """
    m, s = schema.municipality, schema.service
    plans = plan_delivery(engine, f)
    need = (
        sa.select(
            plans.c.municipality_code,
            plans.c.service_code,
            sa.func.count().label("participants_planned"),
            sa.func.sum(plans.c.planned_units).label("planned_units"),
            sa.func.sum(plans.c.delivered_units).label("delivered_units"),
        )
        .group_by(plans.c.municipality_code, plans.c.service_code)
        .subquery("need")
    )
    stmt = sa.select(
        m.c.municipality_code,
        m.c.region_code.label("region"),
        m.c.centre_lat.label("lat"),
        m.c.centre_lon.label("lon"),
        need.c.service_code,
        need.c.participants_planned,
        sa.cast(need.c.planned_units, sa.Float).label("planned_units"),
        sa.cast(sa.func.coalesce(need.c.delivered_units, 0), sa.Float).label("delivered_units"),
        s.c.unit,
        sa.func.coalesce(s.c.category, "other").label("category"),
    ).select_from(
        need.join(m, m.c.municipality_code == need.c.municipality_code).join(
            s, s.c.service_code == need.c.service_code
        )
    )
    return _rounded_centres(query(engine, stmt, {**_DEMAND_DTYPES, **_CENTRE_DTYPES}))


def _providers(engine: Engine, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return distinct providers per service in each municipality and in each region.

    One statement (a connection costs more than these small groupings): the first frame has
    municipality_code, region, lat, lon, service_code, providers; the second region,
    service_code, providers. Both list only places with at least one provider.
    """
    ps, m = schema.provider_service, schema.municipality
    clauses = f.category_clauses(ps.c.service_code)
    registered = ps.join(m, m.c.municipality_code == ps.c.municipality_code)
    providers = sa.func.count(sa.distinct(ps.c.provider_id)).label("providers")
    in_municipality = (
        sa.select(
            m.c.municipality_code,
            m.c.region_code.label("region"),
            m.c.centre_lat.label("lat"),
            m.c.centre_lon.label("lon"),
            ps.c.service_code,
            providers,
        )
        .select_from(registered)
        .where(*clauses)
        .group_by(
            m.c.municipality_code,
            m.c.region_code,
            m.c.centre_lat,
            m.c.centre_lon,
            ps.c.service_code,
        )
    )
    # Region rows have no municipality; a provider in two of its municipalities counts once.
    in_region = (
        sa.select(
            sa.null().label("municipality_code"),
            m.c.region_code.label("region"),
            sa.null().label("lat"),
            sa.null().label("lon"),
            ps.c.service_code,
            providers,
        )
        .select_from(registered)
        .where(*clauses)
        .group_by(m.c.region_code, ps.c.service_code)
    )
    both = query(
        engine,
        sa.union_all(in_municipality, in_region),
        spec("municipality_code", "region", "lat", "lon", "service_code", "providers"),
    )
    is_region = both["municipality_code"].isna()
    served = _rounded_centres(both[~is_region].reset_index(drop=True))
    regional = both.loc[is_region, ["region", "service_code", "providers"]].reset_index(drop=True)
    return served, regional


def _rounded_centres(frame: pd.DataFrame) -> pd.DataFrame:
    """Round centre coordinates to 5 decimals (about 1 m).

    The shipped centres have 3 decimals; DuckDB may hand them back with 4-byte float noise
    (57.246 as 57.24599838256836), which would make the two databases' distances differ.
    """
    return frame.assign(lat=frame["lat"].round(5), lon=frame["lon"].round(5))


def _with_km(demand: pd.DataFrame, served: pd.DataFrame) -> pd.DataFrame:
    """Add ``km_to_provider`` to demand rows: km from their centre to the nearest provider.

    ``served`` lists the municipalities (with centres) that have a provider of each service.
    Demand for a service no municipality has gets NaN.
    """
    keys = ["municipality_code", "service_code"]
    pairs = demand[[*keys, "lat", "lon"]].merge(
        served[["service_code", "lat", "lon"]], on="service_code", suffixes=("", "_provider")
    )
    pairs["km_to_provider"] = haversine_km(
        pairs["lat"], pairs["lon"], pairs["lat_provider"], pairs["lon_provider"]
    )
    nearest = pairs.groupby(keys)["km_to_provider"].min()
    return demand.join(nearest, on=keys).astype(spec("km_to_provider"))


def _median_km(demand: pd.DataFrame, keys: list[str], rows: pd.DataFrame) -> pd.Series:
    """Median over participants of ``km_to_provider``, for each group of ``keys`` in ``rows``.

    Each demand row stands for its ``participants_planned`` participants at one distance; the
    median is that of those participants (the middle one, or the mean of the middle two), as
    numpy's of the list with every participant repeated, without building that list.
    """
    if rows.empty:  # pandas cannot join on empty Arrow-backed string keys
        return pd.Series(index=rows.index, dtype="float64")
    known = demand[demand["km_to_provider"].notna() & (demand["participants_planned"] > 0)]
    ordered = known.sort_values([*keys, "km_to_provider"], kind="stable")
    weights = ordered["participants_planned"].to_numpy(np.int64)
    km = ordered["km_to_provider"].to_numpy(float)
    group = ordered.groupby(keys, sort=False).ngroup().to_numpy()
    ends = np.cumsum(weights)  # participants up to and including each row
    first = np.r_[0, np.flatnonzero(np.diff(group)) + 1]  # each group's first row
    before = ends[first] - weights[first]  # participants of the earlier groups
    total = np.add.reduceat(weights, first)
    middle = [before + (total - 1) // 2, before + total // 2]  # 0-based positions
    low, high = (km[np.searchsorted(ends, at, side="right")] for at in middle)
    medians = pd.Series((low + high) / 2, index=pd.MultiIndex.from_frame(ordered.iloc[first][keys]))
    if len(keys) == 1:
        medians.index = medians.index.get_level_values(0)
    return rows.join(medians.rename("km"), on=keys)["km"].astype("float64")


def _ratio(rows: pd.DataFrame) -> pd.Series:
    planned = rows["planned_units"].where(rows["planned_units"] > 0)
    return (rows["delivered_units"] / planned).astype("float64")


def _status(has_provider: pd.Series, ratio: pd.Series, threshold: float) -> pd.Series:
    """Return each cell's status; a NaN ratio (nothing planned) is not under-delivered."""
    status = np.select(
        [~has_provider.to_numpy(bool), (ratio < threshold - _RATIO_TOLERANCE).to_numpy(bool)],
        ["no_provider", "under_delivered"],
        default="ok",
    )
    return pd.Series(status, index=has_provider.index, dtype="str")


def _finish(rows: pd.DataFrame, columns: tuple[str, ...], keys: list[str]) -> pd.DataFrame:
    """Order rows worst first and keep ``columns`` with their dtypes."""
    rank = rows["status"].map(STATUS_ORDER.index).rename("_rank")
    rows = pd.concat([rows, rank], axis=1).sort_values(
        ["_rank", "delivery_ratio", *keys], na_position="last", kind="stable"
    )
    return rows[list(columns)].reset_index(drop=True).astype({c: _DTYPES[c] for c in columns})
