from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.accounts import services
from renkei.accounts.forms import ApiTokenForm, LanguageForm
from renkei.accounts.models import ApiToken

# The raw token of a token just created: shown on the next page view, then gone.
NEW_TOKEN_SESSION_KEY = "accounts_new_api_token"


def _profile(request, form, status=200, language_form=None):
    from allauth.mfa.utils import is_mfa_enabled

    return render(
        request,
        "accounts/profile.html",
        {
            "roles": request.user.staff_roles.select_related("organisation").order_by("organisation__name_kana"),
            "tokens": request.user.api_tokens.all(),
            "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
            "form": form,
            "language_form": language_form or LanguageForm(initial={"language": request.user.language}),
            "mfa_enabled": is_mfa_enabled(request.user),
        },
        status=status,
    )


@login_required
def profile(request):
    return _profile(request, ApiTokenForm())


@login_required
@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile(request, form, status=400)
    token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
    request.session[NEW_TOKEN_SESSION_KEY] = {"name": token.name, "raw": raw}
    return redirect("accounts:profile")


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:profile")


@login_required
@require_POST
def language_set(request):
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _profile(request, ApiTokenForm(), status=400, language_form=form)
    services.user_language_set(user=request.user, language=form.cleaned_data["language"])
    messages.success(request, _("Emails will reach you in the language you chose."))
    return redirect("accounts:profile")
