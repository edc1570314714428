from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from renkei.board.attachments import MAX_ATTACHMENTS, check_count
from renkei.board.models import Attachment, Category, Post
from renkei.lib import files
from renkei.lib.visibility import as_audience
from renkei.lib.widgets import LongSelect
from renkei.networks.models import Membership, Theme
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment
from renkei.registry.regions import REGION_OF_PREFECTURE, Region


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; cleans to a list (empty when none)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        single = super().clean
        return [single(upload, initial) for upload in uploads if upload]


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Attachment) -> str:
        return obj.name


class PostForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Whole regions"),
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Attach files"),
        help_text=files.ALLOWED_HELP,
    )
    remove_attachments = AttachmentChoiceField(
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Remove attachments"),
    )

    class Meta:
        model = Post
        fields = [
            "category",
            "title",
            "body",
            "themes",
            "target_prefectures",
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
            "themes": forms.CheckboxSelectMultiple,
            "target_prefectures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(network=network)
        self.fields["category"].empty_label = None
        self.fields["themes"].queryset = Theme.objects.filter(network=network)
        self.fields["target_prefectures"].queryset = LocalGovernment.objects.prefectures().order_by("code")
        limit = filesizeformat(files.max_bytes())
        self.fields["attachments"].help_text = _("%(types)s Up to %(count)d files of at most %(limit)s each.") % {
            "types": files.ALLOWED_HELP,
            "count": MAX_ATTACHMENTS,
            "limit": limit,
        }
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]

    def prefecture_regions(self) -> list[dict]:
        """The target prefecture checkboxes grouped by region, each group with its whole-region checkbox."""
        regions = {widget.data["value"]: widget for widget in self["regions"]}
        groups: dict[str, dict[str, Any]] = {
            value: {"region": regions[value], "label": label, "prefectures": []} for value, label in Region.choices
        }
        for widget in self["target_prefectures"]:
            code = str(widget.data["value"])
            groups[REGION_OF_PREFECTURE[code[:2]]]["prefectures"].append(widget)
        return list(groups.values())

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        errors = []
        for upload in uploads:
            try:
                files.check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return uploads

    def clean(self):
        cleaned = super().clean()
        regions = cleaned.pop("regions", None) or []
        if regions and "target_prefectures" in cleaned:
            chosen = {prefecture.pk for prefecture in cleaned["target_prefectures"]}
            chosen |= {
                code
                for code in self.fields["target_prefectures"].queryset.values_list("code", flat=True)
                if REGION_OF_PREFECTURE[code[:2]] in regions
            }
            cleaned["target_prefectures"] = self.fields["target_prefectures"].queryset.filter(code__in=chosen)
        start, end = cleaned.get("distribution_start"), cleaned.get("distribution_end")
        if start and end and end < start:
            self.add_error("distribution_end", _("The distribution must end after it starts."))
        uploads = cleaned.get("attachments") or []
        if uploads:
            kept = 0
            if self.instance.pk:
                kept = self.instance.attachments.count() - len(cleaned.get("remove_attachments") or [])
            try:
                check_count(kept + len(uploads))
            except ValidationError as error:
                self.add_error("attachments", error)
        return cleaned


class BoardFilterForm(forms.Form):
    STATES = [("", _("All posts")), ("open", _("Open")), ("closed", _("Closed"))]

    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False, label=_("Category"))
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, label=_("Theme"))
    prefecture = forms.ModelChoiceField(
        queryset=LocalGovernment.objects.none(), required=False, label=_("Target prefecture"), widget=LongSelect
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("Posted by"), widget=LongSelect
    )
    state = forms.ChoiceField(choices=STATES, required=False, label=_("Status"))

    def __init__(self, *args, network, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(network=network)
        self.fields["category"].empty_label = _("All categories")
        self.fields["theme"].queryset = Theme.objects.filter(network=network)
        self.fields["theme"].empty_label = _("All themes")
        self.fields["prefecture"].queryset = (
            LocalGovernment.objects.prefectures().only("code", "name", "name_en").order_by("code")
        )
        self.fields["prefecture"].empty_label = _("All prefectures")
        # From the network's members and secretariat, not from every post (that reads the whole board).
        # Those who enter the members' area know the members: all of them are offered (the same list
        # for every post written). Anyone else is offered only the organisations of posts they may
        # read: a members-only post tells nobody else who wrote.
        members = Membership.objects.active().filter(network=network).values("organisation_id")
        authors = Organisation.objects.filter(Q(pk__in=members) | Q(pk=network.secretariat_id))
        if not as_audience(user).enters(network.pk):
            readable = Post.objects.visible_to(user, network_id=network.pk).filter(author_organisation=OuterRef("pk"))
            authors = authors.filter(Exists(readable))
        self.fields["organisation"].queryset = authors.only("pk", "name").order_by("name")
        self.fields["organisation"].empty_label = _("All organisations")
