"""The steps after the password: setting up and entering the second factor; safe next targets."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_otp import login as otp_login

from kmut import two_factor
from kmut.forms import TwoFactorCodeForm


def safe_next(request, fallback: str) -> str:
    """The `next` target of the request (POST before GET) if it stays on this site, else fallback.

    Every view that redirects to a `next` parameter goes through here, so a link such as
    `?next=https://evil.example/` or `?next=//evil.example` cannot send anyone off the site.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _confirm_login(request, device) -> None:
    """Mark the session as past the second factor and give it a new key.

    django-otp's login() only stores the device in the session; a new key after the step
    means a session ID seen before the code was entered is worth nothing afterwards.
    """
    otp_login(request, device)
    request.session.cycle_key()


def _next_or_dashboard(request) -> str:
    return safe_next(request, reverse("dashboard"))


class TwoFactorSetupView(FormView):
    """Set up the authenticator app: QR code and key, confirmed with a first code."""

    template_name = "registration/two_factor_setup.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if two_factor.has_confirmed_device(request.user) and not request.user.is_verified():
            return redirect_to_login(
                _next_or_dashboard(request), reverse("two_factor_verify"), "next"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.pending_app_device(self.request.user)
        context["qr_code_svg"] = two_factor.qr_code_svg(device)
        context["secret"] = two_factor.secret_for_display(device)
        context["next"] = _next_or_dashboard(self.request)
        return context

    def form_valid(self, form):
        device = two_factor.pending_app_device(self.request.user)
        codes = two_factor.confirm_app_device(device=device, token=form.cleaned_data["token"])
        if codes is None:
            form.add_error("token", _("The code is not valid. Please enter the current code."))
            return self.form_invalid(form)
        _confirm_login(self.request, device)
        messages.success(self.request, _("Two-factor authentication is set up."))
        return render(
            self.request,
            "registration/two_factor_backup_codes.html",
            {"codes": codes, "next": _next_or_dashboard(self.request)},
        )


class TwoFactorVerifyView(FormView):
    """The second step of a staff login: a code from the app or a backup code."""

    template_name = "registration/two_factor_verify.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if not two_factor.has_confirmed_device(request.user):
            return redirect_to_login(
                _next_or_dashboard(request), reverse("two_factor_setup"), "next"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _next_or_dashboard(self.request)
        return context

    def form_valid(self, form):
        device = two_factor.verified_device(self.request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error(
                "token",
                _(
                    "The code is not valid or has expired. Please enter the current code from "
                    "your authenticator app or an unused backup code."
                ),
            )
            return self.form_invalid(form)
        _confirm_login(self.request, device)
        return redirect(_next_or_dashboard(self.request))
