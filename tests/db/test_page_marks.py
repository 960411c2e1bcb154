"""The kept page ends: the nearest one at or before a position, bounded in both directions."""

from __future__ import annotations

from roster.db.page_marks import PageMarks


def test_nearest_is_the_last_mark_at_or_before_the_position() -> None:
    marks = PageMarks()
    marks.keep("q", 20, ("b", 7))
    marks.keep("q", 60, ("f", 2))
    assert marks.nearest("q", 19) is None
    assert marks.nearest("q", 20) == (20, ("b", 7))
    assert marks.nearest("q", 59) == (20, ("b", 7))
    assert marks.nearest("q", 500) == (60, ("f", 2))
    assert marks.nearest("other", 500) is None


def test_position_zero_is_never_kept() -> None:
    marks = PageMarks()
    marks.keep("q", 0, ("a", 1))
    assert marks.nearest("q", 10) is None
    assert len(marks) == 0


def test_each_statement_keeps_its_most_recently_used_marks() -> None:
    marks = PageMarks(statements=10, marks=3)
    for position in (10, 20, 30):
        marks.keep("q", position, (position,))
    assert marks.nearest("q", 10) == (10, (10,))  # used: now the most recent
    marks.keep("q", 40, (40,))  # evicts 20, the least recently used
    assert marks.nearest("q", 25) == (10, (10,))
    assert marks.nearest("q", 30) == (30, (30,))


def test_statements_beyond_capacity_drop_the_least_recently_used() -> None:
    marks = PageMarks(statements=2, marks=4)
    marks.keep("a", 5, (1,))
    marks.keep("b", 5, (2,))
    assert marks.nearest("a", 5) is not None  # "a" is now more recent than "b"
    marks.keep("c", 5, (3,))
    assert len(marks) == 2
    assert marks.nearest("b", 5) is None
    assert marks.nearest("a", 5) == (5, (1,))
    assert marks.nearest("c", 5) == (5, (3,))
