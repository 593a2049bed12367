"""工贸企业重大事故隐患判定标准（应急管理部令第10号，2023年4月14日公布，5月15日施行）: the general items (第三条),
the items per industry (第四条–第十条, in trade2023_industries.py) and the special items (第十一条–第十三条). It
applies to the 工贸 trades: every industry but 危险化学品, 非煤矿山 and 烟花爆竹, which have standards of their own.

Special items go by special category (enterprises.SpecialCategory, codes of enterprises 0002): 粉尘防爆 → `dust`
(涉尘), 液氨制冷 → `ammonia_refrigeration` (涉氨制冷), 有限空间 → `confined_space` (有限空间). No new category was
needed.
"""

from hazards.criteria_data.common import GENERAL, SPECIAL, Item, trade_article
from hazards.criteria_data.trade2023_industries import INDUSTRY_ARTICLES

TRADE_SOURCE = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）{reference}"

GENERAL_ARTICLE = trade_article(
    "第三条",
    GENERAL,
    "工贸企业",
    [
        Item("未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的"),
        Item("特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的"),
        Item("金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的"),
    ],
)

SPECIAL_ARTICLES = [
    trade_article(
        "第十一条",
        SPECIAL,
        "存在粉尘爆炸危险的工贸企业（粉尘防爆）",
        [
            Item(
                "粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内，或者粉尘爆炸危险场所内设有员工宿舍、会议室、办公室、"
                "休息室等人员聚集场所的"
            ),
            Item(
                "不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统，或者不同建（构）筑物、"
                "不同防火分区共用一套除尘系统、除尘系统互联互通的"
            ),
            Item("干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的"),
            Item(
                "铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压吹送粉尘时，未采取火花探测消除等"
                "防范点燃源措施的"
            ),
            Item("除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道的"),
            Item("铝镁等金属粉尘、木质粉尘的干式除尘系统未设置锁气卸灰装置的"),
            Item("除尘器、收尘仓等划分为20区的粉尘爆炸危险场所电气设备不符合防爆要求的"),
            Item(
                "粉碎、研磨、造粒等易产生机械点燃源的工艺设备前，未设置铁、石等杂物去除装置，或者木制品加工企业与砂光机"
                "连接的风管未设置火花探测消除装置的"
            ),
            Item(
                "遇湿自燃金属粉尘收集、堆放、储存场所未采取通风等防止氢气积聚措施，或者干式收集、堆放、储存场所未采取防水、"
                "防潮措施的",
                confirmed=False,
            ),
            Item("未落实粉尘清理制度，造成作业现场积尘严重的", confirmed=False),
        ],
        categories=["dust"],
    ),
    trade_article(
        "第十二条",
        SPECIAL,
        "使用液氨制冷的工贸企业（液氨制冷）",
        [
            Item("包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷的"),
            Item("快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量超过9人的"),
        ],
        categories=["ammonia_refrigeration"],
    ),
    trade_article(
        "第十三条",
        SPECIAL,
        "存在硫化氢、一氧化碳等中毒风险的有限空间作业的工贸企业（有限空间）",
        [
            Item("未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志的"),
            Item(
                "未落实有限空间作业审批，或者未执行“先通风、再检测、后作业”要求，或者作业现场未设置监护人员的",
                confirmed=False,
            ),
        ],
        categories=["confined_space"],
    ),
]

# In the standard's order, which is the order of the page.
TRADE_ITEMS = [GENERAL_ARTICLE, *INDUSTRY_ARTICLES, *SPECIAL_ARTICLES]
