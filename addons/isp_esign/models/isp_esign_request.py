# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

ESIGN_REQUEST_STATES = [
    ('draft', 'Draft'),
    ('sent', 'Sent'),
    ('opened', 'Opened'),
    ('signed', 'Signed'),
    ('refused', 'Refused'),
    ('expired', 'Expired'),
    ('cancelled', 'Cancelled'),
]

# states after which a request can no longer change
ESIGN_FINAL_STATES = ('signed', 'refused', 'expired', 'cancelled')


class IspEsignRequest(models.Model):
    _name = 'isp.esign.request'
    _description = 'Signature Request'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(
        string='Reference',
        required=True,
        copy=False,
        readonly=True,
        default='/',
        index=True,
    )
    res_model = fields.Char(
        string='Document Model',
        index=True,
    )
    res_id = fields.Integer(
        string='Document ID',
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Signer',
        required=True,
        index=True,
        track_visibility='onchange',
    )
    state = fields.Selection(
        selection=ESIGN_REQUEST_STATES,
        default='draft',
        required=True,
        copy=False,
        index=True,
        track_visibility='onchange',
    )
    date_expiry = fields.Date(
        string='Expiry Date',
        track_visibility='onchange',
    )

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'isp.esign.request') or '/'
        return super(IspEsignRequest, self).create(vals)

    @api.multi
    def action_send(self):
        for request in self:
            if request.state != 'draft':
                raise UserError(_(
                    'Signature request %s was already sent.') % request.name)
        self.write({'state': 'sent'})
        return True

    @api.multi
    def action_cancel(self):
        for request in self:
            if request.state in ESIGN_FINAL_STATES:
                raise UserError(_(
                    'Signature request %s is closed and cannot be '
                    'cancelled.') % request.name)
        self.write({'state': 'cancelled'})
        return True

    @api.multi
    def action_open_document(self):
        """Open the record that the signer is asked to sign."""
        self.ensure_one()
        if not self.res_model or not self.res_id:
            raise UserError(_(
                'Signature request %s is not linked to a document.')
                % self.name)
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
            'target': 'current',
        }
