"""An index that answers "which services have this term, linked as a need (or group)" from the
index alone, so search can list matching service ids without reading the attribute rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("services", "0003_stored_search_vector")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS service_attribute_term_link_service "
            "ON services_attribute (taxonomy_term_id, link_type, service_id)",
            "DROP INDEX IF EXISTS service_attribute_term_link_service",
        )
    ]
