"""Pages reachable without login: the public atlas and the organisations' update links."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from actors import views

app_name = "actors_public"

urlpatterns = [
    path("atlas/", login_not_required(views.AtlasView.as_view()), name="atlas"),
    path("atlas/pdf/", login_not_required(views.AtlasPdfView.as_view()), name="atlas_pdf"),
    path(
        "aktualisierung/<str:token>/",
        login_not_required(views.UpdateReplyView.as_view()),
        name="update_reply",
    ),
    path(
        "aktualisierung/<str:token>/danke/",
        login_not_required(views.UpdateThanksView.as_view()),
        name="update_thanks",
    ),
]
