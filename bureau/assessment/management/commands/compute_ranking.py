from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bureau.assessment.scoring import compute_ranking
from bureau.quarters import Quarter


class Command(BaseCommand):
    help = "Compute (or recompute) the town/street ranking of a quarter, e.g. `compute_ranking 2026Q3`."

    def add_arguments(self, parser):
        parser.add_argument("quarter", help="the quarter, e.g. 2026Q3")

    def handle(self, *args, quarter, **options):
        try:
            ranking = compute_ranking(Quarter.parse(quarter))
        except (ValueError, ValidationError) as exc:
            raise CommandError(str(exc.messages[0] if hasattr(exc, "messages") else exc)) from None
        self.stdout.write(f"{ranking}：")
        for row in ranking.rows.select_related("town"):
            self.stdout.write(f"  {row.rank:>2}  {row.town.name:<8} {row.total:>7}  （预扣 {row.pre_deduction}）")
