import django_filters
from django import forms
from django.db.models import Prefetch
from django.utils import timezone

from bureau.widgets import DateInput
from enterprises.models import Enterprise
from grids.filters import RoleScopedFilterSet
from inspections.enforcement.models import Case, Document
from inspections.enforcement.pending import awaiting_rectification_q, past_deadline_q
from inspections.enforcement.procedure_models import DocumentDraft
from inspections.enforcement.specs import SPECS, DocumentKind
from inspections.filters import EnterpriseSearchMixin


class CaseFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    status = django_filters.ChoiceFilter(label="状态", choices=Case.Status.choices, empty_label="全部状态")
    opened_after = django_filters.DateFilter(
        label="立案日期从", field_name="opened_on", lookup_expr="gte", widget=DateInput()
    )
    opened_before = django_filters.DateFilter(label="至", field_name="opened_on", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Case
        fields = []


class YearFilter(django_filters.NumberFilter):
    # A whole year in the years a number can carry: "abc" or 99999 is an invalid field (ignored), not a 500.
    field_class = forms.IntegerField


class IssuedFilter(RoleScopedFilterSet):
    """Documents by the day they were issued, both ends included."""

    issued_after = django_filters.DateFilter(
        label="签发日期从", field_name="issued_at", lookup_expr="date__gte", widget=DateInput()
    )
    issued_before = django_filters.DateFilter(
        label="至", field_name="issued_at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = Document
        fields = []


class DocumentFilter(EnterpriseSearchMixin, IssuedFilter):
    kind = django_filters.ChoiceFilter(label="文书种类", choices=DocumentKind.choices, empty_label="全部种类")
    year = YearFilter(label="文号年度", min_value=2000, max_value=2100)
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    current = django_filters.ChoiceFilter(
        label="仅现行有效", choices=[("1", "是")], method="by_current", empty_label="不限"
    )

    pending = django_filters.ChoiceFilter(
        label="整改情况",
        choices=[("1", "待整改"), ("overdue", "逾期未整改")],
        method="by_pending",
        empty_label="不限",
        help_text="责令限期整改指令书所列隐患尚未全部整改",
    )

    def by_current(self, queryset, name, value):
        return queryset.filter(superseded_by__isnull=True)

    def by_pending(self, queryset, name, value):
        # The homes' to-do lists link here with the same conditions (inspections.enforcement.pending).
        if value == "overdue":
            return queryset.filter(past_deadline_q(timezone.localdate()))
        return queryset.filter(awaiting_rectification_q())


class FineFilter(EnterpriseSearchMixin, IssuedFilter):
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")


class SuspensionFilter(IssuedFilter):
    """Filters the suspending documents; what it lists is their enterprises, one row each, with those documents."""

    @property
    def qs(self):
        if not hasattr(self, "_enterprises"):
            documents = super().qs
            self._enterprises = (
                Enterprise.objects.filter(pk__in=documents.values("enterprise"))
                .select_related("town")
                .prefetch_related(
                    Prefetch("documents", queryset=documents.order_by("issued_at", "id"), to_attr="suspensions")
                )
                .order_by("name", "pk")
            )
        return self._enterprises


class DraftFilter(django_filters.FilterSet):
    """The approval queue, by kind of document."""

    kind = django_filters.ChoiceFilter(
        label="文书种类",
        choices=[(k, s.title) for k, s in SPECS.items() if s.needs_approval],
        empty_label="全部种类",
    )

    class Meta:
        model = DocumentDraft
        fields = []
