"""Whether a save would change anything: an edit form saved as it was shown writes nothing.

A save of an unchanged row is not harmless: it moves `updated_at`, adds a history row to the audit trail (someone
"changed" the record) and tells caches the registry changed. Services ask `unchanged()` first and skip the save.
The kernel imports no app: this works on any model instance."""


def _stamps(field):
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def unchanged(instance, **many):
    """True when `instance` is already stored and none of its own fields differs from its row (pk and auto_now
    stamps aside), and, for each many-to-many `name=objects` given, the stored links are those objects."""
    if instance._state.adding or instance.pk is None:
        return False
    model = type(instance)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not _stamps(f)]
    stored = model._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first()
    if stored is None:
        return False
    for field in fields:
        if field.to_python(getattr(instance, field.attname)) != stored[field.attname]:
            return False
    for name, objects in many.items():
        linked = set(getattr(instance, name).values_list("pk", flat=True))
        if linked != {getattr(o, "pk", o) for o in objects}:
            return False
    return True
