"""User accounts: list, invitation, detail, edit and the account actions."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from kmut import audit, services, two_factor
from kmut.forms import UserForm
from kmut.roles import COORDINATION, ROLE_LABELS, role_of


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
