from django.db import migrations

# (text, basis, industry, special category code): industry and category empty = every enterprise.
ITEMS = [
    ("主要负责人和安全管理人员持证上岗", "《安全生产法》第二十七条", "", ""),
    ("建立并落实全员安全生产责任制", "《安全生产法》第二十二条", "", ""),
    ("从业人员经安全生产教育和培训合格", "《安全生产法》第二十八条", "", ""),
    ("开展事故隐患排查治理并如实记录", "《安全生产法》第四十一条", "", ""),
    ("制定应急预案并定期演练", "《安全生产法》第八十一条", "", ""),
    ("安全出口、疏散通道畅通，未锁闭、堵塞", "《安全生产法》第四十二条", "", ""),
    ("电气线路规范敷设，无私拉乱接", "GB 50054", "", ""),
    ("除尘系统按规范设置并正常运行", "《工贸企业粉尘防爆安全规定》", "", "dust"),
    ("粉尘定期清扫，无积尘", "《工贸企业粉尘防爆安全规定》", "", "dust"),
    ("有限空间作业实行审批，先通风、再检测、后作业", "《工贸企业有限空间作业安全规定》", "", "confined_space"),
    ("有限空间设置明显警示标志", "《工贸企业有限空间作业安全规定》", "", "confined_space"),
    ("喷涂作业场所通风和防爆电气符合要求", "GB 6514", "", "spray_coating"),
    ("液氨制冷车间设置氨气浓度报警和事故通风", "《涉氨制冷企业液氨使用专项治理技术指导书》", "", "ammonia_refrigeration"),
    ("液氨储罐、管道无泄漏，安全附件在检验期内", "TSG 21", "", "ammonia_refrigeration"),
    ("船台、船坞作业有防坠落措施", "《船舶修造企业安全生产规定》", "", "shipbuilding"),
    ("船舱内动火作业审批和气体检测落实", "《船舶修造企业安全生产规定》", "", "shipbuilding"),
    ("熔融金属吊运设备符合冶金起重机要求", "《冶金企业和有色金属企业安全生产规定》", "", "metallurgy"),
    ("罐区防火堤、可燃气体报警和自动化控制系统完好", "GB 50351", "", "chemical_tank_area"),
    ("危险化学品罐区重大危险源监控到位", "《危险化学品重大危险源监督管理暂行规定》", "", "chemical_tank_area"),
    ("电镀槽液、氰化物等危化品专库专人管理", "《危险化学品安全管理条例》", "", "electroplating"),
    ("溶剂油等危险化学品限量存放、专区管理", "《危险化学品安全管理条例》", "shoes", ""),
    ("熔炼炉周边无积水、无易燃物", "《铸造企业安全生产规范》", "foundry", ""),
    ("烟花爆竹仓库限量存放、防雷设施完好", "《烟花爆竹安全管理条例》", "fireworks", ""),
    ("采石场台阶高度、坡面角符合设计", "GB 16423", "non_coal_mine", ""),
    ("危险化学品生产装置自动化控制系统投用", "《危险化学品安全管理条例》", "chemicals", ""),
]


def create_items(apps, schema_editor):
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    SpecialCategory = apps.get_model("enterprises", "SpecialCategory")
    categories = {c.code: c for c in SpecialCategory.objects.all()}
    for position, (text, basis, industry, category) in enumerate(ITEMS):
        ChecklistItem.objects.get_or_create(
            text=text,
            defaults={
                "basis": basis,
                "industry": industry,
                "category": categories.get(category),
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("enterprises", "0002_special_categories"),
    ]

    operations = [migrations.RunPython(create_items, migrations.RunPython.noop)]
