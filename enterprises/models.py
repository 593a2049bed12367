from django.db import models


class Enterprise(models.Model):
    """A production or business unit (生产经营单位) in the registry."""

    name = models.CharField("单位名称", max_length=200)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, error_messages={"unique": "该统一社会信用代码已登记。"}
    )
    grid_cell = models.ForeignKey(
        "grids.GridCell", on_delete=models.PROTECT, related_name="enterprises", verbose_name="所在网格"
    )
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "生产经营单位"
        verbose_name_plural = "生产经营单位"

    def __str__(self):
        return self.name
