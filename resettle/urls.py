from django.urls import include, path

urlpatterns = [
    path("", include("resettle.pages.urls")),
    path("", include("resettle.services.urls")),
    path("manage/", include("resettle.services.manage_urls")),
    path("directory-data/", include("resettle.oruk.interchange_urls")),
    path("account/", include("resettle.accounts.urls")),
    path("organisations/", include("resettle.organisations.urls")),
    path("oruk/", include("resettle.oruk.urls")),
]

handler400 = "resettle.pages.views.bad_request"
handler403 = "resettle.pages.views.permission_denied"
handler404 = "resettle.pages.views.page_not_found"
handler500 = "resettle.pages.views.server_error"
