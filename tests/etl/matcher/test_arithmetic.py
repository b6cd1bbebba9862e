"""The table-wide solver: a reading is accepted only where it is the unique solution."""

from __future__ import annotations

from etl.matcher.arithmetic import Unknown, components, digit_readings, solve

ROW = (("t",), ("a", "b", "c"))  # t = a + b + c


def _single(key: str, pattern: str) -> Unknown:
    return Unknown((key,), tuple((v,) for v in digit_readings(pattern)))


def test_a_doubtful_digit_is_fixed_by_the_row_total():
    solutions = solve({"t": 95, "a": 90, "c": 0}, [_single("b", "?")], [ROW])
    assert solutions == [{"b": 5}]


def test_two_doubtful_cells_in_one_sum_are_not_unique():
    solutions = solve({"t": 9, "a": 0}, [_single("b", "?"), _single("c", "?")], [ROW])
    assert solutions is not None and len(solutions) == 2


def test_non_negativity_settles_zeros():
    """95 = 95 + x + y: only x = y = 0."""
    solutions = solve({"t": 95, "a": 95}, [_single("b", "?"), _single("c", "?")], [ROW])
    assert solutions == [{"b": 0, "c": 0}]


def test_no_reading_fits():
    assert solve({"t": 50, "a": 1, "c": 1}, [_single("b", "?")], [ROW]) == []


def test_joint_options_of_a_run_together_row():
    splits = Unknown(("a", "b", "c"), ((1, 0, 81), (10, 0, 8), (1, 8, 1)))
    assert solve({"t": 18}, [splits], [ROW]) == [{"a": 10, "b": 0, "c": 8}]


def test_components_follow_shared_equations():
    eqs = [(("x",), ("y",)), (("z",), ("w",))]
    groups = components([_single(k, "?") for k in "xyz"], eqs)
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]


def test_readings_have_no_leading_zero():
    assert digit_readings("?5")[0] == 15 and len(digit_readings("??")) == 90
