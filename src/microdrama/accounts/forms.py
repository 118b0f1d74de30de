"""Account forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=60)
    days = forms.IntegerField(label=_("有效期（天）"), min_value=1, max_value=3650, initial=365)
