# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The e-mails and phones of a customer, kept when a new one comes.

The current e-mail and phone stay on the partner (``email``, ``phone``),
where the rest of Odoo reads them. A new e-mail waits for the customer to
confirm it from the link sent to it; once applied, it becomes the
partner's e-mail and the previous one stays here, marked old, until the
customer removes it."""
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import consteq

KINDS = [('email', 'E-mail'), ('phone', 'Phone')]
STATES = [
    ('pending', 'To confirm'),
    ('confirmed', 'Confirmed, to check'),
    ('current', 'Current'),
    ('old', 'Old'),
]
TOKEN_VALIDITY = timedelta(hours=48)


class IspPortalContact(models.Model):
    _name = 'isp.portal.contact'
    _description = 'E-mail or phone of a customer'
    _order = 'partner_id, kind, state, id desc'

    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True,
        ondelete='cascade')
    kind = fields.Selection(KINDS, required=True)
    value = fields.Char(required=True)
    state = fields.Selection(STATES, required=True, default='pending')
    token = fields.Char(copy=False, groups='base.group_system')
    date_token = fields.Datetime(copy=False, groups='base.group_system')

    @api.model
    def _isp_new_token(self):
        return secrets.token_urlsafe(32)

    @api.multi
    def _isp_token_matches(self, token, now=None):
        """True when ``token`` is this e-mail's confirmation token and was
        issued less than ``TOKEN_VALIDITY`` ago."""
        self.ensure_one()
        record = self.sudo()
        if not token or not record.token or not record.date_token:
            return False
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        issued = fields.Datetime.from_string(record.date_token)
        return consteq(token, record.token) and \
            now - issued <= TOKEN_VALIDITY

    @api.multi
    def _isp_make_current(self):
        """This e-mail or phone becomes the partner's; the one it replaces
        stays, marked old."""
        for contact in self:
            partner = contact.partner_id
            field = 'email' if contact.kind == 'email' else 'phone'
            previous = partner[field]
            if previous and previous != contact.value:
                current = self.search([
                    ('partner_id', '=', partner.id),
                    ('kind', '=', contact.kind), ('value', '=', previous),
                    ('state', '=', 'current')], limit=1)
                if current:
                    current.state = 'old'
                else:
                    self.create({'partner_id': partner.id,
                                 'kind': contact.kind, 'value': previous,
                                 'state': 'old'})
            contact.write({'state': 'current', 'token': False})
            partner.write({field: contact.value})
            partner.message_post(body=_(
                'New %(kind)s from the portal: %(value)s (the previous one '
                'is kept as old).') % {
                    'kind': dict(KINDS)[contact.kind].lower(),
                    'value': contact.value})
        return True
