import django_filters
from django.db.models import Exists, OuterRef, Q

from enterprises.models import (
    Enterprise,
    EnterpriseStatus,
    Industry,
    MajorHazardSource,
    RiskGrade,
    ServiceMode,
    SpecialCategory,
)
from enterprises.sources import unit_state_q
from grids.filters import ChoiceListFilter, RoleScopedFilterSet, TownFilter
from grids.models import GridCell

YES_NO = [("1", "是"), ("0", "否")]
# A flag that only narrows (the dashboard links to "?in_registry=1"): there is no "否".
YES = [("1", "是")]


class EnterpriseFilter(RoleScopedFilterSet):
    enterprise_filters = ("q",)

    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    town = TownFilter("town")
    grid = django_filters.CharFilter(label="网格编码", method="in_grid")
    industry = django_filters.ChoiceFilter(label="行业", choices=Industry.choices, empty_label="全部行业")
    grade = django_filters.ChoiceFilter(
        label="四色等级", choices=[*RiskGrade.choices, ("none", "未定级")], method="by_grade", empty_label="全部等级"
    )
    category = ChoiceListFilter(
        label="特殊类别",
        field_name="special_categories",
        queryset=SpecialCategory.objects.all(),
        to_field_name="code",
        empty_label="全部类别",
    )
    key_supervision = django_filters.ChoiceFilter(label="重点监管", choices=YES_NO, method="yes_no", empty_label="不限")
    major_source = django_filters.ChoiceFilter(
        label="重大危险源", choices=YES_NO, method="has_major_source", empty_label="不限"
    )
    service_mode = django_filters.ChoiceFilter(label="社会化服务", choices=ServiceMode.choices, empty_label="不限")
    status = django_filters.ChoiceFilter(label="经营状态", choices=EnterpriseStatus.choices, empty_label="全部状态")
    in_registry = django_filters.ChoiceFilter(label="在册", choices=YES, method="by_in_registry", empty_label="不限")

    class Meta:
        model = Enterprise
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__iexact=value.upper()))

    def in_grid(self, queryset, name, value):
        cell = GridCell.objects.filter(code=value.strip()).first()
        return queryset.in_grid(cell) if cell else queryset.none()

    def by_grade(self, queryset, name, value):
        return queryset.filter(grade="" if value == "none" else value)

    def yes_no(self, queryset, name, value):
        return queryset.filter(**{name: value == "1"})

    def has_major_source(self, queryset, name, value):
        exists = Exists(MajorHazardSource.objects.filter(enterprise=OuterRef("pk")))
        return queryset.filter(exists if value == "1" else ~exists)

    def by_in_registry(self, queryset, name, value):
        # 在册: every enterprise not closed (关闭取缔), as EnterpriseQuerySet.operating() has it.
        return queryset.operating()


class SourceUnitFilter(RoleScopedFilterSet):
    """The major hazard source register (重大危险源单位): units by name, town and the state of their automation."""

    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    town = TownFilter("town")
    control = django_filters.ChoiceFilter(
        label="自动化控制系统", choices=MajorHazardSource.ControlSystem.choices, method="by_control", empty_label="不限"
    )

    class Meta:
        model = Enterprise
        fields = []

    search = EnterpriseFilter.search

    def by_control(self, queryset, name, value):
        return queryset.filter(unit_state_q(value))
