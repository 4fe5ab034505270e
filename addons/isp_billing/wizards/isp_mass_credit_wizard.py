# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .billing_user import check_billing_user
from ..rules import billing_period as period_rules

_logger = logging.getLogger(__name__)


class IspMassCreditWizard(models.TransientModel):
    """Credit every prepaid customer whose subscription ended inside an
    invoiced period: one draft credit note per customer with the unused
    days. Safe to run twice: a period is credited once (see
    ``isp.subscription.credit``), also when a migration refunded it or
    chose to keep it."""
    _name = 'isp.mass.credit.wizard'
    _description = 'ISP mass credit notes'

    cycle_day = fields.Integer(
        string='Billing cycle day',
        required=True,
        default=1,
    )
    date = fields.Date(
        string='Any day of the period',
        required=True,
        default=fields.Date.context_today,
        help='The billing period of the cycle day that contains this '
             'date is credited.',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.mass.credit.wizard'),
    )

    @api.constrains('cycle_day')
    def _check_cycle_day(self):
        for wizard in self:
            if not period_rules.is_valid_cycle_day(wizard.cycle_day):
                raise ValidationError(_(
                    'A billing cycle day of %(day)s does not exist in every '
                    'month. Choose a day from %(min)s to %(max)s.') % {
                        'day': wizard.cycle_day,
                        'min': period_rules.CYCLE_DAY_MIN,
                        'max': period_rules.CYCLE_DAY_MAX,
                })

    @api.multi
    def _period(self):
        self.ensure_one()
        return period_rules.period_of(self.date, self.cycle_day)

    @api.multi
    def _subscription_domain(self):
        """Prepaid subscriptions of the cycle that ended inside the period
        before its last day."""
        self.ensure_one()
        start, end = self._period()
        return [
            ('company_id', '=', self.company_id.id),
            ('billing_cycle_day', '=', self.cycle_day),
            ('billing_mode', '=', period_rules.MODE_PREPAID),
            ('state', '=', 'terminated'),
            ('date_end', '>=', fields.Date.to_string(start)),
            ('date_end', '<', fields.Date.to_string(end)),
        ]

    @api.multi
    def _items_by_partner(self):
        self.ensure_one()
        Credit = self.env['isp.subscription.credit']
        start = fields.Date.to_string(self._period()[0])
        result = {}
        for subscription in self.env['isp.subscription'].search(
                self._subscription_domain(), order='partner_id, id'):
            date_from = fields.Date.to_string(period_rules.to_date(
                subscription.date_end) + period_rules.ONE_DAY)
            items = [item for item in Credit._refundable_items(
                subscription, date_from)
                if item['period'].date_start == start]
            if items:
                result.setdefault(subscription.partner_id, []).extend(items)
        return result

    @api.multi
    def action_create_credit_notes(self):
        """Create the credit notes, one savepoint per customer: a failing
        customer is logged and skipped. Opens the credit notes created."""
        self.ensure_one()
        check_billing_user(self.env)
        Credit = self.env['isp.subscription.credit']
        invoices = self.env['account.invoice']
        skipped = []
        for partner, items in sorted(self._items_by_partner().items(),
                                     key=lambda pair: pair[0].id):
            try:
                with self.env.cr.savepoint():
                    invoices |= Credit._create_credit_note(
                        partner, items, fields.Date.context_today(self),
                        _('Mass credit notes, cycle day %s') % self.cycle_day)
            except Exception as error:  # pylint: disable=broad-except
                message = getattr(error, 'name', None) or str(error)
                _logger.warning('Mass credit notes skipped %s: %s',
                                partner.display_name, message)
                skipped.append(partner.display_name)
        action = self.env.ref('account.action_invoice_tree1').read()[0]
        action.update({
            'name': _('Credit notes created'),
            'domain': [('id', 'in', invoices.ids)],
            'context': {'create': False, 'type': 'out_refund'},
        })
        if skipped:
            action['help'] = _('Skipped (see the server log): %s') % (
                ', '.join(skipped))
        return action
