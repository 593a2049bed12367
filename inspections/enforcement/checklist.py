"""The case page's checklist: each step of the procedure (inspections.enforcement.procedure.steps) with its
deadline's days left and the actions the user may take on it now."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from inspections import permissions
from inspections.enforcement import procedure
from inspections.enforcement.procedure_models import DocumentDraft, PartyChoice
from inspections.enforcement.specs import SPECS
from inspections.enforcement.specs import DocumentKind as K

# How many days before a deadline the checklist warns.
DUE_SOON_DAYS = 3
# The steps a further document may be added to while the procedure allows it (more evidence).
REPEATABLE = {"evidence": (K.INQUIRY_RECORD, K.SITE_RECORD)}


@dataclass
class Line:
    step: procedure.Step
    days_left: int | None = None
    actions: list = field(default_factory=list)
    note: str = ""

    @property
    def overdue(self):
        return self.days_left is not None and self.days_left < 0

    @property
    def due_soon(self):
        """Warned before it passes: due within DUE_SOON_DAYS."""
        return self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def state(self):
        if self.step.done:
            return "done"
        return "required" if self.step.required else "optional"


def _issue_url(case, kind):
    return reverse("documents:issue", args=[case.enterprise_id, kind]) + f"?case={case.pk}"


def _document_actions(case, step, user, pending):
    kinds = REPEATABLE.get(step.code, (step.kind,))
    if step.done and step.code not in REPEATABLE:
        return []
    actions = []
    for kind in kinds:
        if kind in pending:
            actions.append(
                (f"{SPECS[kind].title}（{pending[kind].get_status_display()}）", pending[kind].get_absolute_url())
            )
        elif procedure.may_issue(case, kind, user):
            if SPECS[kind].needs_approval:
                actions.append((f"拟写{SPECS[kind].title}", reverse("cases:draft_new", args=[case.pk, kind])))
            else:
                actions.append((f"制作{SPECS[kind].title}", _issue_url(case, kind)))
    return actions


def _service_actions(case, step):
    if step.document is None or step.served is not None or step.code not in ("notice", "service", "hearing_notice"):
        return []
    return [("登记送达", reverse("cases:serve", args=[case.pk, step.document.pk]))]


def _party_actions(case, step):
    if step.code != "notice" or step.served is None or case.status not in ("filed", "investigated"):
        return []
    made = set(PartyChoice.objects.filter(case=case).values_list("kind", flat=True))
    kinds = [PartyChoice.Kind.WAIVER] + [PartyChoice.Kind.HEARING] * procedure.may_ask_hearing(case)
    return [(k.label, reverse("cases:party", args=[case.pk, k.value])) for k in kinds if k.value not in made]


def checklist(case, user):
    today = timezone.localdate()
    is_inspector = permissions.is_inspector(user)
    pending = {d.kind: d for d in case.drafts.exclude(status=DocumentDraft.Status.APPROVED)}
    lines = []
    for step in procedure.steps(case):
        line = Line(step)
        if step.deadline is not None and step.deadline.is_open:
            line.days_left = (step.deadline.due_on - today).days
        if is_inspector and step.required:
            line.actions = (
                _document_actions(case, step, user, pending) + _service_actions(case, step) + _party_actions(case, step)
            )
        if step.code == "review" and step.required and not step.done and user.pk in procedure.investigators(case):
            line.note = "须由未参与本案调查的执法人员审核。"
        lines.append(line)
    return lines
