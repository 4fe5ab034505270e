# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = 'res.partner'

    isp_payment_promise_count = fields.Integer(
        string='Payment promises',
        compute='_compute_isp_payment_promise_count',
        groups='isp_billing.group_isp_billing_user',
    )

    @api.multi
    def _compute_isp_payment_promise_count(self):
        groups = self.env['isp.payment.promise'].read_group(
            [('partner_id', 'in', self.mapped('commercial_partner_id').ids)],
            ['partner_id'], ['partner_id'])
        counts = {g['partner_id'][0]: g['partner_id_count'] for g in groups}
        for partner in self:
            partner.isp_payment_promise_count = counts.get(
                partner.commercial_partner_id.id, 0)
