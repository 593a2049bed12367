"""Forms and list filters of the accident pages."""

from decimal import Decimal

import django_filters
from django import forms
from django.utils import timezone

from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseField
from enterprises.models import Enterprise
from grids.filters import RoleScopedFilterSet, TownFilter
from inspections.accidents.deadlines import WARN_DAYS, accidents_report_due_soon_q, accidents_report_overdue_q
from inspections.accidents.grading import EXTENSION_MAX_DAYS, Grade
from inspections.accidents.models import Accident, AccidentKind, Accountability, Investigation
from inspections.enforcement.models import Case
from inspections.filters import EnterpriseSearchMixin

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; ISO whatever the page's language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _in_window(label):
    window = DateWindow(label, past=True)
    return lambda moment: window(moment.date())


def _moment(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        validators=[_in_window(label)],
        widget=DateTimeInput(),
        error_messages={"required": f"请填写{label}。", "invalid": "时间格式应为 2026-07-01 08:30。"},
    )


def _count(label):
    return forms.IntegerField(
        label=label, min_value=0, max_value=9999, initial=0, error_messages={"required": f"请填写{label}。"}
    )


def _loss():
    return forms.DecimalField(
        label="直接经济损失（万元）",
        min_value=Decimal(0),
        max_value=Decimal("99999999.99"),
        max_digits=10,
        decimal_places=2,
        initial=0,
        help_text="单位万元；1亿元填 10000。",
        error_messages={"required": "请填写直接经济损失，没有填 0。"},
    )


class ReportForm(forms.Form):
    """The report's own fields (edit page); casualties change by 补报."""

    # Named credit_code on the page; the enterprise it names is cleaned_data["enterprise"].
    credit_code = EnterpriseField(Enterprise.objects.all(), label="事故单位", required="请填写事故单位。")
    occurred_at = _moment("发生时间")
    place = forms.CharField(label="发生地点", max_length=200, required=False)
    kind = forms.ChoiceField(label="事故类别", choices=AccidentKind.choices, initial=AccidentKind.OTHER)
    summary = FreeTextFormField(
        label="事故概况", max_length=4000, rows=4, error_messages={"required": "请填写事故概况。"}
    )
    reported_at = _moment("报告县级部门时间", required=False)
    reported_by = forms.CharField(label="报告人", max_length=60, required=False)

    def clean_credit_code(self):
        enterprise = self.cleaned_data["credit_code"]
        self.cleaned_data["enterprise"] = enterprise
        return enterprise.credit_code

    @classmethod
    def initial_of(cls, accident):
        local = timezone.localtime
        return {
            "credit_code": accident.enterprise.credit_code,
            "occurred_at": local(accident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "place": accident.place,
            "kind": accident.kind,
            "summary": accident.summary,
            "reported_at": local(accident.reported_at).strftime("%Y-%m-%dT%H:%M") if accident.reported_at else "",
            "reported_by": accident.reported_by,
        }

    def data_for_service(self):
        data = dict(self.cleaned_data)
        data.pop("credit_code")
        return data


class CasualtyForm(forms.Form):
    deaths = _count("死亡人数")
    serious_injuries = _count("重伤人数")
    injuries = _count("轻伤人数")
    direct_loss = _loss()


class AccidentForm(ReportForm, CasualtyForm):
    """A new report: the report's fields and its casualties."""

    field_order = [
        "credit_code", "occurred_at", "place", "kind", "deaths", "serious_injuries", "injuries", "direct_loss",
        "summary", "reported_at", "reported_by",
    ]  # fmt: skip


class SupplementForm(CasualtyForm):
    note = FreeTextFormField(label="补报说明", max_length=2000, required=False)

    @classmethod
    def initial_of(cls, accident):
        return {name: getattr(accident, name) for name in ("deaths", "serious_injuries", "injuries", "direct_loss")}


class InvestigationForm(forms.ModelForm):
    class Meta:
        model = Investigation
        fields = ["leader", "members", "cause", "responsibility", "proposed_handling"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[1:]}
        error_messages = {"leader": {"required": "请填写调查组组长。"}}


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="延长天数",
        min_value=1,
        max_value=EXTENSION_MAX_DAYS,
        initial=EXTENSION_MAX_DAYS,
        error_messages={"required": "请填写延长天数。", "max_value": f"最长延长 {EXTENSION_MAX_DAYS} 日。"},
    )
    reason = FreeTextFormField(label="延长理由", max_length=2000)


class ReviewForm(forms.Form):
    note = FreeTextFormField(label="审批意见", max_length=2000, required=False)


class FollowUpForm(forms.ModelForm):
    person_count = forms.IntegerField(
        label="涉及人数",
        min_value=1,
        max_value=9999,
        initial=1,
        help_text="通报问责填被通报的人数；行政处罚填被处罚的人数或单位数。",
        error_messages={"required": "请填写涉及人数。", "min_value": "涉及人数至少为 1。"},
    )
    case = forms.ModelChoiceField(
        label="处罚案件",
        queryset=Case.objects.select_related("enterprise").order_by("-pk"),
        required=False,
        help_text="行政处罚由本局立案的，选择该案件。",
    )

    class Meta:
        model = Accountability
        fields = ["kind", "date", "subject", "person_count", "case", "status", "started_on", "done_on", "summary"]
        widgets = {
            "date": DateInput(),
            "started_on": DateInput(),
            "done_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "date": {"required": "请填写日期。", "invalid": "日期格式应为 2026-07-01。"},
            "kind": {"required": "请选择类别。"},
            "summary": {"required": "请填写情况摘要。"},
        }

    def __init__(self, *args, accident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["status"].required = False  # left out: 待办
        if accident is not None:
            self.instance.accident = accident  # the model's checks (a penalty's case) see it
            self.fields["case"].queryset = self.fields["case"].queryset.filter(enterprise=accident.enterprise_id)
        else:
            # Tied to no accident: no penalty (it belongs to an accident), hence no case.
            del self.fields["case"]
            self.fields["kind"].choices = [
                choice for choice in self.fields["kind"].choices if choice[0] != Accountability.Kind.PENALTY
            ]

    def clean_status(self):
        return self.cleaned_data["status"] or Accountability.Status.PENDING


YES_NO = [("1", "是"), ("0", "否")]


class AccidentFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    town = TownFilter()
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    year = django_filters.ChoiceFilter(label="年度", field_name="date__year", choices=[], empty_label="全部年度")
    grade = django_filters.ChoiceFilter(label="事故等级", choices=Grade.choices, empty_label="全部等级")
    kind = django_filters.ChoiceFilter(label="事故类别", choices=AccidentKind.choices, empty_label="全部类别")
    late = django_filters.ChoiceFilter(label="迟报", choices=YES_NO, method="by_late", empty_label="全部")
    report_due = django_filters.ChoiceFilter(
        label="调查报告期限",
        choices=[("overdue", "已逾期"), ("soon", f"{WARN_DAYS}日内到期")],
        method="by_report_due",
        empty_label="全部",
    )

    class Meta:
        model = Accident
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.filters["year"].extra["choices"] = [(str(y), f"{y}年") for y in range(this_year, 1999, -1)]

    def by_report_due(self, queryset, name, value):
        today = timezone.localdate()
        due = accidents_report_overdue_q(today) if value == "overdue" else accidents_report_due_soon_q(today)
        return queryset.filter(due)

    def by_late(self, queryset, name, value):
        late = Accident.objects.late().values("pk")
        return queryset.filter(pk__in=late) if value == "1" else queryset.exclude(pk__in=late)


class FollowUpFilterForm(forms.Form):
    start = forms.DateField(label="日期从", required=False, widget=DateInput(), validators=[DateWindow("起始日期")])
    end = forms.DateField(label="至", required=False, widget=DateInput(), validators=[DateWindow("截止日期")])
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Accountability.Kind.choices])
    status = forms.ChoiceField(
        label="办理状态", required=False, choices=[("", "全部状态"), *Accountability.Status.choices]
    )
