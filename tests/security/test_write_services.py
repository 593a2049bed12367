"""Every write service refuses an enterprise user, and the refusal changes nothing in the database.

The services are found, not listed: every public function of the portal's packages that takes an `actor` is a
write service (the demo seed, which acts as the system, aside). A new one without a case in
tests/security/write_cases.py fails here with "no case for <service>".

Each case calls the service as the user of enterprise X on enterprise Y's records and, where an enterprise may not
make the change at all, on X's own; records that belong to no enterprise are tried as "the bureau's". The rule for
all of them is PermissionDenied (403): the services are handed records their views already looked up in the user's
scope, so the 404 for another enterprise's records is the views' (test_permission_matrix) and no service answers
an enterprise user with a ValidationError. A case may name another refusal (Case.refusal) should a rule call for it.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from tests.security.write_cases import CASES, Scene

PACKAGES = ("bureau", "enterprises", "grids", "hazards", "inspections")
# The demo seed stamps the records it makes with an actor but is the system itself, like a management command.
NOT_SERVICES = ("bureau.demo",)
# Public functions of a write module wrapped in a transaction that take no actor: the system's writes, with why.
SYSTEM_WRITES = {}


def _modules_naming_an_actor():
    root = Path(settings.BASE_DIR)
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts or not re.search(r"\bactor\b", path.read_text(encoding="utf-8")):
                continue
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if not name.startswith(NOT_SERVICES):
                yield importlib.import_module(name)


def _public_functions(module):
    for name, function in vars(module).items():
        if not name.startswith("_") and inspect.isfunction(function) and function.__module__ == module.__name__:
            yield f"{module.__name__}.{name}", function


def find_write_services():
    """{dotted name: function} of every public function taking `actor`, and the transactional ones that do not."""
    services, without_actor = {}, []
    for module in _modules_naming_an_actor():
        functions = dict(_public_functions(module))
        takes_actor = {name for name, f in functions.items() if "actor" in inspect.signature(f).parameters}
        services.update({name: functions[name] for name in takes_actor})
        if takes_actor:
            without_actor += [n for n, f in functions.items() if n not in takes_actor and hasattr(f, "__wrapped__")]
    return services, without_actor


SERVICES, WRAPPED_WITHOUT_ACTOR = find_write_services()
PARAMS = [
    pytest.param(name, case, id=f"{name.rsplit('.', 1)[1]}[{case.name if case else 'no case'}]")
    for name in sorted(SERVICES)
    for case in CASES.get(name) or [None]
]


def database_state():
    """Every row of every table, to compare before and after a refused call."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def scene(world, enterprise_user_x, staff, inspector, inspector2, bureau_admin):
    return Scene(
        world=world,
        actor=enterprise_user_x,
        staff=staff,
        inspector=inspector,
        inspector2=inspector2,
        bureau_admin=bureau_admin,
    )


@pytest.mark.parametrize(("name", "case"), PARAMS)
def test_an_enterprise_user_is_refused_by_every_write_service(scene, name, case):
    if case is None:
        pytest.fail(f"no case for {name}: add one to CASES in tests/security/write_cases.py")
    arguments = case.build(scene, scene.enterprise(case.whose))
    before = database_state()

    with pytest.raises(case.refusal):
        SERVICES[name](actor=scene.actor, **arguments)

    after = database_state()
    assert [table for table in before if before[table] != after[table]] == []


def test_the_services_are_found():
    """The search itself: it finds services in services modules, service packages and the other write modules."""
    assert {
        "enterprises.services.enterprise_save",
        "enterprises.importer.service.enterprise_import",
        "grids.services.grid_assign",
        "hazards.self_checks.self_check_submit",
        "inspections.enforcement.services.document_issue",
        "bureau.accounts.services.user_create",
        "bureau.assessment.bulletins.bulletin_draft",
    } <= set(SERVICES)
    assert not any(name.startswith(NOT_SERVICES) for name in SERVICES)


def test_every_case_names_a_service():
    assert sorted(set(CASES) - set(SERVICES)) == []


def test_a_transactional_write_without_an_actor_says_why():
    """A write service that forgot its actor would escape the search above: it must be listed as the system's."""
    assert sorted(set(WRAPPED_WITHOUT_ACTOR) - set(SYSTEM_WRITES)) == []
