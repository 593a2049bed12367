"""Demo data of the grid: the real city grid, and the cells the demo grid officers look after."""

from dataclasses import dataclass

from grids.loader import load_grid
from grids.models import GridCell


@dataclass
class DemoGrid:
    officer_cell_a: GridCell  # a community of 仙降街道
    officer_cell_b: GridCell  # a community of 飞云街道
    villages: list


def seed_grid(stdout=None):
    created, _ = load_grid()
    if stdout is not None and created:
        stdout.write(f"已导入网格 {created} 个。")
    cell_a = GridCell.objects.get(level=3, parent__name="仙降街道", code__endswith="001")
    cell_b = GridCell.objects.get(level=3, parent__name="飞云街道", code__endswith="001")
    villages = list(GridCell.objects.filter(level=4).order_by("code"))
    return DemoGrid(officer_cell_a=cell_a, officer_cell_b=cell_b, villages=villages)
