from django.db import migrations

from resettle.taxonomy.seed import load_taxonomies


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load_taxonomies, migrations.RunPython.noop)]
