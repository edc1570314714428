"""Forms of event registration: registering (oneself, colleagues, or as a visitor), the organiser's email and search."""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.events.models import Event, Registration, RegistrationQuestion
from renkei.events.registration import Registrant, answer_field_name, answers_clean
from renkei.networks.models import Membership
from renkei.organisations.models import Organisation

NAME_MAX = 100
ORGANISATION_MAX = 200


class ColleagueChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name or obj.email} ({obj.email})"

    def clean(self, value):
        # Nobody chosen is an empty list, not a query that finds nobody.
        if not value and not self.required:
            return []
        return super().clean(value)


class RegistrationForm(forms.Form):
    """Who registers, and the answers to the organiser's questions.

    A visitor types their name and email. A signed-in person is registered under their account's
    email, and may also register colleagues: staff of their own organisations (for a members-only
    event, of those that are members of the network or run it).
    """

    myself = forms.BooleanField(label=_("Register myself"), required=False, initial=True)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=NAME_MAX, required=False)
    name_kana = forms.CharField(label=_("Name in kana"), max_length=NAME_MAX, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("None")
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=ORGANISATION_MAX, required=False)
    department = forms.CharField(label=_("Department"), max_length=ORGANISATION_MAX, required=False)
    colleagues = ColleagueChoiceField(
        label=_("Also register colleagues"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each colleague gets their own ticket by email."),
    )

    def __init__(self, *args, event: Event, user, registered: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.user = user
        self.questions = list(event.registration_questions.all())
        if user.is_authenticated:
            self._for_signed_in(user, registered)
        else:
            for name in ("myself", "organisation", "colleagues"):
                del self.fields[name]
            for name in ("name", "email"):
                self.fields[name].required = True
        for question in self.questions:
            self.fields[answer_field_name(question)] = _question_field(question)

    def _for_signed_in(self, user, registered: bool) -> None:
        del self.fields["email"], self.fields["organisation_name"]
        self.fields["name"].initial = user.name
        self.fields["name_kana"].initial = user.name_kana
        # Called only when the form is drawn: a form sent back needs no default.
        self.fields["organisation"].initial = lambda: self.organisations.values_list("pk", flat=True).first()
        if registered:
            # Already registered: the form is for colleagues only.
            del self.fields["myself"]
        # Most people register only themselves: a form sent back choosing no organisation and no
        # colleague is checked without the two lists, and gets them only if it is drawn again.
        if not self.is_bound or any(self.data.get(self.add_prefix(name)) for name in ("organisation", "colleagues")):
            self.offer_choices()

    @cached_property
    def organisations(self):
        """The signed-in person's organisations they may register for (for a members-only event, member ones)."""
        organisations = Organisation.objects.filter(staff__user=self.user)
        if self.event.registration_open_to == Event.OpenTo.MEMBERS:
            members = Membership.objects.filter(network=self.event.network, status=Membership.Status.ACTIVE)
            organisations = organisations.filter(pk__in=members.values("organisation_id")) | organisations.filter(
                pk=self.event.network.secretariat_id
            )
        return organisations.distinct().order_by("name_kana", "id")

    def offer_choices(self) -> None:
        """Give the organisation and colleague fields what a signed-in person may choose from."""
        if not self.user.is_authenticated:
            return
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = self.organisations
        cast(forms.ModelMultipleChoiceField, self.fields["colleagues"]).queryset = (
            get_user_model()
            .objects.filter(staff_roles__organisation__in=self.organisations, is_active=True)
            .exclude(pk=self.user.pk)
            .distinct()
            .order_by("name", "id")
        )

    def colleagues_exist(self) -> bool:
        field = self.fields.get("colleagues")
        return (
            isinstance(field, forms.ModelMultipleChoiceField) and field.queryset is not None and field.queryset.exists()
        )

    def clean(self):
        cleaned = super().clean()
        if self.user.is_authenticated:
            myself = cleaned.get("myself", False)
            if myself and not (cleaned.get("name") or self.user.name):
                self.add_error("name", ValidationError(_("Enter your name."), code="required"))
            if not myself and not cleaned.get("colleagues"):
                raise ValidationError(_("Choose at least one person to register."), code="nobody")
        try:
            answers_clean(questions=self.questions, raw=self.raw_answers())
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                # A required answer left empty already says so once.
                if field not in self.errors:
                    self.add_error(field, errors)
        return cleaned

    def raw_answers(self) -> dict:
        return {str(q.pk): self.cleaned_data.get(answer_field_name(q)) for q in self.questions}

    def registrants(self) -> list[Registrant]:
        data = self.cleaned_data
        if not self.user.is_authenticated:
            return [
                Registrant(
                    name=data["name"],
                    email=data["email"],
                    name_kana=data["name_kana"],
                    organisation_name=data["organisation_name"],
                    department=data["department"],
                )
            ]
        organisation = data.get("organisation")
        people = []
        if data.get("myself"):
            people.append(
                Registrant(
                    name=data["name"] or self.user.name,
                    email=self.user.email,
                    name_kana=data["name_kana"],
                    organisation_name=organisation.name if organisation else "",
                    department=data["department"],
                    user=self.user,
                    organisation=organisation,
                )
            )
        colleagues = data.get("colleagues") or []
        own = set(self.organisations.values_list("pk", flat=True)) if colleagues else set()
        for colleague in colleagues:
            # Their organisation: the chosen one when they work there too, else one they share with the registrant.
            roles = colleague.staff_roles.select_related("organisation")
            shared = [role.organisation for role in roles if role.organisation_id in own]
            theirs = organisation if organisation and organisation in shared else (shared[0] if shared else None)
            people.append(
                Registrant(
                    name=colleague.name or colleague.email,
                    email=colleague.email,
                    name_kana=colleague.name_kana,
                    organisation_name=theirs.name if theirs else "",
                    user=colleague,
                    organisation=theirs,
                )
            )
        return people


def _question_field(question: RegistrationQuestion) -> forms.Field:
    # The kinds' rules live in answers_clean (the API uses them too); these fields only type and show.
    required_message = {"required": _("This question needs an answer.")}
    common: dict[str, Any] = {
        "label": question.label,
        "required": question.required,
        "error_messages": required_message,
    }
    if question.kind == RegistrationQuestion.Kind.CONSENT:
        return forms.BooleanField(
            **{**common, "error_messages": {"required": _("Tick the box to agree: registration needs it.")}}
        )
    if question.kind == RegistrationQuestion.Kind.CHOICE:
        choices = [(choice, choice) for choice in question.choice_list]
        return forms.CharField(widget=forms.RadioSelect(choices=choices), **common)
    if question.kind == RegistrationQuestion.Kind.NUMBER:
        return forms.CharField(widget=forms.NumberInput(attrs={"step": "any"}), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, **common)


class RegistrantsFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, kana or email"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Registration.Status.choices), required=False
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, kana or email"), max_length=100, required=False)


class RegistrantsEmailForm(forms.Form):
    RECIPIENTS = [("all", _("Everyone registered (confirmed and waitlisted)")), ("confirmed", _("Only the confirmed"))]

    recipients = forms.ChoiceField(label=_("Send to"), choices=RECIPIENTS, widget=forms.RadioSelect, initial="all")
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. Each person's ticket link is added below the message."),
    )
