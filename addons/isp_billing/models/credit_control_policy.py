# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# set once the companies got the suite's default dunning policy
PARAM_POLICY_ASSIGNED = 'isp_billing.dunning_policy_assigned'


class CreditControlPolicy(models.Model):
    """OCA's credit control policy, with the customers who promised to
    pay and the invoices waiting for a new debit left out."""
    _inherit = 'credit.control.policy'

    @api.multi
    def _get_move_lines_to_process(self, controlling_date):
        lines = super(CreditControlPolicy, self)._get_move_lines_to_process(
            controlling_date)
        promised = self.env['res.partner']._isp_promised_partner_ids(
            controlling_date)
        return lines.filtered(
            lambda line: line.partner_id.commercial_partner_id.id
            not in promised and not line.invoice_id.isp_sdd_represent)

    @api.model
    def _isp_setup_company_policies(self):
        """Once per database, every company gets the suite's default
        dunning policy (instead of none or OCA's sample policy); a policy
        of a company without accounts gets the company's receivable
        accounts. Safe to run again: a policy chosen later is kept."""
        params = self.env['ir.config_parameter'].sudo()
        default = self.env.ref(
            'isp_billing.credit_control_policy_isp_default',
            raise_if_not_found=False)
        if default and not params.get_param(PARAM_POLICY_ASSIGNED):
            self.env['res.company'].search([]).write(
                {'credit_policy_id': default.id})
            params.set_param(PARAM_POLICY_ASSIGNED, '1')
        for company in self.env['res.company'].search(
                [('credit_policy_id', '!=', False)]):
            policy = company.credit_policy_id
            if not policy.account_ids:
                policy.account_ids = self.env['account.account'].search([
                    ('internal_type', '=', 'receivable'),
                    ('company_id', '=', company.id)])
        return True


class CreditControlPolicyLevel(models.Model):
    """A dunning level: OCA's level with an SMS channel, a suspension and
    a fee."""
    _inherit = 'credit.control.policy.level'

    channel = fields.Selection(
        selection_add=[('sms', 'SMS')],
    )
    isp_suspend = fields.Boolean(
        string='Suspends the services',
        help='At this level the customer\'s live services are suspended '
             '(on business days inside the company\'s hours only).',
    )
    isp_fee_product_id = fields.Many2one(
        comodel_name='product.product',
        string='Fee',
        ondelete='restrict',
        help='Billed with the customer\'s next invoice when the level is '
             'sent (at once, as an invoice, when no service runs).',
    )

    @api.constrains('channel', 'custom_text')
    def _check_isp_sms_text(self):
        for level in self:
            if level.channel == 'sms' and not (level.custom_text or
                                               '').strip():
                raise ValidationError(_(
                    'Level "%s" sends an SMS: write its text in "Custom '
                    'Message".') % level.name)
