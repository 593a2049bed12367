"""Where higher apps (hazards, inspections) add sections to the dossier without enterprises importing them.

Each registers from its AppConfig.ready(): a template and a function
context(request, enterprise) -> dict (or None to show nothing).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DossierSection:
    template_name: str
    context: Callable
    order: int


dossier_sections: list[DossierSection] = []
# Shown above the dossier's record: what the viewer has to do about the enterprise (an enterprise user's to-do list).
dossier_todos: list[DossierSection] = []


def register_dossier_section(template_name, context, order=100, *, top=False):
    sections = dossier_todos if top else dossier_sections
    sections.append(DossierSection(template_name, context, order))
    sections.sort(key=lambda section: section.order)
