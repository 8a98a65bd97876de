import logging

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)
from django_otp import login as otp_login

from kmut import audit, dashboard, services, two_factor
from kmut.forms import (
    FieldOfActionForm,
    LanguageForm,
    MunicipalityForm,
    SearchForm,
    TwoFactorCodeForm,
    UserForm,
)
from kmut.jobs import job_statuses
from kmut.models import REFERENCE_MODELS, FieldOfAction, Language, Municipality
from kmut.responses import pdf_response
from kmut.roles import COORDINATION, ROLE_LABELS, ROLES, role_of
from kmut.search import fold, search_words

logger = logging.getLogger(__name__)


class DashboardView(TemplateView):
    """The start page: its content depends on what the user may do."""

    template_name = "kmut/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["is_staff_user"] = user.has_perm("kmut.use_staff_area")
        context["is_volunteer"] = user.has_perm("kmut.use_volunteer_portal")
        context["is_committee"] = user.has_perm("kmut.view_released_documents")
        context["is_admin_user"] = user.has_perm("kmut.manage_users")
        # Each app decides by the user's permissions which actions and items are theirs.
        context["main_actions"] = dashboard.main_actions(user)
        context["attention_items"] = dashboard.attention_items(user)
        if context["is_staff_user"]:
            context["recent_changes"] = audit.recent_changes(
                dashboard.recent_sources(user), limit=8
            )
        if context["is_admin_user"]:
            context["users_without_role"] = (
                User.objects.filter(is_active=True)
                .exclude(groups__name__in=list(ROLES))
                .order_by("last_name")
            )
            context["pending_invitations"] = User.objects.filter(
                is_active=True, last_login__isnull=True, password__startswith="!"
            ).count()
        return context


class ReferenceIndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "kmut.view_municipality"
    template_name = "kmut/reference_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            {
                "title": model._meta.verbose_name_plural,
                "url": reverse(f"kmut:{model._meta.model_name}_list"),
                "count": model.objects.count(),
            }
            for model in REFERENCE_MODELS
        ]
        return context


class ReferencePdfView(PermissionRequiredMixin, View):
    """All active reference data on a few printable pages."""

    permission_required = "kmut.view_municipality"

    def get(self, request):
        return pdf_response(
            "kmut/pdf/reference_data.html",
            {
                "printed_at": timezone.localdate(),
                "municipalities": Municipality.objects.active().select_related("parent"),
                "fields_of_action": FieldOfAction.objects.active(),
                "languages": Language.objects.active(),
            },
            f"stammdaten-{timezone.localdate().isoformat()}.pdf",
        )


class ReferenceMixin(PermissionRequiredMixin):
    """Shared behaviour of the reference data pages; `action` selects the permission."""

    action = "view"
    columns: list[tuple[str, str]] = []
    search_fields: list[str] = ["name"]

    def get_permission_required(self):
        return [f"kmut.{self.action}_{self.model._meta.model_name}"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context["model_name"] = meta.model_name
        context["verbose_name"] = meta.verbose_name
        context["verbose_name_plural"] = meta.verbose_name_plural
        context["can_add"] = self.request.user.has_perm(f"kmut.add_{meta.model_name}")
        context["can_change"] = self.request.user.has_perm(f"kmut.change_{meta.model_name}")
        return context

    def get_success_url(self):
        return reverse(f"kmut:{self.model._meta.model_name}_detail", args=[self.object.pk])


def _cell(obj, attribute):
    value = getattr(obj, attribute)
    value = value() if callable(value) else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value


class ReferenceListView(ReferenceMixin, ListView):
    template_name = "kmut/reference_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.model is Municipality:
            queryset = queryset.select_related("parent")
        self.search_form = SearchForm(self.request.GET)
        if self.search_form.is_valid() and (term := self.search_form.cleaned_data["q"]):
            # Reference tables are short (tens of rows): folded here, not stored (decision 0018).
            words = search_words(term)
            found = [
                pk
                for pk, *values in queryset.values_list("pk", *self.search_fields)
                if all(word in fold(" ".join(str(v) for v in values if v)) for word in words)
            ]
            queryset = queryset.filter(pk__in=found)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        context["headers"] = [label for label, _attribute in self.columns]
        context["rows"] = [
            (obj, [_cell(obj, attribute) for _label, attribute in self.columns])
            for obj in context["object_list"]
        ]
        return context


class ReferenceDetailView(ReferenceMixin, DetailView):
    template_name = "kmut/reference_detail.html"
    detail_fields: list[tuple[str, str]] = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = [
            (self.model._meta.get_field(attribute).verbose_name, _cell(self.object, display))
            for attribute, display in self.detail_fields
        ]
        context["history"] = audit.history_of(self.object)
        return context


class ReferenceCreateView(ReferenceMixin, CreateView):
    action = "add"
    template_name = "kmut/reference_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was created.") % {"name": self.object})
        return response


class ReferenceUpdateView(ReferenceMixin, UpdateView):
    action = "change"
    template_name = "kmut/reference_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": self.object})
        return response


REFERENCE_CONFIG = {
    Municipality: {
        "form_class": MunicipalityForm,
        "columns": [
            (gettext_lazy("Name"), "name"),
            (gettext_lazy("Kind"), "get_kind_display"),
            (gettext_lazy("Part of"), "parent"),
            (gettext_lazy("Official key"), "official_key"),
            (gettext_lazy("Active"), "is_active"),
        ],
        "detail_fields": [
            ("name", "name"),
            ("kind", "get_kind_display"),
            ("parent", "parent"),
            ("official_key", "official_key"),
            ("is_active", "is_active"),
        ],
        "search_fields": ["name", "official_key"],
    },
    Language: {
        "form_class": LanguageForm,
        "columns": [
            (gettext_lazy("Name"), "name"),
            (gettext_lazy("Code"), "code"),
            (gettext_lazy("English name"), "name_en"),
            (gettext_lazy("Active"), "is_active"),
        ],
        "detail_fields": [
            ("name", "name"),
            ("code", "code"),
            ("name_en", "name_en"),
            ("is_active", "is_active"),
        ],
        "search_fields": ["name", "code", "name_en"],
    },
    FieldOfAction: {
        "form_class": FieldOfActionForm,
        "columns": [
            (gettext_lazy("Position"), "position"),
            (gettext_lazy("Name"), "name"),
            (gettext_lazy("Active"), "is_active"),
        ],
        "detail_fields": [
            ("name", "name"),
            ("description", "description"),
            ("position", "position"),
            ("is_active", "is_active"),
        ],
        "search_fields": ["name", "description"],
    },
}


def reference_view(view_class, model):
    config = REFERENCE_CONFIG[model]
    options = {"model": model}
    if view_class in (ReferenceCreateView, ReferenceUpdateView):
        options["form_class"] = config["form_class"]
    if view_class is ReferenceListView:
        options["columns"] = config["columns"]
        options["search_fields"] = config["search_fields"]
    if view_class is ReferenceDetailView:
        options["detail_fields"] = config["detail_fields"]
    return view_class.as_view(**options)


# --- user accounts -----------------------------------------------------------------------


class AccountsMixin(PermissionRequiredMixin):
    """User pages: the administration for every account, the head of office for the staff's."""

    def has_permission(self):
        return services.may_manage_accounts(self.request.user)


class UserListView(AccountsMixin, ListView):
    template_name = "kmut/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        accounts = User.objects.exclude(username=audit.SYSTEM_USERNAME).order_by(
            "-is_active", "last_name", "first_name"
        )
        if not self.request.user.has_perm("kmut.manage_users"):
            accounts = accounts.filter(groups__name=COORDINATION)
        return accounts.prefetch_related(Prefetch("groups"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (account, ROLE_LABELS.get(role_of(account), "")) for account in context["object_list"]
        ]
        return context


class UserCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "kmut.manage_users"
    form_class = UserForm
    template_name = "kmut/user_form.html"

    def form_valid(self, form):
        try:
            self.object = services.invite_user(
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=form.cleaned_data["email"],
                role=form.role_group(),
                base_url=self.request.build_absolute_uri("/"),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The account was created and an invitation was sent to %(email)s.")
            % {"email": self.object.email},
        )
        return redirect("kmut:user_detail", pk=self.object.pk)


class UserDetailView(AccountsMixin, DetailView):
    model = User
    template_name = "kmut/user_detail.html"
    context_object_name = "account"

    def get_object(self, queryset=None):
        account = super().get_object(queryset)
        if not services.can_manage_account(self.request.user, account):
            raise PermissionDenied
        return account

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_label"] = ROLE_LABELS.get(role_of(self.object), "")
        context["has_second_factor"] = two_factor.has_confirmed_device(self.object)
        context["history"] = audit.history_of(self.object)
        return context


class UserAccountActionView(AccountsMixin, View):
    """Reset the second factor, deactivate or reactivate an account (POST, recorded)."""

    http_method_names = ["post"]
    action = ""  # "reset_two_factor", "deactivate" or "activate"

    def post(self, request, pk):
        account = get_object_or_404(User, pk=pk)
        if not services.can_manage_account(request.user, account):
            raise PermissionDenied
        name = account.get_full_name() or account.username
        try:
            if self.action == "reset_two_factor":
                services.reset_second_factor(account=account, by=request.user)
                message = _(
                    "The second factor of %(name)s was reset. At the next login, %(name)s sets "
                    "it up again."
                )
            else:
                active = self.action == "activate"
                services.set_account_active(account=account, active=active, by=request.user)
                message = (
                    _("The account of %(name)s was reactivated.")
                    if active
                    else _("The account of %(name)s was deactivated; it can no longer log in.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message % {"name": name})
        return redirect("kmut:user_detail", pk=account.pk)


class UserUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "kmut.manage_users"
    model = User
    form_class = UserForm
    template_name = "kmut/user_form.html"
    context_object_name = "account"
    queryset = User.objects.exclude(username=audit.SYSTEM_USERNAME)  # jobs' account: not edited

    def form_valid(self, form):
        fields = {
            name: form.cleaned_data[name]
            for name in ("first_name", "last_name", "email", "is_active")
        }
        if self.object == self.request.user and not fields["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
            return self.form_invalid(form)
        try:
            services.update_user(
                user=self.object, role=form.role_group(), by=self.request.user, **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The account was saved."))
        return redirect("kmut:user_detail", pk=self.object.pk)


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


def health_check(request):
    """For monitoring and load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class JobStatusView(PermissionRequiredMixin, TemplateView):
    """The scheduled background jobs: when each runs next, its last run and its failures."""

    permission_required = "django_q.view_schedule"
    template_name = "kmut/job_status.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=job_statuses(), **kwargs)
