"""Every built report file, kept by (workshop id, version, language, format).

A new answer or follow-up moves the workshop's version (``pari.versioning``), so a
file is built again only when what it shows has changed. (The pages' own caches of
what they draw, ``st.cache_data``, are keyed by the same version.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from pari.i18n import using_language
from pari.reporting.document import html_report, pdf_report
from pari.reporting.plan import collect

_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_BUILD_LOCKS: dict[tuple, threading.Lock] = {}
CACHE_SIZE = 16


def cached(key: tuple, build: Callable[[], bytes]) -> bytes:
    """``build()`` once per key (workshop id, version, language, format), kept LRU.

    Two clicks on the same report wait for one build instead of starting two.
    """
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        lock = _BUILD_LOCKS.setdefault(key, threading.Lock())
    with lock:
        with _CACHE_LOCK:
            if key in _CACHE:
                return _CACHE[key]
        data = build()
        with _CACHE_LOCK:
            _CACHE[key] = data
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
            _BUILD_LOCKS.pop(key, None)
    return data


def report_bytes(
    *, session_factory: Callable, workshop_id: int, lang: str, fmt: str
) -> tuple[bytes, int]:
    """The report of a workshop ('pdf' or 'html') as it is now, from the cache if its
    version has not moved. ``session_factory()`` is a context manager giving a session.

    Returns (bytes, version). Raises PlanUnavailable if the workshop is gone.
    """
    with session_factory() as session, using_language(lang):
        plan = collect(session=session, workshop_id=workshop_id)

    def build() -> bytes:
        if fmt == "pdf":
            return pdf_report(plan, lang=lang)
        return html_report(plan, lang=lang).encode("utf-8")

    return cached((workshop_id, plan.version, lang, fmt), build), plan.version
