"""Forms for events: the organiser's event form and its lists (programme, speakers, participants,
questions), and the calendar's filters."""

import datetime
from typing import cast

from django import forms
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from renkei.events.models import (
    Event,
    Participant,
    ProgrammePart,
    RegistrationQuestion,
    Series,
    Speaker,
    choice_lines,
    episode_label,
)
from renkei.lib.dates import fiscal_year
from renkei.lib.text import labelled
from renkei.networks.forms import resolve_local_government
from renkei.networks.models import Network, Theme
from renkei.registry.models import LocalGovernment, OverseasGovernment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    # Organisers enter Tokyo times; stored as aware datetimes.
    return timezone.make_aware(datetime.datetime.combine(day, time))


class LocalGovernmentField(forms.CharField):
    """A municipality or prefecture typed by name (kanji, kana, romaji) or by its 6-digit code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("label", _("Municipality (name or 6-digit code)"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, LocalGovernment):
            return f"{value.full_name} ({value.code})"
        return value

    def clean(self, value) -> LocalGovernment | None:
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        return resolve_local_government(value)


def _government_initial(form) -> None:
    # Show a saved municipality as 大阪府松原市 (272175), which the field reads back unchanged.
    if form.instance.pk and form.instance.local_government_id:
        form.initial["local_government"] = form.instance.local_government


# --- The event itself -------------------------------------------------------------------------


class EventForm(forms.ModelForm):
    """Everything about an event but its lists; dates as a day and an optional time at each end."""

    start_date = forms.DateField(label=_("First day"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), required=False, widget=TimeInput())
    end_date = forms.DateField(
        label=_("Last day"), required=False, widget=DateInput(), help_text=_("Empty: the same day.")
    )
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=TimeInput())

    # Errors that Event.clean() reports on model fields the form shows under another name.
    ERROR_FIELDS = {"starts_at": "start_date", "ends_at": "end_date", "venue": "venue_ja"}

    class Meta:
        model = Event
        fields = [
            "kind",
            "title_ja",
            "title_en",
            "series",
            "number",
            "summary_ja",
            "summary_en",
            "organiser_name_ja",
            "organiser_name_en",
            "all_day",
            "format",
            "venue_ja",
            "venue_en",
            "address",
            "online_url",
            "online_url_shown_minutes_before",
            "themes",
            "visibility",
            "status",
            "registration_required",
            "registration_open_to",
            "registration_opens_at",
            "registration_closes_at",
            "capacity",
            "waiting_list",
            "fee_ja",
            "fee_en",
        ]
        labels = {
            "title_ja": pgettext_lazy("heading", "Title (Japanese)"),
            "title_en": pgettext_lazy("heading", "Title (English)"),
            "summary_ja": _("Summary (Japanese)"),
            "summary_en": _("Summary (English)"),
            "organiser_name_ja": _("Organiser (Japanese)"),
            "organiser_name_en": _("Organiser (English)"),
            "venue_ja": _("Venue (Japanese)"),
            "venue_en": _("Venue (English)"),
            "fee_ja": _("Fee (Japanese)"),
            "fee_en": _("Fee (English)"),
        }
        help_texts = {
            "summary_ja": _("Markdown: **bold**, *italic*, lists, [links](https://…)."),
            "organiser_name_ja": _("When not the network itself, e.g. CLAIR Sydney."),
            "online_url": _("Shown only to confirmed registrants, shortly before the start; never on the public page."),
        }
        widgets = {
            "summary_ja": forms.Textarea(attrs={"rows": 8}),
            "summary_en": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
        }

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["title_ja"].required = True
        cast(forms.ModelChoiceField, self.fields["series"]).queryset = Series.objects.filter(network=network)
        cast(forms.ModelMultipleChoiceField, self.fields["themes"]).queryset = Theme.objects.filter(network=network)
        self.fields["number"].help_text = self._number_help()
        if self.instance.pk:
            start, end = self.instance.local_starts_at, self.instance.local_ends_at
            self.initial.setdefault("start_date", start.date())
            self.initial.setdefault("end_date", end.date())
            if not self.instance.all_day:
                self.initial.setdefault("start_time", start.time())
                self.initial.setdefault("end_time", end.time())

    def _number_help(self) -> str:
        """The next number of each of the network's series, so the organiser sees what empty means."""
        from renkei.events.services import series_next_number

        series_queryset = cast(forms.ModelChoiceField, self.fields["series"]).queryset
        assert series_queryset is not None  # set in __init__, before this is called
        hints = []
        for series in series_queryset:
            number = series_next_number(series=series, exclude_pk=self.instance.pk)
            label = episode_label(number, fiscal_year() if series.numbered_by_fiscal_year else None)
            hints.append(labelled(series.name, label))
        text = str(_("Empty: the next number of the series."))
        if hints:
            text += " " + str(_("Next: %(numbers)s.") % {"numbers": "; ".join(hints)})
        return text

    def clean(self):
        data = super().clean()
        start_date = data.get("start_date")
        if start_date is None:
            return data
        end_date = data.get("end_date") or start_date
        start_time, end_time = data.get("start_time"), data.get("end_time")
        if data.get("all_day"):
            starts_at = _local(start_date, datetime.time.min)
            ends_at = _local(end_date, datetime.time(23, 59))
        else:
            if start_time is None:
                self.add_error("start_time", _("Enter the time it starts, or tick “whole days”."))
            if end_time is None:
                self.add_error("end_time", _("Enter the time it ends, or tick “whole days”."))
            if start_time is None or end_time is None:
                return data
            starts_at, ends_at = _local(start_date, start_time), _local(end_date, end_time)
        # Set before the model's own checks (Event.clean) run on the instance.
        self.instance.starts_at = data["starts_at"] = starts_at
        self.instance.ends_at = data["ends_at"] = ends_at
        return data

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {self.ERROR_FIELDS.get(name, name): messages for name, messages in errors.error_dict.items()}
            )
        super()._update_errors(errors)

    def event_fields(self) -> dict:
        """The cleaned values as the services take them: model fields, with the dates joined."""
        data = dict(self.cleaned_data)
        for name in ("start_date", "start_time", "end_date", "end_time", "themes"):
            data.pop(name, None)
        return data


# --- Lists of an event ----------------------------------------------------------------------


class OrderedForm(forms.ModelForm):
    """A row with an optional order: left empty, rows keep the order they were added in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Empty: in the order added.")

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class ProgrammePartForm(OrderedForm):
    class Meta:
        model = ProgrammePart
        fields = ["order", "title_ja", "title_en", "starts_at", "ends_at", "description_ja", "description_en"]
        labels = {
            "title_ja": pgettext_lazy("heading", "Title (Japanese)"),
            "title_en": pgettext_lazy("heading", "Title (English)"),
            "description_ja": _("Description (Japanese)"),
            "description_en": _("Description (English)"),
        }
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description_ja": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ja"].required = True

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("The part must end after it starts."))
        return data


ProgrammePartFormSet = inlineformset_factory(Event, ProgrammePart, form=ProgrammePartForm, extra=1, can_delete=True)


class SpeakerForm(OrderedForm):
    local_government = LocalGovernmentField(
        help_text=_("The municipality they speak for, if any: a name in kanji, kana or romaji, or its code.")
    )

    class Meta:
        model = Speaker
        fields = ["order", "person_name_ja", "person_name_en", "title_ja", "title_en", "local_government"]
        labels = {
            "person_name_ja": pgettext_lazy("person", "Name (Japanese)"),
            "person_name_en": pgettext_lazy("person", "Name (English)"),
            "title_ja": pgettext_lazy("job title", "Title (Japanese)"),
            "title_en": pgettext_lazy("job title", "Title (English)"),
        }
        help_texts = {"title_ja": _("As the programme prints it, e.g. 京都府市長会会長 長岡京市長.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_name_ja"].required = True
        _government_initial(self)


SpeakerFormSet = inlineformset_factory(ProgrammePart, Speaker, form=SpeakerForm, extra=1, can_delete=True)


class OverseasGovernmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OverseasGovernment) -> str:
        return f"{obj.name_en} ({obj.country})"


class ParticipantForm(OrderedForm):
    local_government = LocalGovernmentField()
    overseas_government = OverseasGovernmentChoiceField(
        label=_("Overseas government"), queryset=OverseasGovernment.objects.all(), required=False
    )

    class Meta:
        model = Participant
        fields = ["role", "order", "local_government", "overseas_government", "name"]
        labels = {"name": _("Or another name")}
        help_texts = {"name": _("A company, association or office that is not in the lists above.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _government_initial(self)

    def clean(self):
        data = super().clean()
        given = [bool(data.get("local_government")), bool(data.get("overseas_government")), bool(data.get("name"))]
        if sum(given) == 0 and not self.has_error("local_government"):
            raise ValidationError(
                _("Enter a municipality, an overseas government or a name."), code="participant_missing"
            )
        if sum(given) > 1:
            raise ValidationError(
                _("Enter only one of a municipality, an overseas government or a name."), code="participant_many"
            )
        return data


class BaseParticipantFormSet(BaseInlineFormSet):
    def get_queryset(self):
        return (
            super().get_queryset().select_related("local_government__prefecture", "overseas_government", "organisation")
        )


ParticipantFormSet = inlineformset_factory(
    Event, Participant, form=ParticipantForm, formset=BaseParticipantFormSet, extra=1, can_delete=True
)


class QuestionForm(OrderedForm):
    """A registration or survey question: a Japanese label, and at least two choices for choice kinds."""

    class Meta:
        fields = ["order", "kind", "label_ja", "label_en", "choices", "required"]
        labels = {"label_ja": _("Question (Japanese)"), "label_en": _("Question (English)")}
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label_ja"].required = True

    def clean(self):
        data = super().clean()
        choices = choice_lines(data.get("choices") or "")
        if data.get("kind") in self._meta.model.CHOICE_KINDS and len(choices) < 2:
            self.add_error("choices", _("A choice question needs at least two choices, one per line."))
        data["choices"] = "\n".join(choices)
        return data


class RegistrationQuestionForm(QuestionForm):
    class Meta(QuestionForm.Meta):
        model = RegistrationQuestion


RegistrationQuestionFormSet = inlineformset_factory(
    Event, RegistrationQuestion, form=RegistrationQuestionForm, extra=1, can_delete=True
)


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["name_ja", "name_en", "description_ja", "description_en", "numbered_by_fiscal_year"]
        labels = {
            "name_ja": _("Name (Japanese)"),
            "name_en": _("Name (English)"),
            "description_ja": _("Description (Japanese)"),
            "description_en": _("Description (English)"),
        }
        widgets = {
            "description_ja": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ja"].required = True


class BaseSeriesFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.events.exists():
                raise ValidationError(
                    _("%(series)s cannot be deleted: events belong to it.") % {"series": form.instance.name}
                )


SeriesFormSet = inlineformset_factory(
    Network, Series, form=SeriesForm, formset=BaseSeriesFormSet, extra=1, can_delete=True
)


# --- The calendar's filters -----------------------------------------------------------------


class EventCancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to registrants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent with the notice of cancellation, e.g. the reason or what happens instead."),
    )


class EventFilterForm(forms.Form):
    """Filters of the calendar and the list; every choice is a plain value, so filtering needs no lookup."""

    FORMATS = [("", _("Online or in person")), ("online", _("Online")), ("in_person", _("In person"))]

    network = forms.ChoiceField(label=_("Network"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices])
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    prefecture = forms.ChoiceField(label=_("Prefecture of a participant"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False, choices=FORMATS)

    # Networks, themes and prefectures change rarely; a new network's or theme's name reaches the
    # calendar's filters within this many seconds.
    CHOICES_TIMEOUT = 300
    cache_key = ""  # set by the view: the rendered form is cached under it (events/_filters.html)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = f"events-filter-choices:{get_language()}"
        networks, themes, prefectures = caches["fragments"].get_or_set(key, self._choices, self.CHOICES_TIMEOUT)
        self.network_names = dict(networks)
        self.fields["network"].choices = [("", _("All networks")), *networks]
        self.fields["theme"].choices = [("", _("All themes")), *themes]
        self.fields["prefecture"].choices = [("", _("All prefectures")), *prefectures]

    @staticmethod
    def _choices() -> tuple[list, list, list]:
        networks = list(Network.objects.order_by("id"))
        names = {network.pk: network.short_name or network.name for network in networks}
        themes = Theme.objects.order_by("network_id", "order", "id").only("id", "name", "network_id")
        return (
            [(n.slug, str(n.name)) for n in networks],
            [
                (
                    theme.pk,
                    f"{theme.name} ({names.get(theme.network_id, '')})" if len(networks) > 1 else str(theme.name),
                )
                for theme in themes
            ],
            [(p.prefecture_code, str(p.display_name)) for p in LocalGovernment.objects.prefectures().order_by("code")],
        )

    def filters(self) -> dict:
        """The valid filters, by name; none when the form was not sent or not valid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def chosen_network(self) -> tuple[str, str] | None:
        """The slug and name of the network the calendar is narrowed to, read from the choices (no query)."""
        slug = self.filters().get("network")
        if not slug:
            return None
        return slug, self.network_names[slug]
