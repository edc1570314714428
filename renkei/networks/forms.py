import re
from typing import cast

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from renkei.networks.models import Network, Tier
from renkei.organisations.models import Organisation
from renkei.registry.codes import is_valid_code
from renkei.registry.models import LocalGovernment

# The most candidates named in the error when a name matches several local governments.
_MAX_CANDIDATES = 8


class Applicant(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("A local government (prefecture, city, ward, town or village)")
    COMPANY = "company", _("A company")
    ASSOCIATION = "association", _("An association or other organisation")


class TierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tier) -> str:
        if obj.annual_fee:
            return _("%(tier)s (annual fee %(fee)s yen)") % {"tier": obj.name, "fee": intcomma(obj.annual_fee)}
        return _("%(tier)s (no fee)") % {"tier": obj.name}


def resolve_local_government(value: str) -> LocalGovernment:
    """The local government meant by a code or a name typed into the application form.

    A 6-digit code anywhere in the text wins (a chosen suggestion reads "岩手県釜石市 (032115)");
    otherwise the text must match exactly one local government by name, kana or romaji.
    """
    code = re.search(r"(?<!\d)\d{6}(?!\d)", value)
    if code:
        if not is_valid_code(code[0]):
            raise forms.ValidationError(
                _("%(code)s is not a valid local government code: please check the digits."),
                code="invalid_code",
                params={"code": code[0]},
            )
        government = LocalGovernment.objects.select_related("prefecture").filter(code=code[0]).first()
        if government is None:
            raise forms.ValidationError(
                _("No local government has the code %(code)s."), code="unknown_code", params={"code": code[0]}
            )
        return government
    matches = list(
        LocalGovernment.objects.search(value).select_related("prefecture").in_display_order()[: _MAX_CANDIDATES + 1]
    )
    exact = [lg for lg in matches if value in (lg.name, lg.name_en, lg.full_name)]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise forms.ValidationError(
            _("No local government matches “%(value)s”. Try its name in kana or its 6-digit code."),
            code="no_match",
            params={"value": value},
        )
    names = ", ".join(f"{lg.full_name} ({lg.code})" for lg in matches[:_MAX_CANDIDATES])
    raise forms.ValidationError(
        _("Several local governments match “%(value)s”: %(names)s. Choose one or enter its code."),
        code="ambiguous",
        params={"value": value, "names": names},
    )


class ApplicationForm(forms.Form):
    """Applying to join a network, for a local government or for a company or association."""

    applicant = forms.ChoiceField(
        label=_("Applying on behalf of"),
        choices=Applicant.choices,
        widget=forms.RadioSelect,
        initial=Applicant.LOCAL_GOVERNMENT,
    )
    local_government = forms.CharField(
        label=_("Local government (name or 6-digit code)"),
        required=False,
        max_length=100,
        help_text=_(
            "Only when applying for a local government. Type a name in kanji, kana or romaji, or the local "
            "government code, then choose from the list."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                # Suggestions as one types (htmx); static/renkei/js/suggest.js fills in the choice.
                "hx-get": reverse_lazy("registry:suggest"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#lg-suggestions",
            }
        ),
    )
    organisation_name = forms.CharField(
        label=_("Name of the company or association"),
        required=False,
        max_length=200,
        help_text=_("Only when applying for a company or association."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    department = forms.CharField(label=_("Department"), required=False, max_length=200)
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    tier = TierChoiceField(
        label=_("Membership category"), queryset=Tier.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        cast(TierChoiceField, self.fields["tier"]).queryset = network.tiers.all()

    def clean_local_government(self) -> LocalGovernment | None:
        value = self.cleaned_data["local_government"].strip()
        if self.cleaned_data.get("applicant") != Applicant.LOCAL_GOVERNMENT:
            return None
        if not value:
            raise forms.ValidationError(_("Enter the name or code of your local government."), code="required")
        return resolve_local_government(value)

    def clean_organisation_name(self) -> str:
        value = " ".join(self.cleaned_data["organisation_name"].split())
        if self.cleaned_data.get("applicant") in (Applicant.COMPANY, Applicant.ASSOCIATION) and not value:
            raise forms.ValidationError(_("Enter the name of your company or association."), code="required")
        return value

    def organisation_kind(self) -> str:
        applicant = self.cleaned_data["applicant"]
        if applicant == Applicant.LOCAL_GOVERNMENT:
            government = self.cleaned_data["local_government"]
            if government.kind == LocalGovernment.Kind.PREFECTURE:
                return Organisation.Kind.PREFECTURE
            return Organisation.Kind.MUNICIPALITY
        return Organisation.Kind.COMPANY if applicant == Applicant.COMPANY else Organisation.Kind.ASSOCIATION
