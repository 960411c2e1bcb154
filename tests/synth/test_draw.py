"""roster.synth.draw and population: exact quotas and a bounded management tree."""

from __future__ import annotations

import random
from collections import Counter

from roster.synth.draw import Allotment, Quota, Weighted, randint, sample_distinct
from roster.synth.population import ManagerTree


def test_a_quota_hits_exactly_its_number() -> None:
    rng = random.Random(1)
    for hits, draws in ((0, 10), (1, 1), (3, 50), (50, 50)):
        quota = Quota(rng, hits, draws)
        assert sum(quota() for _ in range(draws)) == hits


def test_an_allotment_deals_every_kind_exactly() -> None:
    deal = Allotment(random.Random(2), {"a": 5, "b": 1, "c": 94})
    assert Counter(deal() for _ in range(100)) == {"a": 5, "b": 1, "c": 94}


def test_weighted_and_randint_stay_in_range() -> None:
    rng = random.Random(3)
    weighted = Weighted(["x", "y"], [1, 0])
    assert {weighted(rng) for _ in range(100)} == {"x"}
    assert {randint(rng, 2, 4) for _ in range(500)} == {2, 3, 4}


def test_sample_distinct_respects_the_prefix() -> None:
    rng = random.Random(4)
    pool = list(range(1000))
    picked = sample_distinct(rng, pool, 5, limit=10)
    assert len(set(picked)) == 5
    assert max(picked) < 10
    assert sorted(sample_distinct(rng, pool, 50, limit=3)) == [0, 1, 2]
    assert sample_distinct(rng, [], 3) == []


def test_the_management_tree_respects_span_and_depth() -> None:
    rng = random.Random(5)
    tree = ManagerTree(rng, span=4, depth=3)
    tree.add(1, department=0, reports_to=None)
    manager_of: dict[int, int | None] = {1: None}
    for person in range(2, 2_000):
        becomes_manager = rng.random() < 0.3
        boss = tree.pick(becomes_manager)
        manager_of[person] = boss
        if becomes_manager and boss is not None:
            tree.add(person, department=0, reports_to=boss)
    reports = Counter(boss for boss in manager_of.values() if boss is not None)
    assert max(reports.values()) <= 4

    def depth(person: int) -> int:
        boss = manager_of[person]
        return 0 if boss is None else 1 + depth(boss)

    assert max(depth(person) for person in manager_of) <= 3
