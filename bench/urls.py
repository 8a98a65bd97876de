"""The product's URLs plus the bare Django reference page (only in the benchmark's server)."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/reference/", views.reference, name="bench_reference"),
    path("", include("kmut.urls")),
]
