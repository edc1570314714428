"""Forms for questions to the speakers."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SessionQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question to the speakers"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Others can vote for it. Your name is not shown."),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your question."), code="empty")
        return text


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("hide", _("Hide")),
            ("show", _("Show")),
            ("answered", _("Mark answered")),
            ("unanswered", _("Mark not answered")),
        ]
    )
