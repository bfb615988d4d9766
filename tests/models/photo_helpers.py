"""Photos the tests make: a JPEG like a phone's (EXIF orientation and date taken)."""

from __future__ import annotations

import io
import random

from PIL import Image


def phone_jpeg(
    width: int = 2400, height: int = 1800, *, orientation: int = 6, seed: int = 1
) -> bytes:
    """A landscape sensor image stored sideways with EXIF orientation ``orientation`` and a date."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (rng.randrange(256), 120, 60))
    # Noise so it compresses like a photo, not like a flat colour.
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, noise, 0.35)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[36867] = "2021:11:05 09:30:00"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()
