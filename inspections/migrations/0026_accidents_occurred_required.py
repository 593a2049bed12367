from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspections", "0025_accidents_existing")]

    operations = [
        migrations.AlterField(
            model_name="accident", name="occurred_at", field=models.DateTimeField(verbose_name="发生时间")
        ),
        migrations.AlterField(
            model_name="historicalaccident", name="occurred_at", field=models.DateTimeField(verbose_name="发生时间")
        ),
    ]
