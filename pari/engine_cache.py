"""Small values read once and shared by every phone of the process, kept per database
engine (two databases never mix) and per key, the oldest let go past a limit."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class EngineCache(Generic[V]):
    """At most ``limit`` values per engine, the least recently stored let go first.
    Safe across the script threads of one process."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._per_engine: weakref.WeakKeyDictionary[Any, OrderedDict[Any, V]]
        self._per_engine = weakref.WeakKeyDictionary()

    def get(self, engine: Any, key: Any) -> V | None:
        with self._lock:
            per_engine = self._per_engine.get(engine)
            return per_engine.get(key) if per_engine is not None else None

    def put(self, engine: Any, key: Any, value: V) -> None:
        with self._lock:
            per_engine = self._per_engine.setdefault(engine, OrderedDict())
            per_engine[key] = value
            per_engine.move_to_end(key)
            while len(per_engine) > self.limit:
                per_engine.popitem(last=False)
