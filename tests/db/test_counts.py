"""Exact counts kept per data version: reused while nothing changes, never after a change."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from roster.db.changes import data_version
from roster.db.counts import CountCache, ExactCount, StatementIdentity, cache_for, statement_key
from roster.models import User
from tests.factories import make_account, make_user


def _users_named(name: str) -> Any:
    return select(func.count()).select_from(User).where(User.first_name == name)


def test_the_key_holds_every_parameter_value() -> None:
    assert statement_key(_users_named("Ann")) == statement_key(_users_named("Ann"))
    assert statement_key(_users_named("Ann")) != statement_key(_users_named("Bob"))
    listed = select(func.count()).select_from(User).where(User.id.in_([1, 2]))
    other = select(func.count()).select_from(User).where(User.id.in_([1, 3]))
    assert statement_key(listed) != statement_key(other)


class _CountsHashes:
    """A part of a key that counts how often it is hashed."""

    hashed = 0

    def __hash__(self) -> int:
        _CountsHashes.hashed += 1
        return 7


def test_an_identity_is_hashed_once_and_found_by_an_equal_one() -> None:
    part = _CountsHashes()
    identity = StatementIdentity(((("select", part),), (1, "Ann")))
    kept = {identity: 3}
    for _ in range(3):
        assert kept[identity] == 3
        assert kept.get((1, identity)) is None
    assert _CountsHashes.hashed == 1
    again = StatementIdentity(((("select", part),), (1, "Ann")))
    assert again == identity
    assert kept[again] == 3
    assert StatementIdentity(((("select", part),), (1, "Bob"))) != identity
    assert identity != (("select", part),)
    first, second = statement_key(_users_named("Ann")), statement_key(_users_named("Ann"))
    assert first is not None
    assert second is not None
    assert hash(first) == hash(second)
    assert {first: 1}[second] == 1


def test_a_count_is_counted_once_per_data_version(session: Session, statements: Any) -> None:
    account = make_account(session)
    for _ in range(3):
        make_user(session, first_name="Counted", account=account)
    statements.reset()
    assert ExactCount(session, _users_named("Counted")).value() == 3
    assert statements.count == 2  # the version, then the count
    statements.reset()
    assert ExactCount(session, _users_named("Counted")).value() == 3
    assert statements.count == 0  # this transaction has read the version already
    with session.begin_nested():  # a transaction that ends forgets the version it read
        pass
    assert ExactCount(session, _users_named("Counted")).value() == 3
    assert statements.count == 1  # the version only (the counter skips SAVEPOINT and RELEASE)
    make_user(session, first_name="Counted", account=account)
    statements.reset()
    assert ExactCount(session, _users_named("Counted")).value() == 4
    assert statements.count == 2  # a write forgets the version read before it


def test_the_latest_row_of_a_count_outlives_its_data_version(session: Session) -> None:
    """What a planner may be told (``roster.people.repository``): the row the count statement
    read last, kept across writes, and never for a count that is not kept."""
    account = make_account(session)
    first = make_user(session, first_name="Latest", account=account)
    counted = select(func.count(), func.max(User.id)).where(User.first_name == "Latest")
    identity = statement_key(counted)
    assert ExactCount(session, counted, identity).value() == 1
    newest = make_user(session, first_name="Latest", account=account)
    assert cache_for(session).latest(identity) == (1, first.id)  # from the older version
    assert ExactCount(session, counted, identity).value() == 2
    assert cache_for(session).latest(identity) == (2, newest.id)
    ExactCount(session, _users_named("Latest"), None).value()
    assert cache_for(session).latest(None) is None


def test_the_version_is_read_again_after_any_write(session: Session, statements: Any) -> None:
    user = make_user(session, first_name="Written")
    first = data_version(session)
    statements.reset()
    assert data_version(session) == first
    assert statements.count == 0
    # A Core write through the session, then a flush of the unit of work: each renumbers it.
    session.execute(update(User).where(User.id == user.id).values(first_name="Rewritten"))
    assert data_version(session) != first
    second = data_version(session)
    make_user(session, first_name="Flushed")
    assert data_version(session) != second


def test_counts_are_kept_per_engine(session: Session) -> None:
    assert cache_for(session) is cache_for(session)
    assert isinstance(cache_for(session), CountCache)


def test_the_cache_forgets_the_least_recently_used() -> None:
    cache = CountCache(capacity=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_threads_asking_for_a_count_under_way_wait_for_it() -> None:
    cache = CountCache()
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        started.set()
        release.wait(5)
        return 7

    answers: list[int] = []
    leader = threading.Thread(target=lambda: answers.append(cache.get_or_count("k", slow)))
    leader.start()
    started.wait(5)
    followers = [
        threading.Thread(target=lambda: answers.append(cache.get_or_count("k", slow)))
        for _ in range(3)
    ]
    for thread in followers:
        thread.start()
    release.set()
    for thread in [leader, *followers]:
        thread.join(5)
    assert answers == [7, 7, 7, 7]
    assert len(calls) == 1


def test_a_failed_count_is_not_kept() -> None:
    cache = CountCache()

    def broken() -> int:
        raise RuntimeError("statement timeout")

    with pytest.raises(RuntimeError):
        cache.get_or_count("k", broken)
    assert cache.get("k") is None
    assert cache.get_or_count("k", lambda: 3) == 3
