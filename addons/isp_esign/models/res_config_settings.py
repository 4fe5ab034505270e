# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    esign_certificate = fields.Binary(
        related='company_id.esign_certificate',
        string='Seal Certificate',
    )
    esign_certificate_filename = fields.Char(
        related='company_id.esign_certificate_filename',
    )
    esign_certificate_password = fields.Char(
        related='company_id.esign_certificate_password',
        string='Certificate Password',
    )
    esign_certificate_info = fields.Char(
        related='company_id.esign_certificate_info',
        readonly=True,
    )
    esign_certificate_fingerprint = fields.Char(
        related='company_id.esign_certificate_fingerprint',
        readonly=True,
    )
    esign_tsa_url = fields.Char(
        related='company_id.esign_tsa_url',
    )
    esign_link_validity_days = fields.Integer(
        related='company_id.esign_link_validity_days',
    )
    esign_signed_link_days = fields.Integer(
        related='company_id.esign_signed_link_days',
    )
    esign_code_channel = fields.Selection(
        related='company_id.esign_code_channel',
    )
    esign_code_channel_required = fields.Boolean(
        related='company_id.esign_code_channel_required',
    )
    esign_reminder_days = fields.Integer(
        related='company_id.esign_reminder_days',
    )
    esign_sms_gateway_id = fields.Many2one(
        related='company_id.sms_gateway_id',
    )

    @api.model
    def create(self, vals):
        """A new certificate and its password are written to the company
        together: one after the other, the certificate check would see
        the new file with the old password."""
        if 'esign_certificate' in vals \
                and 'esign_certificate_password' in vals:
            vals = dict(vals)
            company = self.env['res.company'].browse(
                vals.get('company_id')) if vals.get('company_id') \
                else self.env.user.company_id
            company.write({
                'esign_certificate': vals.pop('esign_certificate'),
                'esign_certificate_password':
                vals.pop('esign_certificate_password'),
            })
        return super(ResConfigSettings, self).create(vals)

    @api.multi
    def set_values(self):
        """Settings are for administrators: ``set_values`` is callable
        over RPC on a settings record anyone can create."""
        if not self.env.user._is_superuser() \
                and not self.env.user.has_group('base.group_system'):
            raise AccessError(_(
                'Only administrators can change the e-signature settings.'))
        return super(ResConfigSettings, self).set_values()
