import pytest
from django.core.management import CommandError, call_command

from grids.models import GridCell


def counts_by_level():
    return {level: GridCell.objects.filter(level=level).count() for level in (1, 2, 3, 4)}


@pytest.mark.django_db
def test_load_grid_loads_the_citys_shape_and_a_second_run_changes_nothing():
    call_command("load_grid")
    assert counts_by_level() == {1: 1, 2: 15, 3: 120, 4: 1739}
    first = dict(GridCell.objects.values_list("code", "path"))

    call_command("load_grid")

    assert counts_by_level() == {1: 1, 2: 15, 3: 120, 4: 1739}
    assert dict(GridCell.objects.values_list("code", "path")) == first


@pytest.mark.django_db
def test_the_towns_are_the_citys_real_ones():
    call_command("load_grid")

    towns = set(GridCell.objects.towns().values_list("name", flat=True))

    assert {"仙降街道", "飞云街道", "陶山镇", "湖岭镇", "马屿镇"} <= towns


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("330381001999,坏网格,3,330381999", "第 4 行：上级网格 '330381999' 不存在"),
        ("330381001999,坏网格,4,330381001", "第 4 行：网格级别应比上级网格（2 级）低一级"),
        ("330381001999,坏网格,7,330381001", "第 4 行：网格级别应为 1–4"),
        ("330381001,重复,2,330381", "第 4 行：网格编码 330381001 重复"),
        ("330381001999,缺列,3", "第 4 行：应有 4 列"),
    ],
)
def test_a_malformed_file_loads_nothing_and_names_the_line(tmp_path, bad_line, message):
    data = tmp_path / "grid.csv"
    data.write_text(
        "code,name,level,parent_code\n330381,瑞安市,1,\n330381001,安阳街道,2,330381\n" + bad_line + "\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as excinfo:
        call_command("load_grid", file=str(data))

    assert message in str(excinfo.value)
    assert GridCell.objects.count() == 0
