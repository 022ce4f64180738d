"""The image upload form: a damaged file, or one that only starts like an image, gets the
form's own message instead of a server error."""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    """Wagtail's image field; whatever Pillow raises while reading the upload (a GIF
    header followed by nothing, a truncated PNG) is reported as "not an image"."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for damaged files
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    """``WAGTAILIMAGES_IMAGE_FORM_BASE``: every image upload in the admin goes through it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Built per form, as Wagtail builds its own: size limits come from the settings.
            wagtail_field = self.fields["file"]
            self.fields["file"] = CheckedImageField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
                initial=wagtail_field.initial,
            )
