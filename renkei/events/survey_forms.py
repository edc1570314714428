"""Forms for the survey after an event: the organisers' editor and the attendees' answer form."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.events.forms import DateTimeInput, QuestionForm
from renkei.events.models import Survey, SurveyQuestion


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title_ja", "title_en", "anonymous", "results_public", "opens_at", "closes_at"]
        labels = {
            "title_ja": pgettext_lazy("heading", "Title (Japanese)"),
            "title_en": pgettext_lazy("heading", "Title (English)"),
        }
        help_texts = {
            "anonymous": _("Answers keep no name; each attendee can still answer only once."),
            "results_public": _("Members of the network see the charts and comments."),
            "opens_at": _("Empty: open now."),
            "closes_at": _("Empty: no closing time."),
        }
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ja"].required = True

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


class SurveyQuestionForm(QuestionForm):
    class Meta(QuestionForm.Meta):
        model = SurveyQuestion


SurveyQuestionFormSet = inlineformset_factory(Survey, SurveyQuestion, form=SurveyQuestionForm, extra=2, can_delete=True)

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class SurveyAnswerForm(forms.Form):
    """One field per question; ``answers()`` gives question id → value for survey_response_create."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q{question.pk}"
            common = {"label": question.label, "required": question.required}
            if question.kind == SurveyQuestion.Kind.RATING:
                field = forms.TypedChoiceField(
                    choices=RATING_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=_("1 = poor, 5 = excellent"),
                    **common,
                )
            elif question.kind == SurveyQuestion.Kind.SINGLE:
                options = [(c, c) for c in question.choice_list]
                field = forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
            elif question.kind == SurveyQuestion.Kind.MULTIPLE:
                options = [(c, c) for c in question.choice_list]
                field = forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
            else:
                field = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common)
            self.fields[name] = field

    def answers(self) -> dict:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}
