"""The poll on the phone: choose one option, or several where the step allows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from pari import steps
from pari.i18n import N_
from pari.models import PollAnswer, StepKind
from pari.phone.errors import InvalidInput
from pari.phone.guards import begin, open_step


def answer_poll(
    *, session: Session, participant_id: int, step_id: int, options: Sequence[int]
) -> list[int]:
    """Replace one's answer: one option, or several if the step allows (empty clears)."""
    chosen = sorted(set(options))
    participant, workshop = begin(session, participant_id)
    step = open_step(session, participant, workshop, step_id, StepKind.POLL)
    settings = steps.config(step)
    count = len(settings.options)
    if any(isinstance(o, bool) or not isinstance(o, int) or not 0 <= o < count for o in chosen):
        raise InvalidInput(N_("This answer is not one of the options."))
    if len(chosen) > 1 and not settings.multiple:
        raise InvalidInput(N_("Please choose one answer."))
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
    session.flush()
    return chosen


def my_poll_answer(*, session: Session, participant_id: int, step_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(PollAnswer.option).where(
                PollAnswer.step_id == step_id, PollAnswer.participant_id == participant_id
            )
        ).all()
    )
