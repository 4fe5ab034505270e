# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero

from ..rules import billing_period as period_rules

# defines the mixin the contract inherits below (before this file's class)
from . import isp_invoice_delivery_mixin  # noqa: F401 pylint: disable=W0611

# a context value no JSON-RPC call can give (it is no JSON value): the
# contract bank wizard's own change of the bank data of a signed contract
CONTRACT_AMENDMENT_KEY = 'isp_contract_amendment'
CONTRACT_AMENDMENT = object()


class SaleOrder(models.Model):
    """ISP contracts: the billing data signed with them, the subscriptions
    their confirmation creates, and how their invoices are sent (a contract
    can send them otherwise than its customer's other invoices: another
    address, the link instead of the PDF)."""
    _name = 'sale.order'
    _inherit = ['sale.order', 'isp.invoice.delivery.mixin']

    isp_billing_cycle_day = fields.Integer(
        string='Billing cycle day', default=1, readonly=True,
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        help='Day of the month the billing periods of the services start '
             '(1 to 28).')
    isp_billing_mode = fields.Selection(
        period_rules.BILLING_MODES, string='Billing mode',
        default=period_rules.MODE_PREPAID, readonly=True,
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]})
    isp_payment_mode_id = fields.Many2one(
        'account.payment.mode', string='Payment mode', readonly=True,
        domain=[('payment_type', '=', 'inbound')], ondelete='restrict',
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]})
    isp_mandate_required = fields.Boolean(
        related='isp_payment_mode_id.payment_method_id.mandate_required',
        readonly=True)
    isp_mandate_id = fields.Many2one(
        'account.banking.mandate', string='Direct debit mandate',
        readonly=True, ondelete='restrict',
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        help='The mandate the customer signed with the contract: billing '
             'uses it, whatever the partner form says later.')
    isp_bank_account_id = fields.Many2one(
        'res.partner.bank', string='Bank account', readonly=True,
        ondelete='restrict',
        states={'draft': [('readonly', False)], 'sent': [('readonly', False)]},
        help='The bank account signed with the contract: billing debits '
             'it, whatever the partner form says later.')
    isp_subscription_ids = fields.One2many(
        'isp.subscription', 'order_id', string='Subscriptions',
        readonly=True)
    isp_subscription_count = fields.Integer(
        string='Subscription count', compute='_compute_isp_subscription_count')
    isp_billed_by_runs = fields.Boolean(
        string='Billed by the billing runs',
        compute='_compute_isp_billed_by_runs',
        help='An ISP contract with services the billing runs invoice: '
             'Odoo\'s "Create Invoice" is not offered for it.')
    isp_invoice_delivery_override = fields.Boolean(
        string='Own invoice delivery',
        copy=True,
        help='The invoices of this contract are sent with the settings '
             'below instead of the customer\'s.',
    )

    @api.depends('isp_subscription_ids')
    def _compute_isp_subscription_count(self):
        for order in self:
            order.isp_subscription_count = len(order.isp_subscription_ids)

    @api.depends('isp_is_contract', 'order_line.product_id')
    def _compute_isp_billed_by_runs(self):
        for order in self:
            order.isp_billed_by_runs = bool(
                order.isp_is_contract
                and order.order_line._isp_billed_by_runs())

    @api.constrains('isp_billing_cycle_day')
    def _check_isp_billing_cycle_day(self):
        for order in self:
            if not period_rules.is_valid_cycle_day(
                    order.isp_billing_cycle_day):
                raise ValidationError(_(
                    'Contract %(name)s: a billing cycle day of %(day)s does '
                    'not exist in every month. Choose a day from %(min)s to '
                    '%(max)s.') % {
                        'name': order.name,
                        'day': order.isp_billing_cycle_day,
                        'min': period_rules.CYCLE_DAY_MIN,
                        'max': period_rules.CYCLE_DAY_MAX,
                })

    @api.onchange('isp_mandate_id')
    def _onchange_isp_mandate_id(self):
        if self.isp_mandate_id.partner_bank_id:
            self.isp_bank_account_id = self.isp_mandate_id.partner_bank_id

    @api.onchange('isp_invoice_delivery_override')
    def _onchange_isp_invoice_delivery_override(self):
        """Start from the customer's settings."""
        if self.isp_invoice_delivery_override and \
                not self.isp_invoice_delivery_emails:
            customer = self.partner_id.commercial_partner_id
            self.isp_invoice_delivery = customer.isp_invoice_delivery
            self.isp_invoice_delivery_mode = \
                customer.isp_invoice_delivery_mode
            self.isp_invoice_delivery_emails = \
                customer.isp_invoice_delivery_emails

    @api.multi
    def action_confirm(self):
        # the subscriptions are created as superuser below: only a user
        # who may change the orders confirms them
        self.check_access_rights('write')
        self.check_access_rule('write')
        result = super(SaleOrder, self).action_confirm()
        # the subscriptions follow from a confirmation the user was allowed
        # to make: created as superuser, so that a back-office user without
        # billing rights can confirm contracts
        self.filtered('isp_is_contract').sudo()._isp_create_subscriptions()
        return result

    @api.multi
    def action_invoice_create(self, grouped=False, final=False):
        # the billing runs invoice the services of ISP contracts, period by
        # period: their lines have nothing to invoice here (only other
        # products of the contract are invoiced by Odoo)
        self.filtered(lambda order: not any(
            not float_is_zero(line.qty_to_invoice,
                              precision_rounding=line.product_uom.rounding)
            for line in order.order_line))._isp_check_not_billed_by_runs()
        return super(SaleOrder, self).action_invoice_create(
            grouped=grouped, final=final)

    @api.multi
    def _isp_check_not_billed_by_runs(self):
        """Refuse to invoice an ISP contract outside the billing runs."""
        contracts = self.filtered('isp_billed_by_runs')
        if contracts:
            raise UserError(_(
                'The billing runs invoice the services of the contracts '
                '%s, period by period: they cannot be invoiced from the '
                'order. Bill them with a billing run (Invoicing > Billing '
                'runs).') % ', '.join(contracts.mapped('name')))
        return True

    @api.multi
    def action_isp_view_subscriptions(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref('isp_billing.isp_subscription_action').read()[0]
        action['domain'] = [('order_id', '=', self.id)]
        action['context'] = {}
        return action

    @api.multi
    def _isp_create_subscriptions(self):
        """One pending subscription per recurring service of the contract
        lines (bundles expanded into their components); lines with one-off
        services (or bundles with one-off components) are flagged for the
        billing run. Safe to run again: what exists is
        not created twice."""
        Subscription = self.env['isp.subscription']
        created = Subscription
        for order in self:
            for line in order.order_line:
                if line._isp_oneoff_charges() and not line.isp_is_oneoff:
                    line.isp_is_oneoff = True
                existing = line.isp_subscription_ids.mapped('product_id')
                for values in order._prepare_isp_subscription_values(line):
                    if values['product_id'] in existing.ids:
                        continue
                    created |= Subscription.create(values)
        return created

    @api.multi
    def _prepare_isp_subscription_values(self, line):
        """Values of the subscriptions ``line`` gives. A bundle's price is
        shared among its components in proportion to their list prices."""
        self.ensure_one()
        pairs = line._isp_subscription_products()
        if not pairs:
            return []
        common = self._prepare_isp_subscription_common_values(line)
        prices = self._isp_component_prices(line, pairs, line.price_unit)
        result = []
        for (product, quantity), price in zip(pairs, prices):
            values = dict(common)
            values.update({
                'product_id': product.id,
                'quantity': quantity,
                'price_unit': price,
            })
            result.append(values)
        return result

    @api.multi
    def _isp_component_prices(self, line, pairs, price_unit):
        """The unit price of each of ``pairs`` (product, quantity) that
        ``line`` gives, for the line's unit price ``price_unit``: a
        bundle's price is shared among its components in proportion to
        their list prices."""
        self.ensure_one()
        if not line.product_id.isp_is_bundle:
            return [price_unit]
        digits = self.env['decimal.precision'].precision_get('Product Price')
        shares = period_rules.split_amount(
            price_unit,
            [product.lst_price * quantity for product, quantity in pairs],
            digits)
        return [share * line.product_uom_qty / quantity
                for share, (_product, quantity) in zip(shares, pairs)]

    @api.multi
    def _prepare_isp_subscription_common_values(self, line):
        self.ensure_one()
        return {
            'partner_id': self.partner_id.id,
            'sale_line_id': line.id,
            'discount': line.discount,
            'company_id': self.company_id.id,
            'billing_cycle_day': self.isp_billing_cycle_day,
            'billing_mode': self.isp_billing_mode,
            'payment_mode_id': self.isp_payment_mode_id.id,
            'mandate_id': self.isp_mandate_id.id,
            'bank_account_id': (
                self.isp_bank_account_id
                or self.isp_mandate_id.partner_bank_id).id,
            'state': 'pending',
        }
