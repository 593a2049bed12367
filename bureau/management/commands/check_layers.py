"""`python manage.py check_layers`: model relations and migration dependencies point down the layers.

import-linter (`lint-imports`) holds the Python imports to the layers of ARCHITECTURE.md, but a relation given as a
string ("enterprises.Enterprise") and a migration's `dependencies` are no imports: they tie the tables together all
the same. This command holds them to the very layers contract that import-linter reads in pyproject.toml, so the
rule lives in one place. A link to a higher layer fails, and so does one between two apps of the same layer: within
a layer apps are independent ("|"), as for the imports.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

# Links that break the layers knowingly, each by its name as reported ("accounts.Profile.grid_cell"), with the
# reason in a comment. Empty: every link found fails the check.
ALLOWED: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Link:
    """One tie from an app to another: `name` says which field or migration makes it."""

    source: str  # the app's module, e.g. "bureau.accounts"
    target: str
    name: str


def layers_contract(pyproject: Path) -> list[list[str]]:
    """The layers contract of [tool.importlinter], top layer first, each layer as its modules ("(x)": optional)."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract["type"] == "layers":
            return [[module.strip().strip("()") for module in layer.split("|")] for layer in contract["layers"]]
    raise CommandError(f"{pyproject}: no layers contract in [tool.importlinter]")


def layer_index(module: str, layers: list[list[str]]) -> tuple[int, str] | None:
    """(height, the layer's module) for a module or anything inside it; the bottom layer is 0. None: no layer."""
    for position, layer in enumerate(layers):
        for member in layer:
            if module == member or module.startswith(member + "."):
                return len(layers) - 1 - position, member
    return None


def violations(links, layers, allowed=frozenset()) -> list[str]:
    """A message for each link to a higher layer or to another app of the same layer, unless allowed by name."""
    found = []
    for link in links:
        source, target = layer_index(link.source, layers), layer_index(link.target, layers)
        if source is None or target is None or source[1] == target[1] or link.name in allowed:
            continue
        if target[0] > source[0]:
            found.append(
                f"{link.name}: {source[1]} (layer {source[0] + 1}) points up to {target[1]} (layer {target[0] + 1})"
            )
        elif target[0] == source[0]:
            found.append(f"{link.name}: {source[1]} and {target[1]} share layer {source[0] + 1} and must stay apart")
    return sorted(found)


def relation_links() -> list[Link]:
    """Every ForeignKey, OneToOneField and ManyToManyField declared on the project's models, strings resolved."""
    return [link for config in apps.get_app_configs() for model in config.get_models() for link in model_links(model)]


def model_links(model) -> list[Link]:
    """The relations one model declares; by then the app registry has resolved every string reference."""
    links = []
    for field in model._meta.local_fields + model._meta.local_many_to_many:
        if field.is_relation and field.related_model is not None:
            target = field.related_model._meta.app_config.name
            links.append(Link(model._meta.app_config.name, target, f"{model._meta.label}.{field.name}"))
    return links


def migration_links() -> list[Link]:
    """Every migration's `dependencies` (and `run_before`) on another app's migration."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    module_of = {config.label: config.name for config in apps.get_app_configs()}
    links = []
    for (label, name), migration in loader.disk_migrations.items():
        for other_label, other_name in migration.dependencies:
            if other_label != label and other_label in module_of and other_label != "__setting__":
                links.append(
                    Link(module_of[label], module_of[other_label], f"{label}.{name} → {other_label}.{other_name}")
                )
        for other_label, other_name in migration.run_before:
            if other_label != label and other_label in module_of:
                # Declared from this side: the other app's files name nothing of this one, and without this app
                # its migrations run alone. So the link points from the declaring app, like a dependency would.
                links.append(
                    Link(
                        module_of[label],
                        module_of[other_label],
                        f"{label}.{name} runs before {other_label}.{other_name}",
                    )
                )
    return links


class Command(BaseCommand):
    help = "Model relations and migration dependencies point down the layers of pyproject.toml's layers contract."

    def handle(self, *args, **options):
        layers = layers_contract(Path(settings.BASE_DIR) / "pyproject.toml")
        found = violations(relation_links() + migration_links(), layers, ALLOWED)
        if found:
            raise CommandError(f"{len(found)} link(s) against the layers (ARCHITECTURE.md):\n  " + "\n  ".join(found))
        self.stdout.write("Model relations and migrations point down the layers.")
