from django.urls import path

from actors import views

app_name = "actors"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
