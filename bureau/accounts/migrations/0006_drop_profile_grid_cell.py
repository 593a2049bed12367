"""Drop the legacy Profile.grid_cell_id column (and its history copy): a grid officer's cells are now their current
grids.GridAssignments. bureau 0001 (the project package: it reads both layer-1 apps) turns the column into assignments first; it orders itself before this migration
with `run_before`, so this one depends on nothing outside accounts. Reversed, the columns come back (without the
old foreign key) and bureau 0001 reversed fills them again."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_drop_profile_enterprise'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalprofile',
            name='grid_cell_id',
        ),
        migrations.RemoveField(
            model_name='profile',
            name='grid_cell_id',
        ),
    ]
