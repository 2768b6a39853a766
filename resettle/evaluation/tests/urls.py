"""The site's URLs with the evaluation pages mounted at /evaluations/, as the lead mounts them
in resettle/urls.py (this adds them only while they are not mounted there yet)."""

from django.urls import include, path

from resettle.urls import urlpatterns as site

urlpatterns = [*site]
if not any(getattr(pattern, "namespace", None) == "evaluation" for pattern in site):
    urlpatterns.append(path("evaluations/", include("resettle.evaluation.urls")))
