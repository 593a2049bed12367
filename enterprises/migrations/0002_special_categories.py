from django.db import migrations

CATEGORIES = [
    ("dust", "涉尘"),
    ("confined_space", "有限空间"),
    ("spray_coating", "喷涂作业"),
    ("ammonia_refrigeration", "涉氨制冷"),
    ("shipbuilding", "船舶修造"),
    ("metallurgy", "冶金"),
    ("chemical_tank_area", "危化品罐区"),
    ("electroplating", "电镀"),
]


def create_categories(apps, schema_editor):
    SpecialCategory = apps.get_model("enterprises", "SpecialCategory")
    for position, (code, name) in enumerate(CATEGORIES):
        SpecialCategory.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
