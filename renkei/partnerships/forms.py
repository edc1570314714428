"""Forms of partnerships, activities, photos, profiles, imports and the lists' filters."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_countries import countries

from renkei.lib.text import labelled
from renkei.networks.forms import resolve_local_government
from renkei.networks.models import Network
from renkei.organisations.models import Organisation
from renkei.partnerships import access
from renkei.partnerships.models import Activity, PartnerProfile, Partnership
from renkei.partnerships.selectors import prefecture_choices
from renkei.partnerships.services import Parties, overseas_label
from renkei.registry.models import LocalGovernment, OverseasGovernment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def country_choices(empty: str | None = None) -> list[tuple[str, str]]:
    """Every country by its name in the active language (read when the form is built, not imported)."""
    choices = [(code, str(name)) for code, name in countries]
    return [("", empty), *choices] if empty is not None else choices


def _blank(label) -> list[tuple[str, str]]:
    return [("", str(label))]


# --- Filters -------------------------------------------------------------------------------


class PartnershipFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    prefecture = forms.ChoiceField(label=gettext_lazy("Prefecture"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year established"), required=False, min_value=1800, max_value=2200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = _("All")
        self.fields["kind"].choices = _blank(every) + list(Partnership.Kind.choices)
        self.fields["country"].choices = country_choices(every)
        self.fields["prefecture"].choices = _blank(every) + prefecture_choices()
        self.fields["status"].choices = _blank(every) + list(Partnership.Status.choices)


MONTH_CHOICES = [(12, gettext_lazy("12 months")), (18, gettext_lazy("18 months")), (24, gettext_lazy("24 months"))]


class AnniversaryFilterForm(forms.Form):
    months = forms.TypedChoiceField(
        label=gettext_lazy("Due within"), choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None
    )
    network = forms.ChoiceField(label=gettext_lazy("Network"), required=False)
    prefecture = forms.ChoiceField(label=gettext_lazy("Prefecture"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = _("All")
        networks = Network.objects.order_by("id").values_list("slug", "name")
        self.fields["network"].choices = _blank(every) + list(networks)
        self.fields["prefecture"].choices = _blank(every) + prefecture_choices()
        self.fields["country"].choices = country_choices(every)


# --- Partnerships ---------------------------------------------------------------------------


class OverseasChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OverseasGovernment) -> str:
        from django.utils.translation import get_language

        language = "en" if (get_language() or "ja").startswith("en") else "ja"
        from renkei.partnerships.models import country_name

        return f"{overseas_label(obj, language)} — {country_name(obj.country)}"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def organisation_line(organisation: Organisation) -> str:
    return f"{organisation.name} (#{organisation.pk})"


def resolve_organisation(line: str) -> Organisation:
    """An organisation by its Renkei number ("… (#12)") or its exact name in either language."""
    number = re.search(r"#(\d+)", line)
    if number:
        organisation = Organisation.objects.filter(pk=int(number[1])).first()
    else:
        matches = list(Organisation.objects.filter(name_ja=line)[:2]) or list(
            Organisation.objects.filter(name_en=line)[:2]
        )
        organisation = matches[0] if len(matches) == 1 else None
    if organisation is None:
        raise ValidationError(
            _("No organisation on Renkei is %(name)s; write its exact name or its number (#12).") % {"name": line},
            code="unknown_organisation",
        )
    return organisation


class PartnershipForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Partnership.Kind.choices)
    local_governments = forms.CharField(
        label=gettext_lazy("Japanese local governments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One a line: a name (松原市, Kamaishi) or the 6-digit code."),
    )
    overseas_governments = OverseasChoiceField(
        label=gettext_lazy("Local governments abroad"),
        queryset=OverseasGovernment.objects.order_by("country", "name_en"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("Choose one or more; add one that is not listed below."),
    )
    new_overseas_name_en = forms.CharField(
        label=gettext_lazy("New government abroad: name in English"), required=False, max_length=120
    )
    new_overseas_name = forms.CharField(label=gettext_lazy("Name in its own script"), required=False, max_length=120)
    new_overseas_name_kana = forms.CharField(label=gettext_lazy("Name in katakana"), required=False, max_length=120)
    new_overseas_country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    new_overseas_level = forms.ChoiceField(
        label=gettext_lazy("Level"), required=False, choices=OverseasGovernment.Level.choices
    )
    organisations = forms.CharField(
        label=gettext_lazy("Companies or associations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One a line: the exact name on Renkei or its number (#12)."),
    )
    established_year = forms.IntegerField(label=gettext_lazy("Year established"), min_value=1800, max_value=2200)
    established_month = forms.IntegerField(
        label=gettext_lazy("Month"), required=False, min_value=1, max_value=12, help_text=gettext_lazy("If known.")
    )
    established_day = forms.IntegerField(
        label=gettext_lazy("Day"), required=False, min_value=1, max_value=31, help_text=gettext_lazy("If known.")
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Partnership.Status.choices)
    ends_on = forms.DateField(
        label=gettext_lazy("Ends (or ended) on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Needed for a fixed-term agreement."),
    )
    description_ja = forms.CharField(
        label=gettext_lazy("Description (Japanese)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    description_en = forms.CharField(
        label=gettext_lazy("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    sources = forms.CharField(
        label=gettext_lazy("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line: a web address or a citation."),
    )
    is_draft = forms.BooleanField(
        label=gettext_lazy("Draft: not yet announced, only the parties' staff see it"), required=False
    )

    ERROR_FIELDS = {"__all__": None, "ends_on": "ends_on"}

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["new_overseas_country"].choices = country_choices("—")

    @classmethod
    def initial_from_query(cls, query) -> dict:
        """Initial values from a link (the matching app's "record this partnership"):
        ?kind=&local_government=<code>&organisation=<id> (each repeatable)&established_on=YYYY-MM-DD&description=."""
        initial: dict = {}
        if query.get("kind") in Partnership.Kind.values:
            initial["kind"] = query["kind"]
        codes = [code for code in query.getlist("local_government") if re.fullmatch(r"\d{6}", code)]
        governments = LocalGovernment.objects.select_related("prefecture").in_bulk(codes)
        initial["local_governments"] = "\n".join(
            f"{governments[code].full_name} ({code})" for code in codes if code in governments
        )
        ids = [int(value) for value in query.getlist("organisation") if value.isdigit()]
        organisations = Organisation.objects.in_bulk(ids)
        initial["organisations"] = "\n".join(organisation_line(organisations[i]) for i in ids if i in organisations)
        try:
            day = datetime.date.fromisoformat(query.get("established_on", ""))
        except ValueError:
            day = None
        if day is not None:
            initial.update(established_year=day.year, established_month=day.month, established_day=day.day)
        if query.get("description"):
            initial["description_ja"] = query["description"][:5000]
        return initial

    @classmethod
    def initial_from(cls, partnership: Partnership) -> dict:
        parties = list(partnership.parties.all())
        day = partnership.established_on
        precision = partnership.established_precision
        return {
            "kind": partnership.kind,
            "local_governments": "\n".join(
                f"{p.local_government.full_name} ({p.local_government_id})"
                for p in parties
                if p.local_government is not None
            ),
            "overseas_governments": [p.overseas_government_id for p in parties if p.overseas_government_id],
            "organisations": "\n".join(
                organisation_line(p.organisation) for p in parties if p.organisation is not None
            ),
            "established_year": day.year,
            "established_month": day.month if precision != Partnership.Precision.YEAR else None,
            "established_day": day.day if precision == Partnership.Precision.DAY else None,
            "status": partnership.status,
            "ends_on": partnership.ends_on,
            "description_ja": partnership.description_ja,
            "description_en": partnership.description_en,
            "sources": partnership.sources,
            "is_draft": partnership.is_draft,
        }

    def clean_local_governments(self) -> list[LocalGovernment]:
        governments, errors = [], []
        for line in _lines(self.cleaned_data["local_governments"]):
            try:
                governments.append(resolve_local_government(line))
            except ValidationError as error:
                errors.extend(labelled(line, message) for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return governments

    def clean_organisations(self) -> list[Organisation]:
        organisations, errors = [], []
        for line in _lines(self.cleaned_data["organisations"]):
            try:
                organisations.append(resolve_organisation(line))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return organisations

    def clean(self):
        data = super().clean()
        year, month, day = data.get("established_year"), data.get("established_month"), data.get("established_day")
        if year:
            if day and not month:
                self.add_error("established_month", _("Give the month as well as the day."))
            else:
                try:
                    data["established_on"] = datetime.date(year, month or 1, day or 1)
                except ValueError:
                    self.add_error("established_day", _("This day does not exist in that month."))
                data["established_precision"] = (
                    Partnership.Precision.DAY
                    if day
                    else Partnership.Precision.MONTH
                    if month
                    else Partnership.Precision.YEAR
                )
        new_name = data.get("new_overseas_name_en", "").strip()
        if new_name and not data.get("new_overseas_country"):
            self.add_error("new_overseas_country", _("Choose the country of the new government abroad."))
        if new_name and not data.get("new_overseas_level"):
            self.add_error("new_overseas_level", _("Choose the level of the new government abroad."))
        governments = data.get("local_governments") or []
        organisations = data.get("organisations") or []
        if not self.errors and not access.may_record_as(
            self.request, local_governments=governments, organisations=organisations
        ):
            raise ValidationError(
                _("Record only partnerships your organisation (or, for a secretariat, a member) is a party to."),
                code="not_a_party",
            )
        return data

    def parties(self) -> Parties:
        """The chosen parties; a new government abroad is added to the registry here."""
        from renkei.partnerships.services import overseas_government_get_or_create

        data = self.cleaned_data
        overseas = list(data.get("overseas_governments") or [])
        if data.get("new_overseas_name_en", "").strip():
            overseas.append(
                overseas_government_get_or_create(
                    name=data.get("new_overseas_name", ""),
                    name_en=data["new_overseas_name_en"],
                    name_kana=data.get("new_overseas_name_kana", ""),
                    country=data["new_overseas_country"],
                    level=data["new_overseas_level"],
                )
            )
        return Parties(
            local_governments=data["local_governments"],
            overseas_governments=overseas,
            organisations=data["organisations"],
        )

    def values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "kind",
            "established_on",
            "established_precision",
            "status",
            "ends_on",
            "description_ja",
            "description_en",
            "sources",
            "is_draft",
        )
        return {key: data.get(key) for key in keys}

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


# --- Activities and photos --------------------------------------------------------------------


class PartnershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partnership) -> str:
        return f"{obj.display_label} ({obj.get_kind_display()}, {obj.established_display})"


class ActivityForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=gettext_lazy("Recorded by"), queryset=Organisation.objects.none())
    partnership = PartnershipChoiceField(
        label=gettext_lazy("Partnership"),
        queryset=Partnership.objects.none(),
        required=False,
        help_text=gettext_lazy("Empty for an exchange of its own, such as a study tour."),
    )
    participant_countries = forms.MultipleChoiceField(
        label=gettext_lazy("Participants' countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo"), required=False, help_text=gettext_lazy("PNG, JPEG, GIF or WebP.")
    )
    caption = forms.CharField(label=gettext_lazy("Caption"), required=False, max_length=300)
    alt_text = forms.CharField(
        label=gettext_lazy("Text alternative"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("What the photo shows, for people who cannot see it."),
    )

    class Meta:
        model = Activity
        fields = [
            "organisation",
            "partnership",
            "kind",
            "title_ja",
            "title_en",
            "starts_on",
            "ends_on",
            "place_ja",
            "place_en",
            "participant_count",
            "participant_countries",
            "participant_country_count",
            "description_ja",
            "description_en",
        ]
        labels = {
            "title_ja": pgettext_lazy("heading", "Title (Japanese)"),
            "title_en": gettext_lazy("Title (English)"),
            "starts_on": gettext_lazy("Date (first day)"),
            "ends_on": gettext_lazy("Last day"),
            "place_ja": gettext_lazy("Place (Japanese)"),
            "place_en": gettext_lazy("Place (English)"),
            "participant_count": gettext_lazy("Number of participants"),
            "participant_country_count": gettext_lazy("Number of countries"),
            "description_ja": gettext_lazy("Description (Japanese)"),
            "description_en": gettext_lazy("Description (English)"),
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description_ja": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, request, with_photo: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ja"].required = True
        fields: dict = self.fields  # django-stubs types each as a plain Field
        fields["organisation"].queryset = access.recording_organisations(request)
        fields["partnership"].queryset = Partnership.objects.visible_to(request.user).filter(
            pk__in=Partnership.objects.editable_by(request.user).values("id")
        )
        fields["participant_countries"].choices = country_choices()
        if self.instance.pk:
            self.initial["participant_countries"] = self.instance.country_codes
            del self.fields["organisation"]
        if not with_photo:
            for name in ("photo", "caption", "alt_text"):
                del self.fields[name]

    def clean_participant_countries(self) -> str:
        return " ".join(self.cleaned_data["participant_countries"])

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("alt_text") or "").strip():
            self.add_error("alt_text", _("Describe what the photo shows."))
        return data

    def _post_clean(self):
        # The services write; the model's own checks run there too.
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "organisation"}


class PhotoForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("Photo"), help_text=gettext_lazy("PNG, JPEG, GIF or WebP."))
    caption = forms.CharField(label=gettext_lazy("Caption"), required=False, max_length=300)
    alt_text = forms.CharField(
        label=gettext_lazy("Text alternative"),
        max_length=300,
        help_text=gettext_lazy("What the photo shows, for people who cannot see it."),
    )


# --- Import -----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or Excel (.xlsx) file"))


# --- Profiles and introductions ---------------------------------------------------------------


class ProfileForm(forms.ModelForm):
    countries_wanted = forms.MultipleChoiceField(
        label=gettext_lazy("Countries wanted"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )

    class Meta:
        model = PartnerProfile
        fields = [
            "countries_wanted",
            "regions_wanted",
            "population",
            "area_km2",
            "overview_ja",
            "overview_en",
            "conditions_ja",
            "conditions_en",
            "pr_text_ja",
            "pr_text_en",
            "is_open",
        ]
        labels = {
            "overview_ja": gettext_lazy("Overview (Japanese)"),
            "overview_en": gettext_lazy("Overview (English)"),
            "conditions_ja": gettext_lazy("Conditions wished for (Japanese)"),
            "conditions_en": gettext_lazy("Conditions wished for (English)"),
            "pr_text_ja": gettext_lazy("PR (Japanese)"),
            "pr_text_en": gettext_lazy("PR (English)"),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("overview_ja", "overview_en", "conditions_ja", "conditions_en", "pr_text_ja", "pr_text_en")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overview_ja"].required = True
        self.fields["countries_wanted"].choices = country_choices()
        if self.instance.pk:
            self.initial["countries_wanted"] = self.instance.country_codes

    def clean_countries_wanted(self) -> str:
        return " ".join(self.cleaned_data["countries_wanted"])

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ProfileSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words"), required=False, max_length=100)
    country = forms.ChoiceField(label=gettext_lazy("Country wanted"), required=False)
    prefecture = forms.ChoiceField(label=gettext_lazy("Prefecture"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = _("All")
        self.fields["country"].choices = country_choices(every)
        self.fields["prefecture"].choices = _blank(every) + prefecture_choices()


class IntroductionRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("On behalf of"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=gettext_lazy("Who you are and what exchange you have in mind."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(staff__user=user).distinct()
