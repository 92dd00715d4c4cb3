"""The poll on the phone: choose one option, or several where the step allows, and say
in one's own words what "Other" is.

The written answer is kept as a card (``Contribution``) of the poll step: the one table
that holds a person's text for a step (its export row names the step and its kind).
Cards of a poll step are never on a wall: walls and votes read ideas steps only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from pari import steps
from pari.i18n import N_
from pari.models import Contribution, Participant, PollAnswer, Step, StepKind, utcnow
from pari.phone.errors import InvalidInput
from pari.phone.guards import begin, clean_text, open_step
from pari.steps.poll import NO_OPINION

MAX_OTHER = 200  # a few words, as on a paper form's "Other: ______"


def answer_poll(
    *,
    session: Session,
    participant_id: int,
    step_id: int,
    options: Sequence[int],
    other_text: str | None = None,
) -> list[int]:
    """Replace one's answer: one option, or several if the step allows (empty clears).

    ``other_text`` is kept only with the option that takes a written answer chosen."""
    chosen = sorted(set(options))
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.POLL)
    settings = steps.config(step)
    low = NO_OPINION if settings.no_opinion else 0
    count = len(settings.options)
    if any(isinstance(o, bool) or not isinstance(o, int) or not low <= o < count for o in chosen):
        raise InvalidInput(N_("This answer is not one of the options."))
    if NO_OPINION in chosen and len(chosen) > 1:
        raise InvalidInput(N_("“No opinion” goes alone: untick the other answers."))
    if len(chosen) > 1 and not settings.multiple:
        raise InvalidInput(N_("Please choose one answer."))
    written = (
        clean_text(other_text, max_len=MAX_OTHER, required=False, multiline=False)
        if settings.other_option in chosen
        else ""
    )
    old = session.exec(
        select(PollAnswer).where(
            PollAnswer.step_id == step.id, PollAnswer.participant_id == participant.id
        )
    ).all()
    keep = {a.option for a in old}
    for answer in old:
        if answer.option not in chosen:
            session.delete(answer)
    for option in chosen:
        if option not in keep:
            session.add(PollAnswer(step_id=step.id, participant_id=participant.id, option=option))
    _keep_other_text(session, participant, step, written)
    session.flush()
    return chosen


def _keep_other_text(session: Session, participant: Participant, step: Step, text: str) -> None:
    card = _other_card(session, participant.id, step.id)
    if not text:
        if card is not None:
            session.delete(card)
        return
    card = card or Contribution(
        workshop_id=participant.workshop_id, step_id=step.id, participant_id=participant.id
    )
    card.text = text
    card.updated_at = utcnow()
    session.add(card)


def _other_card(session: Session, participant_id: int, step_id: int) -> Contribution | None:
    return session.exec(
        select(Contribution).where(
            Contribution.step_id == step_id, Contribution.participant_id == participant_id
        )
    ).first()


def my_other_text(*, session: Session, participant_id: int, step_id: int) -> str:
    """What one wrote for "Other" ("" if nothing)."""
    card = _other_card(session, participant_id, step_id)
    return card.text if card is not None else ""


def my_poll_answer(*, session: Session, participant_id: int, step_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(PollAnswer.option).where(
                PollAnswer.step_id == step_id, PollAnswer.participant_id == participant_id
            )
        ).all()
    )
