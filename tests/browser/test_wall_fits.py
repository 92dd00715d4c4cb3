"""Issue 18, point 4: the presenter fits the wall, in Chromium against a real server.

A workshop with 300 people and 80 cards (long ones too) and answers for every step
kind; the presenter opened at 1920x1080 and at 1280x720 on each kind must show its
panel without a scroll bar, and at 1080p its chart text is at least 24 px.
Screenshots: artifacts/screenshots/wall-<kind>-<size>.png.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import expect
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
from tests.browser.conftest import shot, start_server, stop_server, wait_idle
from tests.browser.test_facilitator import PASSWORD, log_in
from tests.factories import make_current, make_workshop

pytestmark = pytest.mark.browser

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
SIZES = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}
MIN_CHART_TEXT_PX = 24  # at 1080p, read from the back of the room
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


@pytest.fixture(scope="module")
def crowd(tmp_path_factory) -> Iterator[tuple[str, Crowd]]:
    """One server for the module: building the crowd takes a while."""
    server = start_server(tmp_path_factory.mktemp("wall"))
    crowd = Crowd(server.database_url)
    yield server.url, crowd
    crowd.engine.dispose()
    stop_server(server)


@pytest.fixture(scope="module", params=list(SIZES))
def wall(request, browser, crowd):
    """The presenter screen at one size, signed in once."""
    url, _crowd = crowd
    ctx = browser.new_context(viewport=SIZES[request.param])
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    # The server's first page load is slow (imports): wait for it before logging in.
    page.goto(f"{url}/sign-in")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible(timeout=60_000)
    log_in(page, url, "wall")
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")
    # As in test_facilitator: the login cookie is written just after the login run.
    for attempt in range(3):
        page.wait_for_timeout(1_500)
        page.goto(f"{url}/screen?w=FXTW3K")
        try:
            expect(page.get_by_test_id("join-code")).to_have_text("FXTW3K", timeout=8_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    yield request.param, page
    ctx.close()


OVERFLOW = """() => {
    // Every element that scrolls (the document, Streamlit's main container) and by how
    // much its content passes its height.
    const out = [];
    for (const el of [document.scrollingElement, ...document.querySelectorAll('*')]) {
        const style = getComputedStyle(el);
        const scrolls = el === document.scrollingElement
            || ['auto', 'scroll'].includes(style.overflowY);
        if (scrolls && el.scrollHeight > el.clientHeight + 1) {
            out.push(`${el.tagName}.${el.className} ${el.scrollHeight}>${el.clientHeight}`);
        }
    }
    return out;
}"""
CHART_TEXT = """() => [...document.querySelectorAll('.stPlotlyChart svg text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => [t.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(t).fontSize)])"""


# What each kind's wall must show besides fitting (issue 18 points 4 and 5), as a list of
# what is wrong (empty when right), read from the page as drawn.
_IN_VIEW = """const inView = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; };"""
SHOWN = {
    # The card wall in columns, long cards clamped, and how many are left out.
    StepKind.IDEAS: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const columns = [...document.querySelectorAll('.pari-cat')].filter(inView);
        if (columns.length < 4) out.push(`columns: ${columns.length}`);
        const texts = [...document.querySelectorAll('.pari-card span')].filter(inView);
        if (!texts.some(t => t.scrollHeight > t.clientHeight + 1)) out.push('no card clamped');
        if (texts.some(t => t.clientHeight > 2.6 * parseFloat(getComputedStyle(t).lineHeight)))
            out.push('a card over two lines');
        const more = [...document.querySelectorAll('.pari-more')].filter(inView);
        if (!more.some(m => /more not shown/.test(m.textContent))) out.push('no "more not shown"');
        return out; }""",
    # The ranking, every bar with its name (on a 1080p wall the agreement chart too, on
    # the same screen; a shorter wall shows the ranking alone).
    StepKind.DOT_VOTE: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const charts = [...document.querySelectorAll('.stPlotlyChart')].filter(inView);
        const want = innerHeight >= 1000 ? 2 : 1;
        if (charts.length !== want) out.push(`charts in view: ${charts.length}`);
        const bars = charts.length ? charts[0].querySelector('g.trace.bars') : null;
        const names = charts.length ? charts[0].querySelectorAll('g.ytick text') : [];
        const count = bars ? bars.querySelectorAll('g.point').length : 0;
        if (!count || names.length !== count) out.push(`${names.length} names, ${count} bars`);
        return out; }""",
    # Numbered bubbles whose labels never overlap, and the four quadrants named.
    StepKind.MATRIX: """() => {
        const out = [];
        const boxes = [...document.querySelectorAll('.stPlotlyChart g.textpoint text')]
            .filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect());
        if (boxes.length < 5) out.push(`labels: ${boxes.length}`);
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
                out.push(`overlap at ${Math.round(a.left)},${Math.round(a.top)}`);
        }));
        const notes = [...document.querySelectorAll('.stPlotlyChart .annotation-text')]
            .map(t => t.textContent).join(' | ');
        for (const q of ['High Impact', 'Low Impact']) if (!notes.includes(q)) out.push(q);
        return out; }""",
    # The question being answered whole (500 characters at most), in view, and the list
    # by votes under it with how many are left out.
    StepKind.QUESTIONS: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const pin = document.querySelector('.pari-q-pin-text');
        if (!pin || !inView(pin)) out.push('no pinned question in view');
        else if (pin.scrollHeight > pin.clientHeight + 1 || /…$/.test(pin.textContent))
            out.push('the pinned question is cut');
        return out; }""",
    # The pledges themselves beside the chart, bounded, with how many are left out.
    StepKind.COMMITMENTS: "() => {"
    + _IN_VIEW
    + """
        const out = [];
        const items = [...document.querySelectorAll('.pari-pledges li')].filter(inView);
        if (items.length < 3) out.push(`pledges in view: ${items.length}`);
        const more = [...document.querySelectorAll('.pari-pledges-more')].filter(inView);
        if (!more.some(m => /more not shown/.test(m.textContent))) out.push('no "more not shown"');
        return out; }""",
}


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[k.value for k, *_ in STEPS])
def test_each_kind_fits_the_wall(crowd, wall, index):
    _url, room = crowd
    size, page = wall
    kind, title = STEPS[index][:2]
    room.show(index)
    expect(page.locator(".pari-step")).to_have_text(title, timeout=10_000)
    if kind is not StepKind.PLAN:
        # The panel is drawn: its chart, or the card wall.
        drawn = {StepKind.IDEAS: ".pari-card", StepKind.QUESTIONS: ".pari-q-pin-text"}.get(
            kind, ".stPlotlyChart svg.main-svg"
        )
        # A kind may draw a panel per wall size and hide the other (the word cloud).
        expect(page.locator(f"{drawn} >> visible=true").first).to_be_visible(timeout=20_000)
    wait_idle(page)
    shot(page, f"wall-{kind.value}-{size}")
    problems = {"scrolls": page.evaluate(OVERFLOW)}
    if size == "1080p":
        problems["text under 24 px"] = [
            (t, px) for t, px in page.evaluate(CHART_TEXT) if px < MIN_CHART_TEXT_PX
        ]
    problems["not shown as it should"] = page.evaluate(SHOWN[kind]) if kind in SHOWN else []
    assert problems == {key: [] for key in problems}
