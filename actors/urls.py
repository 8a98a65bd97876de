from django.urls import path

from actors import views

app_name = "actors"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("organisationen/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisationen/export/", views.OrganisationExportView.as_view(), name="organisation_export"
    ),
    path(
        "organisationen/import/", views.OrganisationImportView.as_view(), name="organisation_import"
    ),
    path(
        "organisationen/import/vorschau/",
        views.OrganisationImportPreviewView.as_view(),
        name="organisation_import_preview",
    ),
    path(
        "organisationen/import/entscheidungen/",
        views.OrganisationImportDecideView.as_view(),
        name="organisation_import_decide",
    ),
    path(
        "organisationen/import/ausfuehren/",
        views.OrganisationImportConfirmView.as_view(),
        name="organisation_import_confirm",
    ),
    path(
        "organisationen/import/abbrechen/",
        views.OrganisationImportCancelView.as_view(),
        name="organisation_import_cancel",
    ),
    path(
        "organisationen/import/spalten/",
        views.OrganisationImportMappingView.as_view(),
        name="organisation_import_mapping",
    ),
    path(
        "organisationen/import/fehler.csv",
        views.OrganisationImportErrorsView.as_view(),
        name="organisation_import_errors",
    ),
    path("importe/", views.ImportBatchListView.as_view(), name="import_batch_list"),
    path("importe/<int:pk>/", views.ImportBatchDetailView.as_view(), name="import_batch_detail"),
    path(
        "importe/<int:pk>/rueckgaengig/",
        views.ImportBatchUndoView.as_view(),
        name="import_batch_undo",
    ),
    path("organisationen/neu/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisationen/aehnliche/",
        views.OrganisationSimilarView.as_view(),
        name="organisation_similar",
    ),
    path(
        "organisationen/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisationen/<int:pk>/bearbeiten/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(
        "organisationen/<int:pk>/archivieren/",
        views.OrganisationArchiveView.as_view(),
        name="organisation_archive",
    ),
    path(
        "organisationen/<int:pk>/reaktivieren/",
        views.OrganisationRestoreView.as_view(),
        name="organisation_restore",
    ),
    path(
        "organisationen/<int:pk>/bestaetigen/",
        views.OrganisationConfirmView.as_view(),
        name="organisation_confirm",
    ),
    path(
        "organisationen/<int:pk>/zusammenfuehren/",
        views.OrganisationMergeView.as_view(),
        name="organisation_merge",
    ),
    path(
        "organisationen/<int:organisation_pk>/ansprechpersonen/neu/",
        views.ContactCreateView.as_view(),
        name="contact_create",
    ),
    path(
        "organisationen/<int:organisation_pk>/ansprechpersonen/<int:pk>/bearbeiten/",
        views.ContactUpdateView.as_view(),
        name="contact_update",
    ),
    path(
        "ansprechpersonen/<int:pk>/vcard/", views.ContactVCardView.as_view(), name="contact_vcard"
    ),
    path("anfragen/", views.UpdateRequestListView.as_view(), name="updaterequest_list"),
    path("anfragen/neu/", views.UpdateRequestCreateView.as_view(), name="updaterequest_create"),
    path(
        "anfragen/<int:pk>/", views.UpdateRequestDetailView.as_view(), name="updaterequest_detail"
    ),
    path(
        "anfragen/<int:pk>/uebernehmen/",
        views.UpdateRequestAcceptView.as_view(),
        name="updaterequest_accept",
    ),
    path(
        "anfragen/<int:pk>/ablehnen/",
        views.UpdateRequestRejectView.as_view(),
        name="updaterequest_reject",
    ),
    path("angebote/", views.OfferListView.as_view(), name="offer_list"),
    path("angebote/export/", views.OfferExportView.as_view(), name="offer_export"),
    path(
        "organisationen/<int:organisation_pk>/angebote/neu/",
        views.OfferCreateView.as_view(),
        name="offer_create",
    ),
    path(
        "organisationen/<int:organisation_pk>/angebote/<int:pk>/",
        views.OfferDetailView.as_view(),
        name="offer_detail",
    ),
    path(
        "organisationen/<int:organisation_pk>/angebote/<int:pk>/bearbeiten/",
        views.OfferUpdateView.as_view(),
        name="offer_update",
    ),
]
