from django.core.management.base import BaseCommand

from enterprises.registry_cache import reference_changed


class Command(BaseCommand):
    help = "换掉企业名录的缓存版本：数据库在门户之外被改动（如从备份恢复）之后运行，名录立即按新数据计算。"

    def handle(self, *args, **options):
        reference_changed()  # the registry and the filter form's choices
        self.stdout.write("企业名录缓存已失效，下次打开时重新计算。")
