"""The registry's figures (bureau.figures) about enterprises: counted among those the viewer may see."""

from django.db.models import Q
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, Figure, register
from enterprises.due import due_filter
from enterprises.models import EnterpriseStatus, MajorHazardSource, ServiceMode
from enterprises.permissions import visible_enterprises
from enterprises.sources import is_unit_q, unit_state_q

IN_REGISTRY = ~Q(status=EnterpriseStatus.CLOSED)


def enterprises_seen(viewer, period):
    """The source of every figure counting enterprises: those the viewer may see, closed ones included (each
    figure says whether it counts them)."""
    return visible_enterprises(viewer)


def _unit_state(state):
    return is_unit_q() & unit_state_q(state)


def _current(key, label, basis, where, list_name, params, unit="家"):
    return Figure(
        key=key,
        label=label,
        unit=unit,
        basis=basis,
        source=enterprises_seen,
        where=lambda period: where(),
        list_name=list_name,
        list_params=lambda period: params,
        span=AS_OF_TODAY,
        cell_path="grid_cell__path",
    )


def register_figures():
    control = MajorHazardSource.ControlSystem
    register(
        _current(
            "enterprises.registered",
            "在册生产经营单位",
            "在册（经营状态不是“已注销”）的生产经营单位。",
            lambda: IN_REGISTRY,
            "enterprises:list",
            {"in_registry": "1"},
        ),
        _current(
            "enterprises.due",
            "待检企业",
            "在册企业中从未检查过，或距上次检查已超过其四色等级检查间隔的。",
            lambda: due_filter(timezone.localdate()),
            "enterprises:due",
            {},
        ),
        _current(
            "enterprises.key_supervision",
            "重点监管企业“一企一档”",
            "在册且列为重点监管的企业。",
            lambda: IN_REGISTRY & Q(key_supervision=True),
            "enterprises:list",
            {"in_registry": "1", "key_supervision": "1"},
        ),
        _current(
            "enterprises.source_units",
            "重大危险源单位",
            "在册且登记有重大危险源的企业，每家计一次。",
            is_unit_q,
            "enterprises:sources",
            {},
        ),
        _current(
            "enterprises.sources_accepted",
            "自动化控制系统已验收",
            "重大危险源单位中，全部重大危险源的自动化控制系统均已验收的，每家计一次。",
            lambda: _unit_state(control.ACCEPTED),
            "enterprises:sources",
            {"control": control.ACCEPTED},
        ),
        _current(
            "enterprises.sources_installing",
            "自动化控制系统安装中",
            "重大危险源单位中，没有未安装、且至少一处正在安装的，每家计一次。",
            lambda: _unit_state(control.INSTALLING),
            "enterprises:sources",
            {"control": control.INSTALLING},
        ),
        _current(
            "enterprises.alliance",
            "参加行业互助联盟",
            "在册且社会化服务方式为参加行业互助联盟的企业。",
            lambda: IN_REGISTRY & Q(service_mode=ServiceMode.ALLIANCE),
            "enterprises:list",
            {"in_registry": "1", "service_mode": ServiceMode.ALLIANCE},
        ),
        _current(
            "enterprises.agency",
            "委托外包服务",
            "在册且社会化服务方式为委托外包服务的企业。",
            lambda: IN_REGISTRY & Q(service_mode=ServiceMode.AGENCY),
            "enterprises:list",
            {"in_registry": "1", "service_mode": ServiceMode.AGENCY},
        ),
    )
