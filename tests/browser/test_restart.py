"""The server dies mid-vote (issue 8): every acknowledged dot is there after a restart,
the phone comes back as the same participant, the facilitator's current step holds."""

from __future__ import annotations

import signal

from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import Session, select

from pari import versioning
from pari.db import make_engine, migrate
from pari.models import Participant, StepKind, StepState, Vote, Workshop
from pari.phone import joining
from pari.steps.check_in import rules as check_in_rules
from pari.steps.ideas import rules as ideas_rules
from tests.browser.conftest import dot_button, shot, start_server, stop_server
from tests.factories import make_workshop


def test_kill_mid_vote_loses_nothing_and_the_phone_comes_back(tmp_path, phone):
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        workshop, steps = make_workshop(
            s,
            steps=[
                (StepKind.CHECK_IN, "Check-in", {}),
                (StepKind.IDEAS, "Challenges", {}),
                (StepKind.DOT_VOTE, "Priorities", {"budget": 5, "per_card_cap": 3}, 1),
            ],
        )
        writer = joining.join(session=s, code=workshop.code, client_key="t").participant
        check_in_rules.check_in(
            session=s, participant_id=writer.id, group="knowledge", consent=True
        )
        workshop.current_step_id = steps[1].id
        steps[1].state = StepState.OPEN
        s.add_all([workshop, steps[1]])
        s.commit()
        cards = [
            ideas_rules.add_card(
                session=s, participant_id=writer.id, step_id=steps[1].id, text=t
            ).id
            for t in ("Bus after 18:00", "Village shop")
        ]
        steps[1].state = StepState.CLOSED
        steps[2].state = StepState.OPEN
        workshop.current_step_id = steps[2].id
        s.add_all([workshop, steps[1], steps[2]])
        versioning.bump(s, workshop.id, stage=True)
        s.commit()
        code, vote_step = workshop.code, steps[2].id

    server = start_server(tmp_path, url)
    port = int(server.url.rsplit(":", 1)[1])
    try:
        phone.goto(f"{server.url}/?join={code}")
        phone.get_by_text("Civil society and residents").first.click()
        phone.get_by_role("button", name="I agree, let's start").click()
        for card in (cards[0], cards[0], cards[1]):
            dot_button(phone, card).click()
            phone.wait_for_timeout(300)
        expect(phone.get_by_text("2 dots left")).to_be_visible()
        link = phone.url
        assert "p=" in link and "join=" not in link

        # A power cut: no clean shutdown.
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        server = start_server(tmp_path, url, port=port)

        # The open page reconnects by itself, as the same person: one more dot lands.
        # A tap made while the page is still reconnecting never reaches the server; the
        # dot stays hollow and the page sends the same counts again until answered
        # (pari/components/dot_vote.js), so one tap is enough and never counts twice.
        dot_button(phone, cards[1]).click(timeout=30_000)
        expect(phone.get_by_text("1 dot left")).to_be_visible(timeout=30_000)
        expect(phone.get_by_text("1 dot left")).to_be_visible()
        # And a reload finds the same person with every dot.
        phone.reload()
        expect(phone.get_by_text("1 dot left")).to_be_visible(timeout=20_000)
        shot(phone, "restart-phone-after")
        assert phone.url == link
    finally:
        stop_server(server)

    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Participant)).one() == 2  # writer + phone
        dots = s.exec(select(func.sum(Vote.dots)).where(Vote.step_id == vote_step)).one()
        assert dots == 4
        assert s.exec(select(Workshop.current_step_id)).one() == vote_step
    assert "Traceback" not in server.log_text()
    engine.dispose()
