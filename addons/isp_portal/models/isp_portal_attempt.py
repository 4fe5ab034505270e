# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tries of the anonymous account pages (first access, password reset),
counted per visitor's IP address and per customer key, to throttle them.

Only the controllers write and read them, as superuser, before they look
for the customer; nobody else has access."""
from datetime import timedelta

from odoo import api, fields, models

ATTEMPT_KINDS = [
    ('first_access', 'First access'),
    ('reset_password', 'Password reset'),
    ('info_request', 'Information request'),
]
MAX_ATTEMPTS = 5
WINDOW = timedelta(hours=1)
# tries older than this are deleted when a new one is recorded
KEEP = timedelta(days=1)


class IspPortalAttempt(models.Model):
    _name = 'isp.portal.attempt'
    _description = 'Portal access try'
    _order = 'date desc, id desc'
    _log_access = False

    kind = fields.Selection(ATTEMPT_KINDS, required=True, index=True)
    key = fields.Char(
        required=True, index=True,
        help='"ip:<address>" or "id:<customer code or login>"')
    date = fields.Datetime(required=True, index=True)

    @api.model
    def _isp_is_throttled(self, kind, keys, now=None):
        """True when one of ``keys`` was tried ``MAX_ATTEMPTS`` times or
        more within the last ``WINDOW`` before ``now``."""
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        since = fields.Datetime.to_string(now - WINDOW)
        for key in keys:
            if self.search_count([
                    ('kind', '=', kind), ('key', '=', key),
                    ('date', '>', since)]) >= MAX_ATTEMPTS:
                return True
        return False

    @api.model
    def _isp_register(self, kind, keys, now=None):
        """Record one try of each key, and delete the tries older than
        ``KEEP``."""
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        self.env.cr.execute(
            'DELETE FROM isp_portal_attempt WHERE date < %s',
            (fields.Datetime.to_string(now - KEEP),))
        for key in keys:
            self.create({'kind': kind, 'key': key,
                         'date': fields.Datetime.to_string(now)})
        return True

    @api.model
    def _isp_try(self, kind, keys, now=None):
        """Record a try of ``keys`` unless one is throttled; True when the
        try may go on."""
        if self._isp_is_throttled(kind, keys, now=now):
            return False
        self._isp_register(kind, keys, now=now)
        return True
