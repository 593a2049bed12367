"""What the standards' modules share: the codes of the standards and scopes, an article and its items, and the
Chinese numerals that number them."""

from dataclasses import dataclass

TRADE = "trade2023"
CHEMICAL = "chemical2017"
GENERAL, INDUSTRY, SPECIAL = "general", "industry", "special"

DIGITS = "一二三四五六七八九"
NUMERALS = [*DIGITS, "十", *(f"十{digit}" for digit in DIGITS), "二十"]


@dataclass(frozen=True)
class Section:
    """One article of a standard: to whom its items apply."""

    standard: str
    article: str
    scope: str
    section: str
    industries: tuple = ()
    categories: tuple = ()


@dataclass(frozen=True)
class Item:
    text: str
    confirmed: bool = True


def trade_article(article, scope, section, items, industries=(), categories=()):
    """One article of the 2023 工贸 standard with its items."""
    return Section(TRADE, article, scope, section, tuple(industries), tuple(categories)), items
