from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.board.models import Category, Post, Reply


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "category",
            "title",
            "body",
            "visibility",
            "deadline",
            "copies_requested",
            "distribution_start",
            "distribution_end",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "distribution_start": forms.DateInput(attrs={"type": "date"}),
            "distribution_end": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(network=network)
        self.fields["category"].empty_label = None


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Reply
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class BoardFilterForm(forms.Form):
    STATES = [("", _("Open and closed")), ("open", _("Open")), ("closed", _("Closed"))]

    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False, label=_("Category"))
    state = forms.ChoiceField(choices=STATES, required=False, label=_("State"))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(network=network)
        self.fields["category"].empty_label = _("All categories")
