"""The site's addresses with the organisation-level import page mounted where it lives, for
tests that run whether or not the project's urls.py includes it yet."""

from django.urls import include, path

from resettle.urls import urlpatterns as site

mounted = any(getattr(pattern, "namespace", None) == "outcome_import" for pattern in site)
urlpatterns = [*site]
if not mounted:
    urlpatterns.append(path("outcomes/import/", include("resettle.outcomes.import_urls")))
