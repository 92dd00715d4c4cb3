"""A live workshop of every step kind with 300 people and answers to every step,
written straight to the database: the presenter's wall tests and the accessibility
checks draw every kind from it."""

from __future__ import annotations

import hashlib
import random
from datetime import date

from sqlmodel import Session

from pari.db import make_engine, migrate
from pari.models import (
    Assessment,
    Commitment,
    CommitmentKind,
    CommitmentRole,
    Contribution,
    Participant,
    PollAnswer,
    Role,
    Score,
    StakeholderGroup,
    StepKind,
    Vote,
    utcnow,
)
from tests.browser.test_facilitator import PASSWORD
from tests.factories import make_current, make_workshop

PEOPLE = 300
CARDS = 80
CATEGORIES = ["Social", "Ecological", "Economic", "Other needs"]
OPTIONS = ["Informal network", "Association", "Cooperative", "Hosted by the municipality"]
STATEMENT = "the cluster will have a coordinator and a budget of its own by next summer"
STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.IDEAS, "Challenges", {"categories": CATEGORIES}),
    (StepKind.DOT_VOTE, "Challenge priorities", {"budget": 5, "per_card_cap": 3}, 1),
    (StepKind.MATRIX, "Which paths?", {"criteria": ["Impact", "Feasibility"]}, 1),
    (StepKind.POLL, "Governance", {"options": OPTIONS}),
    (StepKind.ASSESSMENT, "How ready are we?", {}),
    (StepKind.COMMITMENTS, "Commitments", {}, 1),
    (StepKind.QUESTIONS, "Questions to our hosts", {"names": True}),
    (StepKind.WORD_CLOUD, "What does cooperation mean here?", {"max_answers": 3}),
    (
        StepKind.RATING,
        "Confidence check",
        {"statements": [f"Statement {i}: {STATEMENT}" for i in range(1, 7)], "scale": "agree"},
    ),
    (StepKind.PLAN, "Our local plan", {}),
]
QUESTIONS = 60
VOCABULARY = [
    "Confianza", "confianza", "Cooperación", "cooperacion", "Auzolana", "Tillit", "samarbete",
    "Trust", "shared tools", "local food", "Partage", "Entraide", "Comunidade", "Futuro del valle",
    "Ayuda mutua", "Escuela rural", "Mercado local", "Energía", "Vecinos", "Jóvenes", "Agua",
    "Territorio", "Cuidados", "Redes", "Financiación", "Bygden", "Gemenskap", "Solidarité",
    "Respect", "Time together", "Nature", "Culture", "Bus", "Money", "Land", "Skills",
]  # fmt: skip
WORDS = [
    "young",
    "people",
    "leave",
    "the",
    "valley",
    "because",
    "there",
    "is",
    "no",
    "bus",
    "after",
    "six",
    "and",
    "the",
    "school",
    "closed",
    "so",
    "families",
    "move",
    "to",
    "town",
    "while",
    "farms",
    "need",
    "hands",
    "and",
    "the",
    "shop",
    "needs",
    "buyers",
]


def _text(rng: random.Random, i: int) -> str:
    """A card: mostly a short line, every eighth one long (up to the 500 characters)."""
    if i % 8 == 0:
        return f"#{i} " + " ".join(rng.choice(WORDS) for _ in range(80))[:480]
    return f"#{i} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))


class Crowd:
    """The server's database: a live workshop of every kind, 300 people, 80 cards, and
    answers to every step, written directly (as tests/browser/test_phone.py's Room)."""

    def __init__(self, database_url: str) -> None:
        from pari import accounts

        rng = random.Random(18)
        self.engine = make_engine(database_url)
        migrate(self.engine)
        with self.session() as s:
            owner = accounts.create_user(
                session=s, username="wall", name="Wall", password=PASSWORD, role=Role.FACILITATOR
            )
            s.commit()
            self.workshop, self.steps = make_workshop(s, owner=owner, steps=STEPS, code="FXTW3K")
            for step in self.steps:  # a one-line prompt under each title, as real steps have
                step.prompt = f"What do we think about {step.title.lower()}?"
                s.add(step)
            groups = [*StakeholderGroup, None]
            people = [
                Participant(
                    workshop_id=self.workshop.id,
                    token_hash=hashlib.sha256(f"wall-{i}".encode()).hexdigest(),
                    group=groups[i % len(groups)],
                    consented=True,
                    checked_in_at=utcnow(),
                )
                for i in range(PEOPLE)
            ]
            s.add_all(people)
            s.flush()
            ideas, vote, matrix, poll, assess, pledge = (self.steps[i] for i in range(1, 7))
            cards = [
                Contribution(
                    workshop_id=self.workshop.id,
                    step_id=ideas.id,
                    participant_id=people[i].id,
                    text=_text(rng, i),
                    category=CATEGORIES[i % len(CATEGORIES)],
                )
                for i in range(CARDS)
            ]
            s.add_all(cards)
            s.flush()
            rows: list = []
            for p in people:
                for card in rng.sample(cards, 5):
                    rows.append(
                        Vote(step_id=vote.id, participant_id=p.id, contribution_id=card.id, dots=1)
                    )
                for card in rng.sample(cards, 8):
                    rows += [
                        Score(
                            step_id=matrix.id,
                            participant_id=p.id,
                            contribution_id=card.id,
                            criterion=c,
                            value=rng.randint(1, 5),
                        )
                        for c in (0, 1)
                    ]
                rows.append(
                    PollAnswer(step_id=poll.id, participant_id=p.id, option=rng.randrange(4))
                )
                rows += [
                    Assessment(
                        step_id=assess.id,
                        participant_id=p.id,
                        dimension=d,
                        value=rng.choice([None, *range(11)]),
                    )
                    for d in (
                        "vision",
                        "diversity",
                        "trust",
                        "governance",
                        "resources",
                        "policy",
                        "services",
                        "impact",
                    )
                ]
            # 150 pledges over 30 of the 80 priorities: most priorities have no lead.
            for i, p in enumerate(people[:150]):
                rows.append(
                    Commitment(
                        workshop_id=self.workshop.id,
                        step_id=pledge.id,
                        participant_id=p.id,
                        contribution_id=cards[i % 30].id,
                        role=CommitmentRole.LEAD if i % 7 == 0 else CommitmentRole.SUPPORTING,
                        kind=list(CommitmentKind)[i % len(CommitmentKind)],
                        what=_text(rng, i),
                        amount=float(i % 5 + 1),
                        unit="hours",
                        by_when=date(2027, 1 + i % 12, 1),
                    )
                )
            rows += self._newer_kinds(s, rng, people, *(self.steps[i] for i in range(7, 10)))
            s.add_all(rows)
            s.commit()

    def _newer_kinds(
        self, s: Session, rng: random.Random, people: list, asks, words, rating
    ) -> list:
        """Answers to the kinds with tables of their own: 60 questions (long ones too, one
        pinned, one answered) with three upvotes a person, three words a person, and
        six statements rated by everyone (some "don't know")."""
        from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote
        from pari.steps.rating.models import Rating
        from pari.steps.word_cloud.models import WordAnswer
        from pari.steps.word_cloud.words import key

        questions = [
            Question(
                workshop_id=self.workshop.id,
                step_id=asks.id,
                participant_id=people[i].id,
                text=_text(rng, i) + "?",
                show_name=i % 3 == 0,
                status=QuestionStatus.ANSWERED if i == 1 else QuestionStatus.SHOWN,
                pinned_at=utcnow() if i == 0 else None,
            )
            for i in range(QUESTIONS)
        ]
        s.add_all(questions)
        s.flush()
        ids = [q.id for q in questions]
        rows: list = []
        for p in people:
            rows += [
                QuestionUpvote(question_id=q, participant_id=p.id, step_id=asks.id)
                for q in rng.sample(ids, 3)
            ]
            rows += [
                WordAnswer(step_id=words.id, participant_id=p.id, text=w, key=key(w))
                for w in rng.sample(VOCABULARY, 3)
            ]
            rows += [
                Rating(
                    step_id=rating.id,
                    participant_id=p.id,
                    statement=i,
                    value=rng.choice([None, 1, 2, 3, 4, 4, 5, 5]),
                )
                for i in range(6)
            ]
        return rows

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def show(self, index: int) -> None:
        with self.session() as s:
            make_current(s, self.workshop, self.steps[index])
