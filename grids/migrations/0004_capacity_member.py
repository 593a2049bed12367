"""A cell's 网格员 is a grid member, not an officer: the stored capacity follows the code word."""

from django.db import migrations, models

RENAMES = {"officer": "member"}


def _recode(apps, mapping):
    for name in ("GridAssignment", "HistoricalGridAssignment"):
        model = apps.get_model("grids", name)
        for old, new in mapping.items():
            model.objects.filter(capacity=old).update(capacity=new)


def forwards(apps, schema_editor):
    _recode(apps, RENAMES)


def backwards(apps, schema_editor):
    _recode(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0003_history"),
    ]

    operations = [
        migrations.AlterField(
            model_name="gridassignment",
            name="capacity",
            field=models.CharField(
                choices=[("responsible", "网格责任人"), ("member", "网格员")],
                default="responsible",
                max_length=16,
                verbose_name="职责",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgridassignment",
            name="capacity",
            field=models.CharField(
                choices=[("responsible", "网格责任人"), ("member", "网格员")],
                default="responsible",
                max_length=16,
                verbose_name="职责",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
