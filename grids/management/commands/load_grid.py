from django.core.management.base import BaseCommand, CommandError

from grids.loader import DATA_FILE, GridFileError, load_grid
from grids.models import GridCell


class Command(BaseCommand):
    help = "Load the city's four-level grid (1 / 15 / 120 / 1,739 cells) from the data file; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="CSV file: code,name,level,parent_code")

    def handle(self, *args, file, **options):
        try:
            created, updated = load_grid(file)
        except GridFileError as exc:
            raise CommandError(f"网格数据文件有误，未导入任何网格。{exc}") from None
        except OSError as exc:
            raise CommandError(f"无法读取网格数据文件：{exc}") from None
        total = GridCell.objects.count()
        self.stdout.write(f"网格导入完成：新增 {created} 个，更新 {updated} 个，现有 {total} 个。")
