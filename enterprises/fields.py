"""Form fields other apps use to name an enterprise."""

from django import forms


class EnterpriseByCodeField(forms.ModelChoiceField):
    """An enterprise typed in by its unified social credit code (统一社会信用代码); spaces around it and lower
    case are forgiven. `queryset` is what the user may choose from; the texts name the enterprise as the
    form does (被检查单位, 事故单位…)."""

    widget = forms.TextInput

    def __init__(self, queryset, *, label, invalid, required, **kwargs):
        super().__init__(
            queryset=queryset,
            to_field_name="credit_code",
            label=label,
            error_messages={"invalid_choice": invalid, "required": required},
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)
