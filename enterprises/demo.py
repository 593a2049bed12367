"""Demo enterprises. Their credit codes carry a valid GB 32100-2015 check character."""

from enterprises.models import Enterprise
from grids.models import GridCell

DEMO = [
    # (name, credit code, town, address)
    ("瑞安市仙降鞋业有限公司", "91330381MA2A0B0X1P", "仙降街道", "仙降街道江溪工业区 8 号"),
    ("瑞安市飞云船舶修造有限公司", "91330381MA2A0B1X1D", "飞云街道", "飞云街道沿江路 66 号"),
]


def seed_enterprises(*, grid, seed):
    cells = {"仙降街道": grid.officer_cell_a, "飞云街道": grid.officer_cell_b}
    enterprises = []
    for name, credit_code, town, address in DEMO:
        village = GridCell.objects.subtree(cells[town]).filter(level=4).order_by("code").first()
        enterprise, _ = Enterprise.objects.get_or_create(
            credit_code=credit_code, defaults={"name": name, "grid_cell": village, "address": address}
        )
        enterprises.append(enterprise)
    return enterprises
