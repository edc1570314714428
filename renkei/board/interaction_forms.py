"""Forms for answering a post (replies, messages, pamphlet answers, reports) and for the secretariat's hand."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from renkei.board.models import Category, Message, PamphletAnswer, Reply, Report
from renkei.networks.models import Network, Theme


class ThreadReplyForm(forms.ModelForm):
    """A reply to the post, or (with ``parent``) an answer in the thread of one of its replies."""

    # The id of the reply answered, from a hidden input: a bad one is the form's error, shown above it.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Reply
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean(self):
        data = super().clean()
        value = (data.get("parent") or "").strip()
        data["parent"] = None
        if value:
            replies = self.post.replies.filter(hidden=False) if self.post is not None else Reply.objects.none()
            parent = replies.filter(pk=value).first() if value.isdigit() else None
            if parent is None:
                raise forms.ValidationError(_("The reply you are answering is not on this post."), code="parent")
            data["parent"] = parent
        return data


class MessageForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class PamphletAnswerForm(forms.ModelForm):
    copies = forms.IntegerField(
        label=_("Copies you will take"),
        min_value=1,
        error_messages={"min_value": _("Give a number of copies greater than 0.")},
    )

    class Meta:
        model = PamphletAnswer
        fields = ["copies", "places"]


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason"]
        labels = {"reason": _("What is wrong with it?")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}


class SwitchForm(forms.Form):
    """Turn one of the secretariat's switches (pinned, hidden, locked) on or off."""

    state = forms.ChoiceField(choices=[("on", _("On")), ("off", _("Off"))])

    @property
    def on(self) -> bool:
        return self.cleaned_data["state"] == "on"


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Move to category"))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(network=network)
        self.fields["category"].empty_label = None


# --- Categories and themes of a network (the secretariat's page) ---------------------------


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name_ja", "name_en", "kind", "order"]
        labels = {"name_ja": _("Name (Japanese)"), "name_en": _("Name (English)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ja"].required = True


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name_ja", "name_en", "order"]
        labels = {"name_ja": _("Name (Japanese)"), "name_en": _("Name (English)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ja"].required = True


class _TaxonomyFormSet(BaseInlineFormSet):
    """Names unique within the network; a row still in use by posts cannot be deleted."""

    duplicate_message: "str | StrPromise" = ""
    in_use_message: "str | StrPromise" = ""
    empty_message: "str | StrPromise" = ""  # when set, at least one row must stay

    def in_use(self, instance) -> bool:
        return instance.posts.exists()

    def clean(self):
        if any(self.errors):
            return
        names: set[str] = set()
        problems = []
        duplicates = False
        kept = 0
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                # A deleted form's own errors are ignored by the formset, so this is the formset's error.
                if form.instance.pk and self.in_use(form.instance):
                    problems.append(self.in_use_message % {"name": form.instance.name})
                continue
            kept += 1
            name = form.cleaned_data.get("name_ja", "").strip()
            if name in names:
                form.add_error("name_ja", self.duplicate_message)
                duplicates = True
            names.add(name)
        if self.empty_message and kept == 0:
            problems.append(self.empty_message)
        if problems:
            raise forms.ValidationError(problems)
        if not duplicates:
            # Django's own uniqueness check, which would repeat ours in its own words.
            super().clean()


class BaseCategoryFormSet(_TaxonomyFormSet):
    duplicate_message = _("Another category already has this name.")
    in_use_message = _("%(name)s cannot be deleted: posts are in it. Move them to another category first.")
    empty_message = _("A board needs at least one category.")


class BaseThemeFormSet(_TaxonomyFormSet):
    duplicate_message = _("Another theme already has this name.")
    in_use_message = _("%(name)s cannot be deleted: posts have this theme. Take it off them first.")


CategoryFormSet = inlineformset_factory(
    Network, Category, form=CategoryForm, formset=BaseCategoryFormSet, fk_name="network", extra=1, can_delete=True
)
ThemeFormSet = inlineformset_factory(
    Network, Theme, form=ThemeForm, formset=BaseThemeFormSet, fk_name="network", extra=1, can_delete=True
)
