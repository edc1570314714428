"""The public inquiry form and the secretariat's inbox forms."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.inquiries import spam
from renkei.inquiries.models import InboxSettings, Inquiry

MEDIA_FIELDS = ("outlet", "deadline", "wanted")


class InquiryForm(forms.ModelForm):
    consent = forms.BooleanField(label=_("I have read the privacy policy and agree to it."))
    # The honeypot: hidden from people by the stylesheet, filled in by robots that fill in everything.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    opened = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Inquiry
        fields = ["kind", "name", "organisation", "email", "phone", "message", "outlet", "deadline", "wanted"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "wanted": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"name": _("Your name"), "organisation": _("Organisation (if any)")}
        help_texts = {
            "wanted": _("For example: an interview with the president, photos, figures, a comment."),
            "deadline": _("The date by which you need our answer."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.stale = False
        if not self.is_bound:
            self.initial["opened"] = spam.opened_token()
        elif spam.seconds_since_opened(self.data.get("opened", "")) is None:
            # A forged or day-old form: shown again with a fresh opening time to send from.
            self.stale = True
            self.data = self.data.copy()
            self.data["opened"] = spam.opened_token()
        for name in MEDIA_FIELDS:
            self.fields[name].widget.attrs["data-media"] = "1"

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."), code="past")
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your message was not sent: the field “Leave this field empty” must stay empty."), code="honeypot"
            )
        if self.stale:
            raise forms.ValidationError(
                _("This form was opened too long ago. Please check your message and send it again."), code="stale"
            )
        elapsed = spam.seconds_since_opened(self.data.get("opened", ""))
        if elapsed is not None and elapsed < spam.min_fill_seconds():
            raise forms.ValidationError(
                _("The form was sent too quickly after it was opened. Please check your message and send it again."),
                code="too_fast",
            )
        if cleaned.get("kind") == Inquiry.Kind.MEDIA:
            for name in MEDIA_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, forms.ValidationError(_("Required for a media request."), code="required"))
        else:
            # Left over from choosing "media" first: not part of this inquiry.
            cleaned.update(outlet="", deadline=None, wanted="")
        return cleaned

    def inquiry_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


def desk_staff(network):
    """Who may be assigned a desk's inquiries: staff of the network's secretariat, or site staff."""
    users = get_user_model().objects.filter(is_active=True)
    if network is None:
        return users.filter(is_staff=True).order_by("name", "email")
    return users.filter(staff_roles__organisation_id=network.secretariat_id).order_by("name", "email").distinct()


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(Inquiry.Status.choices)
        self.fields["kind"].choices = everything + list(Inquiry.Kind.choices)
        self.fields["assignee"].choices = [*everything, ("none", _("Nobody yet"))] + [
            (str(user.pk), str(user)) for user in desk_staff(network)
        ]

    def filter(self, inquiries):
        if not self.is_valid():
            return inquiries
        data = self.cleaned_data
        if data["status"]:
            inquiries = inquiries.filter(status=data["status"])
        if data["kind"]:
            inquiries = inquiries.filter(kind=data["kind"])
        if data["assignee"] == "none":
            inquiries = inquiries.filter(assignee__isnull=True)
        elif data["assignee"]:
            inquiries = inquiries.filter(assignee_id=int(data["assignee"]))
        if data["overdue"]:
            inquiries = inquiries.overdue()
        return inquiries


class InquiryUpdateForm(forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["status", "assignee"]

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = desk_staff(network)
        field.empty_label = _("Nobody yet")


class EntryForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = label


class InboxSettingsForm(forms.ModelForm):
    class Meta:
        model = InboxSettings
        fields = ["reply_to", "overdue_after"]
        widgets = {"overdue_after": forms.NumberInput(attrs={"min": 1, "max": 30})}

    def clean_overdue_after(self):
        days = self.cleaned_data["overdue_after"]
        if not 1 <= days <= 30:
            raise forms.ValidationError(_("Enter a number of working days from 1 to 30."), code="range")
        return days


class PrivacyPolicyForm(forms.Form):
    body_ja = forms.CharField(label=_("Privacy policy (Japanese)"), widget=forms.Textarea(attrs={"rows": 16}))
    body_en = forms.CharField(
        label=_("Privacy policy (English)"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text=_("Empty: the English page shows the Japanese text."),
    )
