"""Photos on items and findings: the strip of thumbnails with add, drop and paste."""

from ui.photos.photo_strip import PhotoStrip

__all__ = ["PhotoStrip"]
