"""Loads every London postcode district into databases that ran 0002 with the first sample.

The loader upserts, so running it again on a fresh database (where 0002 already loaded the
full list) changes nothing.
"""

from django.db import migrations

from resettle.places.loading import load_reference_places


class Migration(migrations.Migration):
    dependencies = [("places", "0002_reference_places")]
    operations = [migrations.RunPython(load_reference_places, migrations.RunPython.noop)]
