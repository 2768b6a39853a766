from django.db import migrations

from resettle.places.loading import load_reference_places


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load_reference_places, migrations.RunPython.noop)]
