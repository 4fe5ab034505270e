# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date
from odoo.addons.queue_job.job import identity_exact, job

from ..rules import billing_period as period_rules
from .bulk_create import bulk_create
from .chunk_cache import memo

_logger = logging.getLogger(__name__)

RUN_STATES = [
    ('draft', 'Draft'),
    ('running', 'Running'),
    ('done', 'Done'),
]

# suspended services keep being billed: a suspension (usually for unpaid
# invoices) does not end the contract; terminate the subscription to stop
# billing it. Pending, rejected and "active, not billable" are never billed.
BILLABLE_STATES = ('active', 'suspended', 'terminated')

# queue_job channel of the posting chunks (see _enqueue_chunks)
POST_CHANNEL = 'root.isp_billing_post'


def _translated_name(product, lang):
    """The name of ``product`` in ``lang``. Read on the template: Odoo 11
    caches product.product's name (a field inherited from the template) once
    for every language of the transaction, so the first customer's language
    would name the services of all the customers after him."""
    if product._name == 'product.product':
        product = product.product_tmpl_id
    return product.with_context(lang=lang or 'en_US').name


class IspBillingRun(models.Model):
    """A billing run: the invoices of one billing cycle day at one date.

    This file holds the run itself (states, buttons, chunks and jobs, the
    cron), what it bills per customer and the invoices it creates. The
    chunks' execution (customers invoiced in bulk or one by one, failures,
    posting) is in ``isp_billing_run_chunk.py``, what one subscription is
    due in ``isp_subscription.py`` (``_prepare_isp_invoice_items``) and
    ``isp_subscription_metered.py``, the dry run in
    ``isp_billing_run_preview.py``, the work of the debit orders (their
    buttons and fields are here) in ``debit_orders.py``."""
    _name = 'isp.billing.run'
    _description = 'ISP billing run'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'

    name = fields.Char(
        compute='_compute_name',
        store=True,
    )
    date = fields.Date(
        string='Invoice date',
        required=True,
        default=fields.Date.context_today,
        readonly=True,
        states={'draft': [('readonly', False)]},
        track_visibility='onchange',
    )
    cycle_day = fields.Integer(
        string='Billing cycle day',
        required=True,
        default=1,
        readonly=True,
        states={'draft': [('readonly', False)]},
        help='The run invoices the subscriptions of this billing cycle day '
             '(1 to 28).',
    )
    company_id = fields.Many2one(
        comodel_name='res.company',
        string='Company',
        required=True,
        readonly=True,
        states={'draft': [('readonly', False)]},
        default=lambda self: self.env['res.company']._company_default_get(
            'isp.billing.run'),
    )
    chunk_size = fields.Integer(
        default=50,
        required=True,
        help='Customers (or invoices, when posting) handled by one queue '
             'job: several workers share the run.',
    )
    state = fields.Selection(
        selection=RUN_STATES,
        default='draft',
        required=True,
        readonly=True,
        copy=False,
        track_visibility='onchange',
    )
    chunk_ids = fields.One2many(
        comodel_name='isp.billing.run.chunk',
        inverse_name='run_id',
        string='Chunks',
        readonly=True,
        copy=False,
    )
    failure_ids = fields.One2many(
        comodel_name='isp.billing.run.failure',
        inverse_name='run_id',
        string='Failures',
        readonly=True,
        copy=False,
    )
    invoice_ids = fields.One2many(
        comodel_name='account.invoice',
        inverse_name='isp_billing_run_id',
        string='Invoices',
        readonly=True,
        copy=False,
    )
    period_ids = fields.One2many(
        comodel_name='isp.subscription.period',
        inverse_name='run_id',
        string='Invoiced periods',
        readonly=True,
        copy=False,
    )
    preview_ids = fields.One2many(
        comodel_name='isp.billing.run.preview',
        inverse_name='run_id',
        string='Dry run',
        readonly=True,
        copy=False,
    )
    customer_count = fields.Integer(
        string='Customers',
        compute='_compute_progress',
    )
    customer_done_count = fields.Integer(
        string='Customers done',
        compute='_compute_progress',
    )
    customer_failed_count = fields.Integer(
        string='Customers failed',
        compute='_compute_progress',
    )
    progress = fields.Float(
        compute='_compute_progress',
    )
    invoice_count = fields.Integer(
        string='Invoices',
        compute='_compute_invoice_count',
    )
    invoice_draft_count = fields.Integer(
        string='Draft invoices',
        compute='_compute_invoice_count',
    )
    invoice_posted_count = fields.Integer(
        string='Posted invoices',
        compute='_compute_invoice_posted_count',
        help='Invoices of the run that are posted (open or paid).',
    )
    amount_untaxed = fields.Float(
        string='Untaxed amount',
        compute='_compute_invoice_count',
    )
    preview_amount = fields.Float(
        string='Dry-run total',
        compute='_compute_preview_amount',
    )

    @api.depends('date', 'cycle_day', 'company_id')
    def _compute_name(self):
        for run in self:
            # in the company's language: the name is stored once for all
            lang = run.company_id.partner_id.lang or self.env.lang or 'en_US'
            run.name = run.with_context(lang=lang)._name_text()

    @api.multi
    def _name_text(self):
        self.ensure_one()
        return _('Billing run of %(date)s, cycle day %(day)s') % {
            'date': format_date(self.env, self.date) if self.date else '',
            'day': self.cycle_day}

    @api.depends('chunk_ids.state', 'failure_ids')
    def _compute_progress(self):
        for run in self:
            chunks = run.chunk_ids.filtered(lambda c: c.step == 'invoice')
            failed = len(run.failure_ids.filtered(
                lambda f: f.step == 'invoice').mapped('partner_id'))
            total = sum(len(chunk.partner_ids) for chunk in chunks)
            processed = sum(len(chunk.partner_ids) for chunk in chunks
                            if chunk.state == 'done')
            run.customer_count = total
            run.customer_failed_count = failed
            run.customer_done_count = processed - failed
            run.progress = total and 100.0 * processed / total or 0.0

    @api.depends('invoice_ids.state', 'invoice_ids.amount_untaxed')
    def _compute_invoice_count(self):
        for run in self:
            run.invoice_count = len(run.invoice_ids)
            run.invoice_draft_count = len(run.invoice_ids.filtered(
                lambda i: i.state == 'draft'))
            run.amount_untaxed = sum(run.invoice_ids.mapped('amount_untaxed'))

    @api.depends('invoice_ids.state')
    def _compute_invoice_posted_count(self):
        # counted by the database, not stored: the post jobs of a run work
        # in parallel and would all write the run's row
        counts = {}
        if self.ids:
            groups = self.env['account.invoice'].read_group(
                [('isp_billing_run_id', 'in', self.ids),
                 ('state', 'in', ('open', 'paid'))],
                ['isp_billing_run_id'], ['isp_billing_run_id'])
            counts = {group['isp_billing_run_id'][0]:
                      group['isp_billing_run_id_count'] for group in groups}
        for run in self:
            run.invoice_posted_count = counts.get(run.id, 0)

    @api.depends('preview_ids.amount')
    def _compute_preview_amount(self):
        for run in self:
            run.preview_amount = sum(run.preview_ids.mapped('amount'))

    @api.constrains('cycle_day')
    def _check_cycle_day(self):
        for run in self:
            if not period_rules.is_valid_cycle_day(run.cycle_day):
                raise ValidationError(_(
                    'A billing cycle day of %(day)s does not exist in every '
                    'month. Choose a day from %(min)s to %(max)s.') % {
                        'day': run.cycle_day,
                        'min': period_rules.CYCLE_DAY_MIN,
                        'max': period_rules.CYCLE_DAY_MAX,
                })

    @api.constrains('chunk_size')
    def _check_chunk_size(self):
        for run in self:
            if run.chunk_size < 1:
                raise ValidationError(_(
                    'The chunk size must be at least 1 customer.'))

    @api.multi
    def unlink(self):
        if self.filtered(lambda r: r.state != 'draft'):
            raise UserError(_(
                'Only draft billing runs can be deleted: a run that started '
                'is the record of what was invoiced.'))
        return super(IspBillingRun, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    @api.multi
    def action_start(self):
        """Split the customers in chunks and queue one job per chunk.

        Safe to press again: a running run re-queues its pending chunks
        (a chunk already queued is not queued twice), a done run looks
        for customers again and invoices only periods not invoiced yet."""
        self.ensure_one()
        self._check_write_access()
        chunks = self.chunk_ids.filtered(lambda c: c.step == 'invoice')
        if self.state == 'done' or not chunks:
            chunks.unlink()
            self.failure_ids.filtered(lambda f: f.step == 'invoice').unlink()
            chunks = self._create_chunks(
                'invoice', self._billable_partners().ids)
        pending = chunks.filtered(lambda c: c.state == 'pending')
        obstacle = pending and self.env[
            'isp.billing.run.chunk']._bulk_invoice_creation_obstacle()
        if obstacle:
            self.message_post(body=obstacle)
        self.state = 'running' if pending else 'done'
        self._enqueue_chunks(pending)
        return True

    @api.multi
    def action_check_done(self):
        """Refresh the state, e.g. after chunks were done by hand."""
        self._check_write_access()
        for run in self:
            run._check_done()
        return True

    @api.multi
    def action_dry_run(self):
        """What the run would invoice, per customer and contract, and the
        difference with the previous period; nothing is created."""
        self.ensure_one()
        self._check_write_access()
        self.preview_ids.unlink()
        Preview = self.env['isp.billing.run.preview']
        values = []
        for partner in self._billable_partners():
            values.extend(Preview._prepare_preview_values(self, partner))
        self.write({'preview_ids': [(0, 0, vals) for vals in values]})
        return True

    @api.multi
    def action_post_invoices(self):
        """Validate the run's draft invoices in chunks (queue jobs). Their
        numbers are given first, here (``_reserve_post_numbers``), so
        that the chunks never take the sequence. Safe to press twice:
        only invoices still in draft are posted, only those without a
        number get one."""
        self.ensure_one()
        self._check_write_access()
        if self.state != 'done':
            raise UserError(_(
                'The billing run is not finished yet: wait until every '
                'customer is invoiced, then post the invoices.'))
        self.chunk_ids.filtered(
            lambda c: c.step == 'post' and c.state == 'pending').unlink()
        invoices = self.invoice_ids.filtered(lambda i: i.state == 'draft')
        self.failure_ids.filtered(lambda f: f.step == 'post').unlink()
        self._reserve_post_numbers(invoices)
        chunks = self._create_chunks('post', invoices.ids)
        self._enqueue_chunks(chunks)
        return True

    @api.multi
    def _reserve_post_numbers(self, invoices):
        """Give the draft ``invoices`` that have no number yet their numbers
        at once (``bulk_post.reserve_invoice_numbers``: one lock and one
        update per sequence or date range, in the order of the invoice
        dates, then ids), stored on ``move_name`` with one UPDATE. Odoo's
        posting uses that number and refuses to delete an invoice that
        has one: a number reserved here is never lost, and the posting
        chunks of several workers do not compete for the sequence."""
        self.ensure_one()
        from .bulk_post import reserve_invoice_numbers
        return reserve_invoice_numbers(invoices)

    @api.multi
    def action_view_invoices(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref('account.action_invoice_tree1').read()[0]
        action['domain'] = [('isp_billing_run_id', '=', self.id)]
        action['context'] = {'create': False}
        return action

    @api.multi
    def _check_write_access(self):
        """The buttons change the run (some as raw SQL, some through
        queue jobs run later): check first that the user may change it."""
        self.check_access_rights('write')
        self.check_access_rule('write')

    # ------------------------------------------------------------------
    # chunks and jobs
    # ------------------------------------------------------------------

    @api.multi
    def _create_chunks(self, step, ids):
        self.ensure_one()
        field = 'partner_ids' if step == 'invoice' else 'invoice_ids'
        Chunk = self.env['isp.billing.run.chunk']
        size = self.chunk_size
        for sequence, index in enumerate(range(0, len(ids), size)):
            Chunk |= Chunk.create({
                'run_id': self.id,
                'step': step,
                'sequence': sequence,
                field: [(6, 0, ids[index:index + size])],
            })
        return Chunk

    @api.multi
    def _enqueue_chunks(self, chunks):
        """One queue job per chunk. Posting chunks go to the channel
        ``POST_CHANNEL``: their invoices were numbered when the posting
        was started (``action_post_invoices``), so a posting chunk does
        not take the journal's sequence and several run side by side;
        the channel's capacity in the job runner's configuration sets how
        many (invoicing chunks share the others)."""
        self.ensure_one()
        for chunk in chunks:
            chunk.with_delay(
                description=_('Billing run %(run)s: %(step)s, chunk %(n)s') % {
                    'run': self.name, 'step': chunk.step,
                    'n': chunk.sequence + 1},
                channel=POST_CHANNEL if chunk.step == 'post' else None,
                identity_key=identity_exact,
            )._process()

    @api.multi
    def _schedule_check_done(self):
        """Mark the run done once no chunk is pending, in a job of its
        own: a chunk's transaction sees the chunks other workers finish
        at the same time as still pending (its snapshot is older), and
        writing the run's row from every chunk would make every chunk
        that overlaps another fail with a serialization error and start
        again. The small job runs after the chunk is committed; queue_job
        retries it when two of them write the run at the same time."""
        self.ensure_one()
        self.with_delay(
            description=_('Billing run %s: check whether it is done') % (
                self.name),
            identity_key=identity_exact,
        )._job_check_done()

    @api.multi
    @job
    def _job_check_done(self):
        """Queue job of ``_schedule_check_done``."""
        for run in self.exists():
            run._check_done()
        return True

    @api.multi
    def _check_done(self):
        """Mark the run done when no invoicing chunk is pending.

        The UPDATE locks the run's row: two jobs checking at the same
        time conflict, and queue_job retries the second one, which then
        sees every chunk done."""
        self.ensure_one()
        self.env.cr.execute(
            'UPDATE isp_billing_run SET write_date = write_date '
            'WHERE id = %s', (self.id,))
        if self.state == 'running' and not self.chunk_ids.filtered(
                lambda c: c.step == 'invoice' and c.state == 'pending'):
            self.state = 'done'

    # ------------------------------------------------------------------
    # scheduled runs
    # ------------------------------------------------------------------

    @api.model
    def _cron_start_billing_runs(self, date_ref=None):
        """Start, for every company, the billing run of the cycle day that
        ``date_ref`` (default: today) is, when billable subscriptions have
        that cycle day. A run that exists for that date and cycle day is
        not created again (re-running the cron is harmless).

        Returns the runs started."""
        date_ref = fields.Date.from_string(
            date_ref or fields.Date.context_today(self))
        cycle_day = date_ref.day
        runs = self.browse()
        if not period_rules.is_valid_cycle_day(cycle_day):
            return runs
        date = fields.Date.to_string(date_ref)
        Subscription = self.env['isp.subscription']
        for company in self.env['res.company'].search([]):
            if not Subscription.search_count([
                    ('company_id', '=', company.id),
                    ('billing_cycle_day', '=', cycle_day),
                    ('state', 'in', self._billable_states())]):
                continue
            if self.search_count([('company_id', '=', company.id),
                                  ('date', '=', date),
                                  ('cycle_day', '=', cycle_day)]):
                continue
            run = self.create({'date': date, 'cycle_day': cycle_day,
                               'company_id': company.id})
            run.action_start()
            runs |= run
        return runs

    # ------------------------------------------------------------------
    # what to invoice
    # ------------------------------------------------------------------

    @api.model
    def _billable_states(self):
        return list(BILLABLE_STATES)

    @api.multi
    def _subscription_domain(self):
        """Subscriptions that may have a period to invoice in this run."""
        self.ensure_one()
        current = period_rules.period_of(self.date, self.cycle_day)
        oldest = period_rules.previous_period(
            period_rules.previous_period(current))
        return [
            ('company_id', '=', self.company_id.id),
            ('billing_cycle_day', '=', self.cycle_day),
            ('state', 'in', self._billable_states()),
            ('date_start', '!=', False),
            ('date_start', '<=', fields.Date.to_string(current[1])),
            '|', ('date_end', '=', False),
            ('date_end', '>=', fields.Date.to_string(oldest[0])),
        ]

    @api.multi
    def _billable_partners(self):
        self.ensure_one()
        subscriptions = self.env['isp.subscription'].search(
            self._subscription_domain(), order='partner_id')
        return subscriptions.mapped('partner_id').sorted('id')

    @api.multi
    def _billable_subscriptions(self, partner, lock=False, domain=None,
                                cache=None):
        """The customer's subscriptions for this run (narrowed by
        ``domain``); with ``lock``, only those this transaction could lock
        (another worker has the rest). ``cache``: the batch reads of the
        chunk being invoiced (``ChunkCache``)."""
        self.ensure_one()
        if cache is not None and (cache.lock or not lock):
            return cache.partner_subscriptions(partner, domain)
        subscriptions = self.env['isp.subscription'].search(
            self._subscription_domain() + [('partner_id', '=', partner.id)]
            + (domain or []), order='id')
        if lock and subscriptions:
            subscriptions = self._lock_subscriptions(subscriptions)
        return subscriptions

    @api.model
    def _lock_subscriptions(self, subscriptions):
        """Those of ``subscriptions`` this transaction could lock (another
        worker has the rest)."""
        self.env.cr.execute(
            'SELECT id FROM isp_subscription WHERE id IN %s '
            'FOR UPDATE SKIP LOCKED', (tuple(subscriptions.ids),))
        locked = set(row[0] for row in self.env.cr.fetchall())
        return subscriptions.filtered(lambda s: s.id in locked)

    @api.multi
    def _compute_customer_items(self, partner, lock=False, cache=None):
        """Everything to invoice to ``partner``: a list of dicts with the
        invoice group ``key``, the ``line_vals`` and what it bills
        (``subscription`` and ``period``, ``sale_line``, ``charge``, or
        ``reading`` and ``metered_subscription``). ``cache``: the batch
        reads of the chunk being invoiced (``ChunkCache``)."""
        self.ensure_one()
        fiscal_position = self._fiscal_position(partner, cache=cache)
        subscriptions = self._billable_subscriptions(
            partner, lock=lock, cache=cache)
        items = []
        for subscription in subscriptions:
            items.extend(subscription._prepare_isp_invoice_items(
                self, partner, fiscal_position, cache=cache))
        items.extend(self._oneoff_items(
            partner, subscriptions, fiscal_position, cache=cache))
        items.extend(self._charge_items(
            partner, subscriptions, fiscal_position, cache=cache))
        items.extend(self._consumption_items(
            partner, fiscal_position, lock=lock, cache=cache))
        return items

    @api.multi
    def _oneoff_items(self, partner, subscriptions, fiscal_position,
                      cache=None):
        """Invoice items of the one-off contract lines (installation...,
        the one-off components of bundles) of the contracts of
        ``subscriptions`` not billed yet: dicts with ``key``,
        ``line_vals`` and ``sale_line``."""
        items = []
        for line in self._pending_oneoff_lines(
                partner, subscriptions, cache=cache):
            subscription = subscriptions.filtered(
                lambda s, order=line.order_id: s.order_id == order)[:1]
            key = self._invoice_group_key(partner, subscription, cache=cache)
            for product, quantity, price_unit, discount in \
                    line._isp_oneoff_charges():
                # a bundle's component: its name in the customer's language
                name = line.name if product == line.product_id else \
                    product.with_context(lang=partner.lang).name
                items.append({
                    'key': key,
                    'sale_line': line,
                    'line_vals': dict(self._prepare_invoice_line_values(
                        partner, product, name, quantity, price_unit,
                        discount=discount, fiscal_position=fiscal_position,
                        cache=cache),
                        sale_line_ids=[(6, 0, line.ids)]),
                })
        return items

    @api.multi
    def _pending_oneoff_lines(self, partner, subscriptions, cache=None):
        """One-off contract lines (installation...) of the contracts being
        invoiced, not billed yet."""
        orders = subscriptions.mapped('order_id')
        SaleLine = self.env['sale.order.line']
        if not orders:
            return SaleLine
        if cache is not None:
            return SaleLine.browse(cache.oneoff_line_ids(orders))
        return SaleLine.search(self._oneoff_domain(orders), order='id')

    @api.multi
    def _charge_items(self, partner, subscriptions, fiscal_position,
                      cache=None):
        """Invoice items of the charges waiting for the next invoice of
        ``subscriptions`` (a returned debit's fee...): dicts with ``key``,
        ``line_vals`` and ``charge``."""
        items = []
        for charge in self._pending_charges(subscriptions, cache=cache):
            items.append({
                'key': self._invoice_group_key(
                    partner, charge.subscription_id, cache=cache),
                'charge': charge,
                'line_vals': self._prepare_invoice_line_values(
                    partner, charge.product_id, charge.name,
                    charge.quantity, charge.price_unit,
                    fiscal_position=fiscal_position, cache=cache),
            })
        return items

    @api.multi
    def _pending_charges(self, subscriptions, cache=None):
        Charge = self.env['isp.subscription.charge']
        if not subscriptions:
            return Charge
        if cache is not None:
            return Charge.browse(cache.charge_ids(subscriptions))
        return Charge.search(self._charge_domain(subscriptions),
                             order='date, id')

    @api.multi
    def _charge_domain(self, subscriptions):
        self.ensure_one()
        return [
            ('subscription_id', 'in', subscriptions.ids),
            ('invoice_line_id', '=', False),
            ('cancelled', '=', False),
            ('date', '<=', self.date),
        ]

    @api.model
    def _oneoff_domain(self, orders):
        return [
            ('order_id', 'in', orders.ids),
            ('isp_is_oneoff', '=', True),
            ('isp_oneoff_billed', '=', False),
            ('state', 'in', ('sale', 'done')),
        ]

    @api.multi
    def _consumption_items(self, partner, fiscal_position, lock=False,
                           cache=None):
        """Consumption of metered services: every unbilled reading dated up
        to the run date gives one invoice line, the consumption since the
        previous reading at the tariff's consumption unit price
        (``product.template.isp_consumption_price``). The reading records
        the invoice line (``_create_period_records``): a reading is billed
        once, however often the run is restarted."""
        self.ensure_one()
        # only the metered ones: the others were searched (and locked) by
        # the run already, this is the hot path of every customer
        subscriptions = self._billable_subscriptions(
            partner, lock=lock, domain=[('is_metered', '=', True)],
            cache=cache)
        items = []
        for subscription in subscriptions:
            items.extend(subscription._prepare_isp_consumption_items(
                self, partner, fiscal_position, cache=cache))
        return items

    # ------------------------------------------------------------------
    # invoice and line values
    # ------------------------------------------------------------------

    @api.multi
    def _fiscal_position(self, partner, cache=None):
        """The fiscal position of ``partner``. Within a chunk (``cache``),
        Odoo's detection (``get_fiscal_position``) runs once per region and
        VAT status: customers with no fiscal position of their own and the
        same country, state, zip and VAT status get the same one."""
        FiscalPosition = self.env['account.fiscal.position']
        if cache is None or partner.property_account_position_id:
            return FiscalPosition.browse(
                FiscalPosition.get_fiscal_position(partner.id))
        key = (partner.country_id.id, partner.state_id.id, partner.zip,
               bool(partner.vat))
        return FiscalPosition.browse(cache.memo(
            'fiscal_positions', key,
            lambda: FiscalPosition.get_fiscal_position(partner.id)))

    @api.multi
    def _journal(self, partner, cache=None):
        self.ensure_one()
        journal = partner.commercial_partner_id.isp_journal_id or \
            partner.isp_journal_id
        if journal and journal.company_id == self.company_id:
            return journal
        journal = memo(
            cache, 'journals', self.company_id.id,
            lambda: self.env['account.journal'].search([
                ('type', '=', 'sale'),
                ('company_id', '=', self.company_id.id)], limit=1))
        if not journal:
            raise UserError(_(
                'Company %s has no sales journal: create one in '
                'Invoicing > Configuration > Journals.') % (
                    self.company_id.name))
        return journal

    @api.multi
    def _invoice_group_key(self, partner, subscription, cache=None):
        """Invoices are split per invoicing series, payment mode and
        mandate (a direct debit collects one invoice with one mandate)."""
        return (
            self._journal(partner, cache=cache).id,
            subscription.payment_mode_id.id,
            subscription.mandate_id.id,
        )

    @api.multi
    def _period_label(self, partner, period, cache=None):
        def label():
            env = self.with_context(lang=partner.lang).env
            return '%s–%s' % (format_date(env, period[0]),
                              format_date(env, period[1]))
        return memo(cache, 'labels', (partner.lang, period), label)

    @api.multi
    def _suspended_label(self, partner, label, days, cache=None):
        """``label`` (the days an invoice line bills) saying that ``days``
        suspended days are not billed, in the customer's language."""
        def text():
            run = self.with_context(lang=partner.lang or 'en_US')
            return run._suspended_label_text(label, days)
        return memo(cache, 'suspended_labels', (partner.lang, label, days),
                    text)

    @api.multi
    def _suspended_label_text(self, label, days):
        # _() translates into the language of this record's context
        return _('%(period)s, %(days)s days suspended not billed') % {
            'period': label, 'days': days}

    @api.multi
    def _line_name(self, partner, what, label, cache=None):
        """The description of an invoice line, in the customer's language:
        ``what`` (a product, or a text) and the days it bills."""
        def name():
            run = self.with_context(lang=partner.lang or 'en_US')
            if isinstance(what, models.BaseModel):
                text = _translated_name(what, partner.lang)
            else:
                text = what
            return run._line_name_text(text, label)
        key = (partner.lang, what.id if isinstance(what, models.BaseModel)
               else what, label)
        return memo(cache, 'line_names', key, name)

    @api.multi
    def _line_name_text(self, text, label):
        # _() translates into the language of this record's context
        return _('%(service)s — %(period)s') % {
            'service': text, 'period': label}

    @api.multi
    def _consumption_label(self, partner, reading):
        previous = reading.previous_reading_id
        env = self.with_context(lang=partner.lang).env
        # _() translates into the language of ``context``: the customer's
        context = {  # noqa: F841 pylint: disable=W0612
            'lang': partner.lang}
        return _(
            '%(service)s consumption %(date_from)s–%(date_to)s: meter '
            '%(meter)s, index %(index_from)s → %(index_to)s (%(type)s)') % {
                'service': _translated_name(reading.product_id,
                                            partner.lang),
                'date_from': reading.with_env(env)._format_date(
                    previous.date),
                'date_to': reading.with_env(env)._format_date(reading.date),
                'meter': reading.meter_serial,
                'index_from': previous.corrector_value
                if previous.has_corrector else previous.value,
                'index_to': reading.corrector_value
                if reading.has_corrector else reading.value,
                'type': dict(reading.with_env(env).fields_get(
                    ['reading_type'])['reading_type']['selection'])[
                        reading.reading_type],
        }

    @api.multi
    def _prepare_invoice_line_values(self, partner, product, name, quantity,
                                     price_unit, discount=0.0,
                                     fiscal_position=None, cache=None):
        self.ensure_one()
        account = (product.property_account_income_id
                   or product.categ_id.property_account_income_categ_id
                   or self._journal(partner, cache=cache)
                   .default_credit_account_id)
        if not account:
            raise UserError(_(
                'Product %s has no income account: set one on the product '
                'or its category.') % product.display_name)
        taxes = product.taxes_id.filtered(
            lambda t: t.company_id == self.company_id)
        if fiscal_position:
            account = fiscal_position.map_account(account)
            taxes = fiscal_position.map_tax(taxes, product, partner)
        return {
            'product_id': product.id,
            'name': name,
            'quantity': quantity,
            'uom_id': product.uom_id.id,
            'price_unit': price_unit,
            'discount': discount or 0.0,
            'account_id': account.id,
            'invoice_line_tax_ids': [(6, 0, taxes.ids)],
        }

    @api.multi
    def _prepare_invoice_values(self, partner, key, lines_vals):
        self.ensure_one()
        journal_id, payment_mode_id, mandate_id = key
        journal = self.env['account.journal'].browse(journal_id)
        Invoice = self.env['account.invoice']
        vals = {
            'partner_id': partner.id,
            'type': 'out_invoice',
            'date_invoice': self.date,
            'journal_id': journal.id,
            'company_id': self.company_id.id,
            'currency_id': (journal.currency_id
                            or self.company_id.currency_id).id,
            'account_id': partner.property_account_receivable_id.id,
            'fiscal_position_id': self._fiscal_position(partner).id,
            'payment_term_id': self._payment_term(partner).id,
            'origin': self.name,
            'isp_billing_run_id': self.id,
            'invoice_line_ids': [
                (0, 0, dict(line_vals, sequence=index))
                for index, line_vals in enumerate(lines_vals, 1)],
        }
        # the contract's payment data prevails over the partner's
        if 'payment_mode_id' in Invoice._fields:
            vals['payment_mode_id'] = payment_mode_id or False
        if 'mandate_id' in Invoice._fields:
            vals['mandate_id'] = mandate_id or False
        # every field of the partner onchange is given: create() then skips
        # running the onchanges on a new record (the contract decided)
        vals['partner_bank_id'] = self._invoice_partner_bank(
            self.env['account.payment.mode'].browse(payment_mode_id)).id
        return vals

    @api.multi
    def _payment_term(self, partner):
        """The customer's payment terms, else the company's for the billing
        runs: they give the invoice its due date."""
        self.ensure_one()
        return (partner.property_payment_term_id
                or self.company_id.isp_payment_term_id)

    @api.model
    def _invoice_partner_bank(self, payment_mode):
        """The company account the customer pays to: the payment mode's
        fixed bank journal account, if any."""
        if payment_mode and payment_mode.bank_account_link == 'fixed':
            return payment_mode.fixed_journal_id.bank_account_id
        return self.env['res.partner.bank']

    # ------------------------------------------------------------------
    # invoicing
    # ------------------------------------------------------------------

    @api.multi
    def _invoice_customer(self, partner):
        """Create the draft invoices of ``partner`` and record the periods
        invoiced. Returns the invoices (none when nothing is due)."""
        self.ensure_one()
        items = self._compute_customer_items(partner, lock=True)
        if not items:
            return self.env['account.invoice']
        return self._create_invoices(
            [(partner, items)],
            bulk=self.env['isp.billing.run.chunk']._bulk_invoice_creation())

    @api.multi
    def _create_invoices(self, due, bulk=True):
        """Create the draft invoices of ``due``, a list of (customer, its
        items), one per customer and invoice group; record the periods,
        readings and one-off charges they bill. With ``bulk``, all at once
        (``account.invoice._isp_bulk_create``), else one ``create()`` per
        invoice. Returns the invoices."""
        self.ensure_one()
        groups, vals_list = self._invoice_groups(due)
        # a run creates thousands of invoices: no chatter message, follower
        # or tracking per draft (the run and its origin say where they come
        # from); create() computes the tax lines
        Invoice = self.env['account.invoice'].with_context(
            tracking_disable=True, mail_create_nolog=True,
            mail_create_nosubscribe=True, mail_notrack=True)
        if bulk:
            invoices = Invoice._isp_bulk_create(vals_list)
        else:
            invoices = Invoice.browse([
                Invoice.create(vals).id for vals in vals_list])
        # one read of the lines of all the invoices
        invoices.mapped('invoice_line_ids.price_subtotal')
        all_items = []
        for (_partner, _key, group), invoice in zip(groups, invoices):
            lines = invoice.invoice_line_ids.sorted(
                lambda l: (l.sequence, l.id))
            for item, line in zip(group, lines):
                item['invoice_line'] = line
            all_items.extend(group)
        self._create_period_records(all_items)
        sale_lines = self.env['sale.order.line'].browse(
            [item['sale_line'].id for item in all_items
             if item.get('sale_line')])
        if sale_lines:
            sale_lines.write({'isp_oneoff_billed': True})
        return invoices

    @api.multi
    def _invoice_groups(self, due):
        """The invoices of ``due`` (a list of (customer, its items)): a
        list of (customer, invoice group key, items) and the list of the
        ``create()`` values of each."""
        self.ensure_one()
        groups = []
        for partner, items in due:
            by_key = OrderedDict()
            for item in items:
                by_key.setdefault(item['key'], []).append(item)
            groups.extend((partner, key, group)
                          for key, group in by_key.items())
        vals_list = [
            self._prepare_invoice_values(
                partner, key, [item['line_vals'] for item in group])
            for partner, key, group in groups]
        return groups, vals_list

    @api.multi
    def _create_period_records(self, items):
        """One ``isp.subscription.period`` per subscription period: the
        SQL constraint refuses a period invoiced twice."""
        self.ensure_one()
        Period = self.env['isp.subscription.period']
        records = OrderedDict()
        for item in items:
            if not item.get('subscription'):
                continue
            key = (item['subscription'].id, item['period'][0])
            line = item['invoice_line']
            if key not in records:
                records[key] = {
                    'subscription_id': item['subscription'].id,
                    'date_start': fields.Date.to_string(item['period'][0]),
                    'date_end': fields.Date.to_string(item['period'][1]),
                    'invoice_line_id': line.id,
                    'run_id': self.id,
                    'amount': 0.0,
                }
            records[key]['amount'] += line.price_subtotal
        bulk_create(Period, list(records.values()))
        self._record_billed_readings(items)
        for item in items:
            if item.get('charge'):
                item['charge']._record_billed(item['invoice_line'])

    @api.multi
    def _record_billed_readings(self, items):
        """Each reading of ``items`` records the invoice line that bills
        it: a reading is billed once."""
        for item in items:
            reading = item.get('reading')
            if not reading:
                continue
            # the subscription row is locked by this run: a reading billed
            # here was not billed by another worker in the meantime
            if reading.is_billed:
                raise UserError(_(
                    'The reading of %(date)s on meter %(meter)s is already '
                    'billed on invoice %(invoice)s.') % {
                        'date': reading._format_date(reading.date),
                        'meter': reading.meter_serial,
                        'invoice': reading.invoice_id.display_name})
            reading.write({'invoice_line_id': item['invoice_line'].id})

    # ------------------------------------------------------------------
    # debit orders
    # ------------------------------------------------------------------

    payment_order_ids = fields.One2many(
        comodel_name='account.payment.order',
        inverse_name='isp_billing_run_id',
        string='Debit orders',
        readonly=True,
        copy=False,
    )
    payment_order_count = fields.Integer(
        string='Debit orders',
        compute='_compute_debit_counts',
    )
    debit_exclusion_ids = fields.One2many(
        comodel_name='isp.debit.exclusion',
        inverse_name='run_id',
        string='Not debited',
        readonly=True,
        copy=False,
    )
    debit_exclusion_count = fields.Integer(
        string='Not debited',
        compute='_compute_debit_counts',
    )

    @api.depends('payment_order_ids', 'debit_exclusion_ids')
    def _compute_debit_counts(self):
        for run in self:
            run.payment_order_count = len(run.payment_order_ids)
            run.debit_exclusion_count = len(run.debit_exclusion_ids)

    @api.multi
    def action_create_debit_orders(self):
        """Button "Create debit orders": the run's open invoices paid by
        SEPA direct debit (and those of earlier runs to present again) go
        into draft debit orders; those that cannot be debited are listed
        in "Not debited" with the reason (``debit_orders.DebitOrders``).
        Safe to press again: an invoice already in a debit order that is
        not cancelled is not added twice, the list of those not debited
        is made again.

        Checks that the user may change the run (billing user, the run's
        company), then works as superuser: billing users create debit
        orders only through this button."""
        self.ensure_one()
        self._check_write_access()
        if not self.invoice_posted_count:
            raise UserError(_(
                'The billing run has no posted invoice: post its invoices '
                'first, then create the debit orders.'))
        from .debit_orders import DebitOrders
        DebitOrders(self).post_summary(DebitOrders(self.sudo()).make())
        return True

    @api.multi
    def action_view_debit_orders(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref('isp_billing.isp_debit_order_action').read()[0]
        action['domain'] = [('isp_billing_run_id', '=', self.id)]
        action['context'] = {'create': False}
        return action

    @api.multi
    def action_view_debit_exclusions(self):
        self.ensure_one()
        self.check_access_rights('read')
        self.check_access_rule('read')
        action = self.env.ref(
            'isp_billing.isp_debit_exclusion_action').read()[0]
        action['domain'] = [('run_id', '=', self.id)]
        action['context'] = {}
        return action

    @api.multi
    def _schedule_debit_orders_after_posting(self):
        """When the company makes the debit orders after the posting, queue
        the small job that makes them once no posting chunk is pending
        (each posting chunk calls this when it is done)."""
        self.ensure_one()
        if not self.company_id.isp_sdd_orders_after_posting:
            return False
        self.with_delay(
            description=_('Billing run %s: debit orders after the '
                          'posting') % self.name,
            identity_key=identity_exact,
        )._job_debit_orders_after_posting()
        return True

    @api.multi
    @job
    def _job_debit_orders_after_posting(self):
        """Queue job of ``_schedule_debit_orders_after_posting``."""
        for run in self.exists():
            run._debit_orders_after_posting()
        return True

    @api.multi
    def _debit_orders_after_posting(self):
        """Make the debit orders when the posting is done, in a savepoint
        of their own: a failure is recorded on the run (failures and
        chatter), the posting stays done. Returns whether it made them."""
        self.ensure_one()
        if not self.company_id.isp_sdd_orders_after_posting:
            return False
        from .debit_orders import DebitOrders
        from .isp_billing_run_chunk import _is_retryable
        # two posting chunks ending together: the second waits here, then
        # sees every chunk done (see _check_done)
        self.env.cr.execute(
            'UPDATE isp_billing_run SET write_date = write_date '
            'WHERE id = %s', (self.id,))
        if self.chunk_ids.filtered(
                lambda c: c.step == 'post' and c.state == 'pending'):
            return False
        try:
            with self.env.cr.savepoint():
                result = DebitOrders(self.sudo()).make()
        except Exception as error:  # pylint: disable=broad-except
            if _is_retryable(error):
                raise
            self.env.clear()
            message = getattr(error, 'name', None) or str(error) or \
                repr(error)
            _logger.warning('Billing run %s: no debit orders: %s',
                            self.id, message)
            self.env['isp.billing.run.failure'].sudo().create({
                'run_id': self.id,
                'step': 'debit',
                'message': message,
            })
            self.message_post(body=_(
                'The debit orders could not be made after the posting: '
                '%s. Correct it, then press "Create debit orders".') % (
                    message,))
            return False
        DebitOrders(self).post_summary(result)
        return True
