from django.core.management.base import BaseCommand, CommandError

from enterprises import summary


class Command(BaseCommand):
    help = (
        "重新计算企业计数汇总（按镇街、等级、经营状态等的企业数，enterprises/summary.py）：数据库在门户之外被改动"
        "（如从备份恢复、手工 SQL 绕过触发器）之后运行。--check 只核对，不一致时以状态 1 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只核对汇总与重新计数是否一致")

    def handle(self, *args, check, **options):
        if check:
            drift = summary.drift()
            if drift:
                raise CommandError(f"企业计数汇总与重新计数不一致（{len(drift)} 组）：{sorted(drift.items())[:5]}")
            self.stdout.write("企业计数汇总与重新计数一致。")
            return
        summary.install_triggers()  # also puts back a trigger someone dropped
        n = summary.rebuild()
        self.stdout.write(f"企业计数汇总已重新计算：{n} 家企业。")
