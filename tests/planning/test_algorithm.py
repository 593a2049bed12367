"""The draw as a pure function: deterministic, seed-dependent, conflict-respecting, pairs spread, fast at city size."""

import hashlib
import hmac
import time
from decimal import Decimal
from itertools import combinations

from inspections.planning import algorithm
from inspections.planning.algorithm import Officer, draw_size, run_draw

SEED = "5f" * 32
OTHER_SEED = "a0" * 32
POOL = [f"91330381{n:09d}X" for n in range(200)]
ROSTER = [Officer(f"ZJ{n:04d}") for n in range(6)]


def test_the_same_seed_and_pool_give_the_same_draw():
    assert run_draw(SEED, POOL, ROSTER, 20) == run_draw(SEED, list(reversed(POOL)), ROSTER, 20)


def test_a_different_seed_gives_another_draw():
    first = [d.credit_code for d in run_draw(SEED, POOL, ROSTER, 20)]
    second = [d.credit_code for d in run_draw(OTHER_SEED, POOL, ROSTER, 20)]
    assert first != second


def test_enterprises_are_ordered_by_the_hmac_of_their_code_as_written():
    """The page's text, recomputed with nothing but hmac: the first N by HMAC-SHA256(seed, code) hex ascending."""
    by_hand = sorted(POOL, key=lambda c: hmac.new(SEED.encode(), c.encode(), hashlib.sha256).hexdigest())[:10]
    assert [d.credit_code for d in run_draw(SEED, POOL, ROSTER, 10)] == by_hand


def test_officers_are_the_first_two_by_their_hmac():
    code = run_draw(SEED, POOL, ROSTER, 1)[0].credit_code
    order = sorted(
        (o.certificate for o in ROSTER),
        key=lambda cert: hmac.new(SEED.encode(), f"officer:{code}:{cert}".encode(), hashlib.sha256).hexdigest(),
    )
    assert run_draw(SEED, POOL, ROSTER, 1)[0].officers == (order[0], order[1])


def test_the_keyed_hmac_is_the_standard_one():
    for seed in (SEED, "short", "x" * 100):
        keyed = algorithm.Keyed(seed)
        for message in ("91330381000000001X", "officer:91330381000000001X:ZJ0001", ""):
            assert keyed.hexdigest(message) == hmac.new(seed.encode(), message.encode(), hashlib.sha256).hexdigest()


def test_the_size_is_the_count_or_the_ratio_rounded_up():
    assert draw_size(1000, ratio_percent=Decimal("7.5")) == 75
    assert draw_size(101, ratio_percent=Decimal("10")) == 11
    assert draw_size(3, ratio_percent=Decimal("0.01")) == 1
    assert draw_size(50, count=80) == 50
    assert draw_size(50, count=7) == 7


def test_no_officer_is_sent_to_an_enterprise_they_declared_a_conflict_with():
    conflicted = set(POOL[:100])
    roster = [Officer("ZJ0000", frozenset(conflicted)), *ROSTER[1:]]
    for drawn in run_draw(SEED, POOL, roster, 100):
        assert len(drawn.officers) == 2
        if drawn.credit_code in conflicted:
            assert "ZJ0000" not in drawn.officers


def test_fewer_than_two_free_officers_send_nobody():
    roster = [Officer("ZJ0001", frozenset(POOL)), Officer("ZJ0002"), Officer("ZJ0003", frozenset(POOL))]
    assert {d.officers for d in run_draw(SEED, POOL, roster, 5)} == {()}


def test_pairs_are_not_repeated_while_the_roster_allows():
    roster = ROSTER[:5]  # ten pairs
    drawn = run_draw(SEED, POOL, roster, 10)
    assert len({frozenset(d.officers) for d in drawn}) == 10
    # The eleventh enterprise finds every pair used: its first two by HMAC, a repeat.
    eleventh = run_draw(SEED, POOL, roster, 11)[10]
    assert frozenset(eleventh.officers) in {frozenset(p) for p in combinations([o.certificate for o in roster], 2)}


def test_the_first_difference_is_named():
    drawn = run_draw(SEED, POOL, ROSTER, 3)
    changed = [drawn[0], algorithm.Drawn(drawn[1].credit_code, ("ZJ9999", "ZJ0000")), drawn[2]]
    assert algorithm.first_difference(drawn, drawn) is None
    assert "第 2 家" in algorithm.first_difference(drawn, changed)
    assert "抽中家数" in algorithm.first_difference(drawn, drawn[:2])


def test_a_city_of_20000_enterprises_is_drawn_within_a_second(monkeypatch):
    """Its work is one HMAC per enterprise of the pool and one per free officer of each drawn enterprise (so it
    grows with the pool, not with its square); and the whole draw, timed generously, within a second."""
    pool = [f"9133{n:013d}X" for n in range(20_000)]
    roster = [Officer(f"ZJ{n:04d}", frozenset(pool[n::40])) for n in range(40)]
    size = draw_size(len(pool), ratio_percent=Decimal("10"))

    # Processor time, not the wall clock: the draw's own work, whatever else the machine is doing.
    started = time.process_time()
    drawn = run_draw(SEED, pool, roster, size)
    elapsed = time.process_time() - started

    calls = []
    real = algorithm.Keyed.hexdigest
    monkeypatch.setattr(algorithm.Keyed, "hexdigest", lambda keyed, message: calls.append(1) or real(keyed, message))
    assert run_draw(SEED, pool, roster, size) == drawn
    free = sum(1 for d in drawn for o in roster if d.credit_code not in o.conflicts)
    assert len(drawn) == 2000 and all(len(d.officers) == 2 for d in drawn)
    assert len(calls) == len(pool) + free
    assert elapsed < 1.0, f"{elapsed:.2f} s"
