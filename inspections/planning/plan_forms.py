"""The yearly plan's form: its settings, and for each group of enterprises how it is covered."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from inspections.planning.plan_models import PlanGroup, PlanMethod

MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]
# A new plan starts from the usual practice: key and high-grade enterprises by interval, the rest drawn.
DEFAULT_LINES = {
    PlanGroup.KEY_SUPERVISION: (PlanMethod.KEY, None, []),
    PlanGroup.RED: (PlanMethod.KEY, None, []),
    PlanGroup.YELLOW: (PlanMethod.KEY, None, []),
    PlanGroup.BLUE: (PlanMethod.GENERAL, Decimal("10"), [3, 6, 9, 11]),
    PlanGroup.GREEN: (PlanMethod.GENERAL, Decimal("5"), [5, 10]),
    PlanGroup.UNGRADED: (PlanMethod.GENERAL, Decimal("5"), [5, 10]),
}


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=100, error_messages={"required": "请填写计划名称。"})
    capacity_per_officer = forms.IntegerField(label="每名执法人员每月检查能力（家次）", min_value=1, max_value=200)
    repeat_days = forms.IntegerField(
        label="重复检查提醒（天）",
        min_value=1,
        max_value=365,
        help_text="同一企业在该天数内再次检查时，检查登记页给出提醒。",
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = dict(DEFAULT_LINES)
        if plan is not None:
            lines.update({line.group: (line.method, line.ratio_percent, line.months) for line in plan.lines.all()})
            self.initial.update(
                year=plan.year,
                title=plan.title,
                capacity_per_officer=plan.capacity_per_officer,
                repeat_days=plan.repeat_days,
            )
            self.fields["year"].disabled = True
        else:
            self.initial.setdefault("year", timezone.localdate().year)
            self.initial.setdefault("title", "安全生产监督检查计划")
            self.initial.setdefault("capacity_per_officer", 8)
            self.initial.setdefault("repeat_days", 30)
        for group, label in PlanGroup.choices:
            method, ratio, months = lines[group]
            self.fields[f"{group}_method"] = forms.ChoiceField(
                label=f"{label}：检查方式", choices=PlanMethod.choices, initial=method
            )
            self.fields[f"{group}_ratio"] = forms.DecimalField(
                label=f"{label}：每次抽取比例（%）",
                min_value=Decimal("0.01"),
                max_value=100,
                max_digits=5,
                decimal_places=2,
                required=False,
                initial=ratio,
            )
            self.fields[f"{group}_months"] = forms.TypedMultipleChoiceField(
                label=f"{label}：抽取月份",
                choices=MONTH_CHOICES,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=months,
            )

    def groups(self):
        """The form's fields by group, for the template's table."""
        return [
            (label, self[f"{group}_method"], self[f"{group}_ratio"], self[f"{group}_months"])
            for group, label in PlanGroup.choices
        ]

    def lines(self):
        data = self.cleaned_data
        return {
            group: (data[f"{group}_method"], data[f"{group}_ratio"], data[f"{group}_months"])
            for group in PlanGroup.values
        }
