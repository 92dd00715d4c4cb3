"""The accessibility statement (issue 20): what conforms, what does not yet, how to
report a barrier.

Shaped after the EU model statement (Directive 2016/2102, Implementing Decision
2018/1523): conformance status, how the app was checked, what is not accessible yet
and why, feedback, and the statement's date. Text only, one message per paragraph,
translated where it is drawn (``pages/accessibility.py``), so tests read it in every
language without a browser. When the app or its checks change, change the text and
``STATEMENT_DATE`` together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pari.i18n import N_, _, format_date

STATEMENT_DATE = dt.date(2026, 12, 4)

# Streamlit's own labels, drawn by the framework in English whatever the person's
# language (no API to translate them; streamlit#1353, #10380). Shown as written.
STREAMLIT_LABELS = (
    "Skip to main content",
    "Press Enter to apply",
    "Press Enter to submit form",
    "Running...",
    "Open",
    "No results",
    "Show password",
    "Increment",
    "Decrement",
    "Choose date",
)

TITLE = N_("Accessibility statement")
LINK = N_("Accessibility")  # the menu entry and the phone's link


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list; ``lang`` marks a list in another language than the page."""

    text: str = ""
    items: tuple[str, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class Part:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Statement:
    title: str
    intro: tuple[Block, ...]
    parts: tuple[Part, ...]


INTRO = N_(
    "PARI Workshop is meant for everyone in the room: on a phone, with a screen reader, "
    "with larger text or with the keyboard only. This statement covers the whole app: the "
    "phone pages, the presenter screen, the staff pages and the local plan PDF."
)

STATUS = N_("How accessible this app is")
STATUS_TEXT = N_(
    "This app partially conforms to the Web Content Accessibility Guidelines (WCAG) 2.2, "
    "level AA. Most of it conforms; what does not yet is listed below."
)

CHECKED = N_("How we checked")
CHECKED_TEXT = N_("We checked the app ourselves (a self-assessment):")
CHECKED_AUTOMATIC = N_(
    "Automated checks with axe-core in the app's tests: every page a person can reach, on "
    "a phone screen (390 × 844 pixels) and a projector screen (1920 × 1080 pixels), in all "
    "six languages."
)
CHECKED_BY_HAND = N_(
    "Checks by hand: taking part from start to end with the keyboard alone; what a screen "
    "reader is given (Chromium's accessibility tree); text zoomed to 200 %; colour "
    "contrast; buttons and other targets at least 24 × 24 pixels."
)
CHECKED_PDF = N_(
    "The local plan PDF is tagged for screen readers (PDF/UA-1), with headings, table "
    "headers and a text for each chart."
)

NOT_YET = N_("What does not work fully yet")
NOT_YET_LABELS = N_(
    "Some labels come from Streamlit, the software this app is built on. They stay in "
    "English whatever language you choose, and screen readers are not told they are "
    "English:"
)
NOT_YET_LANGUAGE = N_(
    "Streamlit marks every page as English (Streamlit issue 15726). Our own script sets "
    "the page to your language as it loads; for a moment before that, a screen reader may "
    "read it as English."
)
NOT_YET_CHARTS = N_(
    "A screen reader cannot read the charts themselves. Each chart has a table or a "
    "summary sentence with the same information."
)
NOT_YET_TIMER = N_(
    "When a countdown closes input, text you typed but did not send is not kept. The "
    "countdown is on the screen, and a screen reader is told when one minute is left."
)
NOT_YET_FOCUS = N_(
    "After you send something, the keyboard focus goes back to the top of the page. The "
    "message that says it was saved is read out."
)
NOT_YET_DATE = N_(
    "The date field of a pledge comes from Streamlit: its parts are small (about 21 "
    "pixels high) and its calendar is in English. You can type the date instead."
)
NOT_YET_COLOURS = N_(
    "Three colours of the charts have less contrast than 3:1 against white. The bars also "
    "carry patterns, numbers and a legend, so nothing depends on colour alone."
)
NOT_YET_PDF = N_(
    "The local plan PDF was checked with the open validator “page” only: veraPDF, the "
    "usual checker for PDF/UA, could not be installed where the app is tested. Some "
    "problems in the PDF may not have been found."
)

REPORT = N_("Tell us about a barrier")
REPORT_FACILITATOR = N_(
    "If something in this app keeps you from taking part, tell the facilitator of your "
    "workshop. They can help at once, for example by entering your answers for you."
)
REPORT_COORDINATOR = N_(
    "You can also tell the PARI coordinator of your territory, who passes it on to the "
    "people who build the app."
)
REPORT_ENFORCEMENT = N_(
    "If the answer does not satisfy you, you can turn to the body that oversees digital "
    "accessibility in your country."
)

ABOUT = N_("About this statement")
ABOUT_TEXT = N_(
    "This statement was written on {date}, from our own checks of the app. We review it "
    "whenever the app changes, and at least once a year."
)


def statement() -> Statement:
    """The statement in the current language (``pari.i18n``)."""
    return Statement(
        title=_(TITLE),
        intro=(Block(_(INTRO)),),
        parts=(
            Part(_(STATUS), (Block(_(STATUS_TEXT)),)),
            Part(
                _(CHECKED),
                (
                    Block(_(CHECKED_TEXT)),
                    Block(items=(_(CHECKED_AUTOMATIC), _(CHECKED_BY_HAND), _(CHECKED_PDF))),
                ),
            ),
            Part(
                _(NOT_YET),
                (
                    Block(_(NOT_YET_LABELS)),
                    Block(items=STREAMLIT_LABELS, lang="en"),
                    Block(
                        items=(
                            _(NOT_YET_LANGUAGE),
                            _(NOT_YET_CHARTS),
                            _(NOT_YET_TIMER),
                            _(NOT_YET_FOCUS),
                            _(NOT_YET_DATE),
                            _(NOT_YET_COLOURS),
                            _(NOT_YET_PDF),
                        )
                    ),
                ),
            ),
            Part(
                _(REPORT),
                (
                    Block(_(REPORT_FACILITATOR)),
                    Block(_(REPORT_COORDINATOR)),
                    Block(_(REPORT_ENFORCEMENT)),
                ),
            ),
            Part(
                _(ABOUT),
                (Block(_(ABOUT_TEXT).format(date=format_date(STATEMENT_DATE, "long"))),),
            ),
        ),
    )
