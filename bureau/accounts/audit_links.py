"""Which audit trail entries link to their object's page: only those whose page the viewer can open.

The trail names every app's objects but sits below those apps, so it imports none of their rules. An app whose
detail pages some users may not open registers, for its model, the `visible_*(user)` queryset its detail view looks
the object up in (`register_visible`, from its AppConfig.ready); a draft bulletin, say, is a 404 to all but staff.
For any other model the object need only still exist: the page of an object created and since deleted is a 404.
"""

_visible = {}


def register_visible(model, visible):
    """`visible(user)`: the queryset of `model` objects whose page `user` may open."""
    _visible[model] = visible


def openable_pks(model, viewer, pks):
    """Of `pks`, those of the objects of `model` whose page `viewer` can open: one query."""
    visible = _visible.get(model)
    objects = visible(viewer) if visible is not None else model._default_manager.all()
    return set(objects.filter(pk__in=set(pks)).values_list("pk", flat=True))
