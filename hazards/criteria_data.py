"""The two national major-hazard criteria as every install starts with them, loaded by a data migration (hazards
0008) through `load_criteria`, which takes the migration's models.

Texts were entered from published copies of the standards. `confirmed=False` marks an item whose wording (or whose
item number) could not be checked against a published text: its text is our best reading, for staff to check.

- 化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）（安监总管三〔2017〕121号）: its 20 items, all
  checked. It applies to enterprises of the industry 危险化学品 (`chemicals`) and to every enterprise that
  uses or stores hazardous chemicals (`Enterprise.uses_hazardous_chemicals`): hazards/criteria.py.
- 工贸企业重大事故隐患判定标准（应急管理部令第10号，2023年4月14日公布，5月15日施行）: the general items (第三条),
  the items per industry (第四条–第十条) and the special items (第十一条–第十三条). It applies to the 工贸 trades:
  every industry but 危险化学品, 非煤矿山 and 烟花爆竹, which have standards of their own.

How the standard's industry sections map to our industries (enterprises.industries.Industry, by GB/T 4754-2017 and
the ministry's 工贸 classification 应急厅〔2019〕17号):

- 冶金 第四条 (C31) and 有色 第五条 (C32) -> metallurgy (our 冶金 covers C31 and C32).
- 建材 第六条 (C30) -> none: the city has no trade for 非金属矿物制品业; the items are listed, applied to nobody.
- 机械 第七条 (C33-C40, C43) -> foundry, machinery, auto_parts, shipbuilding, electrical, electroplating (C3360),
  eyewear (C3587).
- 轻工 第八条 (C13-C15, C19-C24, C29 ...) -> agri_food, food, beverages, shoes, wood, furniture, paper, printing,
  crafts, rubber_plastics (wood and rubber_plastics by our reading of 应急厅〔2019〕17号, not checked).
- 纺织 第九条 (C17, C18, C28) -> textiles.
- 烟草 第十条 (C16) -> none: the city has no tobacco trade.
- 商贸: the 2023 standard has no items of its own for it; cold_storage, warehousing and other get the general and
  special items.

Special items go by special category (enterprises.SpecialCategory, codes of enterprises 0002): 粉尘防爆 → `dust`
(涉尘), 液氨制冷 → `ammonia_refrigeration` (涉氨制冷), 有限空间 → `confined_space` (有限空间). No new category was
needed.
"""

from dataclasses import dataclass

TRADE = "trade2023"
CHEMICAL = "chemical2017"
GENERAL, INDUSTRY, SPECIAL = "general", "industry", "special"

TRADE_SOURCE = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）{reference}"
CHEMICAL_SOURCE = (
    "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）{reference}"
)

METALLURGY = ["metallurgy"]
MACHINERY = ["foundry", "machinery", "auto_parts", "shipbuilding", "electrical", "electroplating", "eyewear"]
LIGHT = [
    "agri_food",
    "food",
    "beverages",
    "shoes",
    "wood",
    "furniture",
    "paper",
    "printing",
    "crafts",
    "rubber_plastics",
]
TEXTILES = ["textiles"]
DIGITS = "一二三四五六七八九"
NUMERALS = [*DIGITS, "十", *(f"十{digit}" for digit in DIGITS), "二十"]


@dataclass(frozen=True)
class Section:
    """One article of a standard: to whom its items apply."""

    standard: str
    article: str
    scope: str
    section: str
    industries: tuple = ()
    categories: tuple = ()


@dataclass(frozen=True)
class Item:
    text: str
    confirmed: bool = True


def _trade(article, scope, section, items, industries=(), categories=()):
    return Section(TRADE, article, scope, section, tuple(industries), tuple(categories)), items


TRADE_ITEMS = [
    _trade(
        "第三条",
        GENERAL,
        "工贸企业",
        [
            Item("未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的"),
            Item("特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的"),
            Item("金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的"),
        ],
    ),
    _trade(
        "第四条",
        INDUSTRY,
        "冶金企业",
        [
            Item(
                "会议室、活动室、休息室、操作室、交接班室、更衣室（含澡堂）等6类人员聚集场所，以及钢铁水罐冷（热）修工位"
                "设置在铁水、钢水、液渣吊运跨的地坪区域内的"
            ),
            Item(
                "生产期间冶炼、精炼和铸造生产区域的事故坑、炉下渣坑，以及熔融金属泄漏和喷溅影响范围内的炉前平台、炉基区域、"
                "厂房内吊运和地面运输通道等6类区域存在积水的"
            ),
            Item(
                "炼钢连铸流程未设置事故钢水罐、中间罐漏钢坑（槽）、中间罐溢流坑（槽）、漏钢回转溜槽，或者模铸流程未设置"
                "事故钢水罐（坑、槽）的"
            ),
            Item(
                "转炉、电弧炉、AOD炉、LF炉、RH炉、VOD炉等炼钢炉的水冷元件未设置出水温度、进出水流量差等监测报警装置，"
                "或者监测报警装置未与炉体倾动、氧（副）枪自动提升、电极自动断电和升起等联锁的",
                confirmed=False,
            ),
            Item(
                "高炉生产期间炉顶工作压力超过设计规定的最高工作压力，或者炉顶工作压力监测装置未与炉顶放散阀联锁的",
                confirmed=False,
            ),
            Item(
                "煤气生产、回收净化、加压混合、储存、使用设施附近的人员聚集场所，以及可能发生煤气泄漏、积聚的场所和部位"
                "未设置固定式一氧化碳浓度监测报警装置，或者监测数据未接入24小时有人值守场所的",
                confirmed=False,
            ),
            Item(
                "加热炉、煤气柜、除尘器、加压机、烘烤器等设施，以及进入车间前的煤气管道未安装隔断装置的",
                confirmed=False,
            ),
            Item(
                "正压煤气输配管线水封式排水器的最高封堵煤气压力小于30kPa，或者同一煤气管道隔断装置的两侧共用一个排水器，"
                "或者不同煤气管道、不同介质的煤气管道共用排水器的",
                confirmed=False,
            ),
        ],
        industries=METALLURGY,
    ),
    _trade(
        "第五条",
        INDUSTRY,
        "有色企业",
        [
            Item(
                "会议室、活动室、休息室、操作室、交接班室、更衣室（含澡堂）等6类人员聚集场所设置在熔融金属吊运跨的地坪"
                "区域内的",
                confirmed=False,
            ),
            Item(
                "生产期间冶炼、精炼、铸造生产区域的事故坑、炉下渣坑，以及熔融金属泄漏、喷溅影响范围内的炉前平台、炉基区域、"
                "厂房内吊运和地面运输通道等区域存在积水的",
                confirmed=False,
            ),
            Item("熔融金属铸造环节未设置紧急排放和应急储存设施的（倾动式熔炼炉、保温炉等除外）", confirmed=False),
            Item(
                "采用水冷冷却的冶炼炉窑、铸造机（铝加工深井铸造工艺的结晶器除外）、加热炉未设置应急水源的",
                confirmed=False,
            ),
            Item(
                "熔融金属冶炼炉窑的闭路循环水冷元件未设置出水温度、进出水流量差监测报警装置，或者开路水冷元件未设置进水"
                "流量、压力监测报警装置，或者未监测开路水冷元件出水温度的",
                confirmed=False,
            ),
            Item(
                "铝加工深井铸造工艺的结晶器冷却水系统未设置进水压力、进水流量监测报警装置，或者监测报警装置未与快速切断阀、"
                "紧急排放阀、流槽断开装置联锁，或者监测报警装置未与倾动式浇铸炉控制系统联锁的",
                confirmed=False,
            ),
            Item(
                "铝加工深井铸造工艺的浇铸炉铝液出口流槽、流槽与模盘（分配流槽）入口连接处未设置液位监测报警装置，或者"
                "固定式浇铸炉的铝液出口未设置机械锁紧装置的",
                confirmed=False,
            ),
            Item(
                "铝加工深井铸造工艺的固定式浇铸炉的铝液流槽未设置紧急排放阀，或者流槽与模盘（分配流槽）入口连接处未设置"
                "快速切断阀（断开装置），或者该处的液位监测报警装置未与快速切断阀（断开装置）、紧急排放阀联锁的",
                confirmed=False,
            ),
            Item(
                "铝加工深井铸造工艺的倾动式浇铸炉流槽与模盘（分配流槽）入口连接处未设置快速切断阀（断开装置），或者该处的"
                "液位监测报警装置未与浇铸炉倾动控制系统、快速切断阀（断开装置）联锁的",
                confirmed=False,
            ),
            Item("铝加工深井铸造机钢丝卷扬系统选用非钢芯钢丝绳，或者未落实钢丝绳定期检查、更换制度的", confirmed=False),
            Item(
                "可能发生一氧化碳、砷化氢、氯气、硫化氢等有毒气体泄漏、积聚的场所和部位未设置固定式气体浓度监测报警装置，"
                "或者监测数据未接入24小时有人值守场所的",
                confirmed=False,
            ),
            Item(
                "使用煤气（天然气）并强制送风的燃烧装置的燃气总管未设置压力监测报警装置，或者监测报警装置未与紧急自动切断"
                "装置联锁的",
                confirmed=False,
            ),
        ],
        industries=METALLURGY,
    ),
    _trade(
        "第六条",
        INDUSTRY,
        "建材企业",
        [
            Item("煤磨袋式收尘器、煤粉仓未设置温度和固定式一氧化碳浓度监测报警装置，或者未设置气体灭火装置的"),
            Item("筒型储库人工清库作业未落实清库方案中防止高处坠落、坍塌等安全措施的"),
            Item(
                "水泥企业电石渣原料筒型储库未设置固定式可燃气体浓度监测报警装置，或者监测报警装置未与事故通风装置联锁的"
            ),
            Item(
                "进入筒型储库、焙烧窑、预热器旋风筒、分解炉、竖炉、篦冷机、磨机、破碎机前，未对可能意外启动的设备和涌入的"
                "物料、高温气体、有毒有害气体等采取隔离措施，或者未落实防止高处坠落、坍塌等安全措施的"
            ),
            Item(
                "采用预混燃烧方式的燃气窑炉（热发生炉煤气窑炉除外）的燃气总管未设置管道压力监测报警装置，或者监测报警装置"
                "未与紧急自动切断装置联锁的"
            ),
            Item("制氢站、氮氢保护气体配气间、燃气配气间等3类场所未设置固定式可燃气体浓度监测报警装置的"),
            Item("电熔制品电炉的水冷设备失效的"),
            Item("玻璃窑炉、玻璃锡槽等设备未设置水冷和风冷保护系统的监测报警装置的"),
        ],
    ),
    _trade(
        "第七条",
        INDUSTRY,
        "机械企业",
        [
            Item(
                "会议室、活动室、休息室、更衣室、交接班室等5类人员聚集场所设置在熔融金属吊运跨或者浇注跨的地坪区域内的"
            ),
            Item("铸造用熔炼炉、精炼炉、保温炉未设置紧急排放和应急储存设施的"),
            Item(
                "生产期间铸造用熔炼炉、精炼炉、保温炉的炉底、炉坑和事故坑，以及熔融金属泄漏、喷溅影响范围内的炉前平台、"
                "炉基区域、造型地坑、浇注作业坑和熔融金属转运通道等区域存在积水的",
                confirmed=False,
            ),
            Item(
                "铸造用熔炼炉、精炼炉、压铸机、氧枪的冷却水系统未设置出水温度、进出水流量差监测报警装置，或者监测报警装置"
                "未与熔融金属加热、输送控制系统联锁的",
                confirmed=False,
            ),
            Item(
                "使用煤气（天然气）的燃烧装置的燃气总管未设置管道压力监测报警装置，或者监测报警装置未与紧急自动切断装置"
                "联锁，或者燃烧装置未设置火焰监测和熄火保护系统的",
                confirmed=False,
            ),
            Item(
                "使用可燃性有机溶剂清洗设备设施、工装器具、地面时，未采取防止可燃气体在周边密闭或者半密闭空间内积聚措施的",
                confirmed=False,
            ),
            Item("使用非水性漆的调漆间、喷漆室未设置固定式可燃气体浓度监测报警装置或者通风设施的", confirmed=False),
        ],
        industries=MACHINERY,
    ),
    _trade(
        "第八条",
        INDUSTRY,
        "轻工企业",
        [
            Item("食品制造企业烘制、油炸设备未设置防过热自动切断装置的", confirmed=False),
            Item(
                "白酒勾兑、灌装场所和酒库未设置固定式乙醇蒸气浓度监测报警装置，或者监测报警装置未与通风设施联锁的",
                confirmed=False,
            ),
            Item("纸浆制造、造纸企业使用蒸气、明火直接加热钢瓶汽化液氯的", confirmed=False),
            Item(
                "日用玻璃、陶瓷制造企业采用预混燃烧方式的燃气窑炉（热发生炉煤气窑炉除外）的燃气总管未设置管道压力监测报警"
                "装置，或者监测报警装置未与紧急自动切断装置联锁的",
                confirmed=False,
            ),
            Item(
                "日用玻璃制造企业炉、窑类设备本体及附属设施出现开裂、腐蚀、破损、衬砖损坏、壳体发红及明显弯曲变形等未报修"
                "或者报废，仍继续使用的",
                confirmed=False,
            ),
            Item("使用非水性漆的调漆间、喷漆室未设置固定式可燃气体浓度监测报警装置或者通风设施的", confirmed=False),
            Item("锂离子电池储存仓库未对故障电池采取有效物理隔离措施的", confirmed=False),
        ],
        industries=LIGHT,
    ),
    _trade(
        "第九条",
        INDUSTRY,
        "纺织企业",
        [
            Item(
                "纱、线、织物加工的烧毛、开幅、烘干等热定型工艺的汽化室、燃气贮罐、储油罐、热媒炉等未与生产加工等人员聚集"
                "场所隔开或者单独设置的",
                confirmed=False,
            ),
            Item(
                "保险粉、双氧水、次氯酸钠、亚氯酸钠、雕白粉（吊白块）与禁忌物料混合储存，或者保险粉储存场所未采取防水防潮"
                "措施的",
                confirmed=False,
            ),
        ],
        industries=TEXTILES,
    ),
    _trade(
        "第十条",
        INDUSTRY,
        "烟草企业",
        [
            Item(
                "熏蒸作业场所未配备磷化氢气体浓度监测报警仪器，或者未配备防毒面具，或者熏蒸杀虫作业前未确认无关人员全部"
                "撤离熏蒸作业场所的",
                confirmed=False,
            ),
            Item(
                "使用液态二氧化碳制造膨胀烟丝的生产线和场所未设置固定式二氧化碳浓度监测报警装置，或者监测报警装置未与事故"
                "通风设施联锁的",
                confirmed=False,
            ),
        ],
    ),
    _trade(
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
    _trade(
        "第十二条",
        SPECIAL,
        "使用液氨制冷的工贸企业（液氨制冷）",
        [
            Item("包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷的"),
            Item("快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量超过9人的"),
        ],
        categories=["ammonia_refrigeration"],
    ),
    _trade(
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

CHEMICAL_ITEMS = [
    "危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格。",
    "特种作业人员未持证上岗。",
    "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求。",
    "涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，装备的自动化控制系统、紧急停车系统"
    "未投入使用。",
    "构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大"
    "危险源的危险化学品罐区未配备独立的安全仪表系统。",
    "全压力式液化烃储罐未按国家标准设置注水措施。",
    "液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统。",
    "光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域。",
    "地区架空电力线路穿越生产区且不符合国家标准要求。",
    "在役化工装置未经正规设计且未进行安全设计诊断。",
    "使用淘汰落后安全技术工艺、设备目录列出的工艺、设备。",
    "涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备。",
    "控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求。",
    "化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源。",
    "安全阀、爆破片等安全附件未正常投用。",
    "未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度。",
    "未制定操作规程和工艺控制指标。",
    "未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行。",
    "新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；国内首次使用的化工工艺未经过省级人民"
    "政府有关部门组织的安全可靠性论证；新建装置未制定试生产方案投料开车；精细化工企业未按规范性文件要求开展反应安全"
    "风险评估。",
    "未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存。",
]
CHEMICAL_SECTION = "化工和危险化学品生产经营单位（危险化学品行业，及使用或储存危险化学品的企业）"


def _article_number(article):
    """第十一条 -> 11."""
    return NUMERALS.index(article.removeprefix("第").removesuffix("条")) + 1


def rows():
    """Every item as the fields of a MajorHazardCriterion (and its category codes), in the order of the page."""
    position = 0
    for section, items in TRADE_ITEMS:
        for index, entry in enumerate(items):
            item = f"（{NUMERALS[index]}）"
            position += 1
            yield (
                {
                    "code": f"gm2023-{_article_number(section.article)}-{index + 1}",
                    "standard": section.standard,
                    "article": section.article,
                    "item": item,
                    "scope": section.scope,
                    "section": section.section,
                    "industries": list(section.industries),
                    "text": entry.text,
                    "source": TRADE_SOURCE.format(reference=section.article + item),
                    "confirmed": entry.confirmed,
                    "position": position,
                },
                section.categories,
            )
    for index, text in enumerate(CHEMICAL_ITEMS):
        article = f"第{NUMERALS[index]}项"
        position += 1
        yield (
            {
                "code": f"hc2017-{index + 1}",
                "standard": CHEMICAL,
                "article": article,
                "item": "",
                "scope": GENERAL,
                "section": CHEMICAL_SECTION,
                "industries": [],
                "text": text,
                "source": CHEMICAL_SOURCE.format(reference=article),
                "confirmed": True,
                "position": position,
            },
            (),
        )


def load_criteria(criterion_model, category_model):
    """Create or update every item by its code (running it again changes nothing)."""
    categories = {c.code: c for c in category_model.objects.all()}
    for fields, codes in rows():
        code = fields.pop("code")
        criterion, _ = criterion_model.objects.update_or_create(code=code, defaults=fields)
        criterion.categories.set([categories[c] for c in codes if c in categories])
