# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = 'helpdesk.ticket.category'

    isp_portal_offered = fields.Boolean(
        string='Offered in the portal',
        help="Customers can open tickets of this category from the portal.")
    isp_portal_description = fields.Text(
        string='Text for the customer', translate=True,
        help="Shown in the portal when the customer picks this category: "
             "what to check first, what to tell us.")
    isp_sla_ids = fields.One2many(
        'isp.helpdesk.sla', 'category_id', string='SLA')

    @api.model
    def _isp_portal_categories(self, company=None):
        company = company or self.env.user.company_id
        return self.search([
            ('isp_portal_offered', '=', True),
            '|', ('company_id', '=', False),
            ('company_id', '=', company.id)], order='name')
