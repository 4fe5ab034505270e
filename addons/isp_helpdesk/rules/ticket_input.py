# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks of what a customer sends from the portal: images and limits.

Plain Python. ``check_image`` reads the bytes with Pillow, so a file is an
image because of its content, not because of its name or the type the
browser announced.
"""
import io

from PIL import Image

IMAGE_OK = None
IMAGE_EMPTY = 'empty'
IMAGE_TOO_LARGE = 'too_large'
IMAGE_NOT_AN_IMAGE = 'not_an_image'

#: formats a phone camera or gallery produces and a browser shows
ALLOWED_FORMATS = ('JPEG', 'PNG', 'GIF', 'WEBP', 'BMP', 'TIFF', 'MPO')

MEGABYTE = 1024 * 1024


def check_image(data, max_megabytes):
    """Return ``(error, format)``: ``error`` is ``None`` when ``data`` is an
    image of an allowed format of at most ``max_megabytes`` MB (0 or less:
    no size limit), else one of the ``IMAGE_*`` codes."""
    if not data:
        return IMAGE_EMPTY, None
    if max_megabytes and max_megabytes > 0 \
            and len(data) > max_megabytes * MEGABYTE:
        return IMAGE_TOO_LARGE, None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds on foreign content
        return IMAGE_NOT_AN_IMAGE, None
    if image_format not in ALLOWED_FORMATS:
        return IMAGE_NOT_AN_IMAGE, image_format
    return IMAGE_OK, image_format


def daily_limit_reached(enabled, limit, count_today):
    """True when the customer may not open another ticket today."""
    if not enabled:
        return False
    return count_today >= max(limit or 0, 0)


def ticket_title(description, max_length=60):
    """A title for a ticket from the first line of its description."""
    lines = [line.strip() for line in (description or '').splitlines()]
    first = next((line for line in lines if line), '')
    if len(first) <= max_length:
        return first
    return first[:max_length - 1].rstrip() + '\u2026'
