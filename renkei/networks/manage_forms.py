"""Forms of the secretariat's pages (views/manage.py)."""

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.lib.dates import fiscal_year, fiscal_year_label
from renkei.networks.imports import MAX_IMPORT_BYTES, ImportFileError, read_rows
from renkei.networks.models import Membership, Network, Officer, TaxTreatment, Tier
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MembershipFilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("thing", "Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Membership.Status.choices)
    )
    tier = forms.ModelChoiceField(label=_("Tier"), required=False, queryset=Tier.objects.none(), empty_label=_("All"))
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"),
        required=False,
        queryset=LocalGovernment.objects.prefectures().order_by("code"),
        empty_label=_("All"),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = network.tiers.all()  # type: ignore[attr-defined]

    def filter(self, memberships):
        """Narrow a Membership QuerySet to what the form asks for (all of it when the form is invalid)."""
        if not self.is_valid():
            return memberships
        data = self.cleaned_data
        if data["q"]:
            memberships = memberships.filter(
                Q(organisation__name_ja__icontains=data["q"])
                | Q(organisation__name_en__icontains=data["q"])
                | Q(organisation__name_kana__icontains=data["q"])
            )
        if data["status"]:
            memberships = memberships.filter(status=data["status"])
        if data["tier"]:
            memberships = memberships.filter(tier=data["tier"])
        if data["prefecture"]:
            memberships = memberships.filter(organisation__prefecture=data["prefecture"])
        return memberships


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["status", "tier", "joined_on", "left_on"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}
        help_texts = {"left_on": _("If this is empty when the status is Withdrawn, today's date is used.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = self.instance.network.tiers.all()
        self.fields["tier"].empty_label = None

    def clean(self):
        data = super().clean()
        joined_on, left_on = data.get("joined_on"), data.get("left_on")
        if joined_on and left_on and left_on < joined_on:
            self.add_error("left_on", _("The day it left cannot be before the day it joined."))
        return data


class TierForm(forms.ModelForm):
    class Meta:
        model = Tier
        fields = ["name_ja", "name_en", "annual_fee", "order"]
        labels = {"name_ja": _("Name (Japanese)"), "name_en": _("Name (English)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ja"].required = True


class BaseTierFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        names = set()
        kept = 0
        problems = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                # A deleted form's own errors are ignored by the formset, so this is the formset's error.
                if form.instance.pk and form.instance.memberships.exists():
                    problems.append(
                        _("%(tier)s cannot be deleted: members belong to it. Move them to another tier first.")
                        % {"tier": form.instance.name}
                    )
                continue
            kept += 1
            name = form.cleaned_data.get("name_ja", "").strip()
            if name in names:
                form.add_error("name_ja", _("Another tier already has this name."))
            names.add(name)
        if kept == 0:
            problems.append(_("A network needs at least one tier."))
        if problems:
            raise forms.ValidationError(problems)


TierFormSet = inlineformset_factory(Network, Tier, form=TierForm, formset=BaseTierFormSet, extra=1, can_delete=True)


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = [
            "role",
            "person_name_ja",
            "person_name_en",
            "title_ja",
            "title_en",
            "organisation",
            "term_start",
            "term_end",
            "order",
        ]
        labels = {
            "person_name_ja": pgettext_lazy("person", "Name (Japanese)"),
            "person_name_en": pgettext_lazy("person", "Name (English)"),
            "title_ja": pgettext_lazy("job title", "Title (Japanese)"),
            "title_en": pgettext_lazy("job title", "Title (English)"),
        }
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_name_ja"].required = True
        if organisations is not None:
            self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class BaseOfficerFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        # Officers come from the member organisations (and keep one that has since left).
        kwargs["organisations"] = (
            Organisation.objects.filter(
                Q(memberships__network=self.instance, memberships__status=Membership.Status.ACTIVE)
                | Q(officer_roles__network=self.instance)
            )
            .distinct()
            .order_by("name_kana", "id")
        )
        return kwargs


OfficerFormSet = inlineformset_factory(
    Network, Officer, form=OfficerForm, formset=BaseOfficerFormSet, extra=1, can_delete=True
)


def fiscal_year_choices() -> list[tuple[int, str]]:
    current = fiscal_year()
    return [(year, fiscal_year_label(year)) for year in range(current + 1, current - 6, -1)]


class InvoiceFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False, choices=())
    state = forms.ChoiceField(
        label=_("Payment"),
        required=False,
        choices=[("", _("All")), ("outstanding", _("Outstanding")), ("paid", _("Paid"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = fiscal_year_choices()


class InvoiceIssueForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=())
    issued_on = forms.DateField(label=_("Date of issue"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices()
        self.fields["fiscal_year"].initial = fiscal_year()
        self.fields["issued_on"].initial = timezone.localdate()


class InvoicePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Members file (CSV or Excel .xlsx)"),
        help_text=_("Up to 5 MB. The first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB; split it into smaller files."), code="too_large"
            )
        content = upload.read()
        try:
            self.rows = read_rows(upload.name, content)
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="unreadable")
        self.content = content
        return upload


class InvoiceSettingsForm(forms.ModelForm):
    """The bank account and the consumption-tax statement printed on every fee invoice."""

    class Meta:
        model = Network
        fields = [
            "bank_name",
            "bank_branch",
            "bank_account_type",
            "bank_account_number",
            "bank_account_holder",
            "tax_treatment",
            "tax_registration_number",
        ]
        help_texts = {
            "bank_account_holder": _("As the bank writes it, in full-width kana."),
            "tax_registration_number": _("Needed for a qualified invoice: T followed by 13 digits."),
        }

    def clean(self):
        data = super().clean()
        qualified = data.get("tax_treatment") == TaxTreatment.QUALIFIED
        if qualified and not data.get("tax_registration_number") and "tax_registration_number" not in self.errors:
            self.add_error(
                "tax_registration_number",
                forms.ValidationError(
                    _("A qualified invoice needs the registration number: T followed by 13 digits."), code="required"
                ),
            )
        return data
