"""State a worker keeps per database engine (counts, page marks), made on first use."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

T = TypeVar("T")


class PerEngine(Generic[T]):
    """One ``T`` per engine a session is bound to; forgotten with the engine."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._kept: weakref.WeakKeyDictionary[Engine, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def of(self, session: Session) -> T:
        bind = session.get_bind()
        engine: Engine = bind if isinstance(bind, Engine) else bind.engine
        with self._lock:
            kept = self._kept.get(engine)
            if kept is None:
                kept = self._kept[engine] = self._make()
            return kept

    def clear(self) -> None:
        """Forget every engine's state (tests start from none)."""
        with self._lock:
            self._kept.clear()
