"""The items per industry of the 2023 工贸 standard (第四条–第十条), and how its industry sections map to our
industries (enterprises.industries.Industry, by GB/T 4754-2017 and the ministry's 工贸 classification
应急厅〔2019〕17号):

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
"""

from hazards.criteria_data.common import INDUSTRY, Item, trade_article

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

INDUSTRY_ARTICLES = [
    trade_article(
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
    trade_article(
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
    trade_article(
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
    trade_article(
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
    trade_article(
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
    trade_article(
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
    trade_article(
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
]
