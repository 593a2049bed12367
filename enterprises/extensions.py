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


def register_dossier_section(template_name, context, order=100):
    dossier_sections.append(DossierSection(template_name, context, order))
    dossier_sections.sort(key=lambda section: section.order)
