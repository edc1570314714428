"""Photos of news articles: real images, checked by their content (renkei.lib.files), with thumbnails."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from renkei.lib import files


def check_image(upload, field: str):
    """The checked upload when its content is a PNG, JPEG, GIF or WebP image, whatever its name.

    Raises ValidationError on ``field`` otherwise.
    """
    try:
        checked = files.check_upload(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if not checked.is_image:
        raise ValidationError(
            {field: _("%(name)s is not a photo: choose a PNG, JPEG, GIF or WebP image.") % {"name": checked.name}},
            code="not_image",
        )
    return checked


def save_image(image_field, thumbnail_field, checked) -> None:
    """Store the checked upload under a name nobody can guess, and its thumbnail beside it."""
    image_field.save(f"{uuid.uuid4().hex}.{files.EXTENSIONS[checked.content_type]}", checked.upload, save=False)
    thumbnail = files.thumbnail(files.read(checked.upload))
    if thumbnail is not None:
        thumbnail_field.save(thumbnail.name, thumbnail, save=False)


def delete_files(*fields) -> None:
    for field in fields:
        if field:
            field.storage.delete(field.name)
