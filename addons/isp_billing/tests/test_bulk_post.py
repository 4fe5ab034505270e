# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import _
from odoo.exceptions import UserError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from ..models import bulk_post
from ..models.bulk_create import BulkCreate
from .common import FOLLOWERS_SQL, IspBillingCommon

QUIET = {
    'tracking_disable': True,
    'mail_create_nolog': True,
    'mail_create_nosubscribe': True,
    'mail_notrack': True,
}
# columns that differ between two records posted one after the other, and
# the links to them (compared as links: the entry's invoice, the item's
# entry...)
VOLATILE = {'id', 'create_date', 'write_date', 'access_token', 'move_id',
            'invoice_id', 'number', 'move_name', 'res_id', 'message_id',
            'mail_message_id', 'record_name', 'date'}


def invoice_rows(env, invoice):
    """Every stored value of the posted ``invoice``, of its entry and
    items (with their taxes, analytic tags and analytic lines), its
    followers and its tracking messages, without ids, timestamps and
    number; the links are checked instead."""
    cr = env.cr

    def rows(query, params, keep=(), drop=()):
        cr.execute(query, params)
        return [{key: value for key, value in row.items()
                 if (key not in VOLATILE or key in keep) and key not in drop}
                for row in cr.dictfetchall()]

    move_id = invoice.move_id.id
    lines = []
    cr.execute('SELECT id FROM account_move_line WHERE move_id = %s '
               'ORDER BY account_id, debit, credit, date_maturity, name',
               (move_id,))
    for (line_id,) in cr.fetchall():
        line = rows('SELECT *, invoice_id = %s AS of_invoice FROM '
                    'account_move_line WHERE id = %s',
                    (invoice.id, line_id), keep={'date'})[0]
        line['taxes'] = rows(
            'SELECT account_tax_id FROM account_move_line_account_tax_rel '
            'WHERE account_move_line_id = %s ORDER BY 1', (line_id,))
        line['tags'] = rows(
            'SELECT account_analytic_tag_id FROM '
            'account_analytic_tag_account_move_line_rel WHERE '
            'account_move_line_id = %s ORDER BY 1', (line_id,))
        line['analytic'] = rows(
            'SELECT * FROM account_analytic_line WHERE move_id = %s',
            (line_id,), keep={'date'})
        lines.append(line)
    return {
        'invoice': rows('SELECT *, move_id IS NOT NULL AS has_move, '
                        'number = move_name AS numbered FROM account_invoice '
                        'WHERE id = %s', (invoice.id,), keep={'date'})[0],
        'move': rows('SELECT *, name = %s AS named FROM account_move '
                     'WHERE id = %s', (invoice.number, move_id),
                     keep={'date'}, drop={'name'})[0],
        'lines': lines,
        'followers': rows(FOLLOWERS_SQL, ('account.invoice', invoice.id)),
        'messages': [dict(message, tracking=rows(
            'SELECT * FROM mail_tracking_value WHERE mail_message_id = %s '
            'ORDER BY field', (message['message'],)), notified=rows(
            'SELECT res_partner_id, is_read, is_email FROM '
            'mail_message_res_partner_needaction_rel WHERE '
            'mail_message_id = %s ORDER BY res_partner_id',
            (message.pop('message'),)))
            for message in rows(
                'SELECT *, id AS message, record_name = %s AS named, '
                "replace(subject, %s, 'NUMBER') AS subject_text "
                'FROM mail_message WHERE model = %s AND res_id = %s '
                'ORDER BY id',
                (invoice.display_name, invoice.number, 'account.invoice',
                 invoice.id), drop={'subject'})],
    }


@at_install(False)
@post_install(True)
class TestBulkPost(IspBillingCommon):
    maxDiff = None
    """The billing run posts its invoices in bulk: every column of every
    row (invoice, entry, items and their taxes, analytic lines, followers,
    tracking) must be what ``action_invoice_open()`` writes, the numbers
    must follow each other in the order of the invoices' dates, and what
    the bulk path does not handle goes through Odoo."""

    @classmethod
    def setUpClass(cls):
        super(TestBulkPost, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.currency = cls.company.currency_id
        cls.journal = cls.env['account.journal'].search([
            ('type', '=', 'sale'), ('company_id', '=', cls.company.id)],
            limit=1)
        cls.vat = cls.env['account.tax'].create({
            'name': 'Post VAT 21 %', 'amount': 21.0,
            'type_tax_use': 'sale', 'company_id': cls.company.id})
        cls.included = cls.env['account.tax'].create({
            'name': 'Post tax 10 % included', 'amount': 10.0,
            'price_include': True, 'type_tax_use': 'sale',
            'company_id': cls.company.id})
        cls.fibre = cls._create_isp_product(
            'Post Fibre', 39.9, taxes_id=[(6, 0, cls.vat.ids)])
        cls.account = (
            cls.fibre.property_account_income_id
            or cls.fibre.categ_id.property_account_income_categ_id)
        cls.analytic = cls.env['account.analytic.account'].create({
            'name': 'Post fibre network'})
        cls.tag = cls.env['account.analytic.tag'].create({
            'name': 'Post region north'})
        # a third now, the rest in 30 days: two receivable items
        cls.term = cls.env['account.payment.term'].create({
            'name': 'Post 30 % now, balance in 30 days',
            'line_ids': [
                (0, 0, {'value': 'percent', 'value_amount': 30.0,
                        'days': 0, 'sequence': 1}),
                (0, 0, {'value': 'balance', 'days': 30, 'sequence': 2}),
            ]})
        cls.plain = cls.env['res.partner'].create({
            'name': 'Post Plain Customer', 'customer': True})
        company_customer = cls.env['res.partner'].create({
            'name': 'Post Company Customer', 'is_company': True,
            'customer': True})
        cls.contact = cls.env['res.partner'].create({
            'name': 'Post Billing Contact', 'parent_id': company_customer.id,
            'type': 'invoice'})
        cls.debit = cls.env['res.partner'].create({
            'name': 'Post Debit Customer', 'customer': True})
        bank = cls.env['res.partner.bank'].create({
            'acc_number': 'NL91ABNA0417164300', 'partner_id': cls.debit.id})
        cls.mandate = cls._create_mandate(bank)
        cls.mandate.validate()
        cls.mode = cls._create_debit_payment_mode()

    def _invoice(self, partner, date='2026-12-01', **values):
        """A draft invoice as the billing runs create them (quietly)."""
        vals = {
            'partner_id': partner.id,
            'type': 'out_invoice',
            'date_invoice': date,
            'journal_id': self.journal.id,
            'account_id': partner.commercial_partner_id
            .property_account_receivable_id.id,
            'invoice_line_ids': [
                (0, 0, {'product_id': self.fibre.id, 'name': 'Fibre',
                        'quantity': 1.0, 'price_unit': 39.9,
                        'uom_id': self.fibre.uom_id.id,
                        'account_id': self.account.id,
                        'account_analytic_id': self.analytic.id,
                        'analytic_tag_ids': [(6, 0, self.tag.ids)],
                        'invoice_line_tax_ids': [(6, 0, self.vat.ids)]}),
                (0, 0, {'name': 'Router rental\nsecond line', 'quantity': 2.0,
                        'price_unit': 5.5, 'discount': 10.0,
                        'account_id': self.account.id,
                        'invoice_line_tax_ids': [
                            (6, 0, (self.vat | self.included).ids)]}),
            ],
        }
        vals.update(values)
        invoice = self.env['account.invoice'].with_context(**QUIET).create(
            vals)
        invoice.compute_taxes()
        # posted without the quiet context of the creation, as by the run
        return self.env['account.invoice'].browse(invoice.id)

    def _invoices(self):
        """One invoice of each kind the billing runs make: plain (with a
        follower notified of its validation), to a company's billing
        contact, by direct debit with a mandate and payment terms of two
        installments."""
        plain = self._invoice(self.plain)
        plain.message_subscribe(
            partner_ids=self.billing_manager.partner_id.ids,
            subtype_ids=self.env.ref('account.mt_invoice_validated').ids)
        return (
            plain
            | self._invoice(self.contact, reference='CONTRACT-7')
            | self._invoice(self.debit, payment_mode_id=self.mode.id,
                            mandate_id=self.mandate.id,
                            payment_term_id=self.term.id,
                            comment='Collected on the 5th'))

    def _post(self, invoices, failures=None):
        def on_failure(invoice, error):
            failures.append((invoice, error))
        return bulk_post.post_invoices(
            invoices, on_failure=on_failure if failures is not None
            else None)

    def _numbers(self, invoices):
        return [int(invoice.number.rsplit('/', 1)[1])
                for invoice in invoices]

    def _assert_consecutive(self, numbers):
        self.assertEqual(numbers, list(range(numbers[0],
                                             numbers[0] + len(numbers))))

    def _counters(self):
        """The no-gap counters of the journal's sequence (and its date
        ranges): what taking a number changes."""
        sequence = self.journal.sequence_id
        self.env.cr.execute(
            'SELECT number_next FROM ir_sequence WHERE id = %s UNION ALL '
            'SELECT number_next FROM ir_sequence_date_range '
            'WHERE sequence_id = %s', (sequence.id, sequence.id))
        return sorted(row[0] for row in self.env.cr.fetchall())

    def test_numbers_reserved_in_date_order_are_posted_untouched(self):
        """Numbers reserved at once follow the invoice dates (then ids),
        are reserved once only, and the posting gives each invoice its
        number without taking the sequence."""
        late = self._invoice(self.plain, date='2026-12-20')
        early = self._invoice(self.debit, date='2026-12-02')
        middle = self._invoice(self.contact, date='2026-12-10')
        same_day = self._invoice(self.plain, date='2026-12-10')
        invoices = late | early | middle | same_day
        names = bulk_post.reserve_invoice_numbers(invoices)
        ordered = early | middle | same_day | late
        self.assertEqual([names[invoice.id] for invoice in ordered],
                         ordered.mapped('move_name'))
        self._assert_consecutive([int(name.rsplit('/', 1)[1])
                                  for name in ordered.mapped('move_name')])
        self.assertFalse(any(invoices.mapped('number')))
        counters = self._counters()
        # pressed twice: nothing is reserved again
        self.assertEqual(bulk_post.reserve_invoice_numbers(invoices), {})
        self.assertEqual(self._counters(), counters)

        def taken(*args, **kwargs):
            raise AssertionError('the sequence is taken by the posting')

        with patch.object(bulk_post, 'reserve_numbers', taken), \
                patch.object(bulk_post, 'lock_sequence', taken):
            fast, _slow = self._post(invoices)
        self.assertEqual(fast, invoices)
        self.assertEqual(self._counters(), counters)
        self.assertEqual([names[invoice.id] for invoice in ordered],
                         ordered.mapped('number'))
        self.assertEqual(ordered.mapped('number'),
                         ordered.mapped('move_id.name'))
        self.assertEqual(set(invoices.mapped('state')), {'open'})

    def test_bulk_post_with_a_number_equals_odoo_posting_with_it(self):
        """An invoice that carries its number is posted as Odoo posts it:
        the same rows as action_invoice_open() of an invoice given its
        number the same way, and of an invoice cancelled and reset to
        draft (whose messages differ: it was cancelled)."""
        by_odoo = self._invoices()
        bulk_post.reserve_invoice_numbers(by_odoo)
        numbers = by_odoo.mapped('move_name')
        for invoice in by_odoo:
            invoice.action_invoice_open()
        self.assertEqual(by_odoo.mapped('number'), numbers)
        bulk = self._invoices()
        bulk_post.reserve_invoice_numbers(bulk)
        numbers = bulk.mapped('move_name')
        fast, slow = self._post(bulk)
        self.assertEqual(fast, bulk)
        self.assertFalse(slow)
        self.assertEqual(bulk.mapped('number'), numbers)
        for one, other in zip(by_odoo, bulk):
            self.assertEqual(invoice_rows(self.env, one),
                             invoice_rows(self.env, other))
        self.journal.update_posted = True
        reset = self._invoice(self.debit, payment_mode_id=self.mode.id,
                              mandate_id=self.mandate.id,
                              payment_term_id=self.term.id)
        reset.action_invoice_open()
        number = reset.number
        reset.action_invoice_cancel()
        reset.action_invoice_draft()
        # action_invoice_draft() leaves the invoice open in the cache (to
        # print it): the next request reads the draft
        reset.invalidate_cache()
        self.assertEqual((reset.move_name, reset.move_id.id), (number, False))
        reset.action_invoice_open()
        ours = self._invoice(self.debit, payment_mode_id=self.mode.id,
                             mandate_id=self.mandate.id,
                             payment_term_id=self.term.id)
        bulk_post.reserve_invoice_numbers(ours)
        fast, _slow = self._post(ours)
        self.assertEqual(fast, ours)
        self.assertEqual(reset.number, number)
        expected = invoice_rows(self.env, reset)
        result = invoice_rows(self.env, ours)
        del expected['messages'], result['messages']
        self.assertEqual(expected, result)

    def test_bulk_post_rows_equal_action_invoice_open_rows(self):
        by_odoo = self._invoices()
        for invoice in by_odoo:
            invoice.action_invoice_open()
        bulk = self._invoices()
        fast, slow = self._post(bulk)
        self.assertEqual(fast, bulk)
        self.assertFalse(slow)
        for one, other in zip(by_odoo, bulk):
            self.assertEqual(invoice_rows(self.env, one),
                             invoice_rows(self.env, other))
        # the business result: open and said so in the chatter, residual =
        # total, the mandate and
        # payment mode on the two receivable items of the direct debit
        self.assertEqual(set(bulk.mapped('state')), {'open'})
        validated = self.env.ref('account.mt_invoice_validated')
        for invoice in bulk:
            self.assertAlmostEqual(invoice.residual, invoice.amount_total)
            message = invoice.message_ids.filtered(
                lambda m: m.subtype_id == validated)
            self.assertEqual(len(message), 1)
            self.assertEqual(message.tracking_value_ids.filtered(
                lambda t: t.field == 'state').mapped('new_value_char'),
                ['Open'])
            self.assertIn(invoice.partner_id,
                          invoice.message_follower_ids.mapped('partner_id'))
        debit = bulk.filtered(lambda i: i.partner_id == self.debit)
        receivable = debit.move_id.line_ids.filtered(
            lambda l: l.account_id == debit.account_id)
        self.assertEqual(len(receivable), 2)
        self.assertEqual(receivable.mapped('mandate_id'), self.mandate)
        self.assertEqual(receivable.mapped('payment_mode_id'), self.mode)
        self.assertAlmostEqual(min(receivable.mapped('debit')),
                               round(debit.amount_total * 0.3, 2))
        self.assertEqual(sorted(receivable.mapped('date_maturity')),
                         ['2026-12-01', '2026-12-31'])
        contact = bulk.filtered(lambda i: i.partner_id == self.contact)
        self.assertEqual(contact.move_id.line_ids.mapped('partner_id'),
                         self.contact.commercial_partner_id)
        # the numbers follow Odoo's, in the order of the invoices
        self._assert_consecutive(self._numbers(by_odoo | bulk))

    def test_numbers_follow_the_dates_of_the_invoices(self):
        late = self._invoice(self.plain, date='2026-12-20')
        early = self._invoice(self.debit, date='2026-12-02')
        middle = self._invoice(self.contact, date='2026-12-10')
        invoices = late | early | middle
        self._post(invoices)
        self.assertEqual([invoice.number for invoice in (early, middle, late)],
                         sorted(invoices.mapped('number')))
        self._assert_consecutive(self._numbers(early | middle | late))

    def test_reserved_numbers_equal_next_by_id_numbers(self):
        """Reserving N numbers at once gives what N next_by_id() give and
        leaves the sequence (or its date range) where they leave it."""
        for use_date_range in (False, True):
            for implementation in ('no_gap', 'standard'):
                twins = self.env['ir.sequence']
                for name in ('odoo', 'bulk'):
                    twins |= self.env['ir.sequence'].create({
                        'name': 'Post %s %s' % (name, implementation),
                        'implementation': implementation,
                        'prefix': 'P%(range_year)s/%(month)s/',
                        'padding': 5, 'number_increment': 2,
                        'use_date_range': use_date_range})
                odoo, bulk = twins
                expected = [odoo.with_context(
                    ir_sequence_date='2026-12-01').next_by_id()
                    for _index in range(3)]
                self.assertEqual(
                    bulk_post.reserve_numbers(bulk, '2026-12-01', 3),
                    [name.replace('odoo', 'bulk') for name in expected])
                self.assertEqual(
                    odoo.with_context(
                        ir_sequence_date='2026-12-01').next_by_id()[-5:],
                    bulk.with_context(
                        ir_sequence_date='2026-12-01').next_by_id()[-5:])

    def test_posting_twice_posts_nothing_twice_and_burns_no_number(self):
        invoices = self._invoices()
        self._post(invoices)
        numbers = invoices.mapped('number')
        moves = invoices.mapped('move_id')
        fast, slow = self._post(invoices)
        self.assertFalse(fast | slow)
        self.assertEqual(invoices.mapped('number'), numbers)
        self.assertEqual(invoices.mapped('move_id'), moves)
        following = self._invoice(self.plain)
        self._post(following)
        self._assert_consecutive(self._numbers(invoices | following))

    def test_what_the_bulk_path_does_not_handle_goes_through_odoo(self):
        other_currency = self.env['res.currency'].search([
            ('id', '!=', self.currency.id)], limit=1)
        other_currency.active = True
        self.env['res.currency.rate'].create({
            'currency_id': other_currency.id, 'rate': 2.0,
            'name': '2026-01-01', 'company_id': self.company.id})
        foreign = self._invoice(self.plain, currency_id=other_currency.id)
        rounding = self.env['account.cash.rounding'].create({
            'name': 'Post 0.05', 'rounding': 0.05,
            'strategy': 'biggest_tax', 'rounding_method': 'HALF-UP'})
        rounded = self._invoice(self.contact, cash_rounding_id=rounding.id)
        free = self._invoice(self.plain, invoice_line_ids=[(0, 0, {
            'name': 'Free month', 'quantity': 1.0, 'price_unit': 0.0,
            'account_id': self.account.id})])
        normal = self._invoice(self.debit)
        self.assertEqual(bulk_post.fallback_reason(free), 'nothing to pay')
        self.assertEqual(bulk_post.fallback_reason(foreign),
                         'currency other than the company currency')
        self.assertEqual(bulk_post.fallback_reason(rounded), 'cash rounding')
        self.assertIsNone(bulk_post.fallback_reason(normal))
        original = bulk_post.BulkPost._post_by_odoo
        by_odoo = []

        def spy(bulk, invoices):
            by_odoo.extend(invoices.ids)
            return original(bulk, invoices)

        with patch.object(bulk_post.BulkPost, '_post_by_odoo', spy):
            fast, slow = self._post(foreign | rounded | free | normal)
        self.assertEqual(fast, normal)
        self.assertEqual(slow, foreign | rounded | free)
        self.assertEqual(sorted(by_odoo),
                         sorted((foreign | rounded | free).ids))
        self.assertEqual(set((foreign | rounded | normal).mapped('state')),
                         {'open'})
        self.assertEqual(free.state, 'paid')
        self.assertTrue(foreign.move_id.line_ids.filtered('amount_currency'))
        self._assert_consecutive(self._numbers(
            normal | foreign | rounded | free))

    def test_an_override_by_an_unknown_module_sends_all_to_odoo(self):
        """A module the bulk path does not know that overrides a method
        it does not call (here account's own, as if it were unknown)
        makes every invoice go through action_invoice_open()."""
        self.assertFalse(bulk_post.unknown_overrides(self.env))
        by_odoo = self._invoices()
        for invoice in by_odoo:
            invoice.action_invoice_open()
        invoices = self._invoices()
        with patch.object(bulk_post, 'KNOWN_MODULES',
                          frozenset(['odoo', 'base', 'mail'])), \
                mute_logger('odoo.addons.isp_billing.models.bulk_post'):
            self.assertIn(('account.move', 'post'),
                          bulk_post.unknown_overrides(self.env)['account'])
            fast, slow = self._post(invoices)
        self.assertFalse(fast)
        self.assertEqual(slow, invoices)
        for one, other in zip(by_odoo, invoices):
            self.assertEqual(invoice_rows(self.env, one),
                             invoice_rows(self.env, other))

    def test_a_refused_invoice_is_recorded_and_leaves_nothing(self):
        """An invoice Odoo refuses (a deprecated income account) is
        reported with Odoo's error; it stays a draft with its dates, no
        entry and no number; the others are posted with numbers that
        follow each other."""
        deprecated = self.account.copy({'code': 'POSTDEP',
                                        'deprecated': True})
        invoices = self._invoices()
        bad = self._invoice(self.plain, date_invoice=False,
                            payment_term_id=self.term.id)
        bad.invoice_line_ids[0].account_id = deprecated
        failures = []
        with mute_logger('odoo.addons.isp_billing.models.bulk_post'):
            fast, slow = self._post(invoices | bad, failures)
        self.assertEqual(fast, invoices)
        self.assertFalse(slow)
        self.assertEqual([invoice for invoice, _error in failures], [bad])
        self.assertIn('deprecated', failures[0][1].name)
        self.assertEqual(bad.state, 'draft')
        self.assertFalse(bad.move_id or bad.move_name or bad.date_invoice
                         or bad.date_due)
        self._assert_consecutive(self._numbers(invoices))
        following = self._invoice(self.plain)
        self._post(following)
        self._assert_consecutive(self._numbers(invoices | following))

    def test_a_batch_that_fails_is_posted_one_by_one_by_odoo(self):
        invoices = self._invoices()

        def failing(bulk):
            raise UserError(_('Forced bulk failure'))

        with patch.object(BulkCreate, 'flush', failing), \
                mute_logger('odoo.addons.isp_billing.models.bulk_post'):
            fast, slow = self._post(invoices)
        self.assertFalse(fast)
        self.assertEqual(slow, invoices)
        self.assertEqual(set(invoices.mapped('state')), {'open'})
        self._assert_consecutive(self._numbers(invoices))

    def test_billing_run_posts_its_invoices_in_bulk(self):
        """The run's posting chunk posts its invoices in bulk with the
        numbers given when the posting is started (in the order of the
        invoices), without taking the sequence; an invoice Odoo refuses
        is recorded as a failure of the run (with its invoice and
        customer) and stays a draft with its number; pressing again
        reserves nothing twice, and once fixed the invoice is posted with
        its number."""
        for partner in (self.plain, self.debit):
            subscription = self._create_subscription(
                partner, product_id=self.fibre.id, price_unit=39.9,
                billing_cycle_day=7)
            subscription._activate(date_start='2026-11-07')
        run = self.env['isp.billing.run'].create({
            'date': '2026-12-07', 'cycle_day': 7, 'chunk_size': 10})
        deprecated = self.account.copy({'code': 'POSTDEP2',
                                        'deprecated': True})
        with mute_logger('odoo.addons.queue_job.models.base'):
            run.with_context(test_queue_job_no_delay=True).action_start()
            self.assertEqual(len(run.invoice_ids), 2)
            bad = run.invoice_ids.filtered(
                lambda i: i.partner_id == self.debit)
            bad.invoice_line_ids.write({'account_id': deprecated.id})
            counters = self._counters()

            def taken(*args, **kwargs):
                raise AssertionError('the sequence is taken by a chunk')

            with mute_logger(
                    'odoo.addons.isp_billing.models.isp_billing_run_chunk'), \
                    patch.object(bulk_post, 'reserve_numbers', taken), \
                    patch.object(bulk_post, 'lock_sequence', taken):
                run.with_context(
                    test_queue_job_no_delay=True).action_post_invoices()
        # two numbers taken when the posting started, none by the chunk
        self.assertEqual(sum(self._counters()) - sum(counters), 2)
        numbers = [int(invoice.move_name.rsplit('/', 1)[1])
                   for invoice in run.invoice_ids.sorted('id')]
        self._assert_consecutive(numbers)
        invoice = run.invoice_ids - bad
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(invoice.move_id.state, 'posted')
        self.assertEqual(invoice.number, invoice.move_id.name)
        self.assertAlmostEqual(invoice.residual, invoice.amount_total)
        self.assertEqual(bad.state, 'draft')
        self.assertFalse(bad.move_id)
        kept = bad.move_name
        self.assertTrue(kept)
        failure = run.failure_ids.filtered(lambda f: f.step == 'post')
        self.assertEqual(len(failure), 1)
        self.assertEqual(failure.invoice_id, bad)
        self.assertEqual(failure.partner_id, self.debit)
        self.assertIn('deprecated', failure.message)
        # pressed again, still refused: nothing is reserved twice
        counters = self._counters()
        with mute_logger('odoo.addons.queue_job.models.base',
                         'odoo.addons.isp_billing.models.'
                         'isp_billing_run_chunk'):
            run.with_context(
                test_queue_job_no_delay=True).action_post_invoices()
        self.assertEqual(self._counters(), counters)
        self.assertEqual((bad.state, bad.move_name), ('draft', kept))
        # fixed: posted with the number it kept
        bad.invoice_line_ids.write({'account_id': self.account.id})
        with mute_logger('odoo.addons.queue_job.models.base'):
            run.with_context(
                test_queue_job_no_delay=True).action_post_invoices()
        self.assertEqual((bad.state, bad.number), ('open', kept))
        self.assertEqual(self._counters(), counters)
