from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language

from kmut import views
from kmut.forms import LoginForm

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path(
        "konto/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("konto/", include("django.contrib.auth.urls")),
    path(
        "konto/zwei-faktor/einrichten/",
        views.TwoFactorSetupView.as_view(),
        name="two_factor_setup",
    ),
    path("konto/zwei-faktor/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("healthz", login_not_required(never_cache(views.health_check)), name="healthz"),
    path(
        "konto/passwort-setzen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/invitation_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="invitation_confirm",
    ),
    path("sprache/", login_not_required(set_language), name="set_language"),
    path("verwaltung/", include("kmut.office_urls")),
    path("akteure/", include("actors.urls")),
    path("", include("actors.public_urls")),
    path("gremien/", include("roundtable.urls")),
    path("gremien/", include("roundtable.public_urls")),
    path("ehrenamt/", include("volunteers.urls")),
    path("beratung/", include("consultations.urls")),
    path("berichte/", include("reporting.urls")),
    path("oparl/v1.1/", include("reporting.oparl_urls")),
    path("oparl/intern/v1.1/", include("reporting.oparl_staff_urls")),
]
