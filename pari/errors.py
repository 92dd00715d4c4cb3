"""One error base for every rule that refuses something a person asked for.

A refusal carries an English message id (marked with ``N_`` where it is written) and
the values of its ``{name}`` placeholders. ``str(exc)`` is the English text, for the
command line and logs; ``localized()`` is the text in the reader's language, filled
after translation so translators see one message with placeholders. A subclass may
name its usual message as ``default`` and be raised without one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pari.i18n import N_, _


class PariError(Exception):
    """A rule refused the request; the message is for the person who asked."""

    default: ClassVar[str] = N_("This could not be done. Please try again.")

    def __init__(self, message: str | None = None, **params: Any) -> None:
        self.message = message or self.default
        self.params = params
        super().__init__(self._fill(self.message))

    def _fill(self, template: str) -> str:
        return template.format(**self.params) if self.params else template

    def localized(self) -> str:
        """The message in the language of this run (``pari.i18n``)."""
        return self._fill(_(self.message))
