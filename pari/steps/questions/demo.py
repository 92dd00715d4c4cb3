"""The demo's questions: the visitors ask the hosts what they would ask on a study
visit, in the workshop's language, and upvote each other's; the facilitator pins one
and marks another answered (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Step
from pari.steps.questions import moderate
from pari.steps.questions.models import QuestionStatus
from pari.steps.questions.rules import ask, upvote

if TYPE_CHECKING:
    from pari.demo import Room

QUESTIONS = {
    "pt": [
        "Como conseguiram que a câmara municipal e as cooperativas confiassem umas nas outras?",
        "Quem paga o trabalho do coordenador do cluster depois do fim do projeto?",
        "Que erros cometeram no primeiro ano e o que fariam de outra forma?",
        "Como envolvem os jovens agricultores nas decisões?",
        "As cláusulas sociais na contratação pública foram difíceis de aplicar?",
        "Quanto tempo levou até terem as primeiras vendas conjuntas?",
        "Como medem o impacto social e ecológico do cluster?",
    ],
    "es": [
        "¿Cómo lograsteis que el ayuntamiento y las cooperativas confiaran entre sí?",
        "¿Quién paga al coordinador del clúster cuando termina el proyecto?",
        "¿Qué errores cometisteis el primer año?",
        "¿Cómo implicáis a los jóvenes agricultores en las decisiones?",
        "¿Cómo medís el impacto social y ecológico?",
    ],
    "sv": [
        "Hur fick ni kommunen och kooperativen att lita på varandra?",
        "Vem betalar klustrets samordnare när projektet tar slut?",
        "Vilka misstag gjorde ni det första året?",
        "Hur får ni med unga lantbrukare i besluten?",
        "Hur mäter ni den sociala och ekologiska nyttan?",
    ],
    "en": [
        "How did the municipality and the cooperatives come to trust each other?",
        "Who pays the cluster's coordinator once the project ends?",
        "What mistakes did you make in the first year?",
        "How do you involve young farmers in decisions?",
        "How do you measure the cluster's social and ecological impact?",
    ],
}


def play(room: Room, step: Step) -> None:
    """A question each from the first people, upvotes from the rest (more for the
    first questions), one pinned and one answered."""
    texts = QUESTIONS.get(room.workshop.language, QUESTIONS["en"])
    names = steps.config(step).names
    asked = []
    for i, text in enumerate(texts):
        pid = room.people[i % len(room.people)]
        q = ask(
            session=room.session,
            participant_id=pid,
            step_id=step.id,
            text=text,
            show_name=names and i % 2 == 0,
        )
        if q.status is QuestionStatus.PENDING:
            moderate.approve(session=room.session, user=room.owner, question_id=q.id)
        asked.append(q)
    for pid in room.people:
        for rank, q in enumerate(asked):
            if q.participant_id != pid and room.rng.random() < 0.75 / (1 + rank * 0.35):
                upvote(session=room.session, participant_id=pid, question_id=q.id, on=True)
    moderate.mark_answered(session=room.session, user=room.owner, question_id=asked[1].id)
    moderate.pin(session=room.session, user=room.owner, question_id=asked[0].id)
