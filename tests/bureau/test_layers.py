"""The layer check of `manage.py check_layers` catches what points up, and reads the layers from pyproject.toml."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import models
from django.test.utils import isolate_apps

from bureau.management.commands import check_layers
from bureau.management.commands.check_layers import Link, layers_contract, migration_links, model_links, violations
from hazards.models import Hazard

LAYERS = layers_contract(Path(settings.BASE_DIR) / "pyproject.toml")


def test_it_reads_the_import_linter_layers_top_first():
    assert LAYERS[0] == ["bureau.assessment", "bureau.dashboard", "bureau.public"]
    assert LAYERS[-1] == ["grids", "bureau.accounts"]


def test_it_lets_links_point_down_and_ignores_apps_outside_the_layers():
    links = [
        Link("inspections", "hazards", "inspections.Inspection.x"),
        Link("bureau.assessment", "grids", "assessment.TownScore.town"),
        Link("hazards", "django.contrib.auth", "hazards.Hazard.reported_by"),
    ]
    assert violations(links, LAYERS) == []


@isolate_apps("grids")
def test_it_catches_a_foreign_key_pointing_up():
    class Upward(models.Model):
        hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE)

        class Meta:
            app_label = "grids"

        def __str__(self):
            return str(self.pk)

    [message] = violations(model_links(Upward), LAYERS)
    assert message == "grids.Upward.hazard: grids (layer 1) points up to hazards (layer 3)"


def test_it_catches_a_link_between_two_apps_of_one_layer_and_a_migration_pointing_up():
    links = [
        Link("bureau.accounts", "grids", "accounts.Profile.grid_cell"),
        Link("enterprises", "inspections", "enterprises.0009_x → inspections.0001_initial"),
    ]
    assert violations(links, LAYERS) == [
        "accounts.Profile.grid_cell: bureau.accounts and grids share layer 1 and must stay apart",
        "enterprises.0009_x → inspections.0001_initial: enterprises (layer 2) points up to inspections (layer 4)",
    ]


def test_a_named_exception_is_let_through():
    link = Link("bureau.accounts", "grids", "accounts.Profile.grid_cell")
    assert violations([link], LAYERS, allowed={"accounts.Profile.grid_cell"}) == []


def test_it_finds_the_real_relations_and_migration_dependencies():
    assert Link("hazards", "enterprises", "hazards.Hazard.enterprise") in check_layers.relation_links()
    # assessment points at grids.GridCell by a string only: resolved through the app registry.
    assert any(link.source == "bureau.assessment" and link.target == "grids" for link in check_layers.relation_links())
    assert any(link.source == "hazards" and link.target == "enterprises" for link in migration_links())


def test_the_command_fails_naming_each_link(monkeypatch):
    monkeypatch.setattr(check_layers, "relation_links", lambda: [Link("grids", "hazards", "grids.GridCell.hazard")])
    monkeypatch.setattr(check_layers, "migration_links", lambda: [])
    with pytest.raises(CommandError, match="grids.GridCell.hazard: grids \\(layer 1\\) points up to hazards"):
        call_command("check_layers")
