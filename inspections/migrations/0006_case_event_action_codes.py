"""A case event stores what happened as a code (CaseAction); the screen shows the same Chinese as before."""

from django.db import migrations, models

# The labels the services wrote before the codes, each with its code.
LABELS = {
    "立案": "file",
    "调查终结": "investigate",
    "作出处罚决定": "decide",
    "执行完毕": "execute",
    "结案": "close",
}


def _recode(apps, mapping):
    CaseEvent = apps.get_model("inspections", "CaseEvent")
    for old, new in mapping.items():
        CaseEvent.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _recode(apps, LABELS)


def backwards(apps, schema_editor):
    _recode(apps, {code: label for label, code in LABELS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_inspectors_interviewers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(choices=[(code, label) for label, code in LABELS.items()], max_length=40),
        ),
        migrations.RunPython(forwards, backwards),
    ]
