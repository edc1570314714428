"""Registering through the API: POST /api/v1/events/{id}/registrations for the signed-in person."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from renkei.accounts.api_auth import request_user
from renkei.events.access import visible_event
from renkei.events.registration import Registrant, registration_create, ticket_url
from renkei.organisations.models import Organisation

router = Router(tags=["events"])


class RegistrationIn(Schema):
    name: str = Field("", max_length=100, description="Defaults to the account's name")
    name_kana: str = Field("", max_length=100)
    department: str = Field("", max_length=200)
    answers: dict[str, str | int | float | bool] = Field(
        default_factory=dict, description="Answers to the event's registration questions, by question id"
    )


class RegistrationOut(Schema):
    id: int
    status: str = Field(description="confirmed or waitlisted")
    ticket_url: str


class Problem(Schema):
    detail: str | dict


@router.post(
    "/{event_id}/registrations",
    response={201: RegistrationOut, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Register the signed-in person for an event",
)
def create_registration(request, event_id: int, data: RegistrationIn):
    """Registers the requester (session or `Authorization: Bearer`) under their account's email, confirmed while
    seats remain, then on the waiting list. 401 when not signed in, 404 for an event the requester may not see,
    403 when only members may register, 409 when already registered, 422 when registration is closed, the event
    is full without a waiting list, or an answer is wrong."""
    user = request_user(request)
    if not user.is_authenticated:
        raise HttpError(401, _("Sign in, or send an API token, to register."))
    event = visible_event(user, event_id, writing=True)
    # Their first organisation, and only what the registration keeps of it.
    organisation = Organisation.objects.filter(staff__user=user).only("pk", "name").order_by("staff__id").first()
    registrant = Registrant(
        name=data.name or user.name or user.email,
        email=user.email,
        name_kana=data.name_kana or user.name_kana,
        department=data.department,
        user=user,
        organisation=organisation,
        organisation_name=organisation.name if organisation else "",
    )
    try:
        registration = registration_create(
            event=event,
            registrant=registrant,
            registered_by=user,
            answers=data.answers,
            language=translation.get_language(),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            # Wrong answers, by form field name (q_<question id>).
            return Status(422, {"detail": error.message_dict})
        code = error.code or ""
        status = 409 if code == "already_registered" else 403 if code in ("members_only", "sign_in") else 422
        return Status(status, {"detail": " ".join(error.messages)})
    return Status(201, {"id": registration.pk, "status": registration.status, "ticket_url": ticket_url(registration)})
