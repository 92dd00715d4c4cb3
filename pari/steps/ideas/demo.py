"""The demo's ideas steps: cards in the languages of the territories, as people would
write them, a card each in turn (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Step, Template
from pari.steps.ideas.rules import add_card

if TYPE_CHECKING:
    from pari.demo import Room

CARDS = {
    "missing": [
        "Youth association of the valley",
        "Regional bank (finance)",
        "Sami reindeer herders' cooperative",
        "Escuela agraria de Iruñea",
        "Associação de pais",
        "LEADER local action group",
    ],
    "assets": [
        "Old dairy building, empty since 2019",
        "Volunteer fire brigade network",
        "Fondo de innovación social de Navarra",
        "Conhecimento dos agricultores mais velhos",
        "Herriko baso komunala (common forest)",
        "Weekly farmers' market",
    ],
    "challenges": [
        "Young people leave for the cities",
        "No bus after 18:00",
        "Despoblación en los valles del Pirineo",
        "Abandono das terras agrícolas",
        "Drought and forest fires",
        "Elderly care is far away",
        "Broadband is slow on the farms",
        "Small shops close one after another",
    ],
    "paths": [
        "Shared cooperative kitchen for school meals",
        "Car-sharing run by the village association",
        "Energy community on municipal roofs",
        "Cooperativa de cuidados a domicilio",
        "Mercado de produtores com entrega ao domicílio",
        "Co-working space in the old dairy",
    ],
    "observations": [
        "The municipality hosts the cluster's coordinator",
        "Farmers, the school and the care home buy together",
        "A social enterprise runs the village shop",
        "Decisions are taken in an open assembly every month",
    ],
    "success": [
        "A trusted local broker with time paid for",
        "Small first wins in the first six months",
        "Public procurement with social clauses",
        "Everyone brings something: time, space or money",
    ],
    "mission_challenges": [
        "Funding ends when the project ends",
        "Hard to involve young people",
        "Rules for public procurement are complex",
    ],
}
# The cards each template's ideas steps get, by the step's title in the template.
CARD_SETS = {
    Template.LOCAL_PLAN: {
        "Who is missing?": "missing",
        "Assets and resources": "assets",
        "Challenges": "challenges",
        "Innovation paths": "paths",
    },
    Template.MISSION_DEBRIEF: {
        "Observations": "observations",
        "Success factors": "success",
        "Challenges": "mission_challenges",
    },
}


def play(room: Room, step: Step) -> None:
    """Every card of the step's set, a person each in turn."""
    _add(room, step, _texts(room, step))


def start(room: Room, step: Step) -> None:
    """The first three cards only: whoever joins with the printed code adds the rest."""
    _add(room, step, _texts(room, step)[:3])


def _texts(room: Room, step: Step) -> list[str]:
    return CARDS[CARD_SETS[room.workshop.template][step.title]]


def _add(room: Room, step: Step, texts: list[str]) -> None:
    categories = list(steps.config(step).categories)
    for i, text in enumerate(texts):
        pid = room.people[i % len(room.people)]
        add_card(
            session=room.session,
            participant_id=pid,
            step_id=step.id,
            text=text,
            category=categories[i % len(categories)] if categories else None,
        )
