# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pushes of the SOAP connector: values as sent, their digest and
their idempotency key. Plain Python, no Odoo.

The key of a change is a hash of what is sent (operation, record, values)
chained to the key of the record's previous call of the same operation:
the same change twice gives the same digest (not queued again), and a
change back to earlier values gives a new key.
"""
import hashlib
import json


def clean(values):
    """``values`` with Odoo's False of empty fields as None (zeep leaves
    None out of the request), recursively."""
    if isinstance(values, dict):
        return {k: clean(v) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return [clean(v) for v in values]
    if values is False:
        return None
    return values


def digest(operation, model, res_id, values):
    """A hash of what a push sends (without its key)."""
    raw = json.dumps([operation, model, res_id, values], sort_keys=True,
                     default=str, separators=(',', ':'))
    return hashlib.sha256(raw.encode('utf-8')).hexdigest()


def idempotency_key(values_digest, previous_key=None):
    """The key of a change: its digest chained to the previous call's
    key of the same record and operation."""
    raw = '%s:%s' % (values_digest, previous_key or '')
    return hashlib.sha256(raw.encode('utf-8')).hexdigest()[:40]
