from django.db import migrations


def load_catalogue(apps, schema_editor):
    from thidua.awards.catalogue import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
