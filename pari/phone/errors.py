"""What a phone's rules refuse with: a short message for the person (``pari.errors``)."""

from __future__ import annotations

from pari.errors import PariError
from pari.i18n import N_


class ParticipationError(PariError, ValueError):
    """A rule refused what the phone sent (pari.errors): a short message for the person."""

    default = N_("This could not be saved. Please try again.")


class StepClosed(ParticipationError):
    default = N_("This step is closed: the facilitator has moved on. Nothing was changed.")


class WorkshopEnded(ParticipationError):
    default = N_("This workshop has ended. Thank you for taking part.")


class NotCheckedIn(ParticipationError):
    default = N_("Please first say which group you speak for.")


class BudgetExceeded(ParticipationError):
    default = N_("You have no dots left. Take a dot from another card first.")


class CapExceeded(ParticipationError):
    default = N_("At most {cap} dots on one card.")


class HiddenCard(ParticipationError):
    default = N_("This card is no longer in the vote.")


class NotYours(ParticipationError):
    default = N_("You can only change what you wrote yourself.")


class InvalidInput(ParticipationError):
    default = N_("Please check what you entered.")
