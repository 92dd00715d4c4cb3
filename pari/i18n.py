"""Translations: one gettext catalog object per language, chosen per session.

``gettext.install`` would set one ``_`` for the whole process, and Streamlit runs
every session on threads of one process (DESIGN section 7: threads got each
other's language). So ``_`` here looks up the language of the session being
drawn (``st.session_state["lang"]``) or of an explicit ``using_language`` block
(reports, the command line), and translates with that language's catalog.

Module-level strings are marked with ``N_`` (``NC_`` with a context, ``N_plural``
with a plural form) and translated where they are drawn.
Catalogs live in ``pari/locale/<lang>/LC_MESSAGES/messages.po`` (Babel extracts
and compiles them; see the Makefile). The compiled ``.mo`` is build output: when
it is missing or older than its ``.po`` (a fresh clone, a test run without
``make``, a catalog just edited), ``translation`` compiles the ``.po`` with Babel
itself, writes the ``.mo`` if it can and uses the result either way.

Dates and numbers go through ``format_date`` and ``format_number``: Babel's
formats of the current language's locale (Portuguese as in Portugal, French as
in Belgium ...).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale

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

# The Babel locale of each language, for dates and numbers: the pilot territories'
# own variants (DESIGN section 1).
BABEL_LOCALES: dict[str, str] = {
    "en": "en_GB",
    "sv": "sv_SE",
    "es": "es_ES",
    "pt": "pt_PT",
    "fr": "fr_BE",
    "eu": "eu_ES",
}

_override: ContextVar[str | None] = ContextVar("pari_language", default=None)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction; it is translated later, where it is drawn."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 - gettext convention
    """``N_`` for a message that needs its context to be translated (see ``pgettext``):
    returns the message; the drawing code translates it with ``pgettext(context, ...)``."""
    return message


class Plural(str):
    """A message id with a plural form, for a refusal raised before its language is known.

    Its text is the English form for ``n`` (``str(exc)`` and logs stay English); drawn
    through ``_`` it becomes the reader's plural form (``ngettext``), so a page's
    ``_(exc.message)`` needs no change. Make one with ``N_plural``.
    """

    singular: str
    plural: str
    n: int

    def __new__(cls, singular: str, plural: str, n: int) -> Plural:
        text = super().__new__(cls, singular if n == 1 else plural)
        text.singular, text.plural, text.n = singular, plural, n
        return text

    def __reduce__(self):  # copies and pickles keep the plural
        return (Plural, (self.singular, self.plural, self.n))


def N_plural(singular: str, plural: str, n: int) -> Plural:  # noqa: N802
    """Mark a message with a plural form; it is translated with ``ngettext`` where drawn."""
    return Plural(singular, plural, n)


def resolve_language(*candidates: object) -> str:
    """The first supported language among candidates ('pt-BR' counts as 'pt'), else English.

    Give them in order of preference (a link's ``?lang=``, the person's stored
    choice, the workshop's language): anything unknown, empty or not text is
    skipped, so bad input falls through to the next and finally to English.
    """
    for code in candidates:
        if not code or not isinstance(code, str):
            continue
        short = code.strip().lower().replace("_", "-").split("-")[0]
        if short in LANGUAGE_NAMES:
            return short
    return DEFAULT_LANGUAGE


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(lang: str) -> bytes | None:
    """The ``.mo`` bytes of ``lang``'s ``.po`` (fuzzy entries left out), or None if none.

    Writes the ``.mo`` next to the ``.po`` when it is missing or older, through a
    temporary file and a rename, so processes compiling at once never read half a
    file; a read-only install just keeps the bytes in memory.
    """
    po = po_path(lang)
    if not po.is_file():
        return None
    mo = po.with_suffix(".mo")
    try:
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            return mo.read_bytes()
    except OSError:
        pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    data = buffer.getvalue()
    try:
        fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".messages-", suffix=".mo")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, mo)
    except OSError:
        pass
    return data


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang`` (English, or a missing catalog, translates to itself)."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    data = compile_catalog(lang)
    if data is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))


def _no_session() -> str | None:
    return None


_session_language: Callable[[], str | None] = _no_session


def read_session_language_with(reader: Callable[[], str | None]) -> None:
    """Where a browser session's language is kept: the web wiring (``pari.web``) says, so
    that this module and the rules that translate never import Streamlit."""
    global _session_language
    _session_language = reader


def current_language() -> str:
    override = _override.get()
    if override:
        return override
    chosen = _session_language()
    return resolve_language(chosen) if chosen else DEFAULT_LANGUAGE


@contextmanager
def using_language(lang: str) -> Iterator[None]:
    """Translate into ``lang`` inside the block (for reports and the command line)."""
    token = _override.set(resolve_language(lang))
    try:
        yield
    finally:
        _override.reset(token)


def _(message: str) -> str:
    if isinstance(message, Plural):
        return ngettext(message.singular, message.plural, message.n)
    return translation(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose English serves two meanings, told apart by ``context`` ("Closed"
    as a step state or a workshop status): translators see each with its context."""
    return translation(current_language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translation(current_language()).npgettext(context, singular, plural, n)


def babel_locale(lang: str | None = None) -> str:
    """The Babel locale for ``lang`` (default: the current language)."""
    return BABEL_LOCALES[resolve_language(lang or current_language())]


# st.date_input's display format (it offers only these shapes) for each language.
DATE_INPUT_FORMATS: dict[str, str] = {
    "en": "DD/MM/YYYY",
    "sv": "YYYY-MM-DD",
    "es": "DD/MM/YYYY",
    "pt": "DD/MM/YYYY",
    "fr": "DD/MM/YYYY",
    "eu": "YYYY/MM/DD",
}


def language_name(code: str | None) -> str:
    """A language named in the current one: "eu" is "Basque" in English, "euskara" in
    Basque ("" for none)."""
    if not code:
        return ""
    return Locale.parse(babel_locale()).languages.get(code, code)


def date_input_format() -> str:
    """The ``format=`` of ``st.date_input`` for the current language."""
    return DATE_INPUT_FORMATS[current_language()]


def format_date(value: dt.date | dt.datetime | None, style: str = "medium") -> str:
    """A date as people of the current language write it ('12 maj 2026', '12/05/2026').

    ``style`` is Babel's format: "short", "medium", "long", "full" or a pattern. None
    (or NaT) gives an empty string, so optional dates need no test at the call site.
    """
    if value is None or value != value:  # None, or pandas' NaT
        return ""
    from babel.dates import format_date as babel_format_date

    if isinstance(value, dt.datetime):
        value = value.date()
    return babel_format_date(value, format=style, locale=babel_locale())


def format_datetime(value: dt.datetime | None) -> str:
    """An aware date and time as people of the current language write it, in the zone it
    carries ('4 dec. 2026 18:00'): the self-paced window's times in the workshop's zone."""
    if value is None:
        return ""
    from babel.dates import format_time

    when = format_time(value, format="short", tzinfo=value.tzinfo, locale=babel_locale())
    return f"{format_date(value)} {when}"


def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """A number with the current language's separators ('1 234,5' in French, '1,234.5' in English).

    ``decimals`` fixes the digits after the separator (rounding); None keeps up to three.
    """
    if value is None or value != value:  # None, or NaN
        return ""
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=babel_locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale())
