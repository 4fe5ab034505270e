# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class IspContractCondition(models.Model):
    """The conditions a contract is signed with: the text of the contract
    conditions document, per offer (or general, for every offer)."""
    _name = 'isp.contract.condition'
    _description = 'Contract Conditions'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    body = fields.Html(
        string='Conditions', translate=True, sanitize=True,
        help='The text of the conditions, printed in the contract '
             'conditions document in the language of the customer.')
    product_tmpl_ids = fields.Many2many(
        comodel_name='product.template',
        relation='isp_contract_condition_product_tmpl_rel',
        column1='condition_id', column2='product_tmpl_id',
        string='Offers',
        help='The offers these conditions apply to; empty: the general '
             'conditions, for the contracts of any other offer.')
    company_id = fields.Many2one(
        comodel_name='res.company', string='Company',
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.contract.condition'))
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)

    @api.model
    def _find_for(self, templates, company):
        """The active conditions of ``company`` (or of no company) that
        apply to one of ``templates`` (``product.template``), else the
        general ones; the company's own first, then by sequence."""
        domain = ['|', ('company_id', '=', False),
                  ('company_id', '=', company.id)]
        conditions = self.search(domain)

        def key(condition):
            return (condition.company_id != company, condition.sequence,
                    condition.id)
        if templates:
            specific = conditions.filtered(
                lambda c: c.product_tmpl_ids & templates)
            if specific:
                return specific.sorted(key=key)[0]
        general = conditions.filtered(lambda c: not c.product_tmpl_ids)
        return general.sorted(key=key)[:1]
