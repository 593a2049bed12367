"""Turn each grid officer's legacy accounts.Profile.grid_cell_id into a current GridAssignment.

Before, a grid officer saw the subtree of the one cell on their profile; now they see the cells they currently hold.
It reads both accounts and grids, two apps of layer 1 that must not point at each other, so it lives in the project
package (`bureau`, the composition root, in no layer). It runs after accounts 0004 (the column is in the migration
state: see accounts 0001's docstring) and grids 0004 (capacities as codes "responsible"/"member"), and before accounts 0006, which drops the column; `run_before`
orders that from this side, so neither accounts nor grids names the other. On a fresh database there is nothing to
copy.

A profile of a grid officer (the only role the cell scoped) whose user already holds that cell (in any capacity) needs nothing. Otherwise the user gets a current
assignment from today: 网格责任人, or 网格员 when the cell already has a current 责任人 (grid_assign never cleared
the profile of a 责任人 it replaced, and a cell has one 责任人 at a time), so that nobody loses what they saw.
Each new assignment gets one "created" history record, so the audit trail shows where it came from. Reversible:
going back writes each user's current assignment (责任人 first, then the latest) into the column again (accounts
0006 reversed re-adds it first); the assignments stay.
"""

from django.db import migrations
from django.utils import timezone

REASON = "由用户档案迁移"


def profiles_to_assignments(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Assignment = apps.get_model("grids", "GridAssignment")
    History = apps.get_model("grids", "HistoricalGridAssignment")
    current = Assignment.objects.filter(end_date__isnull=True)
    held = set(current.values_list("user_id", "cell_id"))
    covered = set(current.filter(capacity="responsible").values_list("cell_id", flat=True))
    today = timezone.localdate()
    made = []
    # Only grid officers: grid_assign takes no one else, and a stale cell on another user's profile scoped nothing.
    profiles = Profile.objects.filter(grid_cell_id__isnull=False, user__groups__name="grid_officer")
    for user_id, cell_id in profiles.values_list("user_id", "grid_cell_id").order_by("pk"):
        if (user_id, cell_id) in held:
            continue
        capacity = "member" if cell_id in covered else "responsible"
        covered.add(cell_id)
        made.append(
            Assignment.objects.create(user_id=user_id, cell_id=cell_id, capacity=capacity, start_date=today, note=REASON)
        )
    now = timezone.now()
    History.objects.bulk_create(
        History(
            id=a.pk,
            cell_id=a.cell_id,
            user_id=a.user_id,
            capacity=a.capacity,
            start_date=a.start_date,
            note=a.note,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        for a in made
    )


def assignments_to_profiles(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Assignment = apps.get_model("grids", "GridAssignment")
    # Latest first, 责任人 before 网格员 ("member" < "responsible", hence the reverse): the first row per user wins.
    rows = Assignment.objects.filter(end_date__isnull=True).order_by("-capacity", "-start_date", "-pk")
    chosen = {}
    for user_id, cell_id in rows.values_list("user_id", "cell_id"):
        chosen.setdefault(user_id, cell_id)
    for user_id, cell_id in chosen.items():
        Profile.objects.update_or_create(user_id=user_id, defaults={"grid_cell_id": cell_id})


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0004_capacity_member"),
        ("accounts", "0004_history"),
    ]
    initial = True
    run_before = [("accounts", "0006_drop_profile_grid_cell")]

    operations = [migrations.RunPython(profiles_to_assignments, assignments_to_profiles)]
