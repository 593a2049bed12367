from django.core.exceptions import ValidationError
from django.db import models


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

    code = models.CharField("网格编码", max_length=32, unique=True, error_messages={"unique": "网格编码已存在。"})
    name = models.CharField("网格名称", max_length=100)
    level = models.PositiveSmallIntegerField("网格级别", choices=GridLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级网格"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)

    objects = GridCellQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "网格"
        verbose_name_plural = "网格"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.compute_path()
        super().save(*args, **kwargs)

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
