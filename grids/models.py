from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from bureau.fields import FreeCharField
from bureau.text import refuse_controls
from bureau.validators import DateWindow


class GridLevel(models.IntegerChoices):
    CITY = 1, "一级网格（县市级）"
    TOWN = 2, "二级网格（镇街级）"
    COMMUNITY = 3, "三级网格（社区级）"
    VILLAGE = 4, "四级网格（村居）"


class GridCellQuerySet(models.QuerySet):
    def subtree(self, cell):
        """The cell and everything under it: one indexed prefix query on the path."""
        return self.filter(path__startswith=cell.path)

    def towns(self):
        return self.filter(level=GridLevel.TOWN)


class GridCell(models.Model):
    """A cell of the four-level grid.

    `path` is the materialized path of codes from the city down to this cell
    ("330381/33038101/"), kept by save(), so a subtree is one prefix query.
    """

    code = models.CharField(
        "网格编码",
        max_length=32,
        unique=True,
        validators=[refuse_controls],
        error_messages={"unique": "网格编码已存在。"},
    )
    name = models.CharField("网格名称", max_length=100, validators=[refuse_controls])
    level = models.PositiveSmallIntegerField("网格级别", choices=GridLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级网格"
    )
    path = models.CharField("网格路径", max_length=255, db_index=True, editable=False)

    objects = GridCellQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name = "网格"
        verbose_name_plural = "网格"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.compute_path()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("grids:detail", args=[self.code])

    def clean(self):
        if self.level == GridLevel.CITY:
            if self.parent_id is not None:
                raise ValidationError({"parent": "一级网格不能有上级网格。"})
            return
        if self.parent_id is None:
            raise ValidationError({"parent": "除一级网格外，每个网格都必须有上级网格。"})
        parent = self.parent
        if self.pk and (parent.pk == self.pk or parent.path.startswith(self.path)):
            raise ValidationError({"parent": "网格不能成为自己的上级或下级的下级。"})
        if self.level != parent.level + 1:
            raise ValidationError(
                {"level": f"网格级别必须比上级网格低一级（上级为{parent.level}级，本网格应为{parent.level + 1}级）。"}
            )

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}/"

    def ancestor_codes(self):
        return self.path.strip("/").split("/")[:-1]


class Capacity(models.TextChoices):
    RESPONSIBLE = "responsible", "网格责任人"
    MEMBER = "member", "网格员"


class GridAssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)

    def responsible(self):
        return self.filter(capacity=Capacity.RESPONSIBLE)


class GridAssignment(models.Model):
    """Who is responsible for a cell, in which capacity, from when to when. Ended rows are the history."""

    cell = models.ForeignKey(GridCell, on_delete=models.PROTECT, related_name="assignments", verbose_name="网格")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grid_assignments", verbose_name="人员"
    )
    capacity = models.CharField("职责", max_length=16, choices=Capacity.choices, default=Capacity.RESPONSIBLE)
    start_date = models.DateField("起始日期", validators=[DateWindow("起始日期")])
    end_date = models.DateField("结束日期", null=True, blank=True, validators=[DateWindow("结束日期")])
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    note = FreeCharField("备注", max_length=200, blank=True)

    objects = GridAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "网格责任分工"
        verbose_name_plural = "网格责任分工"
        constraints = [
            models.UniqueConstraint(
                fields=["cell"],
                condition=models.Q(end_date__isnull=True, capacity="responsible"),
                name="one_current_responsible_per_cell",
                violation_error_message="该网格已有在任的网格责任人。",
            )
        ]
        indexes = [models.Index(fields=["cell", "end_date"])]

    def __str__(self):
        return f"{self.cell} · {self.get_capacity_display()} · {self.user}"

    def clean(self):
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "结束日期不能早于起始日期。"})

    @property
    def is_current(self):
        return self.end_date is None
