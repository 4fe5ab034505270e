# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero
from odoo.addons import decimal_precision as dp
from odoo.addons.isp_crm.rules import penalty as penalty_rules

from ..rules import billing_period as period_rules
from ..rules import campaign as campaign_rules
from ..rules import catch_up as catch_up_rules
from ..rules import suspension_billing as suspension_rules

SUBSCRIPTION_STATES = [
    ('pending', 'Pending activation'),
    ('active', 'Active'),
    ('active_nonbillable', 'Active, not billable'),
    ('suspended', 'Suspended'),
    ('rejected', 'Rejected'),
    ('terminated', 'Terminated'),
]

# state reached by each action -> states it can be reached from
SUBSCRIPTION_TRANSITIONS = {
    'active': ('pending', 'suspended', 'active_nonbillable'),
    'active_nonbillable': ('pending', 'active', 'suspended'),
    'suspended': ('active', 'active_nonbillable'),
    'rejected': ('pending',),
    'terminated': ('pending', 'active', 'active_nonbillable', 'suspended'),
}

# (state before, state after) -> kind of network event
NETWORK_EVENT_TRANSITIONS = {
    ('active', 'suspended'): 'suspend',
    ('active_nonbillable', 'suspended'): 'suspend',
    ('suspended', 'active'): 'reconnect',
    ('suspended', 'active_nonbillable'): 'reconnect',
}


class IspSubscription(models.Model):
    _name = 'isp.subscription'
    _description = 'ISP Subscription'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(
        string='Reference',
        required=True,
        copy=False,
        readonly=True,
        default='/',
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        required=True,
        index=True,
        ondelete='cascade',
        track_visibility='onchange',
    )
    product_id = fields.Many2one(
        comodel_name='product.product',
        string='Service',
        required=True,
        domain=[('sale_ok', '=', True)],
        track_visibility='onchange',
    )
    product_name = fields.Char(
        related='product_id.name',
        string='Service name',
        readonly=True,
    )
    quantity = fields.Float(
        digits=dp.get_precision('Product Unit of Measure'),
        default=1.0,
        required=True,
    )
    price_unit = fields.Float(
        string='Unit Price',
        digits=dp.get_precision('Product Price'),
        track_visibility='onchange',
    )
    discount = fields.Float(
        string='Discount (%)',
        digits=dp.get_precision('Discount'),
        track_visibility='onchange',
    )
    campaign_months = fields.Integer(
        string='Campaign months',
        compute='_compute_campaign',
        store=True,
        readonly=True,
        help='Months the campaign price of the contract applies from the '
             'start of the service (0: no campaign end).',
    )
    price_regular = fields.Float(
        string='Tariff price',
        digits=dp.get_precision('Product Price'),
        compute='_compute_campaign',
        store=True,
        readonly=True,
        help='Unit price billed, with no discount, from the end of the '
             'campaign on.',
    )
    date_campaign_end = fields.Date(
        string='Campaign end',
        compute='_compute_date_campaign_end',
        store=True,
        help='First day billed at the tariff price: the start of the '
             'service plus the campaign months.',
    )
    adjustment_ids = fields.One2many(
        comodel_name='isp.subscription.adjustment',
        inverse_name='subscription_id',
        string='Extra amounts and discounts',
        copy=True,
    )
    charge_ids = fields.One2many(
        comodel_name='isp.subscription.charge',
        inverse_name='subscription_id',
        string='Charges for the next invoice',
    )
    suspension_ids = fields.One2many(
        comodel_name='isp.subscription.suspension',
        inverse_name='subscription_id',
        string='Suspensions',
        readonly=True,
        copy=False,
    )
    period_ids = fields.One2many(
        comodel_name='isp.subscription.period',
        inverse_name='subscription_id',
        string='Invoiced periods',
        readonly=True,
        copy=False,
    )
    sale_line_id = fields.Many2one(
        comodel_name='sale.order.line',
        string='Contract line',
        readonly=True,
        copy=False,
        index=True,
        ondelete='restrict',
    )
    order_id = fields.Many2one(
        comodel_name='sale.order',
        string='Contract',
        related='sale_line_id.order_id',
        store=True,
        readonly=True,
        index=True,
    )
    state = fields.Selection(
        selection=SUBSCRIPTION_STATES,
        default='pending',
        required=True,
        copy=False,
        index=True,
        track_visibility='onchange',
    )
    isp_suspension_reason = fields.Text(
        string='Suspension reason',
        copy=False,
        track_visibility='onchange',
        help='Why the service is suspended (the dunning writes the overdue '
             'invoices and the level).',
    )
    isp_date_suspension = fields.Datetime(
        string='Suspended on',
        copy=False,
        readonly=True,
    )
    date_start = fields.Date(
        string='Start Date',
        track_visibility='onchange',
    )
    date_end = fields.Date(
        string='End Date',
        copy=False,
        track_visibility='onchange',
    )
    date_commitment_end = fields.Date(
        string='Commitment end',
        compute='_compute_date_commitment_end',
        store=True,
        help='First day free of commitment: the activation date plus the '
             'commitment months of the tariff.',
    )
    billing_cycle_day = fields.Integer(
        default=1,
        required=True,
        track_visibility='onchange',
        help='Day of the month the billing periods start (1 to 28).',
    )
    billing_mode = fields.Selection(
        selection=period_rules.BILLING_MODES,
        default=period_rules.MODE_PREPAID,
        required=True,
        track_visibility='onchange',
    )
    payment_mode_id = fields.Many2one(
        comodel_name='account.payment.mode',
        domain=[('payment_type', '=', 'inbound')],
        ondelete='restrict',
        track_visibility='onchange',
    )
    mandate_required = fields.Boolean(
        related='payment_mode_id.payment_method_id.mandate_required',
        readonly=True,
    )
    mandate_id = fields.Many2one(
        comodel_name='account.banking.mandate',
        string='Direct debit mandate',
        readonly=True,
        ondelete='restrict',
        track_visibility='onchange',
        help='The mandate signed with the contract. Change it with '
             '"Change bank data" on the contract, never from the partner '
             'form.',
    )
    bank_account_id = fields.Many2one(
        comodel_name='res.partner.bank',
        string='Bank account',
        readonly=True,
        ondelete='restrict',
        track_visibility='onchange',
        help='The bank account signed with the contract: billing debits '
             'this account, whatever the partner form says later.',
    )
    bank_acc_number = fields.Char(
        string='Account number',
        readonly=True,
        track_visibility='onchange',
        help='The account number as signed with the contract.',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.subscription'),
    )

    # -- dunning ----------------------------------------------------------
    # suspension by the dunning and reconnection (by the payment job or by
    # hand); states change only through ``_change_state``
    isp_suspended_by_dunning = fields.Boolean(
        string='Suspended by dunning',
        readonly=True,
        copy=False,
        index=True,
    )
    isp_state_before_suspension = fields.Selection(
        selection=SUBSCRIPTION_STATES,
        string='State before the suspension',
        readonly=True,
        copy=False,
    )
    isp_suspension_invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        relation='isp_subscription_suspension_invoice_rel',
        column1='subscription_id',
        column2='invoice_id',
        string='Overdue invoices',
        readonly=True,
        copy=False,
        help='The invoices whose dunning suspended the service: once they '
             'are all paid the service is reconnected.',
    )

    _sql_constraints = [
        ('sale_line_product_unique', 'unique(sale_line_id, product_id)',
         'A contract line gives only one subscription per service.'),
    ]

    @api.depends('date_start', 'product_id.isp_commitment_months')
    def _compute_date_commitment_end(self):
        for subscription in self:
            date_end = penalty_rules.commitment_end(
                subscription.date_start,
                subscription.product_id.isp_commitment_months)
            subscription.date_commitment_end = (
                date_end and fields.Date.to_string(date_end))

    @api.depends('sale_line_id.isp_campaign_id',
                 'sale_line_id.isp_campaign_months',
                 'sale_line_id.isp_price_regular', 'product_id')
    def _compute_campaign(self):
        """The campaign the contract line was sold with: its months and
        the tariff's price of this subscription (a bundle's regular price
        shared among its components like its price)."""
        for subscription in self:
            line = subscription.sale_line_id
            if not line.isp_campaign_id:
                subscription.campaign_months = 0
                subscription.price_regular = 0.0
                continue
            pairs = line._isp_subscription_products()
            prices = line.order_id._isp_component_prices(
                line, pairs, line.isp_price_regular)
            subscription.campaign_months = line.isp_campaign_months
            subscription.price_regular = next(
                (price for (product, _quantity), price in zip(pairs, prices)
                 if product == subscription.product_id), 0.0)

    @api.depends('date_start', 'campaign_months')
    def _compute_date_campaign_end(self):
        for subscription in self:
            date_end = campaign_rules.campaign_end(
                subscription.date_start, subscription.campaign_months)
            subscription.date_campaign_end = (
                date_end and fields.Date.to_string(date_end))

    @api.constrains('billing_cycle_day')
    def _check_billing_cycle_day(self):
        for subscription in self:
            if not period_rules.is_valid_cycle_day(
                    subscription.billing_cycle_day):
                raise ValidationError(_(
                    'Subscription %(name)s: a billing cycle day of '
                    '%(day)s does not exist in every month. Choose a day '
                    'from %(min)s to %(max)s.') % {
                        'name': subscription.name,
                        'day': subscription.billing_cycle_day,
                        'min': period_rules.CYCLE_DAY_MIN,
                        'max': period_rules.CYCLE_DAY_MAX,
                })

    @api.constrains('price_unit', 'state')
    def _check_price(self):
        digits = self.env['decimal.precision'].precision_get('Product Price')
        for subscription in self:
            if subscription.state == 'active_nonbillable':
                continue
            if float_is_zero(subscription.price_unit,
                             precision_digits=digits):
                raise ValidationError(_(
                    'Subscription %s has no price: enter its unit price, '
                    'or make it "Active, not billable" if it is never '
                    'invoiced.') % subscription.name)

    @api.constrains('payment_mode_id', 'mandate_id')
    def _check_mandate(self):
        for subscription in self:
            if subscription.mandate_required and not subscription.mandate_id:
                raise ValidationError(_(
                    'Subscription %(name)s is paid by "%(mode)s", which '
                    'needs a direct debit mandate: attach the mandate '
                    'signed by the customer or choose another payment '
                    'mode.') % {
                        'name': subscription.name,
                        'mode': subscription.payment_mode_id.name,
                })

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for subscription in self:
            date_start = fields.Date.from_string(subscription.date_start)
            date_end = fields.Date.from_string(subscription.date_end)
            if date_start and date_end and date_end < date_start:
                raise ValidationError(_(
                    'The end date of subscription %s cannot be earlier '
                    'than its start date.') % subscription.name)

    @api.onchange('product_id')
    def _onchange_product_id(self):
        if self.product_id:
            self.price_unit = self.product_id.lst_price

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if not vals.get('price_unit') and vals.get('product_id'):
            vals['price_unit'] = self.env['product.product'].browse(
                vals['product_id']).lst_price
        vals.setdefault('price_unit', 0.0)
        if vals.get('bank_account_id') and 'bank_acc_number' not in vals:
            vals['bank_acc_number'] = self.env['res.partner.bank'].browse(
                vals['bank_account_id']).acc_number
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'isp.subscription') or '/'
        return super(IspSubscription, self).create(vals)

    @api.multi
    def action_activate(self):
        """Button: activate today; billing starts today, prorated by the
        billing run. A reactivated subscription keeps its start."""
        return self._activate()

    @api.multi
    def action_activate_nonbillable(self):
        """Button: activate a service that is never invoiced
        (company-internal)."""
        return self._activate_nonbillable()

    @api.multi
    def _activate(self, *, date_start=None):
        """Activate; billing starts on ``date_start`` (a date or its
        string, today by default). A reactivated subscription keeps its
        start."""
        self._change_state('active')
        self._set_date_start(date_start)
        return True

    @api.multi
    def _activate_nonbillable(self, *, date_start=None):
        """Activate a service that is never invoiced, from ``date_start``
        (today by default)."""
        self._change_state('active_nonbillable')
        self._set_date_start(date_start)
        return True

    @api.multi
    def _change_bank_account(self, bank_account, mandate=None):
        """The explicit way to change the bank data signed with the
        contract: ``bank_account`` (res.partner.bank) and the ``mandate``
        that covers it (the mandate's account when only a mandate is given).
        Reached through the contract's "Change bank data" wizard, which
        checks the new data first."""
        if mandate and not bank_account:
            bank_account = mandate.partner_bank_id
        for subscription in self:
            partner = subscription.partner_id.commercial_partner_id
            if bank_account and (bank_account.partner_id.commercial_partner_id
                                 != partner):
                raise UserError(_(
                    'Bank account %(account)s belongs to %(owner)s, not to '
                    '%(customer)s: choose an account of the customer.') % {
                        'account': bank_account.acc_number,
                        'owner': bank_account.partner_id.display_name,
                        'customer': partner.display_name,
                })
        self.write({
            'bank_account_id': bank_account.id if bank_account else False,
            'bank_acc_number': bank_account.acc_number if bank_account
            else False,
            'mandate_id': mandate.id if mandate else False,
        })
        return True

    @api.multi
    def _set_date_start(self, date=None):
        date = date or fields.Date.context_today(self)
        if not isinstance(date, str):
            date = fields.Date.to_string(date)
        self.filtered(lambda s: not s.date_start).write({'date_start': date})

    @api.multi
    def action_suspend(self):
        self._change_state('suspended')
        return True

    @api.multi
    def action_reject(self):
        self._change_state('rejected')
        return True

    @api.multi
    def action_terminate(self):
        self._change_state('terminated')
        for subscription in self.filtered(lambda s: not s.date_end):
            subscription.date_end = fields.Date.context_today(self)
        return True

    @api.multi
    def _change_state(self, new_state, date=None):
        """Move the subscriptions to ``new_state`` or explain why not.

        Emit a network event for each subscription that is suspended or
        reconnected, and record the suspension (``suspension_ids``): a
        suspension opens one on ``date`` (a date or its string, today by
        default), a reconnection closes it on ``date``. The reason is the
        context's ``isp_state_reason``, else the subscription's suspension
        reason (written before the change by the dunning), else who did
        it."""
        before = {subscription.id: subscription.state
                  for subscription in self}
        allowed = SUBSCRIPTION_TRANSITIONS[new_state]
        labels = dict(self._fields['state']._description_selection(self.env))
        for subscription in self:
            if subscription.state not in allowed:
                raise UserError(_(
                    'Subscription %(name)s is "%(state)s": it cannot '
                    'become "%(new_state)s".') % {
                        'name': subscription.name,
                        'state': labels[subscription.state],
                        'new_state': labels[new_state],
                })
        self.write({'state': new_state})
        # -- network events --
        reason = self.env.context.get('isp_state_reason')
        for subscription in self:
            kind = NETWORK_EVENT_TRANSITIONS.get(
                (before[subscription.id], new_state))
            if kind:
                event_reason = reason or (
                    kind == 'suspend' and subscription.isp_suspension_reason
                ) or subscription._isp_default_event_reason(kind)
                subscription._isp_record_suspension(kind, event_reason, date)
                subscription._isp_emit_network_event(kind, event_reason)

    @api.multi
    def _isp_record_suspension(self, kind, reason, date=None):
        """Open (``kind`` 'suspend') or close ('reconnect') the
        subscription's suspension on ``date`` (today by default). A
        terminated service's suspension stays open: its days up to the end
        of the service are suspended."""
        self.ensure_one()
        date = date or fields.Date.context_today(self)
        if not isinstance(date, str):
            date = fields.Date.to_string(date)
        Suspension = self.env['isp.subscription.suspension'].sudo()
        opened = Suspension.search([('subscription_id', '=', self.id),
                                    ('date_end', '=', False)])
        if kind == 'suspend':
            if not opened:
                Suspension.create({
                    'subscription_id': self.id,
                    'date_start': date,
                    'reason': reason,
                    'by_dunning': self.isp_suspended_by_dunning,
                })
            return True
        for suspension in opened:
            suspension.write({
                'date_end': max(date, suspension.date_start),
                'reconnection_reason': reason,
            })
        return True

    # ------------------------------------------------------------------
    # what a billing run invoices (a ``_prepare_*`` step per subscription)
    # ------------------------------------------------------------------

    @api.multi
    def _isp_invoiced_period_starts(self, cache=None):
        """The start dates (strings) of the periods of the subscription
        already invoiced; ``cache``: the batch reads of the run's chunk
        (``ChunkCache``)."""
        self.ensure_one()
        if cache is not None:
            return cache.invoiced_period_starts(self)
        return set(self.env['isp.subscription.period'].search(
            [('subscription_id', '=', self.id)]).mapped('date_start'))

    @api.multi
    def _isp_periods_to_invoice(self, date, cache=None):
        """Periods of the subscription a billing run of ``date`` invoices,
        oldest first: up to the period ``date`` covers for its billing
        mode, every period missing since the last one invoiced (see
        ``rules/catch_up.py``); never a period already invoiced."""
        self.ensure_one()
        target = period_rules.invoiced_period(
            date, self.billing_cycle_day, self.billing_mode)
        return catch_up_rules.periods_to_invoice(
            target, self.date_start, self.date_end,
            self._isp_invoiced_period_starts(cache))

    @api.multi
    def _prepare_isp_invoice_items(self, run, partner, fiscal_position,
                                   cache=None):
        """The invoice items of the subscription in ``run``: per period to
        invoice, the service prorated to the days it runs (in two parts
        when the campaign price ends in the period), and its extra amounts
        and discounts. Dicts with the invoice group ``key``, the
        ``line_vals``, the ``subscription`` and the ``period`` (and the
        ``adjustment``)."""
        self.ensure_one()
        rounding = run.company_id.currency_id.round
        key = run._invoice_group_key(partner, self, cache=cache)
        suspensions = self._isp_unbilled_suspensions(cache=cache)
        items = []
        for period in self._isp_periods_to_invoice(run.date, cache=cache):
            # the days billed: from the activation, up to the end
            label = run._period_label(partner, period_rules.days_billed(
                period, self.date_start, self.date_end) or period,
                cache=cache)
            parts = campaign_rules.period_parts(
                period, self.date_start, self.date_end,
                self.date_campaign_end)
            for first, last, in_campaign in parts:
                price_unit, discount = self._isp_billed_price(in_campaign)
                part_label = label if len(parts) == 1 else \
                    run._period_label(partner, (first, last), cache=cache)
                suspended = suspensions and suspension_rules.suspended_days(
                    first, last, suspensions)
                if suspended:
                    part_label = run._suspended_label(
                        partner, part_label, suspended, cache=cache)
                line_vals = run._prepare_invoice_line_values(
                    partner, self.product_id,
                    run._line_name(partner, self.product_id, part_label,
                                   cache=cache),
                    self.quantity, suspension_rules.prorated_amount(
                        price_unit, period, first, last, suspensions,
                        rounding=rounding),
                    discount=discount, fiscal_position=fiscal_position,
                    cache=cache)
                # the contract line counts the invoices that bill it
                if self.sale_line_id:
                    line_vals['sale_line_ids'] = [
                        (6, 0, self.sale_line_id.ids)]
                items.append({
                    'key': key,
                    'subscription': self,
                    'period': period,
                    'line_vals': line_vals,
                })
            for adjustment in self._isp_adjustments_in_period(period):
                items.append({
                    'key': key,
                    'subscription': self,
                    'period': period,
                    'adjustment': adjustment,
                    'line_vals': run._prepare_invoice_line_values(
                        partner, self.product_id,
                        run._line_name(partner, adjustment.name, label,
                                       cache=cache),
                        1.0, self._isp_adjustment_amount(
                            adjustment, period, rounding,
                            suspensions=suspensions),
                        fiscal_position=fiscal_position, cache=cache),
                })
        return items

    @api.multi
    def _isp_billed_price(self, in_campaign=True):
        """(unit price, discount) billed for days ``in_campaign`` (the
        contract's price) or after the campaign's end (the tariff's price,
        no discount)."""
        self.ensure_one()
        if in_campaign or not self.date_campaign_end:
            return self.price_unit, self.discount
        return self.price_regular, 0.0

    @api.multi
    def _isp_adjustments_in_period(self, period):
        """The extra amounts and discounts that run in ``period``."""
        self.ensure_one()
        start = fields.Date.to_string(period[0])
        end = fields.Date.to_string(period[1])
        return self.adjustment_ids.filtered(
            lambda a: (not a.date_from or a.date_from <= end)
            and (not a.date_to or a.date_to >= start))

    @api.multi
    def _isp_adjustment_amount(self, adjustment, period, rounding,
                               suspensions=()):
        """``adjustment`` for the days both it and the service run in
        ``period``, less the days of ``suspensions`` (those not billed,
        see ``_isp_unbilled_suspensions``)."""
        self.ensure_one()
        dates_from = [d for d in (self.date_start, adjustment.date_from)
                      if d]
        dates_to = [d for d in (self.date_end, adjustment.date_to) if d]
        days = period_rules.days_billed(
            period, max(dates_from) if dates_from else None,
            min(dates_to) if dates_to else None)
        if not days:
            return period_rules.prorate(
                adjustment.amount, 0, period_rules.period_days(period),
                rounding)
        return suspension_rules.prorated_amount(
            adjustment.amount, period, days[0], days[1], suspensions or (),
            rounding=rounding)

    @api.multi
    def _isp_unbilled_suspensions(self, cache=None):
        """The suspensions whose days the billing run leaves out of the
        subscription, as ``(start, end)`` tuples of
        ``rules/suspension_billing.py``: its suspensions when the company
        does not bill its service type while suspended
        (``isp.suspension.billing``), else none. ``cache``: the batch
        reads of the run's chunk (``ChunkCache``)."""
        self.ensure_one()
        service_type = self.product_id.isp_service_type
        if not service_type:
            return []
        if cache is not None:
            if service_type not in cache.unbilled_service_types():
                return []
            return cache.suspensions(self)
        if service_type not in self.env[
                'isp.suspension.billing']._isp_unbilled_service_types(
                    self.company_id):
            return []
        return self.env['isp.subscription.suspension'].search(
            [('subscription_id', '=', self.id)],
            order='date_start, id')._isp_billing_tuples()

    # -- dunning ----------------------------------------------------------

    @api.multi
    def action_isp_reconnect_wizard(self):
        """Button: open the manual reconnection (a reason is required)."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        return {
            'type': 'ir.actions.act_window',
            'name': _('Reconnect'),
            'res_model': 'isp.reconnect.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_subscription_ids': [(6, 0, self.ids)]},
        }

    @api.multi
    def _isp_dunning_suspend(self, invoices, level, moment):
        """Suspend the live subscriptions among these for the overdue
        ``invoices`` at dunning ``level`` (``moment``: a datetime string,
        UTC). Subscriptions already suspended by the dunning add the
        invoices; those suspended by hand stay as they are. Returns the
        subscriptions suspended now."""
        reason = _('Dunning level "%(level)s": invoices %(invoices)s '
                   'overdue.') % {
            'level': level.name,
            'invoices': ', '.join(invoices.mapped(
                lambda i: i.number or i.display_name)),
        }
        suspended = self.browse()
        for subscription in self:
            if subscription.state == 'suspended':
                if subscription.isp_suspended_by_dunning:
                    subscription.isp_suspension_invoice_ids = [
                        (4, invoice.id) for invoice in invoices]
                continue
            if subscription.state not in ('active', 'active_nonbillable'):
                continue
            subscription.write({
                'isp_suspension_reason': reason,
                'isp_date_suspension': moment,
                'isp_suspended_by_dunning': True,
                'isp_state_before_suspension': subscription.state,
                'isp_suspension_invoice_ids': [(6, 0, invoices.ids)],
            })
            subscription._change_state(
                'suspended', date=subscription._isp_local_date(moment))
            subscription.message_post(
                body=_('Suspended by the dunning: %s') % reason,
                subtype='mail.mt_note')
            suspended |= subscription
        return suspended

    @api.multi
    def _isp_reconnect(self, reason, bill_fee=True, date=None):
        """Reactivate these suspended subscriptions (to the state they had
        before) for ``reason``; with ``bill_fee``, the company's
        reconnection fee goes, once per customer, on the next invoice of
        one of them. Returns the charges created."""
        if not reason or not reason.strip():
            raise UserError(_('Give the reason of the reconnection.'))
        charges = self.env['isp.subscription.charge']
        not_suspended = self.filtered(lambda s: s.state != 'suspended')
        if not_suspended:
            raise UserError(_(
                'Only suspended services can be reconnected: %s is not '
                'suspended.') % ', '.join(not_suspended.mapped('name')))
        for subscription in self:
            # the network event and the suspension record say why
            subscription.with_context(
                isp_state_reason=self.env.context.get('isp_state_reason')
                or reason)._change_state(
                    subscription.isp_state_before_suspension or 'active',
                    date=date)
            subscription.write({
                'isp_suspension_reason': False,
                'isp_date_suspension': False,
                'isp_suspended_by_dunning': False,
                'isp_state_before_suspension': False,
                'isp_suspension_invoice_ids': [(5, 0, 0)],
            })
            subscription.message_post(
                body=_('Reconnected: %s') % reason, subtype='mail.mt_note')
        if bill_fee:
            for partner in self.mapped('partner_id.commercial_partner_id'):
                subscriptions = self.filtered(
                    lambda s: s.partner_id.commercial_partner_id == partner)
                charges |= subscriptions[:1]._isp_bill_reconnection_fee(
                    reason, date)
        return charges

    @api.multi
    def _isp_local_date(self, moment):
        """The day of ``moment`` (a UTC datetime or its string) in the
        time zone of the company's address (None without a moment)."""
        self.ensure_one()
        if not moment:
            return None
        if isinstance(moment, str):
            moment = fields.Datetime.from_string(moment)
        company = self.company_id or self.env.user.company_id
        return fields.Date.context_today(
            self.with_context(tz=company.partner_id.tz or 'UTC'), moment)

    @api.multi
    def _isp_bill_reconnection_fee(self, reason, date=None):
        """The company's reconnection fee on this subscription's next
        invoice (no charge when the company has no fee product)."""
        self.ensure_one()
        product = self.company_id.isp_reconnection_product_id
        if not product:
            return self.env['isp.subscription.charge']
        lang = self.partner_id.lang or self.env.lang
        label = _('%(product)s: %(service)s reconnected') % {
            'product': product.with_context(lang=lang).name,
            'service': self.name}
        charge = self.env['isp.subscription.charge'].sudo().create({
            'subscription_id': self.id,
            'product_id': product.id,
            'name': label,
            'quantity': 1.0,
            'price_unit': product.lst_price,
            'date': date or fields.Date.context_today(self),
            'origin': reason[:200],
        })
        self.message_post(
            body=_('Reconnection fee "%(label)s" (%(amount)s) billed with '
                   'the next invoice.') % {
                       'label': label, 'amount': product.lst_price},
            subtype='mail.mt_note')
        return charge

    # -- network events ---------------------------------------------------
    # a network event at each suspension and reconnection (see
    # ``_change_state``)

    @api.multi
    def _isp_default_event_reason(self, kind):
        if kind == 'suspend':
            return _('Suspended by %s') % self.env.user.name
        return _('Reconnected by %s') % self.env.user.name

    @api.multi
    def _isp_emit_network_event(self, kind, reason):
        """Extension point: record a network event of ``kind``
        ('suspend' or 'reconnect') with ``reason`` for each subscription,
        and send it to the company's webhook through a queue job when one
        is set. Addons that drive the network otherwise (RADIUS, an OLT
        API) extend this method: call super() to keep the record and the
        webhook. Returns the ``isp.network.event`` records."""
        events = self.env['isp.network.event'].sudo()
        for subscription in self:
            events |= events.create({
                'subscription_id': subscription.id,
                'partner_id': subscription.partner_id
                .commercial_partner_id.id,
                'company_id': subscription.company_id.id
                or self.env.user.company_id.id,
                'kind': kind,
                'reason': reason,
            })
        events._isp_schedule_send()
        return events.with_env(self.env)
