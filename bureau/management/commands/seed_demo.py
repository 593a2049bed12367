from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from bureau.assessment.demo import seed_assessment
from bureau.demo_users import DEMO_PASSWORD, seed_users
from enterprises.demo import seed_named_enterprises, seed_named_grades, seed_registry
from grids.demo import seed_assignments, seed_grid
from hazards.demo import seed_hazards, seed_named_hazards
from hazards.demo_self_checks import seed_self_checks
from inspections.demo import seed_enforcement

# Records per scale; the grid is always the real one.
SCALES = {"small": {"enterprises": 400, "hazards": 1200}}


class Command(BaseCommand):
    help = "Fill the database with demo data (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small", help="how much data to create")
        parser.add_argument("--seed", type=int, default=2015, help="random seed, for reproducible data")

    def handle(self, *args, scale, seed, **options):
        User = get_user_model()
        with transaction.atomic():
            grid = seed_grid(stdout=self.stdout)
            enterprises = seed_named_enterprises(grid=grid)
            users = seed_users(
                grid_a=grid.officer_cell_a,
                grid_b=grid.officer_cell_b,
                enterprise_a=enterprises[0],
                enterprise_b=enterprises[1],
            )
            seed_assignments(
                grid=grid,
                grid_a=User.objects.get(username="grid_a"),
                grid_b=User.objects.get(username="grid_b"),
                actor=User.objects.get(username="admin"),
                password=DEMO_PASSWORD,
                seed=seed,
            )
            staff = User.objects.get(username="staff")
            seed_named_grades(enterprises=enterprises, actor=staff)
            seed_registry(count=SCALES[scale]["enterprises"], seed=seed, actor=staff)
            seed_named_hazards(
                enterprise=enterprises[0],
                enterprise_user=User.objects.get(username="ent_a"),
                inspector=User.objects.get(username="inspector"),
            )
            seed_hazards(count=SCALES[scale]["hazards"], seed=seed, actor=staff)
            seed_self_checks(seed=seed, today=timezone.localdate())
            seed_enforcement(seed=seed)
            seed_assessment(seed=seed, today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for username, role_label, name in users:
            self.stdout.write(f"  {username:<12} {role_label:<8} {name}")
