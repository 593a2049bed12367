"""`python manage.py draw_verify <id>`: recompute a 双随机 draw from its record and compare it with what was stored.

Prints 一致 when they agree; otherwise the first difference, exiting 1."""

import sys

from django.core.management.base import BaseCommand, CommandError

from inspections.planning.models import Draw
from inspections.planning.record import verify


class Command(BaseCommand):
    help = "按抽取记录（对象库快照、名录快照、种子）复算一次双随机抽取，核对结果。"

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)

    def handle(self, *args, draw_id, **options):
        draw = Draw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(f"没有第 {draw_id} 号抽取。")
        difference = verify(draw)
        if difference is None:
            self.stdout.write("一致")
            return
        self.stdout.write(f"不一致：{difference}")
        sys.exit(1)
