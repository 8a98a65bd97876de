from django.urls import path

from kmut import views
from kmut.models import FieldOfAction, Language, Municipality

app_name = "kmut"

REFERENCE_SLUGS = {
    Municipality: "gemeinden",
    Language: "sprachen",
    FieldOfAction: "handlungsfelder",
}

urlpatterns = [
    path("stammdaten/", views.ReferenceIndexView.as_view(), name="reference_index"),
    path("stammdaten/pdf/", views.ReferencePdfView.as_view(), name="reference_pdf"),
    path("benutzer/", views.UserListView.as_view(), name="user_list"),
    path("benutzer/neu/", views.UserCreateView.as_view(), name="user_create"),
    path("benutzer/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("benutzer/<int:pk>/bearbeiten/", views.UserUpdateView.as_view(), name="user_update"),
    path(
        "benutzer/<int:pk>/zweiter-faktor-zuruecksetzen/",
        views.UserAccountActionView.as_view(action="reset_two_factor"),
        name="user_reset_two_factor",
    ),
    path(
        "benutzer/<int:pk>/deaktivieren/",
        views.UserAccountActionView.as_view(action="deactivate"),
        name="user_deactivate",
    ),
    path(
        "benutzer/<int:pk>/reaktivieren/",
        views.UserAccountActionView.as_view(action="activate"),
        name="user_activate",
    ),
    path("aufgaben/", views.JobStatusView.as_view(), name="job_status"),
]

for model, slug in REFERENCE_SLUGS.items():
    name = model._meta.model_name
    urlpatterns += [
        path(
            f"stammdaten/{slug}/",
            views.reference_view(views.ReferenceListView, model),
            name=f"{name}_list",
        ),
        path(
            f"stammdaten/{slug}/neu/",
            views.reference_view(views.ReferenceCreateView, model),
            name=f"{name}_create",
        ),
        path(
            f"stammdaten/{slug}/<int:pk>/",
            views.reference_view(views.ReferenceDetailView, model),
            name=f"{name}_detail",
        ),
        path(
            f"stammdaten/{slug}/<int:pk>/bearbeiten/",
            views.reference_view(views.ReferenceUpdateView, model),
            name=f"{name}_update",
        ),
    ]
