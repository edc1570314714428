from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from renkei.organisations.models import Contact, Invitation, Staff


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Staff.Role.choices, initial=Staff.Role.STAFF)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Staff.objects.filter(organisation=self.organisation, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already on the staff."), code="already_staff")
        return email


class InvitationAcceptForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("The two passwords differ."), code="mismatch"))
        elif password1:
            user = get_user_model()(email=self.invitation.email, name=data.get("name", ""))
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _staff_users(organisation, exclude_user=None):
    users = get_user_model().objects.filter(staff_roles__organisation=organisation, is_active=True)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.order_by("name", "email")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "person_name",
            "person_name_kana",
            "department",
            "title",
            "email",
            "phone",
            "language",
            "is_primary",
            "owner",
        ]
        labels = {"department": _("Department")}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["owner"].queryset = _staff_users(organisation)
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _("The colleague who keeps this contact current; you, if left empty.")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        duplicates = Contact.objects.filter(organisation=self.organisation, email__iexact=email)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("This organisation already has a contact with this email."), code="duplicate")
        return email


class HandoverForm(forms.Form):
    """To whom contacts go: a colleague on the staff, or a new colleague invited by email."""

    to_user = forms.ModelChoiceField(
        label=_("Colleague"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— choose a colleague —"),
    )
    to_email = forms.EmailField(
        label=_("Or invite a new colleague (email)"),
        required=False,
        help_text=_("They take over once they accept the invitation."),
    )

    def __init__(self, *args, organisation, exclude_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = _staff_users(organisation, exclude_user)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("to_user") and not data.get("to_email"):
            raise forms.ValidationError(_("Choose a colleague or enter the email of a new colleague."), code="required")
        if data.get("to_user") and data.get("to_email"):
            raise forms.ValidationError(_("Choose a colleague or enter an email, not both."), code="both")
        return data


class StaffRemoveForm(HandoverForm):
    def __init__(self, *args, needs_handover: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_handover = needs_handover

    def clean(self):
        if self.needs_handover:
            return super().clean()
        return forms.Form.clean(self)
