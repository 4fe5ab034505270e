# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero
from odoo.addons import decimal_precision as dp

from ..rules import billing_period as period_rules
from ..rules import migration as migration_rules

_logger = logging.getLogger(__name__)

MIGRATION_STATES = [
    ('draft', 'Draft'),
    ('scheduled', 'Scheduled'),
    ('done', 'Done'),
    ('cancelled', 'Cancelled'),
]

# subscriptions a migration can end
LIVE_STATES = ('active', 'active_nonbillable', 'suspended')


class IspMigration(models.Model):
    """A tariff change: old subscriptions end the day before the change
    date, the new contract's services start on it; the unused prepaid days
    are credited and the early-termination penalties invoiced, as draft
    documents created when the migration is applied."""
    _name = 'isp.migration'
    _description = 'ISP migration (tariff change)'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'

    name = fields.Char(
        string='Reference',
        required=True,
        copy=False,
        readonly=True,
        default='/',
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        required=True,
        index=True,
        readonly=True,
        states={'draft': [('readonly', False)]},
        track_visibility='onchange',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        readonly=True,
        states={'draft': [('readonly', False)]},
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.migration'),
    )
    currency_id = fields.Many2one(
        related='company_id.currency_id',
        readonly=True,
    )
    date = fields.Date(
        string='Change date',
        required=True,
        default=fields.Date.context_today,
        readonly=True,
        states={'draft': [('readonly', False)]},
        track_visibility='onchange',
        help='First day of the new services. The old subscriptions end '
             'the day before. A future date schedules the migration: a '
             'daily job applies it on that date.',
    )
    state = fields.Selection(
        selection=MIGRATION_STATES,
        default='draft',
        required=True,
        readonly=True,
        copy=False,
        index=True,
        track_visibility='onchange',
    )
    line_ids = fields.One2many(
        comodel_name='isp.migration.line',
        inverse_name='migration_id',
        string='Old subscriptions',
        readonly=True,
        states={'draft': [('readonly', False)]},
        copy=True,
    )
    order_id = fields.Many2one(
        comodel_name='sale.order',
        string='New contract',
        readonly=True,
        states={'draft': [('readonly', False)]},
        domain=[('isp_is_contract', '=', True)],
        track_visibility='onchange',
        help='Its services start on the change date. Leave empty to end '
             'the old subscriptions only.',
    )
    amount_credit = fields.Float(
        string='Credit',
        digits=dp.get_precision('Account'),
        compute='_compute_amounts',
        help='Unused prepaid days refunded, taxes excluded.',
    )
    amount_penalty = fields.Float(
        string='Penalties',
        digits=dp.get_precision('Account'),
        compute='_compute_amounts',
        help='Early-termination penalties, taxes excluded.',
    )
    amount_first_invoice = fields.Float(
        string='First invoice of the new services',
        digits=dp.get_precision('Account'),
        readonly=True,
        help='The new services from the change date to the end of their '
             'first billing period, one-off charges included, taxes '
             'excluded.',
    )
    refund_invoice_id = fields.Many2one(
        comodel_name='account.invoice',
        string='Credit note',
        readonly=True,
        copy=False,
    )
    penalty_invoice_id = fields.Many2one(
        comodel_name='account.invoice',
        string='Penalty invoice',
        readonly=True,
        copy=False,
    )
    new_subscription_ids = fields.Many2many(
        comodel_name='isp.subscription',
        relation='isp_migration_new_subscription_rel',
        column1='migration_id',
        column2='subscription_id',
        string='New subscriptions',
        readonly=True,
        copy=False,
    )

    @api.depends('line_ids.penalty_amount', 'line_ids.refund_amount')
    def _compute_amounts(self):
        for migration in self:
            migration.amount_credit = sum(
                migration.line_ids.mapped('refund_amount'))
            migration.amount_penalty = sum(
                migration.line_ids.mapped('penalty_amount'))

    @api.constrains('partner_id', 'line_ids', 'order_id')
    def _check_customer(self):
        for migration in self:
            customer = migration.partner_id.commercial_partner_id
            for line in migration.line_ids:
                subscription = line.subscription_id
                if subscription.partner_id.commercial_partner_id != customer:
                    raise ValidationError(_(
                        'Subscription %(subscription)s belongs to '
                        '%(owner)s, not to %(customer)s: a migration only '
                        'moves the subscriptions of one customer.') % {
                            'subscription': subscription.name,
                            'owner': subscription.partner_id.display_name,
                            'customer': customer.display_name,
                    })
            # the contract is read as superuser: a billing user checks a
            # contract he may not be allowed to open
            order = migration.order_id.sudo()
            if order and order.partner_id.commercial_partner_id != customer:
                raise ValidationError(_(
                    'Contract %(contract)s is for %(owner)s, not for '
                    '%(customer)s: choose a contract of the customer.') % {
                        'contract': order.name,
                        'owner': order.partner_id.display_name,
                        'customer': customer.display_name,
                })

    @api.onchange('date', 'line_ids', 'order_id')
    def _onchange_preview(self):
        for line in self.line_ids:
            line.penalty_amount = line._compute_penalty()
            line.refund_amount = line.refund and sum(
                item['amount'] for item in line._refund_items()) or 0.0
        self.amount_first_invoice = self._first_invoice_amount()

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals = dict(vals, name=self.env['ir.sequence'].next_by_code(
                'isp.migration') or '/')
        return super(IspMigration, self).create(vals)

    @api.multi
    def unlink(self):
        if self.filtered(lambda m: m.state not in ('draft', 'cancelled')):
            raise UserError(_(
                'Only draft or cancelled migrations can be deleted: cancel '
                'a scheduled migration first; a done migration is the '
                'record of what changed.'))
        return super(IspMigration, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def action_preview(self):
        """Refresh the credit, the penalties and the first invoice."""
        for migration in self.filtered(
                lambda m: m.state in ('draft', 'scheduled')):
            migration._check_can_apply()
            migration._update_preview()
        return True

    @api.multi
    def action_confirm(self):
        """Button: apply now when the change date is today or past,
        schedule it otherwise."""
        return self._confirm()

    @api.multi
    def _confirm(self, *, date_ref=None):
        """Apply now when the change date is ``date_ref`` (today by
        default) or past, schedule it otherwise."""
        today = fields.Date.to_string(period_rules.to_date(
            date_ref or fields.Date.context_today(self)))
        for migration in self:
            if migration.state != 'draft':
                raise UserError(_(
                    'Migration %s is not a draft: only draft migrations '
                    'can be confirmed.') % migration.name)
            migration._check_can_apply()
            migration._update_preview()
            if migration.date > today:
                migration.state = 'scheduled'
            else:
                migration._apply()
        return True

    @api.multi
    def action_cancel(self):
        for migration in self:
            if migration.state == 'done':
                raise UserError(_(
                    'Migration %s is done and cannot be cancelled: edit the '
                    'subscriptions and documents it created instead.')
                    % migration.name)
        self.write({'state': 'cancelled'})
        return True

    @api.multi
    def action_draft(self):
        self.filtered(lambda m: m.state == 'cancelled').write(
            {'state': 'draft'})
        return True

    @api.model
    def _cron_apply_scheduled_migrations(self, date_ref=None):
        """Apply the scheduled migrations whose change date has come, each
        in its own savepoint: one failing migration is logged and left
        scheduled."""
        today = fields.Date.to_string(period_rules.to_date(
            date_ref or fields.Date.context_today(self)))
        migrations = self.search([('state', '=', 'scheduled'),
                                  ('date', '<=', today)], order='date, id')
        for migration in migrations:
            try:
                with self.env.cr.savepoint():
                    migration._apply()
            except Exception as error:  # pylint: disable=broad-except
                message = getattr(error, 'name', None) or str(error)
                _logger.warning('Migration %s not applied: %s',
                                migration.name, message)
                migration.message_post(body=_(
                    'The migration could not be applied: %s') % message)
        return True

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.multi
    def _check_can_apply(self):
        """Explain what to fix before the migration can be applied."""
        self.ensure_one()
        self._check_customer()
        if not self.line_ids:
            raise UserError(_(
                'Migration %s has no subscription to end: add the old '
                'subscriptions of the customer.') % self.name)
        labels = dict(self.env['isp.subscription']._fields[
            'state']._description_selection(self.env))
        for line in self.line_ids:
            subscription = line.subscription_id
            if subscription.state not in LIVE_STATES:
                raise UserError(_(
                    'Subscription %(name)s is "%(state)s": only active or '
                    'suspended subscriptions can be migrated.') % {
                        'name': subscription.name,
                        'state': labels[subscription.state]})
            if subscription.date_start and self.date <= \
                    subscription.date_start:
                raise UserError(_(
                    'The change date of migration %(migration)s must be '
                    'after %(date)s, the activation date of subscription '
                    '%(name)s: choose a later change date.') % {
                        'migration': self.name,
                        'date': subscription.date_start,
                        'name': subscription.name})
        if len(self.line_ids.mapped('subscription_id')) != len(self.line_ids):
            raise UserError(_(
                'Migration %s lists a subscription twice: remove the '
                'duplicate line.') % self.name)
        order = self.order_id
        if order and order.state not in ('draft', 'sent', 'sale'):
            raise UserError(_(
                'Contract %s is cancelled or locked: choose an open '
                'contract.') % order.name)

    @api.multi
    def _update_preview(self):
        self.ensure_one()
        self.line_ids._update_amounts()
        self.amount_first_invoice = self._first_invoice_amount()

    @api.multi
    def _first_invoice_amount(self):
        """What the first billing run would invoice for the new contract:
        each service prorated from the change date to the end of its
        billing period, plus the one-off charges not billed yet."""
        self.ensure_one()
        order = self.order_id
        if not order or not self.date:
            return 0.0
        currency = self.company_id.currency_id
        total = 0.0
        for line in order.order_line:
            if not line.isp_oneoff_billed:
                for _product, quantity, price_unit, discount in \
                        line._isp_oneoff_charges():
                    total += currency.round(
                        quantity * price_unit
                        * (1 - (discount or 0.0) / 100.0))
            if line._isp_is_oneoff_charge():
                continue
            for vals in order._prepare_isp_subscription_values(line):
                period = period_rules.period_of(
                    self.date, vals['billing_cycle_day'])
                price = period_rules.prorated_amount(
                    vals['price_unit'], period, self.date,
                    rounding=currency.round)
                total += currency.round(
                    vals['quantity'] * price
                    * (1 - (vals.get('discount') or 0.0) / 100.0))
        return currency.round(total)

    @api.multi
    def _apply(self):
        """End the old subscriptions, create the credit note and the
        penalty invoice, start the new services. Does nothing on a
        migration already done (the row lock makes two workers wait for
        each other)."""
        self.ensure_one()
        self.env.cr.execute(
            'SELECT state FROM isp_migration WHERE id = %s FOR UPDATE',
            (self.id,))
        self.invalidate_cache(['state'], self.ids)
        if self.state not in ('draft', 'scheduled'):
            return False
        self._check_can_apply()
        self._update_preview()
        refund_invoice = self._create_refund()
        penalty_invoice = self._create_penalty_invoice()
        date_end = fields.Date.to_string(
            migration_rules.termination_date(self.date))
        old = self.line_ids.mapped('subscription_id')
        for subscription in old:
            if not subscription.date_end or subscription.date_end > date_end:
                subscription.date_end = date_end
        old.action_terminate()
        new = self._start_new_subscriptions()
        self.write({
            'state': 'done',
            'refund_invoice_id': refund_invoice.id,
            'penalty_invoice_id': penalty_invoice.id,
            'new_subscription_ids': [(6, 0, new.ids)],
        })
        return True

    @api.multi
    def _create_refund(self):
        """One draft credit note with the unused days of the lines to
        refund; the periods of the lines that keep them are recorded as
        credited with 0, so that mass credit notes leave them alone."""
        self.ensure_one()
        Credit = self.env['isp.subscription.credit']
        items = []
        for line in self.line_ids:
            line_items = line._refund_items()
            if not line.refund:
                for item in line_items:
                    item['amount'] = 0.0
            items.extend(line_items)
        return Credit._create_credit_note(
            self.partner_id, items, self.date, self.name, migration=self)

    @api.multi
    def _create_penalty_invoice(self):
        self.ensure_one()
        Invoice = self.env['account.invoice']
        currency = self.company_id.currency_id
        lines = self.line_ids.filtered(lambda l: not float_is_zero(
            l.penalty_amount, precision_rounding=currency.rounding))
        if not lines:
            return Invoice
        run = self.env['isp.billing.run'].new({
            'company_id': self.company_id.id, 'date': self.date,
            'cycle_day': lines[0].subscription_id.billing_cycle_day})
        partner = self.partner_id
        fiscal_position = self.env['account.fiscal.position'].browse(
            self.env['account.fiscal.position'].get_fiscal_position(
                partner.id))
        # _() translates into the language of ``context``: the customer's
        context = {  # noqa: F841 pylint: disable=W0612
            'lang': partner.lang}
        lines_vals = []
        for line in lines:
            product = line.subscription_id.product_id
            name = _('Early termination of %(service)s (%(subscription)s)') % {
                'service': product.with_context(lang=partner.lang).name,
                'subscription': line.subscription_id.name}
            lines_vals.append(run._prepare_invoice_line_values(
                partner, product, name, 1.0, line.penalty_amount,
                fiscal_position=fiscal_position))
        vals = run._prepare_invoice_values(
            partner,
            run._invoice_group_key(partner, lines[0].subscription_id),
            lines_vals)
        vals.update({'origin': self.name, 'isp_billing_run_id': False})
        invoice = Invoice.create(vals)
        invoice.compute_taxes()
        return invoice

    @api.multi
    def _start_new_subscriptions(self):
        """Confirm the new contract if needed and activate its pending
        subscriptions on the change date."""
        self.ensure_one()
        order = self.order_id
        if not order:
            return self.env['isp.subscription']
        if order.state in ('draft', 'sent'):
            order.action_confirm()
        pending = order.isp_subscription_ids.filtered(
            lambda s: s.state == 'pending')
        pending._activate(date_start=self.date)
        return pending
