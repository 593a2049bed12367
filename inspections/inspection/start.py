"""Starting an inspection from where the inspector is: the dossier, a row of the due list, a campaign target.

Each of those pages links to the new-inspection form with `?enterprise=<credit code or id>&campaign=<id>`; the
form starts with them filled in. What the query names is only a suggestion: a value the user may not see, or that
names nothing, is dropped (the form then starts empty), never an error page.
"""

from urllib.parse import urlencode

from django.urls import reverse

from bureau.params import ascii_int
from enterprises.permissions import visible_enterprises
from inspections import permissions
from inspections.campaigns.models import Campaign
from inspections.inspection.models import InspectionKind
from inspections.planning.progress import open_tasks

# A unified social credit code has 18 characters; a longer value is neither a code nor an id.
MAX_QUERY_LENGTH = 18


def start_url(user, enterprise, campaign=None):
    """The link that opens the new-inspection form for `enterprise` (and `campaign`), or None for a user who may
    not inspect: the pages show no button then."""
    if not permissions.is_inspector(user):
        return None
    query = {"enterprise": enterprise.credit_code}
    if campaign is not None:
        query["campaign"] = campaign.pk if isinstance(campaign, Campaign) else campaign
    return f"{reverse('inspections:create')}?{urlencode(query)}"


def _enterprise(user, value):
    value = (value or "").strip().upper()
    if not value or len(value) > MAX_QUERY_LENGTH:
        return None
    visible = visible_enterprises(user).select_related("town")
    found = visible.filter(credit_code=value).first()
    if found is None and (pk := ascii_int(value)) is not None:
        found = visible.filter(pk=pk).first()
    return found


def prefill(user, query):
    """The form's initial values from the query string: the enterprise (if the user may see it), the campaign and
    so the kind 专项整治检查."""
    initial = {}
    enterprise = _enterprise(user, query.get("enterprise"))
    if enterprise is not None:
        initial["enterprise"] = enterprise
    campaign_pk = ascii_int(query.get("campaign") or "")
    campaign = Campaign.objects.filter(pk=campaign_pk).first() if campaign_pk is not None else None
    if campaign is not None:
        initial.update(campaign=campaign, kind=InspectionKind.CAMPAIGN)
    initial.update(_drawn(user, query.get("drawn")))
    return initial


def _drawn(user, value):
    """From a 双随机 task of the user's (`?drawn=<id>`): its enterprise, the kind 双随机抽查 and the drawn pair ticked —
    the inspection that closes the task."""
    pk = ascii_int(value or "")
    task = open_tasks(user).select_related("enterprise").filter(pk=pk).first() if pk is not None else None
    if task is None:
        return {}
    return {
        "enterprise": task.enterprise,
        "kind": InspectionKind.RANDOM,
        "inspectors": [task.officer_1_id, task.officer_2_id],
    }
