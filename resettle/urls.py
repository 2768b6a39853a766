from django.urls import include, path

urlpatterns = [
    path("", include("resettle.pages.urls")),
    path("", include("resettle.services.urls")),
    path("manage/", include("resettle.services.manage_urls")),
    path("directory-data/", include("resettle.oruk.interchange_urls")),
    path("account/", include("resettle.accounts.urls")),
    path("organisations/", include("resettle.organisations.urls")),
    path("oruk/", include("resettle.oruk.urls")),
    path("outcomes/import/", include("resettle.outcomes.import_urls")),
    path("people/", include("resettle.people.urls")),
    path("people/<uuid:person_id>/needs/", include("resettle.needs.urls")),
    path("people/<uuid:person_id>/plan/", include("resettle.plans.urls")),
    path("people/<uuid:person_id>/notes/", include("resettle.casenotes.urls")),
    path("people/<uuid:person_id>/appointments/", include("resettle.appointments.urls")),
    path("people/<uuid:person_id>/timeline/", include("resettle.timeline.urls")),
    path("people/<uuid:person_id>/custody/", include("resettle.custody.urls")),
    path("people/<uuid:person_id>/equality/", include("resettle.equality.urls")),
    path("people/<uuid:person_id>/consent/", include("resettle.consents.urls")),
    path("people/<uuid:person_id>/outcomes/", include("resettle.outcomes.urls")),
    path("people/<uuid:person_id>/progress/", include("resettle.soft_outcomes.urls")),
    path("people/<uuid:person_id>/referrals/", include("resettle.referrals.person_urls")),
    path("people/<uuid:person_id>/", include("resettle.subject_access.urls")),
    path("referrals/", include("resettle.referrals.urls")),
    path("notifications/", include("resettle.notifications.urls")),
    path("api/", include("resettle.api.urls")),
    path("evaluations/", include("resettle.evaluation.urls")),
    path("", include("resettle.caseloads.urls")),
]

handler400 = "resettle.pages.views.bad_request"
handler403 = "resettle.pages.views.permission_denied"
handler404 = "resettle.pages.views.page_not_found"
handler500 = "resettle.pages.views.server_error"
