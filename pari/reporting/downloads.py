"""The local plan page's downloads, built when one is clicked: on the download's own
thread, from the database as it is then, once ``allowed`` has said the account may still
have them. A download must give a file, so a refusal, or a workshop deleted meanwhile,
gives one that says why.

``sessions`` and ``allowed`` are taken by the page while its run can reach them
(``web.later_db``, ``web.still_allowed_later``); ``refused`` is the message id the page
gives for a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlmodel import Session

from pari.i18n import _, using_language
from pari.reporting import cache, document, exports
from pari.reporting.plan import PlanUnavailable

Sessions = Callable[[], AbstractContextManager[Session]]
Allowed = Callable[[Session], bool]


def report_file(
    *,
    sessions: Sessions,
    allowed: Allowed,
    refused: str,
    workshop_id: int,
    lang: str,
    fmt: str,
) -> bytes:
    """The local plan report ('pdf' or 'html'), from the cache if nothing moved since."""
    with sessions() as session:
        if not allowed(session):
            with using_language(lang):
                message = _(refused)
            return _unavailable(message, lang=lang, fmt=fmt)
    try:
        data, _version = cache.report_bytes(
            session_factory=sessions, workshop_id=workshop_id, lang=lang, fmt=fmt
        )
    except PlanUnavailable:
        with using_language(lang):
            message = _("This workshop no longer exists: it may have been deleted.")
        return _unavailable(message, lang=lang, fmt=fmt)
    return data


def _unavailable(message: str, *, lang: str, fmt: str) -> bytes:
    if fmt == "pdf":
        return document.unavailable_pdf(message, lang=lang)
    return document.unavailable_html(message, lang=lang)


def export_file(
    *,
    sessions: Sessions,
    allowed: Allowed,
    refused: str,
    workshop_id: int,
    lang: str,
    write: Callable[[exports.Export], bytes],
) -> bytes:
    """The workshop's data export written by ``write`` (``exports.zip_bytes``, ...)."""
    with sessions() as session, using_language(lang):
        if not allowed(session):
            return _(refused).encode()
        try:
            export = exports.workshop_export_by_id(session=session, workshop_id=workshop_id)
        except exports.UnknownWorkshop:
            return _("This workshop no longer exists: it may have been deleted.").encode()
        return write(export)
