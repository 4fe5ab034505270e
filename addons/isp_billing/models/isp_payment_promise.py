# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer's promise to pay overdue invoices by a date.

While a promise is active the dunning of the customer waits
(``_isp_promised_partner_ids``). The daily cron marks it kept when its
invoices are paid (a payment marks it kept at once, see
account_invoice.py) and broken when the date has passed: the
dunning then resumes where it stopped.
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang
from odoo.addons.isp_crm.rules.dates import to_date

from ..rules import payment_promise as promise_rules

PROMISE_STATES = [
    ('active', 'Active'),
    ('kept', 'Kept'),
    ('broken', 'Broken'),
    ('cancelled', 'Cancelled'),
]
PROMISE_ORIGINS = [
    ('portal', 'Portal'),
    ('staff', 'Staff'),
]


class IspPaymentPromise(models.Model):
    _name = 'isp.payment.promise'
    _description = 'ISP Payment Promise'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

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
        ondelete='restrict',
        track_visibility='onchange',
        domain=[('customer', '=', True)],
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        required=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.payment.promise'),
    )
    currency_id = fields.Many2one(
        comodel_name='res.currency',
        related='company_id.currency_id',
        readonly=True,
    )
    invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        relation='isp_payment_promise_invoice_rel',
        column1='promise_id',
        column2='invoice_id',
        string='Invoices',
        help='The overdue invoices the customer promises to pay (all of '
             'them when none are chosen).',
    )
    amount = fields.Monetary(
        currency_field='currency_id',
        track_visibility='onchange',
        help='The amount promised: what is left to pay of the invoices '
             'when it is not given.',
    )
    date = fields.Date(
        string='Made on',
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        help='The day the promise was made.',
    )
    date_promised = fields.Date(
        string='Pay by',
        required=True,
        index=True,
        track_visibility='onchange',
    )
    date_closed = fields.Date(
        string='Closed on',
        readonly=True,
        copy=False,
    )
    origin = fields.Selection(
        selection=PROMISE_ORIGINS,
        required=True,
        default='staff',
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name='res.users',
        string='Recorded by',
        default=lambda self: self.env.user,
        readonly=True,
    )
    state = fields.Selection(
        selection=PROMISE_STATES,
        required=True,
        default='active',
        readonly=True,
        copy=False,
        index=True,
        track_visibility='onchange',
    )
    reason = fields.Text(
        string='Notes',
        help='Why the customer pays late, what was agreed.',
    )
    reconnected_subscription_ids = fields.Many2many(
        comodel_name='isp.subscription',
        relation='isp_payment_promise_subscription_rel',
        column1='promise_id',
        column2='subscription_id',
        string='Reconnected until the date',
        readonly=True,
        copy=False,
        help='Subscriptions suspended for debt that were reactivated by '
             'this promise until its date.',
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def create(self, vals):
        """Refuse a promise the company's rules do not allow (nothing is
        saved), fill in the overdue invoices and their amount, and
        reconnect a suspended customer when the company allows it."""
        partner = self.env['res.partner'].browse(
            vals.get('partner_id')).commercial_partner_id
        company = self.env['res.company'].browse(
            vals.get('company_id')) if vals.get('company_id') else \
            self.env['res.company']._company_default_get(
                'isp.payment.promise')
        today = fields.Date.to_string(to_date(
            vals.get('date') or fields.Date.context_today(self)))
        overdue = self._isp_overdue_invoices(partner, today, company)
        if vals.get('invoice_ids'):
            # keep only the overdue invoices of the customer
            chosen = self.new({'invoice_ids': vals['invoice_ids']}).invoice_ids
            stray = chosen.filtered(lambda i: i.id not in overdue.ids)
            if stray:
                raise ValidationError(_(
                    'Invoices %(invoices)s are not overdue invoices of '
                    '%(customer)s: choose among the customer\'s open '
                    'invoices past their due date.') % {
                        'invoices': ', '.join(stray.mapped(
                            lambda i: i.number or str(i.id))),
                        'customer': partner.display_name,
                })
            invoices = overdue.filtered(lambda i: i.id in chosen.ids)
        else:
            invoices = overdue
        self._isp_check_new_promise(partner, company, today,
                                    vals.get('date_promised'), invoices)
        vals = dict(vals, partner_id=partner.id, company_id=company.id,
                    date=today, invoice_ids=[(6, 0, invoices.ids)])
        if not vals.get('amount'):
            vals['amount'] = sum(invoices.mapped('residual'))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'isp.payment.promise') or '/'
        promise = super(IspPaymentPromise, self).create(vals)
        promise._isp_reconnect_suspended()
        partner.message_post(body=_(
            'Promise to pay %(amount)s by %(date)s recorded (%(name)s).') % {
                'amount': promise._isp_amount_text(),
                'date': promise.date_promised, 'name': promise.name})
        return promise

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def action_cancel(self):
        """Button: cancel an active promise recorded by mistake; the
        dunning resumes and the promise does not count for the minimum
        days between promises."""
        for promise in self:
            if promise.state != 'active':
                raise UserError(_(
                    'Promise %s is not active: only an active promise can '
                    'be cancelled.') % promise.name)
        self.write({'state': 'cancelled',
                    'date_closed': fields.Date.context_today(self)})
        return True

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.model
    def _isp_overdue_invoices(self, partner, date, company):
        """The customer's open invoices due before ``date``."""
        return self.env['account.invoice'].search([
            ('commercial_partner_id', '=',
             partner.commercial_partner_id.id),
            ('company_id', '=', company.id),
            ('type', '=', 'out_invoice'),
            ('state', '=', 'open'),
            ('date_due', '<', fields.Date.to_string(to_date(date))),
        ])

    @api.model
    def _isp_suspended_subscriptions(self, partner):
        """The customer's suspended subscriptions (by hand or by the
        dunning)."""
        return self.env['isp.subscription'].search([
            ('partner_id', 'child_of', partner.commercial_partner_id.id),
            ('state', '=', 'suspended'),
        ])

    @api.model
    def _isp_subscriptions_suspended_for_debt(self, partner):
        """The subscriptions a promise reconnects until its date: those
        the dunning suspended (a suspension by hand stays)."""
        return self._isp_suspended_subscriptions(partner).filtered(
            'isp_suspended_by_dunning')

    @api.model
    def _isp_check_new_promise(self, partner, company, today, date_promised,
                               invoices):
        """Raise a translated ValidationError listing what keeps
        ``partner`` from promising on ``today`` to pay ``invoices`` by
        ``date_promised``."""
        if not company.isp_promise_enabled:
            raise ValidationError(_(
                'Payment promises are turned off for %s: turn them on in '
                'the ISP billing settings.') % company.name)
        if not date_promised:
            raise ValidationError(_('Enter the date the customer will pay '
                                    'by.'))
        previous = self.search([
            ('partner_id', '=', partner.id),
            ('company_id', '=', company.id),
            ('state', '!=', 'cancelled'),
        ], order='date desc, id desc')
        active = previous.filtered(lambda p: p.state == 'active')
        suspended = bool(self._isp_suspended_subscriptions(partner))
        problems = promise_rules.check_promise(
            today=today, date_promised=date_promised,
            max_days=company.isp_promise_max_days,
            last_promise_date=previous[:1].date,
            min_days_between=company.isp_promise_min_days_between,
            has_active=bool(active), customer_suspended=suspended,
            suspended_may_promise=company.isp_promise_suspended_may_promise,
            has_overdue=bool(invoices))
        if not problems:
            return True
        messages = {
            promise_rules.PAST: _(
                'The date %(date)s is in the past: enter today or a later '
                'date.'),
            promise_rules.TOO_FAR: _(
                'The date %(date)s is too far ahead: a customer may '
                'promise to pay within %(max_days)s days, by %(latest)s '
                'at the latest.'),
            promise_rules.ACTIVE: _(
                '%(customer)s already has an active promise (%(active)s): '
                'wait until it is kept or broken, or cancel it first.'),
            promise_rules.COOLDOWN: _(
                '%(customer)s made a promise on %(last)s: a new promise '
                'can be made from %(next)s (%(min_days)s days between '
                'promises).'),
            promise_rules.SUSPENDED: _(
                'The services of %(customer)s are suspended and suspended '
                'customers may not promise to pay: the customer must pay '
                'to be reconnected.'),
            promise_rules.NO_OVERDUE: _(
                '%(customer)s has no overdue invoice: there is nothing to '
                'promise to pay.'),
        }
        values = {
            'date': date_promised,
            'max_days': company.isp_promise_max_days,
            'latest': promise_rules.latest_date(
                today, company.isp_promise_max_days),
            'customer': partner.display_name,
            'active': ', '.join(active.mapped('name')),
            'last': previous[:1].date,
            'next': promise_rules.next_promise_date(
                previous[:1].date, company.isp_promise_min_days_between),
            'min_days': company.isp_promise_min_days_between,
        }
        raise ValidationError('\n'.join(
            messages[problem] % values for problem in problems))

    @api.multi
    def _isp_reconnect_suspended(self):
        """Reactivate the subscriptions suspended for debt of a customer
        who may promise while suspended, until the promised date."""
        for promise in self:
            if not promise.company_id.isp_promise_suspended_may_promise:
                continue
            subscriptions = self._isp_subscriptions_suspended_for_debt(
                promise.partner_id)
            if not subscriptions:
                continue
            reason = _('Payment promise %(name)s until %(date)s') % {
                'name': promise.name, 'date': promise.date_promised}
            subscriptions.with_context(
                isp_state_reason=reason)._isp_reconnect(
                    reason, bill_fee=False)
            promise.reconnected_subscription_ids = [
                (6, 0, subscriptions.ids)]
        return True

    @api.multi
    def _isp_amount_text(self):
        self.ensure_one()
        return formatLang(self.env, self.amount,
                          currency_obj=self.currency_id)

    @api.multi
    def _isp_is_paid(self):
        self.ensure_one()
        return bool(self.invoice_ids) and all(
            state == 'paid' for state in self.invoice_ids.mapped('state'))

    @api.multi
    def _isp_check_kept(self, date=None):
        """Mark kept the active promises whose invoices are all paid."""
        date = date or fields.Date.context_today(self)
        kept = self.filtered(
            lambda p: p.state == 'active' and p._isp_is_paid())
        if kept:
            kept.write({'state': 'kept', 'date_closed': date})
            for promise in kept:
                promise.partner_id.message_post(body=_(
                    'Promise %(name)s kept: the invoices are paid.') % {
                        'name': promise.name})
        return kept

    @api.multi
    def _isp_break(self, date):
        """Mark the promises broken: the dunning resumes (it suspends the
        reconnected subscriptions again)."""
        self.write({'state': 'broken', 'date_closed': date})
        for promise in self:
            message = _(
                'Promise %(name)s broken: the invoices promised by '
                '%(date)s are not paid; the dunning resumes.') % {
                    'name': promise.name, 'date': promise.date_promised}
            promise.message_post(body=message)
            promise.partner_id.message_post(body=message)
        return True

    @api.model
    def _cron_check_promises(self, date_ref=None):
        """Daily: kept when the invoices are paid, broken when the date
        has passed and they are not."""
        date = fields.Date.to_string(to_date(
            date_ref or fields.Date.context_today(self)))
        promises = self.search([('state', '=', 'active')])
        kept = promises._isp_check_kept(date)
        (promises - kept).filtered(
            lambda p: p.date_promised < date)._isp_break(date)
        return True

    @api.model
    def _isp_promised_partner_ids(self, date):
        """Commercial partner ids with an active promise on ``date``: their
        dunning waits."""
        date = fields.Date.to_string(to_date(date))
        promises = self.sudo().search([
            ('state', '=', 'active'),
            ('date', '<=', date),
            ('date_promised', '>=', date),
        ])
        return set(promises.mapped('partner_id.commercial_partner_id').ids)

    @api.model
    def _isp_create_promise(self, partner, date_promised, origin='staff',
                            invoices=None, amount=None, reason=None):
        """Record a promise of ``partner`` to pay by ``date_promised`` (the
        wizard and the portal come here)."""
        vals = {
            'partner_id': partner.commercial_partner_id.id,
            'date_promised': date_promised,
            'origin': origin,
            'reason': reason,
        }
        if partner.company_id:
            vals['company_id'] = partner.company_id.id
        if invoices:
            vals['invoice_ids'] = [(6, 0, invoices.ids)]
        if amount:
            vals['amount'] = amount
        return self.create(vals)

    @api.model
    def _isp_portal_create_promise(self, partner, date_promised):
        """For the portal controller, after its own checks (the partner is
        the logged-in customer): a promise of all the customer's overdue
        invoices, recorded by the superuser with origin 'portal'."""
        return self.sudo()._isp_create_promise(
            partner, date_promised, origin='portal')
