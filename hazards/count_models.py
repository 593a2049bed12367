"""HazardCount: the hazard list's counts by status kept as rows (hazards/summary.py). Its own module, registered under
the app label hazards by the import in hazards/models.py."""

from django.db import models


class HazardCount(models.Model):
    """How many hazards share one (town, status, level, source): the hazard list's counts by status for the whole
    registry read from a few hundred rows instead of every hazard.

    Kept by database triggers on the hazard table and on the enterprise table (a hazard's town is its enterprise's,
    so a hazard's count moves when its enterprise moves town), in the same transaction as every write, whichever way
    it is written; `rebuild_summaries` recomputes them. Never written by the portal's code otherwise."""

    # The town's GridCell pk, 0 for a hazard whose enterprise has no town: a plain column, so the key is unique
    # without NULLs on every database.
    town_key = models.PositiveIntegerField("镇街")
    status = models.CharField("状态", max_length=12)
    level = models.CharField("隐患等级", max_length=8)
    source = models.CharField("来源", max_length=16)
    n = models.IntegerField("隐患数")

    class Meta:
        verbose_name = "隐患计数"
        verbose_name_plural = "隐患计数"
        constraints = [
            models.UniqueConstraint(fields=["town_key", "status", "level", "source"], name="hazard_count_key")
        ]

    def __str__(self):
        return f"{self.town_key}/{self.status}/{self.level}/{self.source}: {self.n}"


class HazardDeadlineCount(models.Model):
    """How many open hazards (not closed) of one town share one rectification deadline: a town's open and overdue
    hazards (deadline before today) summed from a few hundred rows instead of counting the town's hazards. Overdue
    depends on today, so it cannot be a row of its own; as a range of deadlines it is a sum of rows.

    Kept by database triggers like HazardCount (hazards/deadline_summary.py); never written by the portal's code."""

    town_key = models.PositiveIntegerField("镇街")  # as HazardCount's: 0 for a hazard whose enterprise has no town
    rectification_deadline = models.DateField("整改期限")
    n = models.IntegerField("未销号隐患数")

    class Meta:
        verbose_name = "未销号隐患按整改期限计数"
        verbose_name_plural = "未销号隐患按整改期限计数"
        constraints = [
            models.UniqueConstraint(fields=["town_key", "rectification_deadline"], name="hazard_deadline_count_key")
        ]

    def __str__(self):
        return f"{self.town_key}/{self.rectification_deadline}: {self.n}"


class MajorHazardCount(models.Model):
    """How many open major hazards of one town and industry (their enterprise's) were found on one day: the major
    hazards board's tables by town and by industry for the bureau, summed from these rows (the age buckets as ranges
    of days found) instead of joining every open major hazard to its enterprise among all the registry's.

    Kept by database triggers like HazardCount (hazards/major_summary.py); never written by the portal's code."""

    town_key = models.PositiveIntegerField("镇街")  # as HazardCount's: 0 for a hazard whose enterprise has no town
    industry = models.CharField("行业", max_length=32)  # "" for a hazard whose enterprise is gone
    found_on = models.DateField("发现日期")
    n = models.IntegerField("未销号重大隐患数")

    class Meta:
        verbose_name = "未销号重大隐患计数"
        verbose_name_plural = "未销号重大隐患计数"
        constraints = [
            models.UniqueConstraint(fields=["town_key", "industry", "found_on"], name="major_hazard_count_key")
        ]

    def __str__(self):
        return f"{self.town_key}/{self.industry}/{self.found_on}: {self.n}"


class MajorHazardDayCount(models.Model):
    """How many major hazards were found on one day (event "found"), or closed on one day (event "closed", with
    `settled_on` the later of the days found and closed): the major hazards board's 12-month trend for the bureau,
    summed from these rows instead of reading every major hazard ever found (hazards/trend_summary.py).

    Kept by database triggers like HazardCount; never written by the portal's code."""

    event = models.CharField("事件", max_length=8)  # "found" or "closed"
    day = models.DateField("日期")
    settled_on = models.DateField("发现且销号日期")  # found rows: the day itself
    n = models.IntegerField("重大隐患数")

    class Meta:
        verbose_name = "重大隐患按日计数"
        verbose_name_plural = "重大隐患按日计数"
        constraints = [
            models.UniqueConstraint(fields=["event", "day", "settled_on"], name="major_hazard_day_count_key")
        ]

    def __str__(self):
        return f"{self.event}/{self.day}/{self.settled_on}: {self.n}"
