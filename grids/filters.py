"""Filter fields other apps use to narrow a list by the grid."""

import django_filters

from grids.models import GridCell


class TownFilter(django_filters.ModelChoiceFilter):
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
