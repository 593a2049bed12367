"""InspectionCount: the yearly plan's progress kept as rows (inspections/planning/done_summary.py). Its own module,
registered under the app label inspections by the import in inspections/models.py."""

from django.db import models


class InspectionCount(models.Model):
    """How many inspections of a kind the plan counts (plans.KIND_OF_METHOD: routine and random) share one (month,
    kind, plan group, town): a plan's progress read from a few thousand rows instead of joining the year's
    inspections to their enterprises.

    The group and the town are the enterprise's current ones, as the plan's figures have always counted them: kept by
    database triggers on the inspection table and on the enterprise table (a regraded or moved enterprise's
    inspections move with it), in the same transaction as every write, whichever way it is written;
    `rebuild_summaries` recomputes them. Never written by the portal's code otherwise."""

    month_key = models.CharField("月份", max_length=7)  # "2026-03"
    kind = models.CharField("检查类型", max_length=16)
    plan_group = models.CharField("企业分组", max_length=16)
    # The town's GridCell pk, 0 for an enterprise without one: a plain column, so the key is unique without NULLs.
    town_key = models.PositiveIntegerField("镇街")
    n = models.IntegerField("检查家次")

    class Meta:
        verbose_name = "检查计数"
        verbose_name_plural = "检查计数"
        constraints = [
            models.UniqueConstraint(fields=["month_key", "kind", "plan_group", "town_key"], name="inspection_count_key")
        ]

    def __str__(self):
        return f"{self.month_key}/{self.kind}/{self.plan_group}/{self.town_key}: {self.n}"
