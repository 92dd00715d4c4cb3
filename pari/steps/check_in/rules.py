"""Check-in on the phone: say which group one speaks for (again, to change it)."""

from __future__ import annotations

from sqlmodel import Session

from pari.i18n import N_
from pari.models import MAX_NAME, AnswerMode, Participant, StakeholderGroup, utcnow
from pari.phone.errors import InvalidInput
from pari.phone.guards import arrival_mode, begin, clean_text, stamp


def check_in(
    *,
    session: Session,
    participant_id: int,
    group: StakeholderGroup | str,
    name: str | None = None,
    organisation: str | None = None,
    place: str | None = None,
    consent: bool,
    name_in_plan: bool = False,
) -> Participant:
    """Say which group one speaks for (again, to change it): one participant, edited.

    ``name_in_plan`` is the separate, explicit choice to be named beside one's pledges
    in the local plan (``pari.privacy.who``); not given means no."""
    try:
        group = StakeholderGroup(group)
    except ValueError:
        raise InvalidInput(N_("Please choose the group you speak for.")) from None
    if consent is not True:
        raise InvalidInput(N_("Please agree to how your answers are used, or ask the facilitator."))
    if not isinstance(name_in_plan, bool):  # a tampered form sends anything
        raise InvalidInput(N_("Please say whether your name may be shown in the local plan."))
    clean = {
        "name": clean_text(name, max_len=MAX_NAME, required=False, multiline=False),
        "organisation": clean_text(organisation, max_len=MAX_NAME, required=False, multiline=False),
        "place": clean_text(place, max_len=MAX_NAME, required=False, multiline=False),
    }
    participant, workshop = begin(session, participant_id)
    if participant.checked_in_at is None:  # how the person arrived: in the room or the window
        participant.self_paced = arrival_mode(workshop) is AnswerMode.SELF_PACED
    participant.group = group
    for key, value in clean.items():
        setattr(participant, key, value)
    participant.consented = True
    participant.name_in_plan = name_in_plan
    participant.checked_in_at = participant.checked_in_at or utcnow()
    stamp(participant)
    session.add(participant)
    session.flush()
    return participant
