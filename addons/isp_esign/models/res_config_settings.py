# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
    esign_tsa_url = fields.Char(
        related='company_id.esign_tsa_url',
    )
    esign_link_validity_days = fields.Integer(
        related='company_id.esign_link_validity_days',
    )
    esign_code_channel = fields.Selection(
        related='company_id.esign_code_channel',
    )
    esign_reminder_days = fields.Integer(
        related='company_id.esign_reminder_days',
    )
    esign_sms_gateway_id = fields.Many2one(
        related='company_id.sms_gateway_id',
    )
