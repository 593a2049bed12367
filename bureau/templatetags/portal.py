"""Template tags for what every list page repeats: filter fields, grade badges and the dashboard's figure lists.

Written in Python rather than as template includes because a list page repeats them dozens of times: crispy's
per-field templates and Django's per-option widget templates were half of the enterprise list's server time
(bench/RESULTS.md). The HTML is the same Bootstrap markup crispy wrote.
"""

from html import escape
from urllib.parse import urlencode

from django import forms, template
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.forms.widgets import Input, Select
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from bureau import once
from bureau.fixed_urls import fixed_url
from bureau.pagination import PAGE_PARAMS

register = template.Library()

GRADE_BADGES = {
    "green": ("grade-green", "服务对象", "绿 · 服务对象"),
    "blue": ("grade-blue", "一般监管对象", "蓝 · 一般监管"),
    "yellow": ("grade-yellow", "重点对象", "黄 · 重点对象"),
    "red": ("grade-red", "打击取缔对象", "红 · 打击取缔"),
}


@register.simple_tag(name="fixed_url")
def fixed_url_tag(name):
    """{% url name %} for a name without arguments, reversed once per URLconf (bureau.fixed_urls): the frame of
    every page links four such names, and a list's buttons a few more."""
    return fixed_url(name)


@register.simple_tag
def grade_badge(grade):
    """The four-colour grade (四色等级) of an enterprise as a badge; anything else is 未定级."""
    css, title, text = GRADE_BADGES.get(grade, ("grade-none", "", "未定级"))
    if not title:
        return format_html('<span class="badge grade-badge {}">{}</span>', css, text)
    return format_html('<span class="badge grade-badge {}" title="{}">{}</span>', css, title, text)


@register.simple_tag
def filter_fields(form):
    """Every field of a filter form, each in a grid column: label, control, errors and help."""
    return format_html_join("", '<div class="col-6 col-md-4 col-lg-3">{}</div>', ((_field(b),) for b in form))


@register.simple_tag
def form_field(bound):
    """One field of a form with its label, errors and help, as crispy's `as_crispy_field` writes it (the dashboard's
    period form: crispy's per-field templates were a tenth of the page's time)."""
    return _field(bound)


def _field(bound):
    widget = bound.field.widget
    errors = bound.errors
    attrs = {"id": bound.auto_id} if bound.auto_id else {}
    attrs = bound.build_widget_attrs(attrs, widget)
    if errors:
        attrs["aria-invalid"] = "true"
    if isinstance(widget, Select) and not widget.allow_multiple_selected:
        control = _select(widget, bound.html_name, bound.value(), attrs, errors)
    elif isinstance(widget, Input) and widget.input_type != "file":
        control = _input(widget.get_context(bound.html_name, bound.value(), attrs)["widget"], errors)
    else:
        control = bound.as_widget(attrs=attrs)
    label = format_html(
        '<label for="{}" class="form-label">{}{}</label>',
        bound.id_for_label,
        bound.label,
        mark_safe('<span class="asteriskField">*</span>') if bound.field.required else "",
    )
    feedback = _errors(bound, errors)
    help_text = ""
    if bound.help_text:
        # Named by the control's aria-describedby, which Django adds when there is help text.
        help_text = format_html('<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, bound.help_text)
    return format_html('<div class="mb-3">{}{}{}{}</div>', label, control, feedback, help_text)


def _errors(bound, errors):
    # The control's aria-describedby (Django adds it when there are errors) names this container's id.
    if not errors:
        return ""
    messages = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((number, bound.auto_id, error) for number, error in enumerate(errors, start=1)),
    )
    return format_html('<div id="{}_error" class="invalid-feedback d-block">{}</div>', bound.auto_id, messages)


def _css(attrs, base, errors):
    classes = " ".join(filter(None, [attrs.get("class", ""), base, "is-invalid" if errors else ""]))
    return {**attrs, "class": classes}


def _input(widget, errors):
    attrs = _css(widget["attrs"], "form-control", errors)
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        format_html(' value="{}"', value) if value is not None else "",
        flatatt(attrs),
    )


def _select(widget, name, value, attrs, errors):
    """The <select> Django's Select widget writes (its optgroups() rule of which option is selected: the first whose
    value matches), read straight from its choices: Django builds a dict of a dozen keys for each option, and a
    filter form has dozens of options (the enterprise list's town, industry, category… selects)."""
    attrs = _css(widget.build_attrs(widget.attrs, attrs), "form-select", errors)
    chosen = set(widget.format_value(value))
    has_selected = False
    groups = []
    for group_value, group_label in widget.choices:
        if isinstance(group_label, (list, tuple)):
            group_name, choices = group_value, group_label
        else:
            group_name, choices = None, [(group_value, group_label)]
        options = []
        for option_value, label in choices:
            option_value = "" if option_value is None else option_value
            selected = not has_selected and str(option_value) in chosen
            has_selected |= selected
            options.append(_option(option_value, label, selected))
        rendered = "".join(options)
        groups.append(f'<optgroup label="{_text(group_name)}">{rendered}</optgroup>' if group_name else rendered)
    return mark_safe(f'<select name="{_text(name)}"{flatatt(attrs)}>{"".join(groups)}</select>')


def _option(value, label, selected):
    """One <option>, as format_html would write it; written out because a filter form has dozens (its per-argument
    lazy-string checks were a tenth of the enterprise list's filter form)."""
    return f'<option value="{_text(value)}"{" selected" if selected else ""}>{_text(label)}</option>'


def _text(value):
    """conditional_escape(): safe HTML as it is, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


FIGURE = """
  <li class="d-flex justify-content-between align-items-baseline gap-2 border-bottom py-1">
    <a href="{url}" data-figure="{key}" data-value="{text}" title="{basis}"{link_class}>{label}</a>
    <span class="text-nowrap"><strong class="fs-5{warn}">{text}</strong> <small class="text-muted">{unit}</small></span>
  </li>
  """
BASIS = '<dt class="fw-normal">{label}</dt><dd class="ms-2">{basis}</dd>'


@register.simple_tag
def figure_list(figures):
    """A panel's figures (bureau.figures.Shown), each a link to the list that shows what it counts, and below them
    what each counts (口径). In Python: the dashboard shows forty, and the template's per-figure lookups were a
    tenth of its server time."""
    items, bases = [], []
    for figure in figures:
        warned = figure.warning and figure.value
        texts = {name: _text(getattr(figure, name)) for name in ("url", "key", "text", "basis", "label", "unit")}
        items.append(
            FIGURE.format(
                **texts, link_class=' class="text-danger"' if warned else "", warn=" text-danger" if warned else ""
            )
        )
        bases.append(BASIS.format(label=texts["label"], basis=texts["basis"]))
    return mark_safe(
        f'\n<ul class="list-unstyled mb-0">\n  {"".join(items)}\n</ul>\n'
        f'<details class="small text-muted mt-2"><summary>口径</summary>\n  <dl class="mb-0">{"".join(bases)}</dl>\n'
        "</details>\n"
    )


FIGURE_CELL = (
    '<td class="{cell_class}"><a href="{url}" data-figure="{key}" data-value="{text}" title="{basis}">{text}</a></td>'
)


@register.simple_tag
def figure_cells(cells, cell_class="text-end"):
    """Table cells of figures (bureau.figures.Shown), each a link to the list that shows what it counts. In Python:
    the major hazards board has over two hundred, and the template's four lookups and escapes per cell were a third
    of its server time."""
    return mark_safe(
        "".join(
            FIGURE_CELL.format(
                cell_class=cell_class, url=_text(c.url), key=_text(c.key), text=_text(c.text), basis=_text(c.basis)
            )
            for c in cells
        )
    )


NAV_GROUP = """
        <li class="nav-item dropdown">
          <a class="nav-link dropdown-toggle text-nowrap{active}" href="#" role="button" data-bs-toggle="dropdown" \
aria-expanded="false" id="nav-{key}"><i class="bi bi-{icon}"></i> {label}</a>
          <ul class="dropdown-menu" aria-labelledby="nav-{key}">
            {entries}
          </ul>
        </li>
        """
NAV_GROUP_ENTRY = """
            <li><a class="dropdown-item{active}" href="{url}"{current}><i class="bi bi-{icon}"></i> {label}</a></li>
            """
NAV_ENTRY = """
        <li class="nav-item"><a class="nav-link text-nowrap{active}" href="{url}"{current}>\
<i class="bi bi-{icon}"></i> {label}</a></li>
        """


@register.simple_tag
def nav_entries(items):
    """The main navigation's entries (bureau.navigation.nav_menu): every page shows them, about twenty."""
    html = []
    for item in items:
        if item.get("entries"):
            entries = "".join(NAV_GROUP_ENTRY.format(**_nav_texts(entry)) for entry in item["entries"])
            html.append(NAV_GROUP.format(**_nav_texts(item), key=_text(item["key"]), entries=entries))
        else:
            html.append(NAV_ENTRY.format(**_nav_texts(item)))
    return mark_safe("".join(f"\n        {entry}\n        " for entry in html))


def _nav_texts(item):
    active = item.get("active")
    return {
        "active": " active" if active else "",
        "current": ' aria-current="page"' if active else "",
        "url": _text(item.get("url", "")),
        "icon": _text(item["icon"]),
        "label": _text(item["label"]),
    }


@register.simple_tag
def submission_key():
    """The hidden one-time key of a creating form or a state-change button (bureau.once): a replay creates once."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_key())


@register.simple_tag(takes_context=True)
def active_filters(context, form):
    """The filters in force on a list, as chips: each field given a value in the query, its label, the value as the
    form shows it (a choice's text, not its code) and the link that drops it, keeping the others (page reset)."""
    request = context.get("request")
    if request is None:
        return []
    query = request.GET
    chips = []
    previous_label = ""
    for bound in form:
        label = _chip_label(bound.label, previous_label)
        previous_label = str(bound.label)
        values = [v for v in query.getlist(bound.html_name) if v.strip()]
        if not values:
            continue
        kept = [
            (k, v)
            for k in query
            if k != bound.html_name and k not in PAGE_PARAMS
            for v in query.getlist(k)
            if v.strip()
        ]
        chips.append(
            {
                "label": label,
                "text": "、".join(_shown_value(form, bound, value) for value in values),
                "href": "?" + urlencode(kept),
            }
        )
    return chips


def _chip_label(label, previous_label):
    # The end of a date range is labelled "至" beside its start ("发现日期从"); alone on a chip it says "发现日期至".
    if label == "至" and previous_label.endswith("从"):
        return previous_label[:-1] + "至"
    return label


def _shown_value(form, bound, value):
    field = bound.field
    if isinstance(field, forms.ModelChoiceField):
        # The form was validated when the list was filtered: its cleaned value is the object, no query needed.
        cleaned = getattr(form, "cleaned_data", {}).get(bound.name)
        if cleaned is None:
            try:
                cleaned = field.to_python(value)
            except ValidationError:
                return value
        return str(cleaned) if cleaned is not None else value
    if isinstance(field, forms.ChoiceField):
        for key, text in _flat_choices(field.choices):
            if str(key) == value:
                return str(text)
    return value


def _flat_choices(choices):
    for key, text in choices:
        if isinstance(text, (list, tuple)):
            yield from text
        else:
            yield key, text
