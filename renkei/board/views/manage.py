"""The secretariat's page for the board's categories and the network's themes."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.board.interaction_forms import CategoryFormSet, ThemeFormSet
from renkei.networks.access import get_network_for_secretariat


def categories_edit(request, slug: str):
    """Both lists on one page, saved together: all rows or none."""
    network = get_network_for_secretariat(request, slug)
    data = request.POST if request.method == "POST" else None
    categories = CategoryFormSet(data, instance=network, prefix="categories")
    themes = ThemeFormSet(data, instance=network, prefix="themes")
    if request.method == "POST":
        if categories.is_valid() and themes.is_valid():
            try:
                with transaction.atomic():
                    categories.save()
                    themes.save()
            except IntegrityError:
                # Two themes swapping names pass the form checks but not the database's, row by row.
                messages.error(request, _("Nothing was saved: two themes would have the same name."))
            else:
                messages.success(request, _("The categories and themes were saved."))
                return redirect(request.path)
        else:
            messages.error(request, _("Nothing was saved. Correct the errors shown below."))
    sections = [
        (_("Categories"), _("Add a category"), categories),
        (_("Themes"), _("Add a theme"), themes),
    ]
    context = {"network": network, "sections": sections}
    return render(request, "board/categories.html", context, status=400 if request.method == "POST" else 200)
