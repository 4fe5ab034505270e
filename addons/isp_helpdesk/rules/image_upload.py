# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Images that customers upload from the portal (ticket photos, payment
receipts): what is accepted and what is stored.

Plain Python (Pillow only, no odoo import), so every portal upload of the
suite uses the same rule and a table of cases tests it in milliseconds.

- Only PNG and JPEG are accepted, decided from the first bytes of the file
  (its magic number), never from its name or the type the browser sent.
  Any other format (WebP, TIFF, BMP, GIF, SVG, ...) never reaches a decoder:
  the Pillow 9.5.0 the suite runs on bundles libwebp 1.3.0 (CVE-2023-4863).
- The pixel count is read from the header before anything is decoded
  (``Image.open`` is lazy) and refused over a budget; Pillow's
  ``DecompressionBombWarning`` is turned into a refusal too.
- An accepted image is decoded and encoded again: text chunks, EXIF, ICC
  and comments are dropped (a ``<script>`` hidden in a PNG text chunk does
  not survive), the result fits within a side and a byte bound, and it is
  named ``<safe-stem>.png`` or ``<safe-stem>.jpg`` with the matching MIME
  type whatever name it came with.
"""
import collections
import io
import os
import re
import unicodedata
import warnings

from PIL import Image, ImageOps

PNG_MAGIC = b'\x89PNG\r\n\x1a\n'
JPEG_MAGIC = b'\xff\xd8\xff'

FORMAT_PNG = 'PNG'
FORMAT_JPEG = 'JPEG'
ALLOWED_FORMATS = (FORMAT_PNG, FORMAT_JPEG)
MIMETYPES = {FORMAT_PNG: 'image/png', FORMAT_JPEG: 'image/jpeg'}
EXTENSIONS = {FORMAT_PNG: '.png', FORMAT_JPEG: '.jpg'}

MEGABYTE = 1024 * 1024
#: a 24-megapixel phone photo fits; decoding it takes about 72 MB (RGB)
DEFAULT_MAX_PIXELS = 25000000
#: the longest side of a stored image; larger ones are scaled down
DEFAULT_MAX_SIDE = 2560
JPEG_QUALITY = 85

# refusal codes (the caller turns them into a translated message)
EMPTY = 'empty'
TOO_LARGE = 'too_large'
TOO_MANY_PIXELS = 'too_many_pixels'
NOT_AN_IMAGE = 'not_an_image'
BROKEN = 'broken'
TOO_MANY_FILES = 'too_many_files'

CleanImage = collections.namedtuple(
    'CleanImage', 'data mimetype filename format size')


class ImageRefused(ValueError):
    """An upload that is not accepted: ``code`` is one of the codes above,
    ``filename`` the name the customer gave it."""

    def __init__(self, code, filename=''):
        super(ImageRefused, self).__init__(code, filename)
        self.code = code
        self.filename = filename


def sniff_format(data):
    """``'PNG'`` or ``'JPEG'`` from the magic number of ``data``, else
    ``None``."""
    if not data:
        return None
    if data.startswith(PNG_MAGIC):
        return FORMAT_PNG
    if data.startswith(JPEG_MAGIC):
        return FORMAT_JPEG
    return None


def safe_stem(filename, default='image', max_length=60):
    """The name of ``filename`` without folders nor extension, reduced to
    ASCII letters, digits, ``-`` and ``_`` (never empty)."""
    base = re.split(r'[\\/]', filename or '')[-1]
    stem = os.path.splitext(base)[0] if '.' in base.lstrip('.') else base
    stem = unicodedata.normalize('NFKD', stem).encode(
        'ascii', 'ignore').decode('ascii')
    stem = re.sub(r'[^A-Za-z0-9_-]+', '-', stem).strip('-_')
    return stem[:max_length].strip('-_') or default


def check_count(count, max_count):
    """Raise ``ImageRefused(TOO_MANY_FILES)`` when more than ``max_count``
    files come in one request (0 or less: no limit)."""
    if max_count and max_count > 0 and count > max_count:
        raise ImageRefused(TOO_MANY_FILES)


def read_limited(stream, max_bytes, filename=''):
    """Read at most ``max_bytes`` from ``stream`` (a file object): raise
    ``ImageRefused(TOO_LARGE)`` when there is more, so a large upload is
    never held in memory whole."""
    if hasattr(stream, 'seekable') and stream.seekable():
        stream.seek(0)
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRefused(TOO_LARGE, filename)
    return data


def _open_header(data, filename, max_pixels):
    """Open ``data`` lazily (header only) as PNG or JPEG and check its
    pixel count before any decoding."""
    image = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRefused(BROKEN, filename)
    if width * height > max_pixels:
        raise ImageRefused(TOO_MANY_PIXELS, filename)
    return image


def _normalised(image, image_format):
    """The decoded image turned the right way up, in a mode its format
    stores, without any metadata."""
    image = ImageOps.exif_transpose(image)
    if image_format == FORMAT_JPEG:
        return image.convert('RGB')
    if image.mode not in ('1', 'L', 'LA', 'RGB', 'RGBA'):
        has_alpha = image.mode in ('P', 'PA') and \
            'transparency' in image.info or image.mode.endswith('A')
        image = image.convert('RGBA' if has_alpha else 'RGB')
    return image


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == FORMAT_JPEG:
        image.save(buffer, format=FORMAT_JPEG, quality=JPEG_QUALITY)
    else:
        image.save(buffer, format=FORMAT_PNG)
    return buffer.getvalue()


def clean_image(data, filename, max_bytes, max_pixels=DEFAULT_MAX_PIXELS,
                max_side=DEFAULT_MAX_SIDE):
    """Check and re-encode one uploaded image.

    ``data``: the bytes sent; ``filename``: the name the customer gave;
    ``max_bytes``: the largest upload accepted and the largest image stored.
    Return a ``CleanImage`` (bytes, MIME type, rebuilt name, format,
    ``(width, height)``) or raise ``ImageRefused``.
    """
    if not data:
        raise ImageRefused(EMPTY, filename)
    if max_bytes and len(data) > max_bytes:
        raise ImageRefused(TOO_LARGE, filename)
    image_format = sniff_format(data)
    if image_format is None:
        # nothing else is opened: WebP, TIFF, BMP, GIF, SVG... stop here
        raise ImageRefused(NOT_AN_IMAGE, filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            with _open_header(data, filename, max_pixels) as image:
                # a JPEG with extra frames (MPO) is a JPEG
                if image.format != image_format and not (
                        image_format == FORMAT_JPEG
                        and image.format == 'MPO'):
                    raise ImageRefused(NOT_AN_IMAGE, filename)
                image.load()
                clean = _normalised(image, image_format)
    except ImageRefused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageRefused(TOO_MANY_PIXELS, filename)
    except Exception:  # Pillow raises many kinds on a broken file
        raise ImageRefused(BROKEN, filename)
    if max(clean.size) > max_side:
        clean.thumbnail((max_side, max_side), Image.LANCZOS)
    encoded = _encode(clean, image_format)
    # a re-encoded PNG can outgrow its upload: halve until it fits
    while max_bytes and len(encoded) > max_bytes and min(clean.size) > 16:
        clean = clean.resize((max(clean.size[0] // 2, 1),
                              max(clean.size[1] // 2, 1)), Image.LANCZOS)
        encoded = _encode(clean, image_format)
    if max_bytes and len(encoded) > max_bytes:
        raise ImageRefused(TOO_LARGE, filename)
    return CleanImage(
        data=encoded, mimetype=MIMETYPES[image_format],
        filename=safe_stem(filename) + EXTENSIONS[image_format],
        format=image_format, size=clean.size)
