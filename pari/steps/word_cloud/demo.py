"""The demo's word clouds: "In one to three words: what does cooperation mean here?"
answered in the workshop's language, the same words typed with and without capitals
and accents, as a room types them (``python -m pari demo``, ``pari.demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import steps
from pari.models import Step
from pari.phone.errors import ParticipationError
from pari.steps.word_cloud.rules import send_word

if TYPE_CHECKING:
    from pari.demo import Room

# What people answer, by workshop language; the first words come most often.
ANSWERS = {
    "sv": [
        ["Förtroende", "förtroende", "FÖRTROENDE", "Fortroende"],
        ["Tillsammans", "tillsammans", "Vi tillsammans"],
        ["Samverkan", "samverkan", "SAMVERKAN"],
        ["Gemenskap", "gemenskap"],
        ["Dela resurser", "dela resurser"],
        ["Lokal utveckling"],
        ["Byalaget"],
        ["Ömsesidig hjälp", "ömsesidig hjälp"],
        ["Kooperativ"],
        ["Framtidstro"],
        ["Att lyssna"],
        ["Ta ansvar"],
    ],
    "es": [
        ["Confianza", "confianza", "CONFIANZA", "La confianza"],
        ["Cooperación", "cooperacion", "COOPERACIÓN", "la cooperación"],
        ["Auzolan", "auzolan", "Auzolana"],
        ["Trabajo en equipo", "trabajo en equipo"],
        ["Comunidad", "comunidad", "La comunidad"],
        ["Ayuda mutua", "ayuda mutua"],
        ["Compartir recursos"],
        ["Futuro del valle", "futuro del valle"],
        ["Vecinos"],
        ["Cuidados"],
        ["Lankidetza"],
        ["Juntos"],
    ],
    "en": [
        ["Trust", "trust", "TRUST", "The trust"],
        ["Working together", "working together"],
        ["Community", "community"],
        ["Sharing resources"],
        ["Mutual help"],
        ["Local future"],
    ],
}


def play(room: Room, step: Step) -> None:
    """Every person sends up to the step's limit, the first words most often; some send
    fewer, and some answer twice with the same word (a repeat counts once per answer)."""
    words = ANSWERS.get(room.workshop.language, ANSWERS["en"])
    limit = steps.config(step, room.workshop).max_answers
    weights = [len(words) - i for i in range(len(words))]
    for pid in room.people:
        for _ in range(room.rng.randint(1, limit)):
            group = room.rng.choices(words, weights=weights)[0]
            try:
                send_word(
                    session=room.session,
                    participant_id=pid,
                    step_id=step.id,
                    text=room.rng.choice(group),
                )
            except ParticipationError:  # the limit, or the step closed under the demo
                break
