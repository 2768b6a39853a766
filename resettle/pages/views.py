from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from resettle.places.models import Borough


def home(request):
    boroughs = Borough.objects.order_by("name").only("name", "slug")
    return render(request, "pages/home.html", {"boroughs": boroughs})


def _statement_context():
    return {
        "support_email": settings.SUPPORT_EMAIL,
        "site_url": settings.SITE_URL,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "stale_months": settings.DIRECTORY_STALE_AFTER_DAYS // 30,
    }


def accessibility(request):
    return render(request, "pages/accessibility.html", _statement_context())


def privacy(request):
    return render(request, "pages/privacy.html", _statement_context())


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
