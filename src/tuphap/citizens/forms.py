from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    contact = forms.CharField(label=_("Phone or email"), max_length=254)
    password = forms.CharField(label=_("Password"), max_length=128, strip=False, widget=forms.PasswordInput)


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    contact = forms.CharField(
        label=_("Phone or email"), max_length=254, help_text=_("We send a code to it to check that it is yours.")
    )
    password = forms.CharField(label=_("Password"), max_length=128, strip=False, widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=6, min_length=6)


class ContactForm(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=15, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
