"""Issue 22: theme suggestions for a wall of cards, their measures, and the service that
turns accepted themes into a step's categories."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sqlmodel import select

from pari import accounts, moderation
from pari import workshops as ws
from pari.models import Contribution, StakeholderGroup, Step, StepKind
from pari.permissions import NotAllowed
from pari.reporting import exports
from pari.reporting.plan import collect
from pari.steps.ideas import KIND as IDEAS
from pari.steps.ideas import MAX_CATEGORIES, theming
from pari.steps.ideas.results import card_wall
from pari.text import shorten
from pari.themes import cluster, evaluate, language, suggest
from pari.themes.metrics import adjusted_rand_index, precision_recall
from pari.workshops import InvalidInput
from tests.factories import make_participant, make_user

# --- the labelled set ----------------------------------------------------------------------


def test_the_labelled_set_is_whole():
    rooms = evaluate.load()
    cards = [c for room in rooms.values() for c in room]
    assert len(cards) >= 300
    assert {c.lang for c in cards} == set(language.LANGUAGES)
    assert len({c.id for c in cards}) == len(cards)
    by_id = {c.id: c for c in cards}
    pairs = [c for c in cards if c.dup_of]
    assert len(pairs) >= 40
    for card in pairs:
        original = by_id[card.dup_of]
        assert (original.room, original.theme, original.dup_of) == (card.room, card.theme, "")
    assert sum(by_id[c.dup_of].lang != c.lang for c in pairs) >= 10  # across languages
    # Rooms of two languages, as workshops are.
    mixed = {name for name, room in rooms.items() if len({c.lang for c in room}) > 1}
    assert mixed == {"sv_en", "es_eu"}


def test_the_thesaurus_names_every_concept_in_six_languages():
    rows = evaluate.vectors.thesaurus_rows()
    per_concept = Counter(r["concept"] for r in rows)
    assert len(per_concept) >= 100
    assert set(per_concept.values()) == {6}
    assert {r["lang"] for r in rows} == set(language.LANGUAGES)


# --- measures --------------------------------------------------------------------------------


def test_adjusted_rand_index_as_published():
    # Hubert and Arabie's index; the figures scikit-learn's documentation gives.
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.5714, abs=1e-4)
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(
        0.2424, abs=1e-4
    )
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 2, 3]) == 0.0


def test_precision_and_recall_of_pairs():
    truth = {frozenset((1, 2)), frozenset((3, 4))}
    assert precision_recall({frozenset((2, 1)), frozenset((5, 6))}, truth) == (0.5, 0.5)
    assert precision_recall(set(), truth) == (1.0, 0.0)


def test_agglomeration_joins_what_is_alike_and_stops_at_the_threshold():
    block = np.full((6, 6), 0.05)
    block[:3, :3] = block[3:, 3:] = 0.8
    np.fill_diagonal(block, 1.0)
    assert cluster.agglomerate(block, 0.5) == [[0, 1, 2], [3, 4, 5]]
    assert len(cluster.agglomerate(block, 0.9)) == 6
    assert cluster.agglomerate(block, 0.01) == [[0, 1, 2, 3, 4, 5]]


def test_a_small_group_is_left_unassigned_and_themes_are_named_by_their_words():
    texts = [
        "Buses only twice a day",
        "More buses on Saturdays",
        "Night buses for the youth",
        "Solar panels on the school roof",
        "Solar energy cooperative",
        "Solar farm on the old quarry",
        "Wolves near the sheep",
    ]
    similarity = np.full((7, 7), 0.0)
    similarity[:3, :3] = similarity[3:6, 3:6] = 0.7
    np.fill_diagonal(similarity, 1.0)
    found = cluster.suggest(texts, [None] * 7, similarity, threshold=0.5)
    assert [sorted(t.cards) for t in found.themes] == [[0, 1, 2], [3, 4, 5]]
    assert found.unassigned == (6,)
    assert found.themes[0].name.startswith("Buses")
    assert found.themes[1].name.startswith("Solar")


def test_numbers_do_not_name_a_theme():
    texts = ["Bus 17 late", "Bus 17 full", "Bus 17 gone"]
    found = cluster.suggest(texts, [None] * 3, np.ones((3, 3)), threshold=0.5)
    assert "17" not in found.themes[0].name


def test_languages_are_told_apart_and_a_short_text_is_not_guessed():
    assert language.detect("Gazteak hirira joaten dira lana bilatzera") == "eu"
    assert language.detect("Solo hay dos autobuses al día a Pamplona") == "es"
    assert language.detect("Sista bussen går klockan fem") == "sv"
    assert language.detect("ok") is None
    assert language.detect("!!! 123") is None


def test_the_chosen_method_runs_offline(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    texts = [c.text for c in evaluate.load()["es_eu"]]
    found = suggest.themes(texts, language="es")
    assert 2 <= len(found.themes) <= cluster.MAX_THEMES
    assigned = [i for t in found.themes for i in t.cards]
    assert len(assigned) == len(set(assigned))
    assert set(assigned) | set(found.unassigned) == set(range(len(texts)))


def test_the_evaluation_reports_every_method():
    rooms = evaluate.load()
    small = {name: room[:30] for name, room in list(rooms.items())[:2]}
    text = evaluate.report(small, methods=["rapidfuzz ratio", suggest.METHOD])
    assert "## Duplicates" in text and "## Themes" in text
    assert "| rapidfuzz ratio |" in text and f"| {suggest.METHOD} |" in text


# --- the service -------------------------------------------------------------------------------


@pytest.fixture
def wall(session):
    """A live workshop whose ideas step holds the 75 cards of the French room."""
    owner = accounts.to_auth_user(make_user(session, username="fac"))
    w = ws.create_workshop(session=session, user=owner, title="Gaume", dot_budget=5)
    ideas = ws.add_step(
        session=session, user=owner, workshop_id=w.id, kind=StepKind.IDEAS, title="Idées"
    )
    ws.open_step(session=session, user=owner, step_id=ideas.id)
    people = [make_participant(session, w, group=g) for g in StakeholderGroup]
    session.commit()
    cards = []
    for i, card in enumerate(evaluate.load()["fr"]):
        row = Contribution(
            workshop_id=w.id,
            step_id=ideas.id,
            participant_id=people[i % len(people)].id,
            text=card.text,
        )
        session.add(row)
        cards.append(row)
    session.commit()
    return owner, w, ideas, cards


def test_themes_are_suggested_from_the_cards_on_the_wall(session, wall):
    owner, _w, ideas, cards = wall
    moderation.hide_card(session=session, user=owner, card_id=cards[0].id)
    session.commit()
    found = theming.suggest_themes(session=session, user=owner, step_id=ideas.id)
    named = [i for t in found.themes for i in t.card_ids] + list(found.unassigned)
    assert sorted(named) == sorted(c.id for c in cards[1:])  # the hidden card is not
    assert all(t.name for t in found.themes)


def test_only_who_runs_the_workshop_may_ask(session, wall):
    _owner, _w, ideas, _cards = wall
    stranger = accounts.to_auth_user(make_user(session, username="other"))
    with pytest.raises(NotAllowed):
        theming.suggest_themes(session=session, user=stranger, step_id=ideas.id)
    with pytest.raises(NotAllowed):
        theming.accept_themes(
            session=session,
            user=stranger,
            step_id=ideas.id,
            themes=[theming.Accepted("Bus", (_cards[0].id,))],
        )


def test_accepted_themes_become_categories_and_the_exports_carry_them(session, wall):
    owner, w, ideas, cards = wall
    a, b, c = cards[0].id, cards[1].id, cards[2].id
    outcome = theming.accept_themes(
        session=session,
        user=owner,
        step_id=ideas.id,
        themes=[theming.Accepted("  Se déplacer ", (a, b)), theming.Accepted("Énergie", (c,))],
    )
    session.commit()
    assert outcome == theming.Outcome(categories=["Se déplacer", "Énergie"], left_out=0)
    stored = {x.id: x.category for x in session.exec(select(Contribution)).all()}
    assert (stored[a], stored[b], stored[c]) == ("Se déplacer", "Se déplacer", "Énergie")
    assert stored[cards[3].id] == ""  # no category
    # The presenter's wall and the export group by them.
    shown = card_wall(session=session, step_id=ideas.id).set_index("card_id").category
    assert shown[a] == "Se déplacer" and shown[c] == "Énergie"
    export = exports.workshop_export(session=session, workshop=w)
    rows = {r["contribution_id"]: r for r in export.tables["contributions"]}
    assert rows[a]["category"] == "Se déplacer"
    assert rows[a]["text_language"] == "fr"
    # Accepting again under a name already there moves cards into it, no second category.
    theming.accept_themes(
        session=session, user=owner, step_id=ideas.id, themes=[theming.Accepted("énergie", (a,))]
    )
    session.commit()
    assert ws.step_config(session.get(Step, ideas.id))["categories"] == [
        "Se déplacer",
        "Énergie",
    ]
    assert session.get(Contribution, a).category == "Énergie"


def test_what_cannot_be_accepted(session, wall):
    owner, _w, ideas, cards = wall
    a, b = cards[0].id, cards[1].id

    def accept(*themes):
        theming.accept_themes(session=session, user=owner, step_id=ideas.id, themes=themes)

    with pytest.raises(InvalidInput) as refused:  # a card in two themes, named
        accept(theming.Accepted("Un", (a,)), theming.Accepted("Deux", (a, b)))
    assert refused.value.params["card"] == shorten(cards[0].text, 60)
    with pytest.raises(InvalidInput):  # a theme of no card
        accept(theming.Accepted("Vide", ()))
    with pytest.raises(ws.WorkshopError):  # a blank name
        accept(theming.Accepted("   ", (a,)))
    with pytest.raises(ws.WorkshopError):  # a name too long
        accept(theming.Accepted("x" * 500, (a,)))
    with pytest.raises(InvalidInput):  # more categories than a step holds
        accept(*(theming.Accepted(f"T{i}", (cards[2 + i].id,)) for i in range(MAX_CATEGORIES + 1)))
    assert {x.category for x in session.exec(select(Contribution)).all()} == {""}


def test_a_card_that_left_the_wall_meanwhile_is_left_out_and_counted(session, wall):
    owner, _w, ideas, cards = wall
    a, b, c = cards[0].id, cards[1].id, cards[2].id
    for gone in (b, c):  # after the suggestion
        moderation.hide_card(session=session, user=owner, card_id=gone)
    outcome = theming.accept_themes(
        session=session,
        user=owner,
        step_id=ideas.id,
        themes=[theming.Accepted("Deux", (a, b)), theming.Accepted("Partie", (c,))],
    )
    session.commit()
    assert outcome == theming.Outcome(categories=["Deux"], left_out=2)
    assert session.get(Contribution, a).category == "Deux"
    assert session.get(Contribution, b).category == ""  # hidden, and left as it was


def test_a_new_suggestion_leaves_the_cards_of_accepted_themes_be(session, wall):
    owner, _w, ideas, cards = wall
    first = theming.suggest_themes(session=session, user=owner, step_id=ideas.id)
    taken = first.themes[0]
    theming.accept_themes(
        session=session,
        user=owner,
        step_id=ideas.id,
        themes=[theming.Accepted("Mobilité", taken.card_ids)],
    )
    session.commit()
    again = theming.suggest_themes(session=session, user=owner, step_id=ideas.id)
    offered = {i for t in again.themes for i in t.card_ids} | set(again.unassigned)
    assert offered.isdisjoint(taken.card_ids)
    assert again.already == len(taken.card_ids)
    assert len(offered) == len(cards) - len(taken.card_ids)
    assert ws.step_config(session.get(Step, ideas.id))["themes"] == ["Mobilité"]


def test_a_category_removed_stops_being_a_theme():
    config = IDEAS.validate({"categories": ["A", "B"], "themes": ["B", "C"]}, dot_budget=5)
    assert config.as_stored() == {"categories": ["A", "B"], "themes": ["B"]}
    # A step stored before themes reads and saves as before.
    assert IDEAS.validate({"categories": ["A"]}, dot_budget=5).as_stored() == {"categories": ["A"]}


def test_a_card_s_language_is_named_only_on_a_wall_of_several(session, wall):
    _owner, _w, _ideas, cards = wall
    assert theming.card_languages(cards) == {}  # the French room
    cards[0].text = "Sista bussen från Strömsund går klockan fem"
    named = theming.card_languages(cards[:5])
    assert named[cards[0].id] == "sv" and named[cards[1].id] == "fr"


def test_the_plan_counts_cards_by_language(session, wall):
    _owner, w, _ideas, _cards = wall
    plan = collect(session=session, workshop_id=w.id)
    assert plan.card_languages["fr"] >= 70
    assert sum(plan.card_languages.values()) <= 75
