"""Theme suggestions for an ideas step's wall (issue 22): the facilitator asks, the
server suggests a handful of named themes from the cards on the wall
(``pari.themes.suggest``), the facilitator renames, moves cards, accepts some and
discards the rest. An accepted theme becomes one of the step's categories (and one of
its ``themes``) and its cards move there, so the presenter's wall and the exports group
by it as by any category; a new suggestion leaves the cards of accepted themes be.
Nothing is decided by the method alone, nothing leaves the server, and a card's
language is only ever shown, never used to hide it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from pari.accounts import AuthUser
from pari.i18n import N_
from pari.models import Contribution, Step, StepKind, Workshop
from pari.moderation import moderated_step, set_category
from pari.steps.fields import InvalidConfig, clean_text
from pari.steps.ideas import MAX_CATEGORIES, MAX_CATEGORY, on_the_wall
from pari.text import shorten
from pari.themes import suggest
from pari.themes.language import languages
from pari.workshops import InvalidInput, step_config, update_step

MIN_CARDS = 6  # fewer cards than this are sorted faster by eye


@dataclass(frozen=True)
class SuggestedTheme:
    name: str
    card_ids: tuple[int, ...]


@dataclass(frozen=True)
class Suggestion:
    themes: tuple[SuggestedTheme, ...]
    unassigned: tuple[int, ...]
    cards: Mapping[int, Contribution]  # every card named above, by id
    already: int = 0  # cards on the wall left as they are, in an accepted theme


@dataclass(frozen=True)
class Outcome:
    categories: list[str]  # the step's categories after the change
    left_out: int  # cards of the accepted themes that had left the wall meanwhile


@dataclass(frozen=True)
class Accepted:
    """A theme as the facilitator accepts it: its (possibly new) name and its cards."""

    name: str
    card_ids: tuple[int, ...]


def _ideas_step(session: Session, user: AuthUser, step_id: int) -> tuple[Step, Workshop]:
    return moderated_step(session, user, step_id, StepKind.IDEAS)


def wall_cards(session: Session, step_id: int) -> list[Contribution]:
    return list(
        session.exec(
            select(Contribution)
            .where(Contribution.step_id == step_id, on_the_wall())
            .order_by(Contribution.id)
        )
    )


def suggest_themes(*, session: Session, user: AuthUser, step_id: int) -> Suggestion:
    """Themes for the cards on the wall of ``step_id`` not yet in an accepted theme,
    named in the workshop's language where the cards allow; cards the method is unsure
    of are ``unassigned``."""
    step, workshop = _ideas_step(session, user, step_id)
    accepted = set(step_config(step, dot_budget=workshop.dot_budget).get("themes", []))
    on_wall = wall_cards(session, step.id)
    cards = [c for c in on_wall if c.category not in accepted]
    by_id = {c.id: c for c in cards}
    already = len(on_wall) - len(cards)
    if len(cards) < MIN_CARDS:
        return Suggestion(themes=(), unassigned=tuple(by_id), cards=by_id, already=already)
    found = suggest.themes([c.text for c in cards], language=workshop.language)
    return Suggestion(
        themes=tuple(
            SuggestedTheme(name=t.name[:MAX_CATEGORY], card_ids=tuple(cards[i].id for i in t.cards))
            for t in found.themes
        ),
        unassigned=tuple(cards[i].id for i in found.unassigned),
        cards=by_id,
        already=already,
    )


def accept_themes(
    *, session: Session, user: AuthUser, step_id: int, themes: Sequence[Accepted]
) -> Outcome:
    """Make each accepted theme a category of the step (and one of its ``themes``) and
    move its cards there. Names are checked as categories are; a card is in one theme
    at most. A card that left the wall since the suggestion (hidden, merged, taken
    back) is left out and counted; nothing else changes it."""
    step, workshop = _ideas_step(session, user, step_id)
    of_step = {
        c.id: c for c in session.exec(select(Contribution).where(Contribution.step_id == step.id))
    }
    claimed = Counter(card_id for theme in themes for card_id in theme.card_ids)
    for card_id, n in claimed.items():
        if n > 1:
            card = of_step.get(card_id)
            raise InvalidInput(
                N_("“{card}” is in two themes: keep it in one."),
                card=shorten(card.text if card else f"#{card_id}", 60),
            )
    if any(not theme.card_ids for theme in themes):
        raise InvalidInput(N_("A theme needs at least one card."))
    visible = {c.id for c in wall_cards(session, step.id)}
    kept = [
        Accepted(theme.name, tuple(i for i in theme.card_ids if i in visible)) for theme in themes
    ]
    left_out = sum(len(t.card_ids) for t in themes) - sum(len(t.card_ids) for t in kept)
    kept = [theme for theme in kept if theme.card_ids]
    names = [_name(theme.name) for theme in kept]
    config = step_config(step, dot_budget=workshop.dot_budget)
    old = list(config.get("categories", []))
    known = {c.casefold(): c for c in old}
    added = list(dict.fromkeys(n for n in names if n.casefold() not in known))
    if len(old) + len(added) > MAX_CATEGORIES:
        raise InvalidInput(
            N_("A step has at most {n} categories: accept fewer themes, or remove a category."),
            n=MAX_CATEGORIES,
        )
    # An existing category keeps its spelling.
    categories = [known.get(name.casefold(), name) for name in names]
    update_step(
        session=session,
        user=user,
        step_id=step.id,
        config={
            "categories": old + added,
            "themes": list(dict.fromkeys([*config.get("themes", []), *categories])),
        },
    )
    for category, theme in zip(categories, kept, strict=True):
        for card_id in theme.card_ids:
            set_category(session=session, user=user, card_id=card_id, category=category)
    return Outcome(categories=old + added, left_out=left_out)


def _name(raw: object) -> str:
    """A theme's name, checked as a category's is."""
    try:
        return clean_text(raw, field=N_("Theme name"), limit=MAX_CATEGORY)
    except InvalidConfig as refused:
        raise InvalidInput(refused.message, **refused.params) from None


def card_languages(cards: Sequence[Contribution]) -> dict[int, str | None]:
    """The detected language of each card of one wall, by id (None where it cannot be
    told); empty for a wall written in one language, where a tag would say nothing."""
    found = dict(zip((c.id for c in cards), languages([c.text for c in cards]), strict=True))
    return found if len(set(found.values()) - {None}) > 1 else {}
