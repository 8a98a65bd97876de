"""Addresses that work without login: RSVP links and calendar feeds (secret tokens)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from roundtable import views

app_name = "roundtable_public"

urlpatterns = [
    path("antwort/<str:token>/", login_not_required(views.RsvpView.as_view()), name="rsvp"),
    path(
        "kalender/gremium/<str:token>.ics",
        login_not_required(views.BodyFeedView.as_view()),
        name="body_feed",
    ),
    path(
        "kalender/person/<str:token>.ics",
        login_not_required(views.UserFeedView.as_view()),
        name="user_feed",
    ),
]
