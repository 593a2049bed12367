"""The industries the bureau supervises by, each tied to its codes in GB/T 4754-2017 (国民经济行业分类).

The bureau works by trade, mostly at the level of a 大类 (C13 农副食品加工业) and, where its campaigns single
out a narrower trade, at a 中类 or 小类 (C195 制鞋业, C3360 金属表面处理及热处理加工 for 电镀). Each trade shows under
the name people in the city use (制鞋, 电镀, 冷库); the standard's name and codes sit beside it, so an import may
give either.
The stored value is a short English key that never changes: campaigns, checklist items and figures refer to it.

Codes and names: GB/T 4754-2017 with its amendment No. 1 (2019), checked against published code tables of the
standard (门类 letter + 大类 two digits, 中类 three, 小类 four). 5930 is 低温仓储 (cold storage); 5942 is
危险化学品仓储, not cold storage.
"""

from dataclasses import dataclass

from django.db import models


class Industry(models.TextChoices):
    SHOES = "shoes", "制鞋"
    FOUNDRY = "foundry", "铸造"
    CRAFTS = "crafts", "工艺品"
    EYEWEAR = "eyewear", "眼镜"
    ELECTROPLATING = "electroplating", "电镀"
    CHEMICALS = "chemicals", "危险化学品"
    NON_COAL_MINE = "non_coal_mine", "非煤矿山"
    FIREWORKS = "fireworks", "烟花爆竹"
    SHIPBUILDING = "shipbuilding", "船舶修造"
    METALLURGY = "metallurgy", "冶金"
    MACHINERY = "machinery", "机械"
    AGRI_FOOD = "agri_food", "农副食品加工"
    FOOD = "food", "食品制造"
    BEVERAGES = "beverages", "酒饮料"
    TEXTILES = "textiles", "纺织"
    WOOD = "wood", "木材加工"
    FURNITURE = "furniture", "家具"
    PAPER = "paper", "造纸"
    PRINTING = "printing", "印刷"
    RUBBER_PLASTICS = "rubber_plastics", "橡胶塑料"
    AUTO_PARTS = "auto_parts", "汽摩配"
    ELECTRICAL = "electrical", "电气机械"
    COLD_STORAGE = "cold_storage", "冷库"
    WAREHOUSING = "warehousing", "仓储"
    OTHER = "other", "其他"


@dataclass(frozen=True)
class Standard:
    """A code of GB/T 4754-2017 and the standard's name for it."""

    code: str
    name: str


# Industry -> the standard's codes it covers. A code given in an import belongs to the industry with the longest
# code it starts with: C2672 (焰火、鞭炮) is fireworks although C26 is chemicals, C3587 eyewear although C35 is
# machinery.
STANDARD = {
    Industry.SHOES: [Standard("C195", "制鞋业")],
    Industry.FOUNDRY: [Standard("C3391", "黑色金属铸造"), Standard("C3392", "有色金属铸造")],
    Industry.CRAFTS: [Standard("C243", "工艺美术及礼仪用品制造")],
    Industry.EYEWEAR: [Standard("C3587", "眼镜制造")],
    Industry.ELECTROPLATING: [Standard("C3360", "金属表面处理及热处理加工")],
    Industry.CHEMICALS: [Standard("C26", "化学原料和化学制品制造业"), Standard("G594", "危险品仓储")],
    Industry.NON_COAL_MINE: [
        Standard("B08", "黑色金属矿采选业"),
        Standard("B09", "有色金属矿采选业"),
        Standard("B10", "非金属矿采选业"),
    ],
    Industry.FIREWORKS: [Standard("C2672", "焰火、鞭炮产品制造")],
    Industry.SHIPBUILDING: [Standard("C373", "船舶及相关装置制造")],
    Industry.METALLURGY: [Standard("C31", "黑色金属冶炼和压延加工业"), Standard("C32", "有色金属冶炼和压延加工业")],
    Industry.MACHINERY: [Standard("C34", "通用设备制造业"), Standard("C35", "专用设备制造业")],
    Industry.AGRI_FOOD: [Standard("C13", "农副食品加工业")],
    Industry.FOOD: [Standard("C14", "食品制造业")],
    Industry.BEVERAGES: [Standard("C15", "酒、饮料和精制茶制造业")],
    Industry.TEXTILES: [Standard("C17", "纺织业")],
    Industry.WOOD: [Standard("C20", "木材加工和木、竹、藤、棕、草制品业")],
    Industry.FURNITURE: [Standard("C21", "家具制造业")],
    Industry.PAPER: [Standard("C22", "造纸和纸制品业")],
    Industry.PRINTING: [Standard("C23", "印刷和记录媒介复制业")],
    Industry.RUBBER_PLASTICS: [Standard("C29", "橡胶和塑料制品业")],
    Industry.AUTO_PARTS: [Standard("C367", "汽车零部件及配件制造"), Standard("C375", "摩托车制造")],
    Industry.ELECTRICAL: [Standard("C38", "电气机械和器材制造业")],
    Industry.COLD_STORAGE: [Standard("G5930", "低温仓储")],
    Industry.WAREHOUSING: [Standard("G59", "装卸搬运和仓储业")],
    Industry.OTHER: [],
}


def standard_codes(industry):
    """The industry's codes as one line: "C13", "C31、C32"; empty for 其他."""
    return "、".join(standard.code for standard in STANDARD[Industry(industry)])


def _code_key(code):
    """A code without its 门类 letter and trailing zeros of a 小类 written at 中类 level: "C3360" -> "336"."""
    digits = code.upper().lstrip("ABCDEFGHIJKLMNOPQRST")
    return digits.rstrip("0") if len(digits) == 4 and digits.endswith("0") else digits


_BY_CODE = {_code_key(s.code): industry for industry, standards in STANDARD.items() for s in standards}
_BY_NAME = {
    **{s.name: industry for industry, standards in STANDARD.items() for s in standards},
    **{industry.label: industry for industry in Industry},
    **{f"{industry.label}业": industry for industry in Industry},  # 制鞋业, 冶金业: as often written
}


def industry_from_text(text):
    """The Industry a cell names: the city's name, the standard's name, or a code of the standard at any level (with
    or without its letter: C13, 13, C1351, 5930). None when nothing matches."""
    text = text.strip()
    if text in _BY_NAME:
        return _BY_NAME[text]
    compact = text.upper().replace(" ", "")
    if not compact or not compact[-1].isdigit() or not compact.lstrip("ABCDEFGHIJKLMNOPQRST").isdigit():
        return None
    key = _code_key(compact)
    # The longest code of the table that the given one starts with: a 小类 inside a listed 中类 or 大类.
    for length in range(len(key), 1, -1):
        if key[:length] in _BY_CODE:
            return _BY_CODE[key[:length]]
    return None
