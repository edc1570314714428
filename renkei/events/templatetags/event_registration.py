"""The registration box of an event's page: the form, one's own ticket, or why registering is not possible."""

from django import template

from renkei.events.registration import own_registration, registration_problem
from renkei.events.registration_forms import RegistrationForm

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_box(context, event) -> dict:
    """What events/_registration.html shows for the viewer: ``problem``, ``mine`` (their registration), ``form``."""
    user = context["request"].user
    if not event.registration_required:
        return {"needed": False}
    problem = registration_problem(event=event, user=user)
    mine = own_registration(event, user)
    form = None if problem else RegistrationForm(event=event, user=user, registered=mine is not None)
    if form is not None and mine is not None and not form.colleagues_exist():
        form = None  # registered, and nobody else to register
    return {"needed": True, "problem": problem, "mine": mine, "form": form}
