import datetime as dt

import numpy as np
import pandas as pd
import pytest

from evaldash import demo
from evaldash.resources import data_file

OTHER_SEEDS = (1, 7)

EXPECTED_COLUMNS = {
    "pilots": ["pilot_id", "name", "target_group", "start_date", "end_date"],
    "participants": [
        "participant_id",
        "pilot_id",
        "municipality",
        "sex",
        "birth_year",
        "enrolled_on",
        "left_on",
        "budget_eur",
    ],
    "domains": [
        "domain",
        "name_lv",
        "name_en",
        "scale_min",
        "scale_max",
        "higher_is_better",
        "mid",
    ],
    "assessments": ["participant_id", "round", "assessed_on", "domain", "score"],
    "plans": ["participant_id", "round", "service", "planned_units", "priority"],
    "usage": ["participant_id", "service", "delivered_on", "units", "cost_eur", "provider_id"],
    "providers": ["provider_id", "name", "service", "municipality", "outreach"],
}

CHILDREN_MUNICIPALITIES = {
    "LV-097",
    "LV-LPX",
    "LV-099",
    "LV-REZ",
    "LV-113",
    "LV-JEL",
    "LV-067",
    "LV-050",
    "LV-007",
    "LV-RIX",
}
ADULTS_MUNICIPALITIES = {
    "LV-JEL",
    "LV-016",
    "LV-LPX",
    "LV-097",
    "LV-111",
    "LV-015",
    "LV-022",
    "LV-033",
    "LV-099",
    "LV-113",
}
TALSI_GAP = {"ABA", "REIT", "MIKROLOGO", "AUDLOGO", "ERGO"}
CESIS_ADULTS = {
    "FIZIO": 10,
    "ATB_PERS": 8,
    "DEJU_TER": 7,
    "PSIH": 4,
    "ERGO": 4,
    "MUZ_TER": 4,
    "MAKSL_TER": 4,
    "UZTURS": 3,
    "AUDLOGO": 2,
    "APRUPE_MAJAS": 1,
    "SPEC_PED": 1,
    "MONTESSORI": 1,
    "KANIS": 1,
    "PAVADONIS": 1,
}


@pytest.fixture(scope="module")
def package():
    return demo.generate()


@pytest.fixture(scope="module", params=(demo.DEMO_SEED, *OTHER_SEEDS))
def any_package(request):
    return demo.generate(request.param)


@pytest.fixture(scope="module")
def services():
    return pd.read_csv(data_file("services.csv"))


@pytest.fixture(scope="module")
def regions():
    frame = pd.read_csv(data_file("municipalities.csv"))
    return dict(zip(frame["municipality_code"], frame["region_code"], strict=True))


def _with_participant(frame, package, *columns):
    return frame.merge(package["participants"][["participant_id", *columns]], how="left")


def _kurzeme(frame, regions):
    return frame["municipality"].map(regions) == "KUR"


# --- determinism and format -------------------------------------------------------------------


def test_same_seed_gives_identical_frames(package):
    again = demo.generate(demo.DEMO_SEED)
    assert again.keys() == package.keys()
    for name, frame in package.items():
        pd.testing.assert_frame_equal(again[name], frame, obj=name)


@pytest.mark.parametrize("seed", OTHER_SEEDS)
def test_other_seed_changes_numbers_not_pilots_or_places(package, seed):
    other = demo.generate(seed)
    pd.testing.assert_frame_equal(other["pilots"], package["pilots"])
    pd.testing.assert_frame_equal(other["domains"], package["domains"])
    keys = ["pilot_id", "participant_id", "municipality"]
    pd.testing.assert_frame_equal(other["participants"][keys], package["participants"][keys])
    assert not other["participants"]["budget_eur"].equals(package["participants"]["budget_eur"])
    assert not other["assessments"].equals(package["assessments"])
    assert not other["usage"].equals(package["usage"])


def test_tables_and_columns_are_exactly_the_package_format(package):
    assert list(package) == list(EXPECTED_COLUMNS)
    expected = {name: tuple(columns) for name, columns in EXPECTED_COLUMNS.items()}
    assert expected == demo.COLUMNS
    for name, columns in EXPECTED_COLUMNS.items():
        assert list(package[name].columns) == columns, name


@pytest.mark.parametrize(
    ("table", "column", "dtype"),
    [
        ("participants", "birth_year", "int64"),
        ("participants", "budget_eur", "float64"),
        ("assessments", "round", "int64"),
        ("assessments", "score", "float64"),
        ("plans", "round", "int64"),
        ("plans", "priority", "int64"),
        ("plans", "planned_units", "float64"),
        ("usage", "units", "float64"),
        ("usage", "cost_eur", "float64"),
        ("domains", "scale_min", "float64"),
        ("domains", "scale_max", "float64"),
        ("domains", "mid", "float64"),
        ("domains", "higher_is_better", "bool"),
        ("providers", "outreach", "bool"),
    ],
)
def test_column_dtypes(package, table, column, dtype):
    assert package[table][column].dtype == dtype


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("pilots", "start_date"),
        ("pilots", "end_date"),
        ("participants", "enrolled_on"),
        ("assessments", "assessed_on"),
        ("usage", "delivered_on"),
    ],
)
def test_dates_are_python_dates(package, table, column):
    values = package[table][column]
    assert values.dtype == object
    assert all(type(value) is dt.date for value in values)


def test_left_on_is_a_date_or_none(package):
    left = package["participants"]["left_on"]
    assert left.dtype == object
    assert all(value is None or type(value) is dt.date for value in left)
    assert left.notna().sum() >= 4


def test_frames_are_sorted_with_a_fresh_index(package):
    for name, frame in package.items():
        pd.testing.assert_index_equal(frame.index, pd.RangeIndex(len(frame)), obj=name)
    plans = package["plans"]
    expected = plans.sort_values(["participant_id", "round", "priority"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(plans, expected)


def test_money_has_two_decimals(package):
    for values in (package["participants"]["budget_eur"], package["usage"]["cost_eur"]):
        assert np.allclose(values, values.round(2))


# --- pilots and participants ------------------------------------------------------------------


def test_pilots(package):
    pilots = package["pilots"].set_index("pilot_id")
    assert list(pilots.index) == [demo.CHILDREN_PILOT, demo.ADULTS_PILOT]
    assert pilots.loc[demo.CHILDREN_PILOT, "start_date"] == dt.date(2018, 9, 1)
    assert pilots.loc[demo.CHILDREN_PILOT, "end_date"] == dt.date(2019, 10, 31)
    assert pilots.loc[demo.ADULTS_PILOT, "start_date"] == dt.date(2019, 11, 1)
    assert pilots.loc[demo.ADULTS_PILOT, "end_date"] == dt.date(2021, 1, 31)
    assert pilots["name"].str.startswith("Individuālā budžeta modelis").all()


@pytest.mark.parametrize(
    ("pilot_id", "municipalities"),
    [(demo.CHILDREN_PILOT, CHILDREN_MUNICIPALITIES), (demo.ADULTS_PILOT, ADULTS_MUNICIPALITIES)],
)
def test_ten_participants_in_each_of_ten_municipalities(package, pilot_id, municipalities):
    participants = package["participants"]
    counts = participants.loc[participants["pilot_id"] == pilot_id, "municipality"].value_counts()
    assert set(counts.index) == municipalities
    assert (counts == 10).all()


def test_children_municipalities_cover_all_planning_regions(package, regions):
    participants = package["participants"]
    children = participants[participants["pilot_id"] == demo.CHILDREN_PILOT]
    assert set(children["municipality"].map(regions)) == {"KUR", "LAT", "RIG", "VID", "ZEM"}


def test_participant_codes_are_pseudonymous_and_unique(package):
    participants = package["participants"]
    assert participants["participant_id"].str.fullmatch(r"[AB]-[A-Z]{3}-\d{2}").all()
    prefix = participants["pilot_id"].map({demo.CHILDREN_PILOT: "B", demo.ADULTS_PILOT: "A"})
    assert (participants["participant_id"].str[0] == prefix).all()
    assert not participants.duplicated(["pilot_id", "participant_id"]).any()
    assert participants["participant_id"].is_unique
    letters = participants["participant_id"].str[2:5]
    assert (letters.groupby(participants["municipality"]).nunique() == 1).all()
    assert letters[participants["municipality"] == "LV-097"].eq("TAL").all()


def test_demographics_and_budgets(package):
    participants = package["participants"]
    assert set(participants["sex"]) == {"F", "M"}
    children = participants["pilot_id"] == demo.CHILDREN_PILOT
    assert participants.loc[children, "birth_year"].between(2001, 2016).all()
    assert participants.loc[~children, "birth_year"].between(1955, 2001).all()
    assert participants.loc[children, "budget_eur"].between(1500, 3500).all()
    assert participants.loc[~children, "budget_eur"].between(2000, 4500).all()


def test_demo_reference_copies_agree_with_data_files(services, regions):
    units = dict(zip(services["service_code"], services["unit"], strict=True))
    for code, unit in demo.SERVICE_UNITS.items():
        assert units[code] == unit, code
    municipalities = pd.read_csv(data_file("municipalities.csv")).set_index("municipality_code")
    for code, place in demo.PLACES.items():
        assert regions[code] == place.region, code
        assert municipalities.loc[code, "centre_lat"] == pytest.approx(place.lat)
        assert municipalities.loc[code, "centre_lon"] == pytest.approx(place.lon)


# --- assessments ------------------------------------------------------------------------------


def test_domains(package):
    domains = package["domains"].set_index("domain")
    assert len(domains) == 8
    assert (domains["scale_max"] > domains["scale_min"]).all()
    assert (domains["mid"] > 0).all()
    assert domains.loc["mobility", ["scale_min", "scale_max", "higher_is_better"]].tolist() == [
        0.0,
        4.0,
        False,
    ]
    assert not domains.loc["home_living", "higher_is_better"]
    assert domains.loc["goal_attainment", ["scale_min", "scale_max"]].tolist() == [-2.0, 2.0]


def test_scores_are_whole_numbers_within_the_scale(any_package):
    scored = any_package["assessments"].merge(any_package["domains"], on="domain")
    assert len(scored) == len(any_package["assessments"])
    assert scored["score"].between(scored["scale_min"], scored["scale_max"]).all()
    assert (scored["score"] == scored["score"].round()).all()


def test_each_assessment_scores_the_pilots_four_domains(package):
    assessments = _with_participant(package["assessments"], package, "pilot_id")
    per_visit = assessments.groupby(["participant_id", "round"])["domain"].nunique()
    assert (per_visit == 4).all()
    domains = assessments.groupby("pilot_id")["domain"].unique().map(set)
    assert domains[demo.CHILDREN_PILOT].isdisjoint(domains[demo.ADULTS_PILOT])
    assert not assessments.duplicated(["participant_id", "round", "domain"]).any()


def _visits(package):
    assessments = _with_participant(package["assessments"], package, "pilot_id", "municipality")
    return assessments.drop_duplicates(["participant_id", "round"]).assign(
        month=lambda f: [d.strftime("%Y-%m") for d in f["assessed_on"]]
    )


@pytest.mark.parametrize(
    ("pilot_id", "round_", "months"),
    [
        (demo.CHILDREN_PILOT, 1, {"2018-09"}),
        (demo.CHILDREN_PILOT, 2, {"2019-02"}),
        (demo.CHILDREN_PILOT, 3, {"2019-10"}),
        (demo.ADULTS_PILOT, 1, {"2019-08", "2019-09", "2019-10"}),
        (demo.ADULTS_PILOT, 2, {"2021-01"}),
    ],
)
def test_rounds_take_place_in_the_reported_months(any_package, pilot_id, round_, months):
    visits = _visits(any_package)
    chosen = visits[(visits["pilot_id"] == pilot_id) & (visits["round"] == round_)]
    assert len(chosen) > 0
    assert set(chosen["month"]) <= months


def test_talsi_children_were_reassessed_on_10_february_2019(any_package):
    visits = _visits(any_package)
    talsi = visits[(visits["participant_id"].str.startswith("B-TAL")) & (visits["round"] == 2)]
    assert len(talsi) >= 7
    assert set(talsi["assessed_on"]) == {dt.date(2019, 2, 10)}


def test_some_reassessments_are_missing(any_package):
    visits = _visits(any_package)
    rounds = visits.groupby(["pilot_id", "participant_id"])["round"].agg(["min", "count"])
    assert (rounds["min"] == 1).all()  # everybody has the initial assessment
    missing = (
        (
            rounds["count"]
            < rounds.index.get_level_values("pilot_id").map(
                {demo.CHILDREN_PILOT: 3, demo.ADULTS_PILOT: 2}
            )
        )
        .groupby("pilot_id")
        .sum()
    )
    assert 5 <= missing[demo.CHILDREN_PILOT] <= 10
    assert 7 <= missing[demo.ADULTS_PILOT] <= 12


def test_nobody_is_assessed_after_leaving(any_package):
    visits = _with_participant(
        _visits(any_package).drop(columns="pilot_id"), any_package, "left_on", "enrolled_on"
    )
    left = visits[visits["left_on"].notna()]
    assert len(left) > 0
    assert (left["assessed_on"] < left["left_on"]).all()
    assert (visits["enrolled_on"] <= visits["assessed_on"]).all()


def test_progress_is_modest_and_in_the_better_direction(package):
    assessments = package["assessments"].merge(package["domains"], on="domain")
    wide = assessments.pivot_table(
        index=["participant_id", "domain"], columns="round", values="score"
    )
    better = package["domains"].set_index("domain")["higher_is_better"]
    for domain, last in [
        ("communication", 3),
        ("mobility", 3),
        ("home_living", 2),
        ("goal_attainment", 2),
    ]:
        rows = wide.xs(domain, level="domain").dropna(subset=[1, last])
        change = (rows[last] - rows[1]) * (1 if better[domain] else -1)
        assert 0 < change.mean() < 3, domain
        assert (change < 0).any() or domain == "mobility", domain
    goals = wide.xs("goal_attainment", level="domain")
    assert goals[1].median() == -1
    assert 0 <= goals[2].mean() <= 1


# --- plans ------------------------------------------------------------------------------------


def test_plans_use_catalogue_services_with_unique_priorities(any_package, services):
    plans = any_package["plans"]
    assert set(plans["service"]) <= set(services["service_code"])
    per_plan = plans.groupby(["participant_id", "round"])
    assert per_plan.size().between(3, 8).all()
    assert not plans.duplicated(["participant_id", "round", "priority"]).any()
    assert not plans.duplicated(["participant_id", "round", "service"]).any()
    assert (per_plan["priority"].max() == per_plan.size()).all()
    assert (plans["priority"] >= 1).all()
    assert (plans["planned_units"] > 0).all()


def test_plans_follow_assessments(package):
    plans = _with_participant(package["plans"], package, "pilot_id")
    visits = _visits(package)
    planned = set(zip(plans["participant_id"], plans["round"], strict=True))
    assessed = set(zip(visits["participant_id"], visits["round"], strict=True))
    assert planned <= assessed
    assert set(package["participants"]["participant_id"]) == {p for p, r in planned if r == 1}
    assert set(plans.loc[plans["pilot_id"] == demo.ADULTS_PILOT, "round"]) == {1}
    assert set(plans.loc[plans["pilot_id"] == demo.CHILDREN_PILOT, "round"]) == {1, 2}


def test_cesis_adults_have_the_reported_services(any_package):
    plans = any_package["plans"]
    cesis = plans[plans["participant_id"].str.startswith("A-CES")]
    assert cesis.groupby("service")["participant_id"].nunique().to_dict() == CESIS_ADULTS


def test_talsi_adults_all_have_a_support_person_then_group_sessions(any_package):
    plans = any_package["plans"]
    talsi = plans[plans["participant_id"].str.startswith("A-TAL")]
    counts = talsi.groupby("service")["participant_id"].nunique().sort_values(ascending=False)
    assert counts["ATB_PERS"] == 10
    assert counts.index[1] == "ATB_GRUPA"
    assert counts.drop(["ATB_PERS", "ATB_GRUPA"]).max() <= min(counts["PSIH"], counts["DAC_GRT"])


def test_support_person_is_the_adults_most_common_service(package):
    plans = package["plans"]
    adults = plans[plans["participant_id"].str.startswith("A-")]
    counts = adults.groupby("service")["participant_id"].nunique()
    assert counts.idxmax() == "ATB_PERS"
    assert counts["GRUPU_MAJA"] < counts["ATELPA"] < counts["FIZIO"]


def test_planned_units_are_plausible(package, services):
    plans = package["plans"].merge(services, left_on="service", right_on="service_code")
    limits = {"session": 40, "hour": 400, "day": 60, "trip": 40}
    assert (plans["planned_units"] <= plans["unit"].map(limits)).all()
    assert (plans["planned_units"] == plans["planned_units"].round()).all()


# --- usage ------------------------------------------------------------------------------------


def test_usage_volume(package):
    assert 5_000 <= len(package["usage"]) <= 15_000
    assert (package["usage"]["units"] > 0).all()
    assert (package["usage"]["cost_eur"] > 0).all()


def test_usage_only_of_services_in_the_participants_plans(any_package):
    planned = any_package["plans"][["participant_id", "service"]].drop_duplicates()
    used = any_package["usage"][["participant_id", "service"]].drop_duplicates()
    unplanned = used.merge(planned, how="left", indicator=True).query("_merge == 'left_only'")
    assert unplanned.empty, unplanned


def test_usage_dates_within_each_participants_period(any_package):
    usage = _with_participant(
        any_package["usage"], any_package, "pilot_id", "enrolled_on", "left_on"
    )
    usage = usage.merge(any_package["pilots"][["pilot_id", "start_date", "end_date"]])
    assert (usage["delivered_on"] >= usage["enrolled_on"]).all()
    assert (usage["delivered_on"] >= usage["start_date"]).all()
    assert (usage["delivered_on"] <= usage["end_date"]).all()
    left = usage[usage["left_on"].notna()]
    assert len(left) > 0
    assert (left["delivered_on"] < left["left_on"]).all()
    first_visit = _visits(any_package).groupby("participant_id")["assessed_on"].min()
    assert (usage["delivered_on"] > usage["participant_id"].map(first_visit)).all()


def test_every_delivery_comes_from_a_provider_of_that_service(any_package):
    offers = any_package["providers"][["provider_id", "service"]].drop_duplicates()
    usage = any_package["usage"].merge(offers, how="left", indicator=True)
    assert (usage["_merge"] == "both").all()


def test_costs_are_units_times_the_providers_price(package, services):
    usage = package["usage"].merge(services, left_on="service", right_on="service_code")
    price = usage["cost_eur"] / usage["units"]
    spread = price.groupby([usage["provider_id"], usage["service"]]).agg(["min", "max"])
    assert (spread["max"] - spread["min"] < 0.01).all()
    ranges = {"session": (20, 45), "hour": (6, 12), "day": (15, 60), "trip": (5, 20)}
    low = usage["unit"].map(lambda u: ranges[u][0]).where(usage["service"] != "ATB_GRUPA", 15)
    high = usage["unit"].map(lambda u: ranges[u][1]).where(usage["service"] != "ABA", 50)
    assert price.between(low, high).all()
    assert price[usage["service"] == "ABA"].between(40, 50).all()
    assert price[usage["service"] == "ATELPA"].between(40, 60).all()


def test_spending_stays_mostly_within_budget(any_package):
    participants = any_package["participants"].set_index("participant_id")
    spent = any_package["usage"].groupby("participant_id")["cost_eur"].sum()
    spent = spent.reindex(participants.index, fill_value=0.0)
    share = (
        spent.groupby(participants["pilot_id"]).sum()
        / participants.groupby("pilot_id")["budget_eur"].sum()
    )
    assert share.between(0.6, 0.95).all(), share
    assert (spent <= participants["budget_eur"]).mean() >= 0.9


def test_usage_is_mostly_most_of_the_plan(package):
    planned = package["plans"].groupby(["participant_id", "service"])["planned_units"].sum()
    used = package["usage"].groupby(["participant_id", "service"])["units"].sum()
    ratio = (used / planned).dropna()
    assert ratio.max() <= 1.0
    assert 0.6 <= ratio.median() <= 0.9


# --- providers and gaps -----------------------------------------------------------------------


def test_provider_rows_are_unique_and_named_consistently(any_package):
    providers = any_package["providers"]
    assert not providers.duplicated(["provider_id", "service", "municipality"]).any()
    assert providers["provider_id"].str.fullmatch(r"PRV-\d{3}").all()
    assert (providers.groupby("provider_id")["name"].nunique() == 1).all()
    seats = providers[~providers["outreach"]].groupby("provider_id")["municipality"].nunique()
    assert set(seats.index) == set(providers["provider_id"])
    assert (seats == 1).all()


def test_common_services_have_providers_in_all_regions(any_package, regions):
    providers = any_package["providers"]
    for service in ("FIZIO", "LOGO", "PSIH", "SPEC_PED", "ATB_PERS", "APRUPE_MAJAS"):
        places = providers.loc[providers["service"] == service, "municipality"]
        assert set(places.map(regions)) == {"KUR", "LAT", "RIG", "VID", "ZEM"}, service


def test_cesis_provider_reaches_aluksne_and_gulbene(any_package):
    providers = any_package["providers"]
    seated_in_cesis = set(
        providers.loc[
            (providers["municipality"] == "LV-022") & ~providers["outreach"], "provider_id"
        ]
    )
    outreach = providers[providers["outreach"] & providers["provider_id"].isin(seated_in_cesis)]
    assert {"LV-007", "LV-033"} <= set(outreach["municipality"])


def test_no_respite_provider_in_kurzeme(any_package, regions):
    providers = any_package["providers"]
    respite = providers[providers["service"] == "ATELPA"]
    assert len(respite) > 0
    assert not _kurzeme(respite, regions).any()


def test_kurzeme_adults_planning_respite_get_none(any_package, regions):
    plans = _with_participant(any_package["plans"], any_package, "municipality")
    wanted = plans[
        (plans["service"] == "ATELPA")
        & _kurzeme(plans, regions)
        & plans["participant_id"].str.startswith("A-")
    ]
    assert len(wanted) > 0
    usage = any_package["usage"]
    got = usage[
        (usage["service"] == "ATELPA") & usage["participant_id"].isin(wanted["participant_id"])
    ]
    assert got.empty


def test_talsi_has_no_specialised_therapy_provider(any_package):
    providers = any_package["providers"]
    in_talsi = providers[providers["municipality"] == "LV-097"]
    assert len(in_talsi) > 0
    assert TALSI_GAP.isdisjoint(in_talsi["service"])


def _talsi_children_gap(frame):
    return frame["participant_id"].str.startswith("B-TAL") & frame["service"].isin(TALSI_GAP)


def test_some_talsi_children_go_without_a_missing_therapy(package):
    plans = package["plans"]
    talsi = plans[_talsi_children_gap(plans)]
    wanted = set(zip(talsi["participant_id"], talsi["service"], strict=True))
    usage = package["usage"]
    got = set(zip(usage["participant_id"], usage["service"], strict=True))
    assert wanted - got
    assert wanted & got


def test_talsi_children_get_missing_therapies_only_partly_and_elsewhere(any_package):
    plans = any_package["plans"]
    talsi = plans[_talsi_children_gap(plans)]
    assert {"ABA", "REIT", "MIKROLOGO"} <= set(talsi["service"])
    planned = talsi.groupby(["participant_id", "service"])["planned_units"].sum()
    usage = any_package["usage"]
    usage = usage[_talsi_children_gap(usage)]
    used = usage.groupby(["participant_id", "service"])["units"].sum()
    assert (used.reindex(planned.index, fill_value=0) <= 0.5 * planned).all()
    providers = any_package["providers"]
    away = providers[providers["municipality"].isin({"LV-RIX", "LV-099"})]
    offers = set(zip(away["provider_id"], away["service"], strict=True))
    assert set(zip(usage["provider_id"], usage["service"], strict=True)) <= offers
