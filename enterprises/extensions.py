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
# Shown in the dossier's grade section (四色等级): what else bears on the enterprise's standing (a credit listing).
dossier_grade_notes: list[DossierSection] = []


def register_dossier_section(template_name, context, order=100, *, top=False, grade=False):
    sections = dossier_grade_notes if grade else dossier_todos if top else dossier_sections
    sections.append(DossierSection(template_name, context, order))
    sections.sort(key=lambda section: section.order)


@dataclass(frozen=True)
class EnterpriseAction:
    """A button a higher app puts beside an enterprise (the dossier's header, a row of the due list):
    url(user, enterprise) is its link, or None where the user may not do it."""

    label: str
    url: Callable
    icon: str = ""


enterprise_actions: list[EnterpriseAction] = []


def register_enterprise_action(label, url, icon=""):
    enterprise_actions.append(EnterpriseAction(label, url, icon))


def actions_for(user, enterprise):
    """[(label, url, icon)] of the registered actions this user may take on this enterprise, in the order
    registered. The checks read the user's role, kept on the user object: a list of rows costs no query."""
    shown = []
    for action in enterprise_actions:
        link = action.url(user, enterprise)
        if link:
            shown.append((action.label, link, action.icon))
    return shown
