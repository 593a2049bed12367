"""Accidents and accountability now belong to inspections.accidents (which creates them in its 0007 on the same
tables): here they only leave the assessment's state; no table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0007_accidents_move'),
        ('assessment', '0003_accountability'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='accountability',
                name='recorded_by',
            ),
            migrations.RemoveField(
                model_name='historicalaccident',
                name='enterprise',
            ),
            migrations.RemoveField(
                model_name='historicalaccident',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalaccident',
                name='recorded_by',
            ),
            migrations.RemoveField(
                model_name='historicalaccountability',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalaccountability',
                name='recorded_by',
            ),
            migrations.DeleteModel(
                name='Accident',
            ),
            migrations.DeleteModel(
                name='Accountability',
            ),
            migrations.DeleteModel(
                name='HistoricalAccident',
            ),
            migrations.DeleteModel(
                name='HistoricalAccountability',
            ),
            ],
        ),
    ]
