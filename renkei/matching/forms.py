from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.lib.text import labelled
from renkei.matching.models import Introduction, Need, Offer, PartnerKind, Programme, ProgrammeTarget, Theme
from renkei.networks.models import Network, Tier
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment
from renkei.registry.regions import Region

MAX_QUERY = 100


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Theme.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("label", _("Themes"))
        super().__init__(**kwargs)


class PrefectureChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", LocalGovernment.objects.prefectures().order_by("code"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class NeedForm(forms.ModelForm):
    themes = ThemeChoiceField()
    partner_kinds = forms.MultipleChoiceField(
        choices=PartnerKind.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Partners wanted")
    )

    class Meta:
        model = Need
        fields = ["title", "description", "themes", "partner_kinds", "timeline", "scale", "visibility", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["status"]


class OfferForm(forms.ModelForm):
    themes = ThemeChoiceField()
    regions = forms.MultipleChoiceField(
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Regions served"),
        help_text=_("Leave empty if you work anywhere in Japan."),
    )
    prefectures = PrefectureChoiceField(label=_("Prefectures served"), widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Offer
        fields = ["title", "description", "themes", "regions", "prefectures", "scale", "examples", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "examples": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["status"]


class ProgrammeForm(forms.ModelForm):
    themes = ThemeChoiceField()
    network = forms.ModelChoiceField(queryset=Network.objects.all(), label=_("Relay to the members of"))
    target_regions = forms.MultipleChoiceField(
        choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Regions")
    )
    target_prefectures = PrefectureChoiceField(label=_("Prefectures"), widget=forms.SelectMultiple(attrs={"size": 6}))
    target_tiers = forms.ModelMultipleChoiceField(
        queryset=Tier.objects.select_related("network"),
        required=False,
        label=_("Tiers"),
        widget=forms.CheckboxSelectMultiple,
    )
    target_kinds = forms.MultipleChoiceField(
        choices=[(k.value, k.label) for k in (Organisation.Kind.MUNICIPALITY, Organisation.Kind.PREFECTURE)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kinds of member"),
    )

    class Meta:
        model = Programme
        fields = [
            "agency",
            "title",
            "description",
            "eligibility",
            "themes",
            "deadline",
            "link",
            "visibility",
            "network",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if networks is not None:
            self.fields["network"].queryset = networks
            self.fields["target_tiers"].queryset = Tier.objects.filter(network__in=networks).select_related("network")
        self.fields["target_tiers"].label_from_instance = lambda tier: labelled(tier.network.name, tier.name)
        if self.instance.pk:
            # A programme's targeting is read back from the programme, not from its columns alone.
            self.initial.setdefault("target_regions", list(self.instance.target_regions))
            self.initial.setdefault("target_kinds", list(self.instance.target_kinds))
            self.initial.setdefault("target_prefectures", list(self.instance.target_prefectures.all()))
            self.initial.setdefault("target_tiers", list(self.instance.target_tiers.all()))
            if not self.instance.is_draft:
                # Once relayed, the members reached stay those it was relayed to.
                for name in ("network", "target_regions", "target_prefectures", "target_tiers", "target_kinds"):
                    self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        network = data.get("network")
        if network and any(tier.network_id != network.pk for tier in data.get("target_tiers") or []):
            self.add_error("target_tiers", _("Choose tiers of this network."))
        return data


class IntroductionForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are and what you would like to do together. Contacts are shared only if they accept."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", pgettext_lazy("introduction", "Decline"))]
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class TargetStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your organisation's status"),
        choices=[
            (status.value, status.label)
            for status in (
                ProgrammeTarget.Status.READ,
                ProgrammeTarget.Status.CONSIDERING,
                ProgrammeTarget.Status.APPLYING,
            )
        ],
        widget=forms.RadioSelect,
    )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Introduction
        fields = ["outcome", "outcome_note", "outcome_on"]
        widgets = {
            "outcome_on": forms.DateInput(attrs={"type": "date"}),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }


class DismissForm(forms.Form):
    kind = forms.ChoiceField(choices=[("need", "need"), ("offer", "offer"), ("programme", "programme")])
    object_id = forms.IntegerField(min_value=1)


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Theme"),
        empty_label=_("All themes"),
        to_field_name="slug",
    )
    region = forms.ChoiceField(choices=[("", _("All regions")), *Region.choices], required=False, label=_("Region"))
