import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kmut import two_factor


class HealthCheckMiddleware:
    """Answer /healthz before the session and authentication middleware run.

    Those read the session and the user from the database as soon as a request carries a
    session cookie, so with the database down a monitor with a cookie would get Django's 500
    page instead of the health check's 503 JSON. Placed before SessionMiddleware.
    """

    def __init__(self, get_response):
        from kmut.views import health_check

        self.get_response = get_response
        self.health_check = never_cache(health_check)

    def __call__(self, request):
        if request.path == reverse("healthz"):  # reverse() includes a script prefix, as path does
            return self.health_check(request)
        return self.get_response(request)


class LanguageMiddleware:
    """Activate the language the user chose with the language switch, German otherwise.

    Unlike django.middleware.locale.LocaleMiddleware this ignores the browser's Accept-Language
    header: the office works in German, English is an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


class TwoFactorMiddleware:
    """Send staff who have not confirmed this login with a second factor to the code page.

    Staff (and administrators) see office data only after the code step: without a confirmed
    device they are sent to set one up, with one to enter a code. Views that need no login
    (login, public pages) and the steps of the login itself stay reachable.
    """

    ALLOWED_URL_NAMES = frozenset(
        {"two_factor_setup", "two_factor_verify", "logout", "set_language", "healthz"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.KMUT_REQUIRE_2FA or not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match and match.url_name in self.ALLOWED_URL_NAMES:
            return None
        user = request.user
        if not user.is_authenticated or not two_factor.is_required(user):
            return None
        if user.is_verified():
            return None
        step = "two_factor_verify" if two_factor.has_confirmed_device(user) else "two_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(step), "next")


class StaffIdleTimeoutMiddleware:
    """End a staff session after KMUT_STAFF_IDLE_MINUTES without a request.

    Volunteers and committee members keep the normal session age (SESSION_COOKIE_AGE).
    """

    SESSION_KEY = "kmut_last_activity"
    RECORD_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and two_factor.is_required(user):
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            idle_limit = settings.KMUT_STAFF_IDLE_MINUTES * 60
            if last is not None and now - last > idle_limit:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.KMUT_STAFF_IDLE_MINUTES},
                )
            elif last is None or now - last >= self.RECORD_EVERY_SECONDS:
                # Recording at most once a minute saves a session write on most requests.
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)
