"""The phone's vote element: what it is given and what the server accepts back from it."""

from __future__ import annotations

import pytest

from pari import i18n
from pari.phone.cards import OfferedCard
from pari.steps.dot_vote.rules import Dots
from pari.vote_cards import Taps, ordered, parse_taps, vote_data

CARDS = (
    OfferedCard(id=7, text="<b>Bus</b> **twice** a day", category=None),
    OfferedCard(id=9, text="A shop " * 20, category=None),
)


def test_vote_data_carries_counts_texts_and_plain_card_text():
    dots = Dots(budget=5, cap=3, by_card={7: 2, 42: 1})  # 42: a card taken off the wall
    data = vote_data(cards=CARDS, dots=dots, is_open=True, ack=4, notice=None)
    assert [(c["id"], c["dots"]) for c in data["cards"]] == [(7, 2), (9, 0)]
    assert data["cards"][0]["text"] == "<b>Bus</b> **twice** a day"  # as written, drawn as text
    assert set(data["cards"][1]) == {"id", "text", "dots"}  # buttons are named by the text
    assert (data["budget"], data["cap"], data["other"], data["open"], data["ack"]) == (
        5,
        3,
        1,
        True,
        4,
    )
    assert data["text"]["left"][1] == "1 dot left of 5"
    assert data["text"]["left"][5] == "5 dots left of 5"
    assert len(data["text"]["left"]) == 6
    assert data["text"]["count"] == ["0 dots", "1 dot", "2 dots", "3 dots"]  # up to the cap
    assert data["text"]["spent"].startswith("You have no dots left")
    assert data["notice"] is None


def test_vote_data_in_the_sessions_language():
    dots = Dots(budget=3, cap=3, by_card={})
    with i18n.using_language("sv"):
        data = vote_data(cards=CARDS, dots=dots, is_open=False, ack=0, notice=(9, "Nej"))
    assert data["text"]["left"][1] == "1 prick kvar av 3"
    assert data["text"]["none"] == "inga prickar"
    assert data["notice"] == {"card": 9, "text": "Nej"}
    assert data["open"] is False


@pytest.mark.parametrize(
    "payload,expected",
    [
        ({"set": {"7": 2}, "seq": 3}, Taps(counts=((7, 2),), seq=3)),
        ({"set": {"7": 0, "9": 1}, "seq": "5"}, Taps(counts=((7, 0), (9, 1)), seq=5)),
        ({"set": {"7": 1}}, Taps(counts=((7, 1),), seq=0)),
        ({"set": {"7": 1}, "seq": -4}, Taps(counts=((7, 1),), seq=0)),
        (None, None),
        ("7", None),
        ([{"7": 1}], None),
        ({"set": []}, None),
        ({"set": {}}, None),
        ({"set": {"x": 1}}, None),
        ({"set": {"-7": 1}}, None),
        ({"set": {"7": -1}}, None),
        ({"set": {"7": 1.5}}, None),
        ({"set": {"7": True}}, None),
        ({"set": {"7": "2"}}, Taps(counts=((7, 2),), seq=0)),
        ({"set": {"7": 1001}}, None),
        ({"set": {"٧": 1}}, None),  # a digit, but not an ASCII one
        ({"set": {"1" * 19: 1}}, None),
        ({"set": {str(i): 1 for i in range(65)}}, None),
    ],
)
def test_parse_taps_accepts_only_what_the_element_sends(payload, expected):
    assert parse_taps(payload) == expected


def test_taking_off_comes_before_adding():
    taps = Taps(counts=((9, 2), (7, 0)), seq=1)
    assert ordered(taps, Dots(budget=3, cap=3, by_card={7: 2, 9: 1})) == [(7, 0), (9, 2)]
    assert ordered(taps, None) == [(7, 0), (9, 2)]
