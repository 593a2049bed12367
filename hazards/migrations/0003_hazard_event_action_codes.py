"""A hazard event stores what happened as a code (HazardAction); the screen shows the same Chinese as before."""

from django.db import migrations, models

# The labels the services wrote before the codes, each with its code.
LABELS = {
    "上报隐患": "report",
    "开始整改": "start",
    "报告整改完成": "rectify",
    "验收销号": "close",
    "退回整改": "send_back",
    "申请延期": "request_extension",
    "批准延期": "approve_extension",
    "不批准延期": "refuse_extension",
}


def _recode(apps, mapping):
    HazardEvent = apps.get_model("hazards", "HazardEvent")
    for old, new in mapping.items():
        HazardEvent.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _recode(apps, LABELS)


def backwards(apps, schema_editor):
    _recode(apps, {code: label for label, code in LABELS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("hazards", "0002_history"),
    ]

    operations = [
        migrations.AlterField(
            model_name="hazardevent",
            name="action",
            field=models.CharField(
                choices=[(code, label) for label, code in LABELS.items()], max_length=24, verbose_name="操作"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
