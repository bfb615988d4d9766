"""Photos as evidence: checked, turned upright by their EXIF orientation, date taken read, and a
downscaled JPEG made for the report (long side ≤ 1600 px, no EXIF: no GPS position leaks).

Pillow does the work; nothing here touches the database.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, ImageOps, UnidentifiedImageError

from checklists.foundation import limits
from models.errors import EvidenceError

MAX_PHOTO_BYTES = limits.MAX_PHOTO_BYTES  # a phone photo is 2–12 MB
MAX_PIXELS = 100_000_000  # 100 MP; larger is a decompression bomb, not a photo
REPORT_LONG_SIDE = 1600
REPORT_QUALITY = 72
# A report with 50 photos stays under 15 MB: a copy over this budget is saved again at a lower
# quality (noisy low-light photos are the ones that need it).
REPORT_BUDGET_BYTES = 280 * 1024
REPORT_QUALITIES = (REPORT_QUALITY, 64, 56, 48, 40)
REPORT_SMALLER_SIDES = (1280, 1024, 800)  # pure noise still over budget: fewer pixels
FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF", "MPO")
_EXIF_IFD = 0x8769
_DATE_TAKEN = (36867, 36868, 306)  # DateTimeOriginal, DateTimeDigitized, DateTime


@dataclass(frozen=True)
class PreparedPhoto:
    """The report copy of a photo and what was read from the original."""

    report_jpeg: bytes
    width: int  # of the report copy, upright
    height: int
    taken_at: datetime | None


def _date_taken(image: Image.Image) -> datetime | None:
    try:
        exif = image.getexif()
    except Exception:  # a damaged EXIF block is no reason to refuse the photo
        return None
    sources = [exif.get_ifd(_EXIF_IFD), exif]
    for tag in _DATE_TAKEN:
        for source in sources:
            raw = source.get(tag)
            if isinstance(raw, bytes):
                raw = raw.decode("ascii", "replace")
            if isinstance(raw, str):
                try:
                    return datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
                except ValueError:
                    continue
    return None


def _refused(name: str, zh: str, en: str) -> EvidenceError:
    return EvidenceError(f"{name}：{zh}", f"{name}: {en}")


def too_large(name: str, size: int) -> EvidenceError:
    """The refusal of a photo over MAX_PHOTO_BYTES, with both sizes in MB."""
    return _refused(
        name,
        f"照片过大（{size / 1048576:.1f} MB，上限 {MAX_PHOTO_BYTES // 1048576} MB）",
        f"the photo is too large ({size / 1048576:.1f} MB, limit {MAX_PHOTO_BYTES // 1048576} MB)",
    )


def prepare_photo(data: bytes, name: str) -> PreparedPhoto:
    """Check ``data`` is a photo within the limits and make its report copy; EvidenceError otherwise."""
    if len(data) > MAX_PHOTO_BYTES:
        raise too_large(name, len(data))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise _refused(
                    name,
                    f"不支持的图片格式 {image.format}（可用 JPEG、PNG、WebP、BMP、GIF、TIFF）",
                    f"unsupported image format {image.format} (use JPEG, PNG, WebP, BMP, GIF, TIFF)",
                )
            if image.width * image.height > MAX_PIXELS:
                raise _refused(
                    name,
                    f"图片像素过多（{image.width}×{image.height}）",
                    f"the image has too many pixels ({image.width}×{image.height})",
                )
            taken = _date_taken(image)
            image.load()
            upright = ImageOps.exif_transpose(image)
        except EvidenceError:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombWarning,
            Image.DecompressionBombError,
        ):
            raise _refused(
                name,
                "不是可识别的图片文件（可用 JPEG、PNG、WebP、BMP、GIF、TIFF）",
                "not a recognised image file (use JPEG, PNG, WebP, BMP, GIF, TIFF)",
            ) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise _refused(
                name, f"图片已损坏，无法读取（{exc}）", f"the image is damaged ({exc})"
            ) from exc
    upright = upright.convert("RGB") if upright.mode != "RGB" else upright
    upright.thumbnail((REPORT_LONG_SIDE, REPORT_LONG_SIDE), Image.Resampling.LANCZOS)
    out = _within_budget(upright)
    upright = Image.open(io.BytesIO(out))
    return PreparedPhoto(out, upright.width, upright.height, taken)


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=False)
    return out.getvalue()


def _within_budget(image: Image.Image) -> bytes:
    """The JPEG at the best quality that fits REPORT_BUDGET_BYTES; smaller when none does."""
    for quality in REPORT_QUALITIES:
        data = _encode(image, quality)
        if len(data) <= REPORT_BUDGET_BYTES:
            return data
    for side in REPORT_SMALLER_SIDES:
        smaller = image.copy()
        smaller.thumbnail((side, side), Image.Resampling.LANCZOS)
        data = _encode(smaller, REPORT_QUALITIES[-1])
        if len(data) <= REPORT_BUDGET_BYTES:
            return data
    return data
