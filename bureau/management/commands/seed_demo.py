from django.core.management.base import BaseCommand

from bureau.demo.seed import SCALES, seed_demo
from bureau.demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Fill the database with demo data (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small", help="how much data to create")
        parser.add_argument("--seed", type=int, default=2015, help="random seed, for reproducible data")

    def handle(self, *args, scale, seed, verbosity, **options):
        users = seed_demo(scale=scale, seed=seed, verbosity=verbosity, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for username, role_label, name in users:
            self.stdout.write(f"  {username:<12} {role_label:<8} {name}")
