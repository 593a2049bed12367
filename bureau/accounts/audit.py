"""The audit trail: every change django-simple-history recorded, on every model, newest first.

A model takes part by declaring `history = HistoricalRecords()` (or through `simple_history.register`); this
module names no other app's models, so a new app's models appear here as soon as they keep history.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.urls import NoReverseMatch, reverse
from simple_history.models import HistoricalRecords

from bureau.accounts.audit_links import openable_pks
from bureau.accounts.audit_values import EMPTY, Gone, ValueText
from bureau.audit_labels import events as audit_events
from bureau.params import ascii_digits, ascii_int

CHANGE_TYPES = {"+": "新增", "~": "修改", "-": "删除"}
# Not worth a line in the trail while another field says what changed (and shown when none does): a lock counter,
# and fields a model derives from others (a cell's path, an enterprise's town), which are not editable. A town a
# form sets (a pre-deduction's) is not derived and always shown.
BOOKKEEPING_FIELDS = {"version"}
DERIVED_FIELDS = {"path", "town"}
# Fields searched by "object name": on the object itself, then on the objects it points to.
OWN_NAME_FIELDS = ("name", "username", "first_name", "code", "credit_code", "location")
IDENTIFIER_FIELDS = ("code", "credit_code", "username")
RELATED_NAME_FIELDS = ("name", "location")


@dataclass
class Change:
    label: str
    # None when there is no earlier record to compare with: only the value after the change is known.
    old: str | None
    new: str

    @property
    def old_lines(self):
        return _lines(self.old)

    @property
    def new_lines(self):
        return _lines(self.new)


def _lines(text):
    """A structured value's lines (shown folded), or None for a value that is one line."""
    return text.split("\n") if text and "\n" in text else None


@dataclass
class Entry:
    at: datetime
    user: object
    change_type: str
    type_label: str
    object_id: object
    name: str
    url: str
    changes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    # What the change meant, in the owning app's words ("任期结束：2026-03-01"), shown above the changed fields.
    events: list = field(default_factory=list)


def audited_models():
    """Models that keep history, by "app_label.model_name", in the order of INSTALLED_APPS."""
    return {
        model._meta.label_lower: model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    }


def history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def trail(*, user="", model_label="", object_query="", date_from=None, date_to=None):
    """History rows of all audited models as one queryset of (history_id, history_date, audit_model), newest first."""
    parts = []
    for label, model in audited_models().items():
        if model_label and label != model_label:
            continue
        records = history_model(model).objects.all()
        if user:
            records = records.filter(Q(history_user__username__iexact=user) | Q(history_user__first_name=user))
        if object_query:
            records = records.filter(_object_matches(model, object_query))
        if date_from:
            records = records.filter(history_date__date__gte=date_from)
        if date_to:
            records = records.filter(history_date__date__lte=date_to)
        # No ordering inside the parts (SQLite refuses it in a UNION): the union is ordered as a whole.
        parts.append(
            records.order_by()
            .annotate(audit_model=Value(label, output_field=CharField()))
            .values("history_id", "history_date", "audit_model")
        )
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-history_date", "-history_id")


def _object_matches(model, text):
    """A number is an object's id (or its code, exactly); anything else is part of its name or of what it belongs to."""
    hm = history_model(model)
    condition = Q()
    if ascii_digits(text):
        number = ascii_int(text)  # None beyond 18 digits: no id, and the database would refuse to compare
        if number is not None:
            condition |= Q(**{model._meta.pk.attname: number})
        for tracked in hm.tracked_fields:
            if tracked.name in IDENTIFIER_FIELDS:
                condition |= Q(**{f"{tracked.name}__iexact": text})
        return condition or Q(pk__in=[])
    user_model = get_user_model()
    for tracked in hm.tracked_fields:
        if tracked.name in OWN_NAME_FIELDS and isinstance(tracked, CharField):
            condition |= Q(**{f"{tracked.name}__icontains": text})
        elif tracked.is_relation and tracked.related_model is not user_model:
            target_fields = {f.name for f in tracked.related_model._meta.concrete_fields}
            for name in RELATED_NAME_FIELDS:
                if name in target_fields:
                    condition |= Q(**{f"{tracked.name}__{name}__icontains": text})
    return condition or Q(pk__in=[])


def entries(rows, viewer=None):
    """The page's trail rows as Entries with what changed; a few queries per model on the page, not per row. An
    entry links to its object's page only when `viewer` can open it (audit_links)."""
    models = audited_models()
    ids_by_model = defaultdict(list)
    for row in rows:
        ids_by_model[row["audit_model"]].append(row["history_id"])
    built = {}
    for label, ids in ids_by_model.items():
        model_entries = _entries_for(models[label], ids)
        _unlink_unopenable(models[label], model_entries.values(), viewer)
        for history_id, entry in model_entries.items():
            built[label, history_id] = entry
    return [built[row["audit_model"], row["history_id"]] for row in rows]


def _unlink_unopenable(model, model_entries, viewer):
    linked = [entry for entry in model_entries if entry.url]
    if not linked:
        return
    openable = openable_pks(model, viewer, [entry.object_id for entry in linked])
    for entry in linked:
        if entry.object_id not in openable:
            entry.url = ""


def _entries_for(model, ids):
    hm = history_model(model)
    pk_name = model._meta.pk.attname
    earlier = (
        hm.objects.filter(**{pk_name: OuterRef(pk_name)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        hm.objects.filter(history_id__in=ids).select_related("history_user").annotate(previous_id=Subquery(earlier))
    )
    previous = hm.objects.in_bulk([r.previous_id for r in records if r.previous_id])
    fields = _Fields(model, hm)
    m2m = _m2m_values(hm, [r.history_id for r in records] + list(previous))
    related = _related_objects(model, [*records, *previous.values()], m2m)
    values = ValueText(model, related)
    type_label = str(model._meta.verbose_name)

    result = {}
    for record in records:
        snapshot = _snapshot(model, record, related)
        entry = Entry(
            at=record.history_date,
            user=record.history_user,
            change_type=CHANGE_TYPES.get(record.history_type, record.history_type),
            type_label=type_label,
            object_id=getattr(record, pk_name),
            name=_name(snapshot),
            url=_url(model, snapshot) if record.history_type != "-" else "",
        )
        before = previous.get(record.previous_id)
        if record.history_type == "~":
            entry.events = audit_events(model._meta.label_lower, before, record)
            if before is not None:
                entry.changes = _changes(record, before, fields, m2m, values)
            else:
                # Made without history (a migration, a bulk load): what it was before is unknown, what it is now is not.
                entry.changes = _initial_values(record, fields, m2m, values, old=None)
                entry.notes.append("此前无变更记录，以上为修改后的内容。")
        elif record.history_type == "+":
            entry.changes = _initial_values(record, fields, m2m, values, old=EMPTY)
        if getattr(record, "password_changed", False):
            entry.notes.append("已设置密码" if record.history_type == "+" else "密码已修改（不记录密码内容）")
        result[record.history_id] = entry
    return result


class _Fields:
    """The history model's fields worth showing (no primary key), and those shown only when nothing else changed:
    bookkeeping and derived fields, and timestamps Django keeps."""

    def __init__(self, model, hm):
        self.shown, self.hidden = [], []
        for original in hm.tracked_fields:
            if original.primary_key:
                continue
            stamped = getattr(original, "auto_now", False) or getattr(original, "auto_now_add", False)
            derived = original.name in DERIVED_FIELDS and not original.editable
            kept = self.hidden if stamped or derived or original.name in BOOKKEEPING_FIELDS else self.shown
            kept.append(hm._meta.get_field(original.name))


def _m2m_values(hm, history_ids):
    """{m2m field: {history_id: set of target pks}} for the many-to-many fields the model keeps history of."""
    values = {}
    for m2m_field in hm._history_m2m_fields:
        m2m_model = HistoricalRecords.m2m_models[m2m_field]
        target = m2m_model._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
        sets = defaultdict(set)
        for history_id, target_pk in m2m_model.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target
        ):
            sets[history_id].add(target_pk)
        values[m2m_field] = sets
    return values


def _related_objects(model, records, m2m):
    """{related model: {pk: object}}: one query per related model for everything the page shows, and one more
    for the names of those deleted since (from their own history, where they keep one)."""
    wanted = defaultdict(set)
    for fk in model._meta.concrete_fields:
        if fk.is_relation:
            wanted[fk.related_model].update(getattr(r, fk.attname) for r in records if hasattr(r, fk.attname))
    for m2m_field, sets in m2m.items():
        for pks in sets.values():
            wanted[m2m_field.related_model].update(pks)
    related = {}
    for related_model, pks in wanted.items():
        pks = {pk for pk in pks if pk is not None}
        if pks:
            found = related_model._default_manager.in_bulk(pks)
            found.update(_deleted(related_model, pks - set(found)))
            related[related_model] = found
    return related


def _deleted(model, pks):
    if not pks or not hasattr(model._meta, "simple_history_manager_attribute"):
        return {}
    pk_name = model._meta.pk.attname
    last = {}
    for record in history_model(model).objects.filter(**{f"{pk_name}__in": pks}).order_by("history_date"):
        last[getattr(record, pk_name)] = record
    # str() may read the object's own relations: a query each, for the few deleted objects a page names.
    return {pk: Gone(_name(record.instance)) for pk, record in last.items()}


def _snapshot(model, record, related):
    """The object as this record saw it, with its foreign keys filled from `related` so that str() needs no query."""
    values = {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields if hasattr(record, f.attname)}
    obj = model(**values)
    for fk in model._meta.concrete_fields:
        if fk.is_relation:
            target = related.get(fk.related_model, {}).get(getattr(obj, fk.attname))
            fk.set_cached_value(obj, None if isinstance(target, Gone) else target)
    return obj


def _name(obj):
    try:
        return str(obj)
    except Exception:  # a __str__ that reaches past what was prefetched into a deleted object
        return f"{obj._meta.verbose_name}（编号 {obj.pk}）"


def _url(model, obj):
    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return ""
    if admin.site.is_registered(model):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    return ""


def _changed(fields, record, before):
    """{field name: (old, new)} of the given fields that differ between the two records."""
    editable = [f.name for f in fields if f.editable]
    changed = {}
    if editable:
        delta = record.diff_against(before, included_fields=editable)
        changed = {change.field: (change.old, change.new) for change in delta.changes}
    # diff_against compares editable fields only; the others (a grade kept by a service, ...) are compared here.
    for f in fields:
        if not f.editable and getattr(before, f.attname) != getattr(record, f.attname):
            changed[f.name] = (getattr(before, f.attname), getattr(record, f.attname))
    return changed


def _changes(record, before, fields, m2m, values):
    changes = []
    for m2m_field, sets in m2m.items():
        old, new = sets.get(before.history_id, set()), sets.get(record.history_id, set())
        if old != new:
            changes.append(Change(_label(m2m_field), values.of_set(m2m_field, old), values.of_set(m2m_field, new)))
    # Bookkeeping fields only when nothing else changed: a change is never shown as no change at all.
    for group in (fields.shown, fields.hidden):
        changed = _changed(group, record, before)
        field_changes = [
            Change(_label(f), values.of(f, changed[f.name][0]), values.of(f, changed[f.name][1]))
            for f in group
            if f.name in changed
        ]
        if field_changes or changes:
            return field_changes + changes
    return changes


def _initial_values(record, fields, m2m, values, old):
    changes = [
        Change(_label(f), old, values.of(f, getattr(record, f.attname)))
        for f in fields.shown
        if getattr(record, f.attname) not in (None, "")
    ]
    for m2m_field, sets in m2m.items():
        if sets.get(record.history_id):
            changes.append(Change(_label(m2m_field), old, values.of_set(m2m_field, sets[record.history_id])))
    return changes


def _label(model_field):
    return str(model_field.verbose_name)
