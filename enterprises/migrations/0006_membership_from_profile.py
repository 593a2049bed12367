"""Copy each enterprise user's enterprise from the legacy accounts.Profile.enterprise_id into EnterpriseMembership.

Runs after accounts 0004 (the column is in the migration state: see accounts 0001's docstring) and before accounts
0005, which drops the column. `run_before` orders that from this side, so no accounts migration depends on an
enterprises one. On a fresh database there is nothing to copy. Each copied membership gets one "created" history
record, so the audit trail shows where the link came from. Reversible: going back writes the memberships into the
column again (accounts 0005 reversed re-adds it first).
"""

from django.db import migrations
from django.utils import timezone

REASON = "由用户档案迁移"


def profiles_to_memberships(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Membership = apps.get_model("enterprises", "EnterpriseMembership")
    History = apps.get_model("enterprises", "HistoricalEnterpriseMembership")
    rows = Profile.objects.filter(enterprise_id__isnull=False).values_list("user_id", "enterprise_id").order_by("pk")
    Membership.objects.bulk_create(
        [Membership(user_id=user_id, enterprise_id=enterprise_id) for user_id, enterprise_id in rows],
        ignore_conflicts=True,
    )
    now = timezone.now()
    History.objects.bulk_create(
        History(
            id=m.pk,
            user_id=m.user_id,
            enterprise_id=m.enterprise_id,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        for m in Membership.objects.order_by("pk")
    )


def memberships_to_profiles(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    Membership = apps.get_model("enterprises", "EnterpriseMembership")
    for user_id, enterprise_id in Membership.objects.values_list("user_id", "enterprise_id").order_by("pk"):
        Profile.objects.update_or_create(user_id=user_id, defaults={"enterprise_id": enterprise_id})


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0005_enterprise_membership"),
        ("accounts", "0004_history"),
    ]
    run_before = [("accounts", "0005_drop_profile_enterprise")]

    operations = [migrations.RunPython(profiles_to_memberships, memberships_to_profiles)]
