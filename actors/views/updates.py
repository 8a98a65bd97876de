"""Update requests: sent by the office, answered by the organisations (no login), reviewed."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from actors import proposals, services
from actors.filters import OrganisationFilter
from actors.forms import (
    PublicContactFormSet,
    PublicOfferFormSet,
    PublicOrganisationForm,
    ReplyForm,
    ReviewForm,
    UpdateRequestForm,
)
from actors.models import Organisation, UpdateCampaign, UpdateRequest


class UpdateRequestListView(PermissionRequiredMixin, ListView):
    """The response overview: who was asked, by when, who replied, what is to review."""

    permission_required = "actors.view_updaterequest"
    template_name = "actors/updaterequest_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = UpdateRequest.objects.select_related("organisation", "campaign").order_by(
            "-created_at"
        )
        status = self.request.GET.get("status")
        if status in UpdateRequest.Status.values:
            queryset = queryset.filter(status=status)
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            queryset = queryset.filter(campaign_id=int(campaign))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaigns"] = UpdateCampaign.objects.annotate(
            total=Count("requests"),
            replied=Count(
                "requests",
                filter=~Q(requests__status=UpdateRequest.Status.SENT),
            ),
            to_review=Count("requests", filter=Q(requests__status=UpdateRequest.Status.RESPONDED)),
        )[:10]
        context["statuses"] = UpdateRequest.Status.choices
        return context


class UpdateRequestCreateView(PermissionRequiredMixin, FormView):
    """Ask one organisation (?organisation=ID) or all of an organisation filter to check."""

    permission_required = "actors.add_updaterequest"
    form_class = UpdateRequestForm
    template_name = "actors/updaterequest_form.html"

    def organisations(self):
        organisation = self.request.GET.get("organisation")
        queryset = Organisation.objects.active().filter(merged_into__isnull=True)
        if organisation and organisation.isdigit():
            return queryset.filter(pk=int(organisation))
        filterset = OrganisationFilter(self.request.GET, queryset=queryset)
        return filterset.qs if filterset.is_valid() else queryset.none()

    def get_initial(self):
        return {
            "title": _("Update of the registry %(year)s") % {"year": timezone.localdate().year},
            "due_on": timezone.localdate() + timedelta(days=42),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisations = list(self.organisations())
        context["organisations"] = organisations
        context["without_email"] = [o for o in organisations if not o.email]
        return context

    def form_valid(self, form):
        organisations = list(self.organisations())
        try:
            campaign, skipped = services.send_update_requests(
                organisations=organisations,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                message=form.cleaned_data["message"],
                base_url=self.request.build_absolute_uri("/"),
                by=self.request.user,
            )
        except services.NoRecipients as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        sent = len(organisations) - len(skipped)
        messages.success(
            self.request,
            ngettext(
                "%(count)s update request was sent.",
                "%(count)s update requests were sent.",
                sent,
            )
            % {"count": sent},
        )
        if skipped:
            messages.warning(
                self.request,
                _("Without e-mail address, not asked: %(names)s")
                % {"names": ", ".join(o.name for o in skipped)},
            )
        return redirect(f"{reverse('actors:updaterequest_list')}?campaign={campaign.pk}")


class UpdateRequestDetailView(PermissionRequiredMixin, DetailView):
    """Review: the current entry and the proposal side by side; its buttons post to
    UpdateRequestAcceptView and UpdateRequestRejectView."""

    permission_required = "actors.view_updaterequest"
    http_method_names = ["get"]
    model = UpdateRequest

    def get_queryset(self):
        return UpdateRequest.objects.select_related(
            "organisation", "campaign", "reviewed_by", "created_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.proposal and self.object.status == UpdateRequest.Status.RESPONDED:
            context["comparison"] = proposals.compare(
                self.object.organisation, self.object.proposal
            )
        context["review_form"] = ReviewForm()
        context["can_review"] = self.request.user.has_perm("actors.change_updaterequest")
        return context


class UpdateRequestReviewMixin(PermissionRequiredMixin):
    """A POST-only decision on a reply: done by a service, refused with a message."""

    permission_required = "actors.change_updaterequest"
    http_method_names = ["post"]

    def post(self, request, pk):
        update_request = get_object_or_404(UpdateRequest, pk=pk)
        form = ReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            message = self.decide(update_request, form.cleaned_data["review_note"])
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect("actors:updaterequest_detail", pk=update_request.pk)


class UpdateRequestAcceptView(UpdateRequestReviewMixin, View):
    def decide(self, update_request, note):
        services.accept_update_request(update_request=update_request, by=self.request.user)
        return _("The changes were applied to the entry.")


class UpdateRequestRejectView(UpdateRequestReviewMixin, View):
    def decide(self, update_request, note):
        services.reject_update_request(
            update_request=update_request, note=note, by=self.request.user
        )
        return _("The proposal was rejected.")


class UpdateReplyView(TemplateView):
    """Public page behind the personal link: the organisation proposes changes to its entry."""

    template_name = "actors/update_reply.html"

    def dispatch(self, request, *args, **kwargs):
        self.update_request = get_object_or_404(
            UpdateRequest.objects.select_related("organisation"), token=kwargs["token"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_forms(self, data=None):
        organisation = self.update_request.organisation
        return (
            PublicOrganisationForm(data, instance=organisation, prefix="org"),
            PublicContactFormSet(
                data, queryset=organisation.contacts.filter(is_active=True), prefix="contacts"
            ),
            PublicOfferFormSet(
                data, queryset=organisation.offers.filter(is_active=True), prefix="offers"
            ),
            ReplyForm(data, prefix="reply"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["update_request"] = self.update_request
        context["organisation"] = self.update_request.organisation
        context["is_open"] = self.update_request.is_open_for_reply
        if "forms" not in kwargs:
            kwargs["forms"] = self.get_forms()
        (
            context["org_form"],
            context["contact_formset"],
            context["offer_formset"],
            context["reply_form"],
        ) = kwargs["forms"]
        return context

    def post(self, request, token):
        if not self.update_request.is_open_for_reply:
            return self.render_to_response(self.get_context_data(), status=410)
        forms_ = self.get_forms(request.POST)
        if not all(form.is_valid() for form in forms_):
            return self.render_to_response(self.get_context_data(forms=forms_))
        org_form, contact_formset, offer_formset, reply_form = forms_
        try:
            services.record_reply(
                update_request=self.update_request,
                proposal=proposals.build_proposal(org_form, contact_formset, offer_formset),
                responder_name=reply_form.cleaned_data["responder_name"],
                responder_note=reply_form.cleaned_data["responder_note"],
            )
        except ValidationError as error:
            reply_form.add_error(None, error)
            return self.render_to_response(self.get_context_data(forms=forms_))
        return redirect("actors_public:update_thanks", token=token)


class UpdateThanksView(TemplateView):
    template_name = "actors/update_thanks.html"
