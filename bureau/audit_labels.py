"""What the audit trail (bureau.accounts.audit) cannot read from a model's fields alone, told by the app that owns
the model from its AppConfig.ready(): the Chinese names of the keys of a JSON field, and the sentence that says
what a change meant ("任期结束"). The trail sits in the lowest layer and imports no app above it; the apps come to it
through here, the kernel, which imports no app either.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JsonLabels:
    # {key: 中文名} for the keys of the field's dicts, at any depth, in the order they read best; a key not listed
    # is shown as it is.
    keys: Mapping[str, str] = field(default_factory=dict)
    # {key: {code: 中文名}} for keys whose values are codes (a rule, a grade).
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def key(self, key):
        return self.keys.get(key, key)

    def in_order(self, items):
        """A dict's items in the order the keys are listed here (the database may have sorted them otherwise),
        keys not listed after them as they came."""
        position = {key: n for n, key in enumerate(self.keys)}
        return sorted(items, key=lambda item: position.get(item[0], len(position)))

    def value(self, key, value):
        return self.values.get(key, {}).get(value, value)


NO_LABELS = JsonLabels()

# {("app_label.model_name", field name): JsonLabels}
_json_labels: dict[tuple[str, str], JsonLabels] = {}
# {"app_label.model_name": [describe(before, after) -> str or None]}; `before` is None when no earlier record exists.
_events: dict[str, list[Callable]] = {}


def register_json_labels(model_label, field_name, keys, values=None):
    _json_labels[model_label.lower(), field_name] = JsonLabels(dict(keys), dict(values or {}))


def json_labels(model_label, field_name):
    return _json_labels.get((model_label.lower(), field_name), NO_LABELS)


def register_event(model_label, describe):
    """`describe(before, after)` gets two historical records of one object (the earlier may be None) and returns
    the sentence the trail shows above the changed fields, or None when the change is not such an event."""
    _events.setdefault(model_label.lower(), []).append(describe)


def events(model_label, before, after):
    said = (describe(before, after) for describe in _events.get(model_label.lower(), []))
    return [sentence for sentence in said if sentence]
