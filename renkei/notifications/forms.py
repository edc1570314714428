from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from renkei.networks.models import Network, Theme
from renkei.notifications.models import DEFAULT_DELIVERY, Delivery, Follow, Kind
from renkei.registry.models import LocalGovernment


def _targets():
    # A board category is read through Follow's foreign key: this app names no model of the
    # apps whose news it delivers.
    categories = cast("type[Model]", Follow._meta.get_field("category").related_model)
    return {
        "network": Network.objects.all(),
        "category": categories._default_manager.select_related("network"),
        "theme": Theme.objects.select_related("network"),
        "prefecture": LocalGovernment.objects.filter(kind=LocalGovernment.Kind.PREFECTURE),
    }


class FollowForm(forms.Form):
    """A follow button: what to follow (or stop following), and where to go back to."""

    target = forms.ChoiceField(choices=[(name, name) for name in Follow.TARGETS])
    id = forms.CharField(max_length=20)  # prefectures are keyed by their code (01…47 + check digit)
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
    next = forms.CharField(required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if self.errors:
            raise forms.ValidationError(_("This cannot be followed."), code="invalid")
        try:
            data["obj"] = _targets()[data["target"]].filter(pk=data["id"]).first()
        except (ValueError, ValidationError):
            data["obj"] = None
        if data["obj"] is None:
            raise forms.ValidationError(_("This cannot be followed."), code="not_found")
        return data


class PrefectureFollowForm(forms.Form):
    id = forms.ModelChoiceField(
        queryset=LocalGovernment.objects.filter(kind=LocalGovernment.Kind.PREFECTURE).order_by("code"),
        label=_("Prefecture"),
        empty_label=_("Choose a prefecture"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id"].label_from_instance = lambda lg: lg.display_name


class PreferencesForm(forms.Form):
    """How each kind of notification reaches one person."""

    def __init__(self, *args, deliveries: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=deliveries.get(kind.value, DEFAULT_DELIVERY[kind]),
            )
