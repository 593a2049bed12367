"""The form field other apps use to name an enterprise: typed as a credit code, a name or part of one, or part of
an address; several matches come back as a results step to choose from (no script needed), and
static/js/enterprise-suggest.js offers suggestions while typing."""

from django import forms
from django.urls import reverse_lazy

from enterprises.search import normalized, search

# How many candidates the results step lists; beyond them the page asks for more characters.
RESULTS = 20
NO_MATCH = "找不到与“%(value)s”相符的企业。可输入企业名称（或其中几个字）、统一社会信用代码或地址。"


class EnterpriseSearchInput(forms.TextInput):
    """A text box that, after an ambiguous search, lists the candidates as radio buttons of the same name below it.

    The widget belongs to one bound form (fields are copied per form), so the field may leave the candidates here
    while it cleans, for the page to show."""

    template_name = "enterprises/widgets/enterprise_search.html"

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "maxlength": 200,
            "placeholder": "企业名称、统一社会信用代码或地址",
            "data-enterprise-suggest": reverse_lazy("enterprises:suggest"),
        }
        super().__init__({**defaults, **(attrs or {})})
        self.found = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["found"] = self.found
        return context

    def value_from_datadict(self, data, files, name):
        # The results step posts two values under the name: the text typed, then the candidate chosen (its radios
        # come after the text box). The choice wins; without one, the text is searched again.
        values = [v for v in data.getlist(name) if v.strip()] if hasattr(data, "getlist") else []
        return values[-1] if values else data.get(name)


class EnterpriseField(forms.ModelChoiceField):
    """An enterprise of `queryset` (what the user may choose from: their scope) named by credit code, name or
    address. Exactly one match is the enterprise; several make the form invalid and list them to choose from;
    none is `invalid`. The texts name the enterprise as the form does (被检查单位, 事故单位…); `required` is the
    message when it is left empty, or False when it may be."""

    widget = EnterpriseSearchInput

    def __init__(self, queryset, *, label, required, invalid=NO_MATCH, **kwargs):
        messages = {"invalid_choice": invalid, **({"required": required} if required else {})}
        super().__init__(
            queryset=queryset,
            to_field_name="credit_code",
            label=label,
            required=bool(required),
            error_messages=messages,
            **kwargs,
        )

    def to_python(self, value):
        text = normalized(value)
        if not text:
            return None
        found = search(self.queryset, text, limit=RESULTS)
        if found.enterprise is not None:
            return found.enterprise
        if not found.candidates:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        self.widget.found = found
        raise forms.ValidationError(
            "有 %(total)s 家企业与“%(value)s”相符，请从列出的企业中选择一家后再次提交，或输入更多字。",
            code="ambiguous",
            params={"total": found.total, "value": text},
        )

    def prepare_value(self, value):
        # A model form's initial is the enterprise's id; the box shows its credit code, which searches back to it.
        if isinstance(value, int) and self.queryset is not None:
            return self.queryset.filter(pk=value).values_list("credit_code", flat=True).first() or ""
        return super().prepare_value(value)
