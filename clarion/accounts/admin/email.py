"""Setting one's own e-mail address with nothing else asked: Wagtail's account page also demands first and last
names, which the first administrator made by `make run` does not have."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from clarion.accounts import actions
from clarion.accounts.admin.two_factor import safe_next_url
from clarion.accounts.forms import EmailForm


class EmailView(WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Your e-mail address")
    header_icon = "mail"
    template_name = "accounts/email.html"
    form_class = EmailForm

    def get_initial(self):
        return {"email": self.request.user.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next_url(self.request), **kwargs)

    def form_valid(self, form):
        actions.set_email(self.request.user, form.cleaned_data["email"], acting_user=self.request.user)
        messages.success(self.request, _("Your e-mail address is now %(email)s.") % {"email": self.request.user.email})
        return redirect(safe_next_url(self.request))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
