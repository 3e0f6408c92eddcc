"""Complementary suppression by linear programming (evaldash.complement), on tables small
enough to check by hand."""

from __future__ import annotations

import pytest

from evaldash import complement

K = 5


@pytest.mark.parametrize(
    ("low", "high", "given_away"),
    [
        (0, 4, False),  # no more than "<5" says
        (1, 4, False),
        (3, 8, False),  # k wide
        (0, float("inf"), False),
        (2, 4, True),  # 2 to 4: more than "<5"
        (0, 3, True),
        (6, 9, True),
        (7, 7, True),
    ],
)
def test_a_range_gives_a_count_away_when_it_says_more_than_below_k(low, high, given_away):
    assert complement.narrowed(low, high, K) is given_away


def table() -> tuple[dict, list]:
    """Two rows a, b and two columns x, y with their row, column and grand totals."""
    values = {"ax": 2, "ay": 9, "bx": 8, "by": 7, "a": 11, "b": 15, "x": 10, "y": 16, "all": 26}
    sums = [
        (["ax", "ay"], ["a"]),
        (["bx", "by"], ["b"]),
        (["ax", "bx"], ["x"]),
        (["ay", "by"], ["y"]),
        (["a", "b"], ["all"]),
    ]
    return values, sums


def test_one_small_cell_alone_is_worked_out_by_subtraction():
    values, sums = table()
    assert complement.ranges(values, sums, ["ax"], small=["ax"], k=K) == {"ax": (2.0, 2.0)}
    assert complement.exposed(values, sums, ["ax"], small=["ax"], k=K) == ["ax"]


def test_protect_hides_until_no_hidden_count_can_be_worked_out():
    values, sums = table()
    hidden = complement.protect(values, sums, ["ax"], small=["ax"], k=K)
    assert "ax" in hidden and len(hidden) > 1
    assert complement.exposed(values, sums, hidden, small=["ax"], k=K) == []
    for cell, (low, high) in complement.ranges(values, sums, hidden, ["ax"], K).items():
        assert not complement.narrowed(low, high, K), (cell, low, high)


def test_fixed_cells_are_never_hidden():
    values, sums = table()
    hidden = complement.protect(values, sums, ["ax"], small=["ax"], fixed=["by"], k=K)
    assert "by" not in hidden
    assert complement.exposed(values, sums, hidden, small=["ax"], k=K) == []


def test_a_cell_is_found_further_out_when_all_of_its_own_sums_are_hidden():
    """improved + unchanged + declined = pairs; the enrolled add missing to pairs and to
    unchanged. With the completers' counts all hidden, the enrolled pairs and unchanged
    shown give improved + declined = 3 away: the cell to hide is two sums off."""
    values = {"imp": 3, "unch": 7, "decl": 0, "pairs": 10, "miss": 0, "pairs_e": 10, "unch_e": 7}
    sums = [
        (["imp", "unch", "decl"], ["pairs"]),
        (["pairs", "miss"], ["pairs_e"]),
        (["unch", "miss"], ["unch_e"]),
    ]
    first = {"imp", "unch", "decl", "pairs", "miss"}
    assert complement.exposed(values, sums, first, k=K)  # improved is between 0 and 3
    hidden = complement.protect(values, sums, first, k=K)
    assert hidden & {"pairs_e", "unch_e"}
    assert complement.exposed(values, sums, hidden, k=K) == []


def test_a_count_nothing_can_cover_is_left_for_exposed_to_name():
    values = {"a": 3, "b": 0, "total": 3}
    sums = [(["a", "b"], ["total"])]
    hidden = complement.protect(values, sums, ["a"], fixed=["b", "total"], k=K)
    assert hidden == {"a"}
    assert complement.exposed(values, sums, hidden, k=K) == ["a"]
