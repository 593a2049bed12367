"""One word per sense: an inspection's people are its inspectors (执法人员), a talk's are its interviewers (谈话人)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_campaign_industries_code_list"),
    ]

    operations = [
        migrations.RenameField(model_name="inspection", old_name="officers", new_name="inspectors"),
        migrations.RenameField(model_name="talk", old_name="officers", new_name="interviewers"),
    ]
