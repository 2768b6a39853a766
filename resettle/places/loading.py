"""Loads the reference places into the database; data migrations call it, so it takes `apps`."""

from django.utils.text import slugify

from resettle.places.data import BOROUGHS, PRISONS
from resettle.places.postcode_districts import DISTRICTS


def load_reference_places(apps, schema_editor=None):
    Borough = apps.get_model("places", "Borough")
    Prison = apps.get_model("places", "Prison")
    PostcodeDistrict = apps.get_model("places", "PostcodeDistrict")

    boroughs = {}
    for gss, name, lat, lon in BOROUGHS:
        boroughs[gss], _ = Borough.objects.update_or_create(
            gss_code=gss,
            defaults={"name": name, "slug": slugify(name), "latitude": lat, "longitude": lon},
        )
    for code, name, holds, lat, lon, gss in PRISONS:
        Prison.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "slug": slugify(name.removeprefix("HMP YOI ").removeprefix("HMP ")),
                "holds": holds,
                "latitude": lat,
                "longitude": lon,
                "borough": boroughs.get(gss),
            },
        )
    for code, gss, lat, lon in DISTRICTS:
        PostcodeDistrict.objects.update_or_create(
            code=code, defaults={"borough": boroughs[gss], "latitude": lat, "longitude": lon}
        )
