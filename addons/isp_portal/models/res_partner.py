# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    isp_birth_date = fields.Date(
        string='Birth date', track_visibility='onchange',
        help='Changed from the portal only through a request the back '
             'office checks.')
    isp_mailing_address_id = fields.Many2one(
        'res.partner', string='Mailing address', ondelete='set null',
        help='Where letters go when it is not the fiscal address; the '
             'customer sets it in the portal.')
    isp_portal_contact_ids = fields.One2many(
        'isp.portal.contact', 'partner_id', string='E-mails and phones',
        help='Previous and pending e-mails and phones of the customer.')
