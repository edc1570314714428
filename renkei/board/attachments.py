"""How many files a board post may carry; what each file is, is checked by renkei.lib.files."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENTS = 10


def check_count(count: int) -> None:
    """Raise ValidationError when a post would carry more than MAX_ATTACHMENTS files."""
    if count > MAX_ATTACHMENTS:
        raise ValidationError(
            _("A post may have at most %(max)d attachments.") % {"max": MAX_ATTACHMENTS}, code="too_many"
        )
