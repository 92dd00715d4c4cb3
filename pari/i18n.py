"""Translations: one gettext catalog object per language, chosen per session.

``gettext.install`` would set one ``_`` for the whole process, and Streamlit runs
every session on threads of one process (DESIGN section 7: threads got each
other's language). So ``_`` here looks up the language of the session being
drawn (``st.session_state["lang"]``) or of an explicit ``using_language`` block
(reports, the command line), and translates with that language's catalog.

Module-level strings are marked with ``N_`` and translated where they are drawn.
Catalogs live in ``pari/locale/<lang>/LC_MESSAGES/messages.po`` (Babel extracts
and compiles them; see the Makefile).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"

# Each language named in itself, as a person looks for it in a menu.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "sv": "Svenska",
    "es": "Español",
    "pt": "Português",
    "fr": "Français",
    "eu": "Euskara",
}
SESSION_KEY = "lang"

_override: ContextVar[str | None] = ContextVar("pari_language", default=None)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction; it is translated later, where it is drawn."""
    return message


def resolve_language(*candidates: str | None) -> str:
    """The first supported language among candidates ('pt-BR' counts as 'pt'), else English."""
    for code in candidates:
        if not code or not isinstance(code, str):
            continue
        short = code.strip().lower().replace("_", "-").split("-")[0]
        if short in LANGUAGE_NAMES:
            return short
    return DEFAULT_LANGUAGE


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English, or a missing catalog, translates to itself)."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def current_language() -> str:
    override = _override.get()
    if override:
        return override
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is not None:
            return resolve_language(ctx.session_state[SESSION_KEY])
    except (ImportError, KeyError, AttributeError):
        pass
    return DEFAULT_LANGUAGE


@contextmanager
def using_language(lang: str) -> Iterator[None]:
    """Translate into ``lang`` inside the block (for reports and the command line)."""
    token = _override.set(resolve_language(lang))
    try:
        yield
    finally:
        _override.reset(token)


def _(message: str) -> str:
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translation(current_language()).pgettext(context, message)
