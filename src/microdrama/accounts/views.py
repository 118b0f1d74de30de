"""Account pages: my profile with API tokens; login and password change are Django's own views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .models import ApiToken
from .services import issue_token, revoke_token


@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = issue_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("令牌已创建。请立即复制，它只会显示这一次。"))
            form = TokenForm()
    return render(request, "accounts/profile.html", {
        "form": form,
        "new_token": new_token,
        "tokens": request.user.api_tokens.all(),
    })


@login_required
@require_POST
def revoke(request, token_id: int):
    try:
        revoke_token(request.user, token_id)
    except ApiToken.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    messages.success(request, _("令牌已撤销"))
    return redirect("profile")
