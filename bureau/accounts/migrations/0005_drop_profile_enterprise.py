"""Drop the legacy Profile.enterprise_id column (and its history copy): an enterprise user's enterprise is now
enterprises.EnterpriseMembership. enterprises 0006 copies the column first; it orders itself before this migration
with `run_before`, so this one depends on nothing outside accounts. Reversed, the columns come back (without the
old foreign key) and enterprises 0006 reversed fills them again."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_history'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalprofile',
            name='enterprise_id',
        ),
        migrations.RemoveField(
            model_name='profile',
            name='enterprise_id',
        ),
    ]
