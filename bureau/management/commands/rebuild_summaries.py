"""`manage.py rebuild_summaries`: the counts kept as summary rows by triggers, recounted (or only checked). Here, in
the composition root, because it serves several apps' summaries and a lower app may not import a higher one."""

from django.core.management.base import BaseCommand, CommandError

from enterprises import due_summary
from enterprises import summary as enterprise_summary
from hazards import deadline_summary, major_summary, trend_summary
from hazards import summary as hazard_summary
from inspections.planning import done_summary as inspection_summary

# (name on screen, module with install_triggers/rebuild/drift, what its rows count)
SUMMARIES = [
    ("企业计数汇总", enterprise_summary, "家企业"),
    ("隐患计数汇总", hazard_summary, "项隐患"),
    ("检查计数汇总", inspection_summary, "家次（计入年度计划的检查）"),
    ("未销号隐患整改期限汇总", deadline_summary, "项未销号隐患"),
    ("未销号重大隐患汇总", major_summary, "项未销号重大隐患"),
    ("重大隐患按日汇总", trend_summary, "项重大隐患"),
    ("最近检查日期汇总", due_summary, "家在册企业"),
]


class Command(BaseCommand):
    help = (
        "重新计算计数汇总（企业计数：按镇街、等级、经营状态等的企业数，enterprises/summary.py；"
        "隐患计数：按镇街、状态、等级、来源的隐患数，hazards/summary.py；"
        "检查计数：年度计划完成进度，按月份、检查类型、企业分组、镇街的检查家次，inspections/planning/done_summary.py；"
        "未销号隐患整改期限汇总：按镇街、整改期限的未销号隐患数，hazards/deadline_summary.py；"
        "未销号重大隐患汇总：按镇街、行业、发现日期的未销号重大隐患数，hazards/major_summary.py；"
        "重大隐患按日汇总：按发现日期、销号日期的重大隐患数，hazards/trend_summary.py；"
        "最近检查日期汇总：按镇街、等级、最近检查日期的在册企业数，enterprises/due_summary.py）："
        "数据库在门户之外被改动（如从备份恢复、手工 SQL 绕过触发器）之后运行。--check 只核对，不一致时以状态 1 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对汇总与重新计数是否一致")

    def handle(self, *args, check, **options):
        if check:
            wrong = []
            for name, summary, _ in SUMMARIES:
                if drift := summary.drift():
                    wrong.append(f"{name}与重新计数不一致（{len(drift)} 组）：{sorted(drift.items())[:5]}")
                else:
                    self.stdout.write(f"{name}与重新计数一致。")
            if wrong:
                raise CommandError("；".join(wrong))
            return
        for name, summary, unit in SUMMARIES:
            summary.install_triggers()  # also puts back a trigger someone dropped
            n = summary.rebuild()
            self.stdout.write(f"{name}已重新计算：{n} {unit}。")
