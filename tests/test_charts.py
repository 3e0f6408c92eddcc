"""Chart functions: traces and layout checked on the figure spec, never pixels."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from evaldash import charts


def spend(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["month", "category", "cost_eur"]).assign(
        month=lambda d: pd.to_datetime(d["month"])
    )


def test_spend_over_time_stacks_categories_and_adds_cumulative_and_budget():
    df = spend(
        [
            ("2020-01-01", "care", 100.0),
            ("2020-01-01", "respite", 50.0),
            ("2020-02-01", "care", 30.0),
        ]
    )
    fig = charts.spend_over_time(
        df,
        budget=1000.0,
        title="Spending",
        names={"care": "Aprūpe"},
        labels={"cumulative": "Kopā", "budget": "Budžets"},
    )
    bars = [t for t in fig.data if t.type == "bar"]
    lines = [t for t in fig.data if t.type == "scatter"]
    assert [b.name for b in bars] == ["Aprūpe", "respite"]  # largest first
    assert list(bars[0].y) == [100.0, 30.0]
    assert bars[0].marker.color == charts.CATEGORY_COLOURS["care"]
    assert [ln.name for ln in lines] == ["Kopā", "Budžets"]
    assert list(lines[0].y) == [150.0, 180.0]
    assert list(lines[1].y) == [1000.0, 1000.0] and lines[1].yaxis == "y2"
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == "Spending"
    assert fig.layout.template.layout.font.family == charts.FONT


def test_small_categories_are_grouped_as_other_and_drawn_last():
    rows = [
        ("2020-01-01", c, float(v))
        for c, v in zip(charts.CATEGORY_ORDER[:5], [50, 40, 30, 20, 10], strict=True)
    ]
    fig = charts.spend_over_time(spend(rows), keep=2, labels={"other": "Citi"})
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.name for b in bars] == list(charts.CATEGORY_ORDER[:2]) + ["Citi"]
    assert list(bars[-1].y) == [60.0]
    assert bars[-1].marker.color == charts.OTHER_COLOUR


def test_no_budget_line_without_budget():
    fig = charts.spend_over_time(spend([("2020-01-01", "care", 1.0)]), budget=None)
    assert len([t for t in fig.data if t.type == "scatter"]) == 1


def test_every_category_has_its_own_fixed_colour():
    assert len(set(charts.CATEGORY_COLOURS.values())) == len(charts.CATEGORY_ORDER) == 19


def test_missing_column_is_named_with_the_available_ones():
    df = pd.DataFrame({"month": [], "cost": []})
    with pytest.raises(
        ValueError, match=r"'category' is not the name of a column.*\['month', 'cost'\]"
    ):
        charts.spend_over_time(df, y="cost")


RANKING = pd.DataFrame(
    {
        "service_code": ["FIZIO", "ATB_PERS", "LOGO"],
        "category": ["rehabilitation_specialist", "personal_support", "communication"],
        "participants": [5, 9, 2],
        "delivery_ratio": [0.5, 0.9, None],
    }
)


def test_ranking_bars_largest_on_top_with_category_colours():
    fig = charts.ranking_bars(RANKING, x="participants", names={"FIZIO": "Fizioterapija"}, top=2)
    bar = fig.data[0]
    assert list(bar.y) == ["Fizioterapija", "ATB_PERS"]  # plotly draws the last row on top
    assert list(bar.x) == [5, 9]
    assert list(bar.marker.color) == [
        charts.CATEGORY_COLOURS["rehabilitation_specialist"],
        charts.CATEGORY_COLOURS["personal_support"],
    ]


def test_delivery_ratio_marks_the_threshold_and_skips_unplanned():
    fig = charts.delivery_ratio(RANKING, threshold=0.8)
    dots = fig.data[0]
    assert list(dots.x) == [0.9, 0.5]
    assert list(dots.marker.color) == [
        charts.GAP_COLOURS["ok"],
        charts.GAP_COLOURS["under_delivered"],
    ]
    assert fig.layout.shapes[0].x0 == 0.8


def test_people_trend_and_heatmap():
    months = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01", "2020-02-01"]),
            "participants": [3, 5],
            "average": [4.0, 4.0],
        }
    )
    fig = charts.people_trend(months, labels={"average": "Vidēji"})
    assert [t.type for t in fig.data] == ["bar", "scatter"]
    assert fig.data[1].name == "Vidēji" and list(fig.data[1].y) == [4.0, 4.0]
    grid = pd.DataFrame(
        {
            "municipality_code": ["LV-097", "LV-097", "LV-LPX"],
            "service_code": ["FIZIO", "LOGO", "FIZIO"],
            "participants": [3, 1, 2],
        }
    )
    fig = charts.heatmap(grid, names={"LV-097": "Talsu novads", "LV-LPX": "Liepāja"})
    cells = fig.data[0]
    assert list(cells.x) == ["FIZIO", "LOGO"] and list(cells.y) == ["Liepāja", "Talsu novads"]
    assert cells.z[0][0] == 2 and cells.z[1][0] == 3


def test_a_hidden_heatmap_cell_is_grey_and_says_so_never_zero():
    grid = pd.DataFrame(
        {
            "municipality_code": ["LV-097", "LV-097", "LV-LPX"],
            "service_code": ["FIZIO", "LOGO", "FIZIO"],
            "participants": [3.0, float("nan"), 2.0],  # Talsi's LOGO hidden; Liepāja has none
        }
    )
    names = {"LV-097": "Talsu novads", "LV-LPX": "Liepāja"}
    fig = charts.heatmap(grid, names=names, hidden_text="slēpts")
    cells, grey = fig.data
    assert list(cells.y) == ["Liepāja", "Talsu novads"] and list(cells.x) == ["FIZIO", "LOGO"]
    assert math.isnan(cells.z[1][1])  # not 0: a hidden count is no count
    assert grey.z[1][1] == 1 and math.isnan(grey.z[0][1])  # Liepāja's LOGO: nobody, no grey
    assert "slēpts" in grey.hovertemplate and grey.showscale is False
    assert len(charts.heatmap(grid.dropna(), names=names).data) == 1  # nothing hidden


def test_new_charts_name_missing_columns():
    with pytest.raises(ValueError, match="'units' is not the name of a column"):
        charts.ranking_bars(RANKING, x="units")


def test_progress_charts():
    summary = pd.DataFrame(
        {
            "domain": ["a", "b"],
            "median_change": [1.0, -0.5],
            "ci_low": [0.5, -1.0],
            "ci_high": [2.0, 0.0],
            "improved": [3, 1],
            "unchanged": [1, 1],
            "declined": [0, 2],
        }
    )
    fig = charts.change_interval(summary, names={"a": "Pašaprūpe"})
    dots = fig.data[0]
    assert list(dots.y) == ["Pašaprūpe", "b"]
    assert list(dots.error_x.array) == [1.0, 0.5] and list(dots.error_x.arrayminus) == [0.5, 0.5]
    bars = charts.outcome_bars(summary).data
    assert [b.name for b in bars] == ["improved", "unchanged", "declined"]
    assert list(bars[0].x) == [0.75, 0.25] and list(bars[0].customdata) == [3, 1]
    changes = pd.DataFrame(
        {
            "participant_code": ["x", "y", "z"],
            "score_from": [1, 2, 3],
            "score_to": [2, 2, None],
            "status": ["improved", "unchanged", "missing"],
        }
    )
    lines = charts.slopegraph(changes, x_labels=("R1", "R2")).data
    assert [t.name for t in lines] == ["improved (1)", "unchanged (1)", "declined (0)"]
    assert list(lines[0].y) == [1, 2, None]
    profile = pd.DataFrame(
        {"domain": ["a", "b"], "first_position": [0.2, 0.4], "latest_position": [0.6, 0.4]}
    )
    polar = charts.radar(profile).data
    assert list(polar[1].r) == [0.6, 0.4, 0.6]  # closed shape


def test_status_matrix_and_offline_map():
    gaps = pd.DataFrame(
        {
            "region": ["KUR", "KUR", "RIG"],
            "service_code": ["ATELPA", "FIZIO", "ATELPA"],
            "status": ["no_provider", "ok", "under_delivered"],
            "cell": ["–", "90 %", None],
        }
    )
    fig = charts.status_matrix(gaps, text="cell", status_names={"ok": "kārtībā"})
    cells = fig.data[0]
    assert list(cells.x) == ["ATELPA", "FIZIO"] and list(cells.y) == ["KUR", "RIG"]
    assert cells.z[0][0] == 0 and cells.z[0][1] == 2 and cells.z[1][0] == 1
    assert cells.text[1][1] == ""  # no "null" in empty cells
    assert cells.customdata[0][1] == "kārtībā"
    points = pd.DataFrame(
        {
            "municipality_code": ["LV-097", "LV-RIX"],
            "lat": [57.2, 56.9],
            "lon": [22.6, 24.1],
            "participants_planned": [10, 40],
            "worst_status": ["no_provider", "ok"],
        }
    )
    fig = charts.bubble_map(points, background=points[["lat", "lon"]])
    assert [t.type for t in fig.data] == ["scatter"] * 4  # no geo trace: nothing to download
    assert fig.layout.yaxis.scaleanchor == "x"
    sizes = {t.name: list(t.marker.size) for t in fig.data[1:]}
    assert sizes["ok"][0] > sizes["no_provider"][0]


def test_status_counts_and_small():
    table = pd.DataFrame({"status": ["ok", "no_provider", "ok", "under_delivered"]})
    fig = charts.small(charts.status_counts(table, status_names={"ok": "kārtībā"}), height=250)
    bars = fig.data[0]
    assert list(bars.y) == ["no_provider", "under_delivered", "kārtībā"]
    assert list(bars.x) == [1, 1, 2]
    assert fig.layout.height == 250 and fig.layout.showlegend is False


def _matrix(services: int, regions: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"region": f"R{r}", "service_code": f"S{s:02d}", "status": "ok", "cell": "90"}
            for r in range(regions)
            for s in range(services)
        ]
    )


def test_status_matrix_turns_when_services_are_many():
    names = {f"S{s:02d}": f"Service {s} with a long explanation in brackets" for s in range(42)}
    labels = {f"S{s:02d}": f"Service {s}" for s in range(42)}
    few = charts.status_matrix(_matrix(6, 5), text="cell", names=names, labels=labels)
    assert len(few.data[0].x) == 6 and len(few.data[0].y) == 5  # services as columns
    many = charts.status_matrix(_matrix(42, 5), text="cell", names=names, labels=labels)
    grid = many.data[0]
    assert len(grid.y) == 42 and list(grid.x) == [f"R{r}" for r in range(5)]
    # Every row is labelled, by its short name; the hover names it in full.
    assert list(many.layout.yaxis.tickvals) == list(grid.y)
    # ... in the order of the names shown ("Service 10" before "Service 2", as written).
    assert list(many.layout.yaxis.ticktext) == sorted(labels.values())
    short = dict(zip(many.layout.yaxis.tickvals, many.layout.yaxis.ticktext, strict=True))
    assert all(short[names[c]] == labels[c] for c in names)
    assert grid.y[0] == names["S00"] and "%{y}" in grid.hovertemplate
    # Rows keep their height however many there are; statuses are a legend, not a scale.
    assert many.layout.height >= 28 * 42
    assert grid.showscale is False and [t.name for t in many.data[1:]] == list(charts.GAP_COLOURS)


def test_grid_rows_sort_by_their_shown_names_accents_with_their_letters():
    names = {"A": "Zilupes novads", "B": "Ērgļu novads", "C": "Aizkraukles novads"}
    cells = pd.DataFrame({"region": list("ABC"), "service_code": "S", "status": "ok", "cell": "1"})
    fig = charts.status_matrix(cells, x="region", y="service_code", names=names)
    assert list(fig.data[0].x) == ["Aizkraukles novads", "Ērgļu novads", "Zilupes novads"]


def test_category_ticks_fall_back_to_the_name():
    full, axis = charts.category_ticks(["A", "B", "C"], {"A": "Alpha", "B": "Beta"}, {"A": "α"})
    assert full == ["Alpha", "Beta", "C"]
    assert axis["tickvals"] == full and axis["ticktext"] == ["α", "Beta", "C"]


def _boxes(points: pd.DataFrame, placed: list[tuple[str, str]]) -> list[tuple]:
    from evaldash.charts import maps

    per_lon = maps.NARROW_PX / (maps.LON_RANGE[1] - maps.LON_RANGE[0])
    boxes = []
    for (_, p), (text, position) in zip(points.iterrows(), placed, strict=True):
        if text:
            x = (p["lon"] - maps.LON_RANGE[0]) * per_lon
            y = (maps.LAT_RANGE[1] - p["lat"]) * per_lon / maps.LON_SCALE
            w = maps.LABEL_PX[0] * len(text)
            boxes.append(maps._label_box(x, y, p["size"] / 2, w, maps.LABEL_PX[1], position))
    return boxes


def test_map_labels_cover_no_label_and_no_other_circle():
    from evaldash.charts import maps
    from evaldash.reference_data import read

    centres = read("municipality").dropna(subset=["centre_lat"]).head(43)
    points = pd.DataFrame(
        {
            "lon": centres["centre_lon"].to_numpy(),
            "lat": centres["centre_lat"].to_numpy(),
            "size": 10 + 22 * (pd.Series(range(len(centres))) % 7 / 6) ** 0.5,
            "name": centres["name_lv"].to_numpy(),
        }
    )
    placed = maps.place_labels(points["lon"], points["lat"], points["size"], points["name"])
    boxes = _boxes(points, placed)
    assert 5 <= len(boxes) < len(points)  # the largest are named, crowded ones are not
    for i, a in enumerate(boxes):
        assert not any(maps._overlaps(a, b) for b in boxes[i + 1 :])
    per_lon = maps.NARROW_PX / (maps.LON_RANGE[1] - maps.LON_RANGE[0])
    for (text, position), (_, p) in zip(placed, points.iterrows(), strict=True):
        if not text:
            continue
        [box] = _boxes(pd.DataFrame([p]), [(text, position)])
        others = points[(points["lon"] != p["lon"]) | (points["lat"] != p["lat"])]
        for _, o in others.iterrows():
            x = (o["lon"] - maps.LON_RANGE[0]) * per_lon
            y = (maps.LAT_RANGE[1] - o["lat"]) * per_lon / maps.LON_SCALE
            assert not maps._touches(box, x, y, o["size"] / 2), (text, o["name"])
    # The map names every bubble in its hover, labelled or not.
    frame = pd.DataFrame(
        {
            "municipality_code": centres["municipality_code"].to_numpy(),
            "lat": points["lat"],
            "lon": points["lon"],
            "participants_planned": range(len(points)),
            "worst_status": "ok",
        }
    )
    names = dict(zip(centres["municipality_code"], centres["name_lv"], strict=True))
    fig = charts.bubble_map(frame, names=names)
    ok = next(t for t in fig.data if t.name == "ok")
    assert sorted(ok.hovertext) == sorted(names.values())
    assert 0 < sum(bool(x) for x in ok.text) < len(points)


# --- contrast (WCAG 2.1) -----------------------------------------------------------------------


NAMED = {"white": "#FFFFFF", "black": "#000000"}


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#RRGGBB`` (or "white")."""
    colour = NAMED.get(colour, colour)
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of ``#RRGGBB``."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz]
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_contrast_ratio_is_wcag_s():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast("#FFFFFF", "#FFFFFF") == 1.0


MARKS = {
    **{f"MUTED[{i}]": c for i, c in enumerate(charts.MUTED)},
    **{f"CATEGORY_COLOURS[{k}]": c for k, c in charts.CATEGORY_COLOURS.items()},
    **{f"GAP_COLOURS[{k}]": c for k, c in charts.GAP_COLOURS.items()},
    **{f"OUTCOME_COLOURS[{k}]": c for k, c in charts.OUTCOME_COLOURS.items()},
    **{f"RATING_COLOURS[{k}]": c for k, c in charts.RATING_COLOURS.items() if k != "not_rated"},
    "OTHER_COLOUR": charts.OTHER_COLOUR,
    "BUDGET_COLOUR": charts.BUDGET_COLOUR,
    "HIGHLIGHT": charts.HIGHLIGHT,
    "PEER_COLOUR": charts.PEER_COLOUR,
}
"""Every palette colour that marks something (bars, lines, dots) on the charts' white
background. Not here: SEQUENTIAL, a continuous scale whose light end means "few" (each cell's
value is written in it and in its hover); HIDDEN_GREY, a cell deliberately empty (it says why);
RATING_COLOURS' "not_rated", an empty marker whose dark outline is its mark."""


@pytest.mark.parametrize("name", MARKS)
def test_every_mark_colour_stands_out_from_the_background(name):
    """WCAG 2.1, 1.4.11: graphical objects at least 3:1 against adjacent colours."""
    background = charts.TEMPLATE.layout.plot_bgcolor
    assert contrast(MARKS[name], background) >= 3.0, (name, MARKS[name])


def test_text_colours_are_readable_on_every_background_they_sit_on():
    """WCAG 2.1, 1.4.3: text at least 4.5:1 (the charts' ink, and table cells' fills)."""
    layout = charts.TEMPLATE.layout
    assert layout.font.color == charts.INK
    fills = [
        layout.plot_bgcolor,
        layout.paper_bgcolor,
        charts.HIGHLIGHT_CELL,
        charts.HIDDEN_GREY,
        *charts.RATING_CELL_COLOURS.values(),
    ]
    for fill in fills:
        assert contrast(charts.INK, fill) >= 4.5, fill
    # the rating dots carry their outline in ink: it stands out from the white and every fill
    assert contrast(charts.INK, "#FFFFFF") >= 3.0


def test_service_group_colours_stay_apart_from_one_another():
    """Darkened for contrast, the groups' colours are still told apart: every pair at least
    10 apart in CIE Lab (Tol's muted scheme's own closest pair is 6), "other" included."""
    colours = {**charts.CATEGORY_COLOURS, "other": charts.OTHER_COLOUR}
    pairs = [
        (math.dist(_lab(a), _lab(b)), x, y)
        for i, (x, a) in enumerate(colours.items())
        for y, b in list(colours.items())[i + 1 :]
    ]
    closest = min(pairs)
    assert closest[0] >= 10, closest


def test_localize_writes_numbers_as_the_language_does():
    import plotly.graph_objects as go

    shares = go.Figure(go.Bar(x=[0.2, 0.85], y=["a", "b"], orientation="h"))
    shares.update_layout(xaxis={"tickformat": ".0%", "range": [0, 1]})
    charts.localize(shares, "lv", ",\u00a0")
    assert list(shares.layout.xaxis.ticktext) == [f"{p}\u00a0%" for p in (0, 25, 50, 75, 100)]
    assert shares.layout.separators == ",\u00a0"
    english = go.Figure(shares.data)
    english.update_layout(xaxis={"tickformat": ".0%", "range": [0, 1]})
    charts.localize(english, "en", ".,")
    assert english.layout.xaxis.tickformat == ".0%" and english.layout.xaxis.ticktext is None
    # Amounts: whole numbers with the language's separators, never plotly's "294k".
    spend = charts.spend_over_time(
        pd.DataFrame(
            {
                "month": pd.to_datetime(["2019-01-01", "2019-02-01"]),
                "category": "care",
                "cost_eur": [15_000.0, 294_000.0],
            }
        ),
        budget=400_000,
    )
    charts.localize(spend, "lv", ",\u00a0")
    assert spend.layout.yaxis.tickformat == ",.0f" and spend.layout.yaxis2.tickformat == ",.0f"
    assert spend.layout.yaxis2.tickmode == "auto"  # round amounts on the cumulative axis
    assert spend.layout.xaxis.tickformat != ",.0f"  # months keep their date format
    # Categories keep their names.
    assert shares.layout.yaxis.tickformat is None


def test_slopegraph_points_an_arrow_to_the_better_end():
    changes = pd.DataFrame(
        {
            "participant_code": ["x", "y"],
            "score_from": [3, 1],
            "score_to": [1, 1],
            "status": ["improved", "unchanged"],
        }
    )
    plain = charts.slopegraph(changes, x_labels=("R1", "R2"), y_title="Score (0 to 4)")
    assert not plain.layout.annotations and plain.layout.yaxis.title.text == "Score (0 to 4)"
    down = charts.slopegraph(changes, better="down", better_text="labāk").layout.annotations
    up = charts.slopegraph(changes, better="up").layout.annotations
    assert [(a.text, a.y, a.ay < 0, a.showarrow) for a in down] == [("labāk", 0, True, True)]
    assert [(a.text, a.y, a.ay > 0) for a in up] == [("better", 1, True)]
    assert down[0].xref == "paper" and down[0].x == 1  # beside the plot, not on its lines
    with pytest.raises(ValueError, match="better must be one of"):
        charts.slopegraph(changes, better="higher")


def test_radar_names_its_scale_on_the_axis():
    profile = pd.DataFrame(
        {
            "domain": ["a", "b", "c"],
            "first_position": [0.2, 0.4, 1.0],
            "latest_position": [0.6, 0.4, 1.0],
        }
    )
    assert charts.radar(profile).layout.polar.radialaxis.tickformat == ".0%"
    axis = charts.radar(profile, ticks={0.0: "0 %", 1.0: "100 % = labākais"}).layout.polar
    assert list(axis.radialaxis.ticktext) == ["0 %", "100 % = labākais"]
    assert list(axis.radialaxis.tickvals) == [0.0, 1.0]
    assert axis.radialaxis.angle == 60  # between the first two of three spokes
