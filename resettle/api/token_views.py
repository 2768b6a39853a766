"""The page where a signed-in person makes, sees and revokes their own API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from resettle.api import actions
from resettle.api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("What will use it, so you know later, like “Case system sync”."),
        max_length=100,
        error_messages={
            "required": gettext_lazy("Enter a name for the token"),
            "max_length": gettext_lazy("Name must be 100 characters or fewer"),
        },
    )


@never_cache  # the page that shows a new token must not be kept anywhere
@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    made = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            made, secret = actions.create_token(
                request.user, request.user, form.cleaned_data["name"]
            )
        except ValidationError as refused:
            form.add_error("name", refused)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "made": made,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@require_POST
@login_required
def revoke(request, token_id):
    # Someone else's token is a 404, the same as one that does not exist.
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404("No token of yours has that id.")
    actions.revoke_token(request.user, token)
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")
