from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("ehrenamtliche/", views.VolunteerListView.as_view(), name="volunteer_list"),
    path("ehrenamtliche/neu/", views.VolunteerCreateView.as_view(), name="volunteer_create"),
    path("ehrenamtliche/<int:pk>/", views.VolunteerDetailView.as_view(), name="volunteer_detail"),
    path(
        "ehrenamtliche/<int:pk>/bearbeiten/",
        views.VolunteerUpdateView.as_view(),
        name="volunteer_update",
    ),
    path(
        "ehrenamtliche/<int:pk>/einladen/",
        views.VolunteerInviteView.as_view(),
        name="volunteer_invite",
    ),
    path("abrechnungen/", views.ClaimListView.as_view(), name="claim_list"),
    path("abrechnungen/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path("abrechnungen/<int:pk>/aktion/", views.ClaimActionView.as_view(), name="claim_action"),
    path("belege/<int:pk>/", views.ReceiptView.as_view(), name="receipt"),
    path("zahllaeufe/", views.PaymentRunListView.as_view(), name="paymentrun_list"),
    path("zahllaeufe/<int:pk>/", views.PaymentRunDetailView.as_view(), name="paymentrun_detail"),
    path(
        "zahllaeufe/<int:pk>/datei.<str:file_format>",
        views.PaymentRunDocumentView.as_view(),
        name="paymentrun_document",
    ),
    path("portal/", views.PortalView.as_view(), name="portal"),
    path("portal/profil/", views.PortalProfileView.as_view(), name="portal_profile"),
    path("portal/abrechnung/neu/", views.PortalClaimFormView.as_view(), name="portal_claim_create"),
    path(
        "portal/abrechnung/<int:pk>/",
        views.PortalClaimDetailView.as_view(),
        name="portal_claim_detail",
    ),
    path(
        "portal/abrechnung/<int:pk>/bearbeiten/",
        views.PortalClaimFormView.as_view(),
        name="portal_claim_update",
    ),
]
