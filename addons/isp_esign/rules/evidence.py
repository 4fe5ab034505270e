# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Evidence of a signature: hashes, the event chain, one-time codes.

Plain Python, no Odoo.

Canonical JSON
    ``json.dumps`` with sorted keys, no spaces, UTF-8 (not ASCII-escaped):
    the same entry always gives the same bytes.

Hash chain
    Each event's hash is ``SHA-256(previous hash + canonical JSON of the
    event)`` in hexadecimal; the first event's previous hash is
    ``GENESIS_HASH`` (64 zeros). Changing, removing or reordering an event
    breaks its own hash or the link of the next one.

One-time codes
    6 digits from ``secrets``, stored as an HMAC keyed with a server secret
    and the request, valid ``CODE_VALIDITY`` after sending, resent at most
    once per ``CODE_RESEND_DELAY``, locked after ``CODE_MAX_ATTEMPTS``
    wrong codes.
"""
import base64
import binascii
import datetime
import hashlib
import hmac
import io
import json
import secrets
import struct
import warnings

GENESIS_HASH = '0' * 64
TOKEN_BYTES = 32
CODE_DIGITS = 6
CODE_VALIDITY = datetime.timedelta(minutes=10)
CODE_RESEND_DELAY = datetime.timedelta(seconds=60)
CODE_MAX_ATTEMPTS = 5
CODE_VERIFIED_VALIDITY = datetime.timedelta(minutes=30)

# the drawn signature: a PNG (decided from its bytes), at most this big
SIGNATURE_MAX_BYTES = 2 * 1024 * 1024
SIGNATURE_MAX_PIXELS = 4000 * 2000
SIGNED_NAME_MAX_LENGTH = 128
PNG_MAGIC = b'\x89PNG\r\n\x1a\n'
IMAGE_NOT_PNG = 'not_png'
IMAGE_TOO_LARGE = 'too_large'
IMAGE_UNREADABLE = 'unreadable'

PROBLEM_PREVIOUS = 'previous_hash'
PROBLEM_HASH = 'hash'


def canonical_json(entry):
    """The canonical bytes of a JSON-serialisable ``entry``."""
    return json.dumps(entry, sort_keys=True, separators=(',', ':'),
                      ensure_ascii=False).encode('utf-8')


def sha256_hex(data):
    """Hexadecimal SHA-256 of bytes or text (text is UTF-8 encoded)."""
    if data is None:
        data = b''
    if isinstance(data, str):
        data = data.encode('utf-8')
    return hashlib.sha256(data).hexdigest()


def chain_hash(previous_hash, entry):
    """Hash of ``entry`` chained to ``previous_hash``."""
    return sha256_hex(previous_hash.encode('ascii') + canonical_json(entry))


def build_chain(entries, previous_hash=GENESIS_HASH):
    """``[(previous hash, hash)]`` of ``entries`` chained in order."""
    links = []
    for entry in entries:
        current = chain_hash(previous_hash, entry)
        links.append((previous_hash, current))
        previous_hash = current
    return links


def verify_chain(links):
    """Problems of a stored chain.

    ``links`` is a list of ``(entry, stored previous hash, stored hash)``
    in order. Returns ``[(index, problem)]``: ``PROBLEM_PREVIOUS`` when the
    stored previous hash is not the hash of the entry before it,
    ``PROBLEM_HASH`` when the entry's recomputed hash differs from the
    stored one. An empty list means the chain is intact.
    """
    problems = []
    expected_previous = GENESIS_HASH
    for index, (entry, previous_hash, stored_hash) in enumerate(links):
        if previous_hash != expected_previous:
            problems.append((index, PROBLEM_PREVIOUS))
        if chain_hash(previous_hash or '', entry) != stored_hash:
            problems.append((index, PROBLEM_HASH))
        expected_previous = stored_hash
    return problems


def new_token():
    """A URL-safe token of ``TOKEN_BYTES`` random bytes."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    """What is stored of a token: its SHA-256."""
    return sha256_hex(token or '')


def new_code():
    """A one-time code of ``CODE_DIGITS`` digits."""
    return ''.join(secrets.choice('0123456789')
                   for _index in range(CODE_DIGITS))


def code_hash(secret, salt, code):
    """HMAC-SHA-256 of ``code`` keyed with ``secret`` and ``salt``."""
    key = ('%s:%s' % (secret, salt)).encode('utf-8')
    return hmac.new(key, (code or '').strip().encode('utf-8'),
                    hashlib.sha256).hexdigest()


def code_matches(secret, salt, code, stored_hash):
    """Whether ``code`` is the code whose hash is ``stored_hash``."""
    if not stored_hash or not code:
        return False
    return hmac.compare_digest(code_hash(secret, salt, code), stored_hash)


def code_expired(date_sent, now, validity=CODE_VALIDITY):
    """Whether a code sent at ``date_sent`` is too old at ``now``."""
    return date_sent is None or now > date_sent + validity


def resend_wait(date_sent, now, delay=CODE_RESEND_DELAY):
    """Seconds to wait at ``now`` before a new code may be sent."""
    if date_sent is None:
        return 0
    remaining = (date_sent + delay - now).total_seconds()
    return max(0, int(remaining + 0.999))


def decode_image(value):
    """Bytes of a base64 image, with or without a ``data:`` prefix.

    Returns ``b''`` for an empty or undecodable value, and for a value
    too long to be a signature (checked before decoding)."""
    if not value:
        return b''
    if len(value) > SIGNATURE_MAX_BYTES * 4 // 3 + 64:
        return b''
    if isinstance(value, bytes):
        value = value.decode('ascii', 'replace')
    if value.startswith('data:'):
        value = value.split(',', 1)[-1]
    try:
        return base64.b64decode(value.strip(), validate=False)
    except (binascii.Error, ValueError):
        return b''


class ImageError(ValueError):
    """An image that is refused; ``code`` says why."""

    def __init__(self, code):
        super(ImageError, self).__init__(code)
        self.code = code


def png_size(data):
    """``(width, height)`` of PNG bytes read from the IHDR chunk (without
    decoding anything); raise ``ImageError`` when it is not a PNG."""
    if not data or not data.startswith(PNG_MAGIC) or len(data) < 24 \
            or data[12:16] != b'IHDR':
        raise ImageError(IMAGE_NOT_PNG)
    return struct.unpack('>II', data[16:24])


def clean_signature_png(data, max_pixels=SIGNATURE_MAX_PIXELS,
                        max_bytes=SIGNATURE_MAX_BYTES):
    """The drawn signature re-encoded as a fresh PNG.

    Only PNG is accepted, decided from the bytes; the pixel budget is
    checked on the header before the image is decoded, and Pillow's
    decompression-bomb warning is an error. Raises ``ImageError``."""
    from PIL import Image
    if len(data or b'') > max_bytes:
        raise ImageError(IMAGE_TOO_LARGE)
    width, height = png_size(data)
    if not width or not height or width * height > max_pixels:
        raise ImageError(IMAGE_TOO_LARGE)
    with warnings.catch_warnings():
        warnings.simplefilter('error', Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format != 'PNG':
                raise ImageError(IMAGE_NOT_PNG)
            if image.size[0] * image.size[1] > max_pixels:
                raise ImageError(IMAGE_TOO_LARGE)
            image.load()
        except ImageError:
            raise
        except (Image.DecompressionBombWarning,
                Image.DecompressionBombError):
            raise ImageError(IMAGE_TOO_LARGE)
        except Exception:  # Pillow raises many kinds on bad data
            raise ImageError(IMAGE_UNREADABLE)
    if image.mode not in ('RGBA', 'RGB', 'LA', 'L'):
        image = image.convert('RGBA')
    output = io.BytesIO()
    image.save(output, format='PNG', optimize=True)
    return output.getvalue()


def is_blank_image(data):
    """Whether image bytes are empty, unreadable or of one colour."""
    if not data:
        return True
    from PIL import Image
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception:  # Pillow raises many kinds on bad data
        return True
    extrema = image.convert('RGBA').getextrema()
    # transparent everywhere: nothing drawn, whatever the colour channels
    if extrema[3][1] == 0:
        return True
    return all(low == high for low, high in extrema)
