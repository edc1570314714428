from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.networks.models import Network
from renkei.search import registry

QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """What to search for, and in which kind of thing and which network."""

    q = forms.CharField(label=_("Search for"), max_length=QUERY_MAX_LENGTH, required=False, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.order_by("id"),
        to_field_name="slug",
        required=False,
        empty_label=_("All networks"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every kind the search registry knows, so events and news appear here once they register.
        kinds = [(kind.name, kind.label) for kind in registry.types().values()]
        self.fields["type"].choices = [("", _("Everything")), *kinds]
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.fields["q"].error_messages["max_length"] = _("Search for at most %(limit_value)d characters.")
