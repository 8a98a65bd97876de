from django.urls import path

from roundtable import views

app_name = "roundtable"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
