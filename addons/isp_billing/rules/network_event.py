# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The webhook of the network events: URL check, JSON body, signature.

Plain Python, no Odoo. The receiver recomputes the HMAC-SHA256 of the raw
body with the shared secret and compares it with the ``X-ISP-Signature``
header (``sha256=<hex>``), in constant time.
"""
import hashlib
import hmac
import json
from urllib.parse import urlsplit

SIGNATURE_HEADER = 'X-ISP-Signature'
# seconds before each retry of a failed call; one more try than retries
RETRY_BACKOFF = (60, 300, 900)
MAX_ATTEMPTS = len(RETRY_BACKOFF) + 1


def is_http_url(url):
    """True for an absolute http:// or https:// URL with a host."""
    try:
        parts = urlsplit((url or '').strip())
    except ValueError:
        return False
    return parts.scheme in ('http', 'https') and bool(parts.hostname)


def body(payload):
    """The raw body (bytes) of ``payload``: compact JSON, sorted keys."""
    return json.dumps(payload, sort_keys=True,
                      separators=(',', ':')).encode('utf-8')


def signature(raw_body, secret):
    """The ``X-ISP-Signature`` header value of ``raw_body``."""
    digest = hmac.new((secret or '').encode('utf-8'), raw_body,
                      hashlib.sha256).hexdigest()
    return 'sha256=%s' % digest


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failed call, or None when
    it was the last try."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return RETRY_BACKOFF[max(attempts, 1) - 1]
