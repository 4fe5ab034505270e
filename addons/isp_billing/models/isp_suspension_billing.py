# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.isp_crm.models.product_template import (
    ONE_OFF_SERVICE_TYPES, SERVICE_TYPES)


class IspSuspensionBilling(models.Model):
    """Whether the company bills the services of a type while they are
    suspended. A type without a line, or ticked, is billed (a suspension
    does not end the contract); unticked, the billing run leaves the
    suspended days out of the service's period, prorated by day."""
    _name = 'isp.suspension.billing'
    _description = 'ISP billing of suspended services'
    _order = 'company_id, service_type'
    _rec_name = 'service_type'

    service_type = fields.Selection(
        selection=SERVICE_TYPES,
        string='Service type',
        required=True,
        help='The ISP service type of the tariffs (product form, ISP '
             'tab).',
    )
    billed = fields.Boolean(
        string='Billed while suspended',
        default=True,
        help='Ticked: a suspended service of this type is billed as if it '
             'were active. Unticked: the days it is suspended (from the '
             'day of the suspension to the day before the reconnection) '
             'are left out of its billing period, prorated by day; its '
             'extra amounts and discounts too.',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        ondelete='cascade',
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.suspension.billing'),
    )

    _sql_constraints = [
        ('company_service_type_unique', 'unique(company_id, service_type)',
         'The company has already a line for this service type.'),
    ]

    @api.model
    def _isp_unbilled_service_types(self, company):
        """The service types ``company`` does not bill while suspended."""
        return set(self.sudo().search([
            ('company_id', '=', company.id),
            ('billed', '=', False),
        ]).mapped('service_type'))

    @api.model
    def _isp_setup_companies(self):
        """One line, billed, per recurring service type and company that
        has none (safe on every update): the list shows every type."""
        types = [key for key, _label in SERVICE_TYPES
                 if key not in ONE_OFF_SERVICE_TYPES]
        lines = self.sudo().with_context(active_test=False).search([])
        existing = {(line.company_id.id, line.service_type)
                    for line in lines}
        for company in self.env['res.company'].sudo().search([]):
            for service_type in types:
                if (company.id, service_type) not in existing:
                    self.sudo().create({'company_id': company.id,
                                        'service_type': service_type})
        return True
