# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The provisioning system's HTTP callback: signature and replay window.

Plain Python, no Odoo. The sender signs ``<timestamp>.<nonce>.<raw body>``
with HMAC-SHA256 and the connector's callback secret, and sends:

- ``X-ISP-Timestamp``: seconds since the epoch (UTC) when it signed;
- ``X-ISP-Nonce``: a value it never sends twice (8 to 64 characters:
  letters, digits, ``-``, ``_``);
- ``X-ISP-Signature``: ``sha256=<hex digest>``.

Binding the timestamp and the nonce into the signed text keeps a replayer
from refreshing them.
"""
import hashlib
import hmac
import re

TIMESTAMP_HEADER = 'X-ISP-Timestamp'
NONCE_HEADER = 'X-ISP-Nonce'
SIGNATURE_HEADER = 'X-ISP-Signature'
# seconds a signed callback stays acceptable, either way of the clock
WINDOW = 300

NONCE_RE = re.compile(r'^[A-Za-z0-9_-]{8,64}$')

# reasons a callback is refused
BAD_SIGNATURE = 'bad_signature'
STALE = 'stale'
BAD_NONCE = 'bad_nonce'


def signed_text(timestamp, nonce, raw_body):
    """The bytes that are signed."""
    return ('%s.%s.' % (timestamp, nonce)).encode('utf-8') + raw_body


def signature(secret, timestamp, nonce, raw_body):
    """The ``X-ISP-Signature`` header value."""
    digest = hmac.new((secret or '').encode('utf-8'),
                      signed_text(timestamp, nonce, raw_body),
                      hashlib.sha256).hexdigest()
    return 'sha256=%s' % digest


def check(secret, timestamp, nonce, sent_signature, raw_body, now):
    """Why the callback is refused (one of the reasons above), or None
    when it is signed with ``secret`` and fresh at ``now`` (seconds since
    the epoch). Whether the nonce was seen before is the caller's part."""
    if not secret or not sent_signature or not timestamp or not nonce:
        return BAD_SIGNATURE
    if not NONCE_RE.match(nonce):
        return BAD_NONCE
    expected = signature(secret, timestamp, nonce, raw_body)
    if not hmac.compare_digest(expected.encode('utf-8'),
                               sent_signature.encode('utf-8')):
        return BAD_SIGNATURE
    try:
        sent_at = int(timestamp)
    except ValueError:
        return STALE
    if abs(now - sent_at) > WINDOW:
        return STALE
    return None
