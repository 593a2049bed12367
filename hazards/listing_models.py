"""Listed supervision (挂牌督办) of a major hazard until the bureau accepts it as removed (验收 → 摘牌).

Registered under the app label `hazards` by hazards/models.py importing this module. A listing's photos are the
hazard's own photos (HazardPhoto, cleaned by hazards.photos), linked here: they are served and scoped as the
hazard's are."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow

USER = settings.AUTH_USER_MODEL


class ListingLevel(models.TextChoices):
    # The levels a city bureau lists at: the city's own, or a county (市) bureau's under it. The provincial and
    # national lists are kept by those authorities, not here.
    CITY = "city", "市级挂牌督办"
    COUNTY = "county", "县级挂牌督办"


class ListingStatus(models.TextChoices):
    ACTIVE = "active", "督办中"
    REMOVED = "removed", "已摘牌"


def listing_overdue_q(today, prefix=""):
    """Past the deadline and not removed (逾期): derived, never stored."""
    return Q(**{f"{prefix}status": ListingStatus.ACTIVE, f"{prefix}deadline__lt": today})


class ListingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ListingStatus.ACTIVE)

    def overdue(self, today=None):
        return self.filter(listing_overdue_q(today or timezone.localdate()))

    def annotate_progress(self):
        """Each listing with its number of progress reports and the latest one's time, for a list."""
        return self.annotate(progress_count=Count("progress"), last_progress_at=Max("progress__reported_at"))


class MajorHazardListing(models.Model):
    """One major hazard listed for supervision (挂牌督办) by the bureau, until accepted and removed (摘牌)."""

    hazard = models.OneToOneField(
        "hazards.Hazard", on_delete=models.PROTECT, related_name="listing", verbose_name="重大事故隐患"
    )
    level = models.CharField("督办级别", max_length=8, choices=ListingLevel.choices, default=ListingLevel.CITY)
    leader_name = models.CharField("督办领导", max_length=50, validators=[refuse_controls])
    leader_post = models.CharField("督办领导职务", max_length=50, validators=[refuse_controls])
    deadline = models.DateField("督办期限", validators=[DateWindow("督办期限")])
    note = FreeTextField("督办要求", max_length=2000, blank=True)
    status = models.CharField("督办状态", max_length=8, choices=ListingStatus.choices, default=ListingStatus.ACTIVE)
    listed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="挂牌人")
    listed_at = models.DateTimeField("挂牌时间", default=timezone.now)
    accepted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="验收人"
    )
    accepted_at = models.DateTimeField("摘牌时间", null=True, blank=True)
    acceptance_opinion = FreeTextField("验收意见", max_length=2000, blank=True)
    acceptance_photos = models.ManyToManyField(
        "hazards.HazardPhoto", blank=True, related_name="+", verbose_name="验收佐证照片"
    )

    objects = ListingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "挂牌督办"
        verbose_name_plural = "挂牌督办"
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.get_level_display()} · {self.hazard_id}"

    def get_absolute_url(self):
        from django.urls import reverse

        # A listing has no page of its own: it is a section of its hazard's page.
        return reverse("hazards:detail", args=[self.hazard_id]) + "#listing"

    @property
    def is_active(self):
        return self.status == ListingStatus.ACTIVE

    @property
    def is_overdue(self):
        return self.is_active and self.deadline < timezone.localdate()

    @property
    def days_left(self):
        """Calendar days to the deadline: negative once overdue."""
        return (self.deadline - timezone.localdate()).days

    @property
    def days_overdue(self):
        return -self.days_left


class ListingProgress(models.Model):
    """A progress report (督办进展) by the enterprise on its listed hazard."""

    listing = models.ForeignKey(
        MajorHazardListing, on_delete=models.CASCADE, related_name="progress", verbose_name="挂牌督办"
    )
    text = FreeTextField("进展情况", max_length=2000)
    photos = models.ManyToManyField("hazards.HazardPhoto", blank=True, related_name="+", verbose_name="照片")
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="报告人")
    reported_at = models.DateTimeField("报告时间", default=timezone.now)

    class Meta:
        ordering = ["reported_at", "id"]
        verbose_name = "督办进展"
        verbose_name_plural = "督办进展"

    def __str__(self):
        return f"{self.listing_id} {self.reported_at:%Y-%m-%d}"
