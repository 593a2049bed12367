"""Accidents and accountability move here from the assessment on the tables they already have (db_table keeps the
names): the models enter this app's state only; no table changes."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0006_membership_from_profile'),
        ('inspections', '0006_case_event_action_codes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Accident',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='发生日期')),
                    ('deaths', models.PositiveSmallIntegerField(default=0, verbose_name='死亡人数')),
                    ('injuries', models.PositiveSmallIntegerField(default=0, verbose_name='受伤人数')),
                    ('summary', models.TextField(verbose_name='事故概况')),
                    ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='accidents', to='enterprises.enterprise', verbose_name='事故单位')),
                    ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': '生产安全事故',
                    'verbose_name_plural': '生产安全事故',
                    'db_table': 'assessment_accident',
                    'ordering': ['-date'],
                },
            ),
            migrations.CreateModel(
                name='Accountability',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='日期')),
                    ('kind', models.CharField(choices=[('criminal', '移送追究刑事责任'), ('discipline', '追究党政纪责任'), ('bulletin', '通报问责')], max_length=16, verbose_name='类别')),
                    ('person_count', models.PositiveSmallIntegerField(default=1, verbose_name='涉及人数')),
                    ('summary', models.TextField(verbose_name='情况摘要')),
                    ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                    ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': '责任追究',
                    'verbose_name_plural': '责任追究',
                    'db_table': 'assessment_accountability',
                    'ordering': ['-date', '-id'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalAccident',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='发生日期')),
                    ('deaths', models.PositiveSmallIntegerField(default=0, verbose_name='死亡人数')),
                    ('injuries', models.PositiveSmallIntegerField(default=0, verbose_name='受伤人数')),
                    ('summary', models.TextField(verbose_name='事故概况')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('enterprise', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.enterprise', verbose_name='事故单位')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical 生产安全事故',
                    'verbose_name_plural': 'historical 生产安全事故',
                    'db_table': 'assessment_historicalaccident',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalAccountability',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='日期')),
                    ('kind', models.CharField(choices=[('criminal', '移送追究刑事责任'), ('discipline', '追究党政纪责任'), ('bulletin', '通报问责')], max_length=16, verbose_name='类别')),
                    ('person_count', models.PositiveSmallIntegerField(default=1, verbose_name='涉及人数')),
                    ('summary', models.TextField(verbose_name='情况摘要')),
                    ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='登记时间')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical 责任追究',
                    'verbose_name_plural': 'historical 责任追究',
                    'db_table': 'assessment_historicalaccountability',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            ],
        ),
    ]
