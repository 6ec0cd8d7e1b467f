"""Profile photos: checked, squared, shrunk and re-encoded with Pillow.

Re-encoding from the pixels drops everything else the upload carried: EXIF (camera, GPS
position, date), ICC and XMP blocks, and any payload hidden after the image data.
"""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs long before Pillow's own limit
SIDE = 256
FORMATS = {"JPEG", "PNG", "WEBP"}


def photo_normalise(upload: IO[bytes], size: int) -> bytes:
    """A square JPEG of SIDE pixels without metadata, or a ValidationError saying what is wrong."""
    if size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."))
    try:
        with Image.open(upload) as probe:
            if probe.format not in FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP photo."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            upright = ImageOps.exif_transpose(original)  # the orientation the camera meant
            square = ImageOps.fit(upright.convert("RGB"), (SIDE, SIDE), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("That file is not a photo we can read.")) from exc
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
