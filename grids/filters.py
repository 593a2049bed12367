"""Filter fields other apps use to narrow a list by the grid, and the one rule of which filters a role is shown."""

import django_filters
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from bureau.roles import Role, role_of
from grids.models import GridCell
from grids.permissions import held_paths


class OneQueryChoices(ModelChoiceIterator):
    """The choices read with one plain query. ModelChoiceIterator reads them with `queryset.iterator()`, which on
    PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE: four round trips) for a few dozen towns or
    categories, on every request of a list page that shows the filter; a round trip costs more than the rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():  # a copy: the field's own queryset stays unevaluated, read afresh each time
            yield self.choice(obj)


class OneQueryChoiceField(ModelChoiceField):
    iterator = OneQueryChoices


class ChoiceListFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a short reference list (towns, categories), whose choices are read in one query."""

    field_class = OneQueryChoiceField


class TownFilter(ChoiceListFilter):
    """A town (镇街) chosen by its code (?town=<code>); `field_name` is the path from the listed model to the town,
    e.g. "enterprise__town" for records scoped through their enterprise."""

    def __init__(self, field_name="enterprise__town", **kwargs):
        super().__init__(
            label="镇街",
            field_name=field_name,
            queryset=GridCell.objects.towns(),
            to_field_name="code",
            empty_label="全部镇街",
            **kwargs,
        )


def _town_paths(paths):
    """The paths of the towns the cells at `paths` lie in ("city/town/…/"); None when one of them is the whole city."""
    towns = set()
    for path in paths:
        codes = path.strip("/").split("/")
        if len(codes) < 2:
            return None
        towns.add(f"{codes[0]}/{codes[1]}/")
    return towns


class RoleScopedFilterSet(django_filters.FilterSet):
    """A list's filters as the signed-in user (the `request` FilterView passes) can use them: the list is already
    scoped to what the user sees (permissions.py), so a filter that could only narrow to something outside it is
    noise, and on a phone a screenful of it. Decided here, once, by the filters' names:

    - enterprise user: no place (`place_filters`) and no enterprise (`enterprise_filters`): they see one enterprise;
    - grid officer: the towns offered are the towns of the cells they hold;
    - the bureau (and no request, as in scripts and the golden markup test): every filter.
    """

    place_filters = ("town", "grid")
    enterprise_filters = ("enterprise",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        role = role_of(user)
        if role == Role.ENTERPRISE:
            for name in (*self.place_filters, *self.enterprise_filters):
                self.filters.pop(name, None)
        elif role == Role.GRID_OFFICER and "town" in self.filters:
            self._narrow_towns(held_paths(user))

    def _narrow_towns(self, paths):
        town_paths = _town_paths(paths)
        # Even a single town stays offered: what the page costs must not depend on how many cells an officer holds
        # (tests/grids/test_officer_cells.py).
        if town_paths is None:
            return
        town = self.filters["town"]
        town.queryset = town.queryset.filter(path__in=town_paths)
