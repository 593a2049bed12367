"""The two national major-hazard criteria as every install starts with them, loaded by a data migration (hazards
0008) through `load_criteria`, which takes the migration's models.

Texts were entered from published copies of the standards. `confirmed=False` marks an item whose wording (or whose
item number) could not be checked against a published text: its text is our best reading, for staff to check.

One module a standard: chemical2017.py (化工和危险化学品 2017, its 20 items), trade2023.py (工贸 2023: the general
and special items, with the special categories they go by) and trade2023_industries.py (its items per industry, with
how the standard's industry sections map to our industries); common.py holds what they share.
"""

from hazards.criteria_data.chemical2017 import CHEMICAL_ITEMS, CHEMICAL_SECTION, CHEMICAL_SOURCE
from hazards.criteria_data.common import CHEMICAL, GENERAL, INDUSTRY, NUMERALS, SPECIAL, TRADE, Item, Section
from hazards.criteria_data.trade2023 import TRADE_ITEMS, TRADE_SOURCE

__all__ = [
    "CHEMICAL",
    "CHEMICAL_ITEMS",
    "GENERAL",
    "INDUSTRY",
    "SPECIAL",
    "TRADE",
    "TRADE_ITEMS",
    "Item",
    "Section",
    "load_criteria",
    "rows",
]


def _article_number(article):
    """第十一条 -> 11."""
    return NUMERALS.index(article.removeprefix("第").removesuffix("条")) + 1


def rows():
    """Every item as the fields of a MajorHazardCriterion (and its category codes), in the order of the page."""
    position = 0
    for section, items in TRADE_ITEMS:
        for index, entry in enumerate(items):
            item = f"（{NUMERALS[index]}）"
            position += 1
            yield (
                {
                    "code": f"gm2023-{_article_number(section.article)}-{index + 1}",
                    "standard": section.standard,
                    "article": section.article,
                    "item": item,
                    "scope": section.scope,
                    "section": section.section,
                    "industries": list(section.industries),
                    "text": entry.text,
                    "source": TRADE_SOURCE.format(reference=section.article + item),
                    "confirmed": entry.confirmed,
                    "position": position,
                },
                section.categories,
            )
    for index, text in enumerate(CHEMICAL_ITEMS):
        article = f"第{NUMERALS[index]}项"
        position += 1
        yield (
            {
                "code": f"hc2017-{index + 1}",
                "standard": CHEMICAL,
                "article": article,
                "item": "",
                "scope": GENERAL,
                "section": CHEMICAL_SECTION,
                "industries": [],
                "text": text,
                "source": CHEMICAL_SOURCE.format(reference=article),
                "confirmed": True,
                "position": position,
            },
            (),
        )


def load_criteria(criterion_model, category_model):
    """Create or update every item by its code (running it again changes nothing)."""
    categories = {c.code: c for c in category_model.objects.all()}
    for fields, codes in rows():
        code = fields.pop("code")
        criterion, _ = criterion_model.objects.update_or_create(code=code, defaults=fields)
        criterion.categories.set([categories[c] for c in codes if c in categories])
