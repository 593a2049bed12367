"""{% filter_fields %} writes crispy-bootstrap5's markup by hand for speed; it must stay the markup crispy writes.

For every filter form in the project, unbound and bound with values no field accepts, the page's old template
(one grid column per field, `|as_crispy_field` inside) and `{% filter_fields form %}` give the same HTML, compared
as parsed HTML (attribute order, class order and whitespace do not count).
"""

import importlib
import pkgutil
import re
from pathlib import Path

import django_filters
import pytest
from django.conf import settings
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.module_loading import import_string

from tests.factories import make_cell

PROJECT_PACKAGES = ["bureau", "grids", "enterprises", "hazards", "inspections"]

# Plain forms that list pages pass to includes/_filter_form.html (FilterSets are found on their own below).
PLAIN_FILTER_FORMS = [
    "bureau.accounts.audit_filters.TrailFilterForm",
    "hazards.coverage_views.CoverageForm",
    "inspections.accidents.forms.FollowUpFilterForm",
    "hazards.self_check_views.MonthForm",
    "hazards.self_check_views.QuarterForm",
    # The dashboard's period form, written field by field with {% form_field %} (filter_fields' markup).
    "bureau.dashboard.forms.PeriodForm",
]

CRISPY = Template(
    "{% load crispy_forms_tags %}"
    '{% for field in form %}<div class="col-6 col-md-4 col-lg-3">{{ field|as_crispy_field }}</div>{% endfor %}'
)
FILTER_FIELDS = Template("{% load portal %}{% filter_fields form %}")

# A value that no choice, date, number or model choice accepts; free-text fields take it as typed.
INVALID = "无效<值>&"


def _import_filter_modules():
    """Import every project module that defines a FilterSet, wherever it lives, so that subclasses are known."""
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, package_name + "."):
            if ".migrations" in module.name or module.ispkg:
                continue
            path = Path(settings.BASE_DIR, *module.name.split(".")).with_suffix(".py")
            if path.exists() and "FilterSet" in path.read_text(encoding="utf-8"):
                importlib.import_module(module.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _project_filtersets():
    _import_filter_modules()
    found = {
        cls
        for cls in _subclasses(django_filters.FilterSet)
        if cls.__module__.split(".")[0] in PROJECT_PACKAGES and cls._meta.model is not None
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


FILTERSETS = _project_filtersets()


def _form(form_class_or_filterset, data):
    if isinstance(form_class_or_filterset, type) and issubclass(form_class_or_filterset, django_filters.FilterSet):
        return form_class_or_filterset(data).form
    return form_class_or_filterset(data)


def _without_crispys_extras(html, form):
    """crispy's markup less what filter_fields leaves out on purpose: no style, script or test uses any of it."""
    # The wrapper's id (div_id_<name>) and the required field's label class.
    html = re.sub(r' id="div_id_[^"]*"', "", html).replace("form-label requiredField", "form-label")
    # The widget's class name as a CSS class on the control ("dateinput", "select", "textinput").
    for name in {type(field.widget).__name__.lower() for field in form.fields.values()}:
        html = re.sub(rf'(class="(?:[^"]* )?){name}(?: |(?="))', r"\1", html)
    return html


def _invalid_data(form):
    return dict.fromkeys(form.fields, INVALID)


@pytest.fixture
def towns(db):
    # Model choice fields then render options too.
    city = make_cell(code="C1", name="瑞安市")
    make_cell(parent=city, code="C1T1", name="安阳街道")
    make_cell(parent=city, code="C1T2", name="塘下镇")


def test_it_finds_the_filtersets():
    names = {cls.__name__ for cls in FILTERSETS}
    assert {"EnterpriseFilter", "HazardFilter", "InspectionFilter", "SignInEventFilter"} <= names


@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "invalid"])
@pytest.mark.parametrize(
    "form_class",
    [*FILTERSETS, *PLAIN_FILTER_FORMS],
    ids=lambda c: c if isinstance(c, str) else f"{c.__module__}.{c.__name__}",
)
def test_filter_fields_writes_what_crispy_writes(form_class, bound, towns):
    if isinstance(form_class, str):
        form_class = import_string(form_class)
    data = _invalid_data(_form(form_class, None)) if bound else None

    def make_form():
        return _form(form_class, data)

    form = make_form()
    assert form.is_bound == bound and not form.is_valid()
    # Each on a form of its own: crispy writes its classes into the widgets' attrs.
    crispy = _without_crispys_extras(CRISPY.render(Context({"form": form})), form)
    # filter_fields shows errors with d-block whatever the widget: crispy relies on the control being .is-invalid.
    ours = FILTER_FIELDS.render(Context({"form": make_form()})).replace("invalid-feedback d-block", "invalid-feedback")
    assert parse_html(ours) == parse_html(crispy), f"\ncrispy: {crispy}\nfilter_fields: {ours}"
