"""The grade of an accident (order 493 第三条): the highest grade any of deaths, serious injuries and direct loss
reaches, 以上包括本数."""

from decimal import Decimal

import pytest

from inspections.accidents.grading import Grade, accident_grade, is_raise

G, L, M, E = Grade.GENERAL, Grade.LARGER, Grade.MAJOR, Grade.ESPECIALLY_MAJOR


@pytest.mark.parametrize(("deaths", "grade"), [(0, G), (2, G), (3, L), (9, L), (10, M), (29, M), (30, E), (31, E)])
def test_deaths_at_each_boundary(deaths, grade):
    assert accident_grade(deaths, 0, 0) == grade


@pytest.mark.parametrize(("serious", "grade"), [(9, G), (10, L), (49, L), (50, M), (99, M), (100, E)])
def test_serious_injuries_at_each_boundary(serious, grade):
    assert accident_grade(0, serious, 0) == grade


@pytest.mark.parametrize(
    ("loss", "grade"),
    [
        ("999.99", G),
        ("1000", L),
        ("4999.99", L),
        ("5000", M),
        ("9999.99", M),
        ("10000", E),
    ],
)
def test_direct_loss_in_10k_yuan_at_each_boundary(loss, grade):
    assert accident_grade(0, 0, Decimal(loss)) == grade


def test_the_highest_of_the_three_decides():
    assert accident_grade(1, 50, Decimal("1000")) == M
    assert accident_grade(30, 0, Decimal("0")) == E


def test_a_raise_is_told_from_a_fall():
    assert is_raise(G, L) and is_raise(L, E)
    assert not is_raise(M, L) and not is_raise(G, G)
