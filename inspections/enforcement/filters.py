import django_filters

from inspections.enforcement.models import Case
from inspections.filters import EnterpriseSearchMixin


class CaseFilter(EnterpriseSearchMixin, django_filters.FilterSet):
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    status = django_filters.ChoiceFilter(label="状态", choices=Case.Status.choices, empty_label="全部状态")

    class Meta:
        model = Case
        fields = []
