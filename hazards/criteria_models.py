"""The national major-hazard criteria (重大事故隐患判定标准), one row per item: a hazard that meets an item is major.

Registered under the app label `hazards` by the import in hazards/models.py. The items themselves are reference data
(hazards/criteria_data/, loaded by a data migration); which items apply to an enterprise is hazards/criteria.py.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from bureau.text import refuse_controls
from enterprises.industries import Industry


class CriterionStandard(models.TextChoices):
    TRADE_2023 = "trade2023", "工贸企业重大事故隐患判定标准（应急管理部令第10号，2023）"
    CHEMICAL_2017 = (
        "chemical2017",
        "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）（安监总管三〔2017〕121号）",
    )


class CriterionScope(models.TextChoices):
    GENERAL = "general", "通用"
    INDUSTRY = "industry", "行业"
    SPECIAL = "special", "专项"


class MajorHazardCriterionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class MajorHazardCriterion(models.Model):
    """One item of a standard (第X条（Y）): what makes a hazard major, and to whom it applies.

    A general item applies to every enterprise the standard applies to; an industry item to the listed industries
    (`industries`, keys of enterprises.industries.Industry: a JSON list, so it works on SQLite too); a special item to
    enterprises of the listed special categories (涉尘, 涉氨制冷, 有限空间)."""

    code = models.SlugField("编号", max_length=32, unique=True)
    standard = models.CharField("判定标准", max_length=16, choices=CriterionStandard.choices)
    article = models.CharField("条", max_length=16, validators=[refuse_controls])
    item = models.CharField("项", max_length=16, blank=True, validators=[refuse_controls])
    scope = models.CharField("类别", max_length=8, choices=CriterionScope.choices)
    section = models.CharField("适用范围", max_length=64, blank=True, validators=[refuse_controls])
    industries = models.JSONField("适用行业", default=list, blank=True)
    categories = models.ManyToManyField(
        "enterprises.SpecialCategory", blank=True, related_name="major_hazard_criteria", verbose_name="适用特殊类别"
    )
    text = models.TextField("判定情形", max_length=2000)
    source = models.CharField("出处", max_length=300, validators=[refuse_controls])
    # False where the wording could not be checked against a published text: the page marks it for staff to check.
    confirmed = models.BooleanField("条文已核对", default=False)
    position = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = MajorHazardCriterionQuerySet.as_manager()
    # Staff correct an item's wording as it is checked: every version is kept, so what an item said when a hazard
    # was judged by it can be read back (the hazard keeps pointing at the item, not at a copy of its text).
    history = HistoricalRecords(m2m_fields=[categories])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "重大事故隐患判定标准条目"
        verbose_name_plural = "重大事故隐患判定标准条目"

    def __str__(self):
        return f"{self.reference} {self.text}"

    @property
    def reference(self):
        """第四条（一）: how the item is cited."""
        return f"{self.article}{self.item}"

    @property
    def short_standard(self):
        return "工贸2023" if self.standard == CriterionStandard.TRADE_2023 else "危化2017"

    def industry_labels(self):
        return [Industry(key).label for key in self.industries if key in Industry.values]
