# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

import psycopg2

from odoo import _
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger
from odoo.addons.queue_job.job import Job

from .common import IspBillingCommon


class Rollback(Exception):
    pass


@at_install(False)
@post_install(True)
class TestBillingRun(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestBillingRun, cls).setUpClass()
        # the common subscription stays pending: it must never be invoiced
        cls.cycle = 5
        cls.fibre = cls._create_isp_product('Run Fibre 600 Mb', 30.0)
        cls.tv = cls._create_isp_product('Run TV', 10.0,
                                         isp_service_type='tv')
        cls.installation = cls._create_installation('Run Installation')
        # prepaid: full fibre with 10 % discount and an extra amount;
        # TV activated on 20/11 (prorated: 16 of 30 days)
        cls.prepaid = cls.env['res.partner'].create({
            'name': 'Run Prepaid Customer', 'customer': True})
        cls.prepaid_fibre = cls._run_subscription(
            cls.prepaid, cls.fibre, 30.0, '2026-09-05', discount=10.0,
            adjustment_ids=[(0, 0, {'name': 'Static IP', 'amount': 5.0})])
        cls.prepaid_tv = cls._run_subscription(
            cls.prepaid, cls.tv, 10.0, '2026-11-20')
        # postpaid: billed 05/10-04/11, terminated on 19/10 (15 of 31 days)
        cls.postpaid = cls.env['res.partner'].create({
            'name': 'Run Postpaid Customer', 'customer': True})
        cls.postpaid_fibre = cls._run_subscription(
            cls.postpaid, cls.fibre, 31.0, '2026-01-05',
            billing_mode='postpaid')
        cls.postpaid_fibre.write({'state': 'terminated',
                                  'date_end': '2026-10-19'})
        # company-internal line: never invoiced
        cls.internal = cls.env['res.partner'].create({
            'name': 'Run Internal Line', 'customer': True})
        cls.internal_sub = cls._create_subscription(
            cls.internal, product_id=cls.fibre.id, price_unit=0.0,
            billing_cycle_day=cls.cycle)
        cls.internal_sub._activate_nonbillable(date_start='2026-01-05')

    @classmethod
    def _run_subscription(cls, partner, product, price, date_start,
                          **values):
        vals = {'product_id': product.id, 'price_unit': price,
                'billing_cycle_day': cls.cycle}
        vals.update(values)
        subscription = cls._create_subscription(partner, **vals)
        subscription._activate(date_start=date_start)
        return subscription

    def _new_run(self, date='2026-11-05', **values):
        vals = {'date': date, 'cycle_day': self.cycle, 'chunk_size': 1}
        vals.update(values)
        return self.env['isp.billing.run'].create(vals)

    def _chunk_jobs(self):
        return self.env['queue.job'].search(
            [('model_name', '=', 'isp.billing.run.chunk')], order='id')

    @mute_logger('odoo.addons.queue_job.models.base')
    def _start(self, run):
        run.with_context(test_queue_job_no_delay=True).action_start()
        return run

    @mute_logger('odoo.addons.queue_job.models.base')
    def _post(self, run):
        run.with_context(test_queue_job_no_delay=True).action_post_invoices()
        return run

    @staticmethod
    def _totals(run):
        return sorted(
            (invoice.partner_id.name, invoice.amount_untaxed)
            for invoice in run.invoice_ids)

    def test_prepaid_customer_amounts_prorated_discounted_and_adjusted(self):
        run = self._start(self._new_run())
        self.assertEqual(run.state, 'done')
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.prepaid)
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, 'draft')
        self.assertEqual(invoice.date_invoice, '2026-11-05')
        lines = invoice.invoice_line_ids
        fibre = lines.filtered(lambda l: l.name.startswith('Run Fibre'))
        self.assertEqual(fibre.price_subtotal, 27.0)
        self.assertIn('11/05/2026', fibre.name)
        self.assertIn('12/04/2026', fibre.name)
        extra = lines.filtered(lambda l: l.name.startswith('Static IP'))
        self.assertEqual(extra.price_subtotal, 5.0)
        tv = lines.filtered(lambda l: l.name.startswith('Run TV'))
        # 20/11 to 04/12: 15 of 30 days
        self.assertEqual(tv.price_subtotal, 5.0)
        self.assertEqual(invoice.amount_untaxed, 37.0)

    def test_prepaid_activated_after_last_run_catches_up_first_period(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Late Activation', 'customer': True})
        subscription = self._run_subscription(
            customer, self.fibre, 30.0, '2026-10-20')
        run = self._start(self._new_run())
        periods = self.env['isp.subscription.period'].search(
            [('subscription_id', '=', subscription.id)], order='date_start')
        self.assertEqual(periods.mapped('date_start'),
                         ['2026-10-05', '2026-11-05'])
        # 20/10 to 04/11: 16 of 31 days, then a full period
        self.assertEqual(periods.mapped('amount'), [15.48, 30.0])
        invoice = run.invoice_ids.filtered(lambda i: i.partner_id == customer)
        self.assertEqual(invoice.amount_untaxed, 45.48)

    def test_missed_runs_bill_every_missing_period_once(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Missed Runs', 'customer': True})
        subscription = self._run_subscription(
            customer, self.fibre, 30.0, '2026-05-05',
            adjustment_ids=[(0, 0, {'name': 'Static IP', 'amount': 5.0})])
        august = self._start(self._new_run(date='2026-08-05'))
        self.assertEqual(august.invoice_ids.filtered(
            lambda i: i.partner_id == customer).amount_untaxed, 35.0)
        # the runs of September and October were never started
        run = self._start(self._new_run())
        periods = self.env['isp.subscription.period'].search(
            [('subscription_id', '=', subscription.id)], order='date_start')
        self.assertEqual(
            [(p.date_start, p.date_end, p.amount, p.run_id) for p in periods],
            [('2026-08-05', '2026-09-04', 35.0, august),
             ('2026-09-05', '2026-10-04', 35.0, run),
             ('2026-10-05', '2026-11-04', 35.0, run),
             ('2026-11-05', '2026-12-04', 35.0, run)])
        invoice = run.invoice_ids.filtered(lambda i: i.partner_id == customer)
        self.assertEqual(len(invoice), 1)
        fibre = invoice.invoice_line_ids.filtered(
            lambda l: l.name.startswith('Run Fibre')).sorted('sequence')
        self.assertEqual(
            [(line.name, line.price_subtotal) for line in fibre],
            [('Run Fibre 600 Mb — 09/05/2026–10/04/2026', 30.0),
             ('Run Fibre 600 Mb — 10/05/2026–11/04/2026', 30.0),
             ('Run Fibre 600 Mb — 11/05/2026–12/04/2026', 30.0)])
        self.assertEqual(invoice.amount_untaxed, 105.0)
        # a second run bills none of them again
        second = self._start(self._new_run())
        self.assertFalse(second.invoice_ids.filtered(
            lambda i: i.partner_id == customer))
        self.assertEqual(len(subscription.period_ids), 4)

    def test_dry_run_shows_each_missing_period(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Missed Runs Preview', 'customer': True})
        subscription = self._run_subscription(
            customer, self.fibre, 30.0, '2026-05-05')
        self._start(self._new_run(date='2026-09-05'))
        run = self._new_run()
        run.action_dry_run()
        lines = run.preview_ids.filtered(lambda l: l.partner_id == customer)
        self.assertEqual(lines.mapped('subscription_id'), subscription)
        self.assertEqual(
            [(line.amount, line.previous_amount, line.difference)
             for line in lines],
            [(30.0, 30.0, 0.0), (30.0, 0.0, 30.0)])
        self.assertFalse(run.invoice_ids)

    def test_postpaid_customer_billed_previous_period_prorated(self):
        run = self._start(self._new_run())
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.postpaid)
        self.assertEqual(len(invoice), 1)
        self.assertIn('10/05/2026', invoice.invoice_line_ids.name)
        # 05/10 to 19/10: 15 of 31 days of 31.0
        self.assertEqual(invoice.amount_untaxed, 15.0)
        period = self.env['isp.subscription.period'].search(
            [('subscription_id', '=', self.postpaid_fibre.id)])
        self.assertEqual(period.date_start, '2026-10-05')
        self.assertEqual(period.date_end, '2026-11-04')
        self.assertEqual(period.invoice_id, invoice)

    def test_active_nonbillable_and_pending_never_invoiced(self):
        run = self._start(self._new_run())
        partners = run.invoice_ids.mapped('partner_id')
        self.assertNotIn(self.internal, partners)
        self.assertNotIn(self.customer, partners)
        self.assertEqual(partners, self.prepaid | self.postpaid)

    def test_run_twice_gives_the_same_invoices(self):
        run = self._start(self._new_run())
        totals = self._totals(run)
        invoices = run.invoice_ids
        self._start(run)
        self.assertEqual(run.invoice_ids, invoices)
        self.assertEqual(self._totals(run), totals)
        second = self._start(self._new_run())
        self.assertEqual(second.state, 'done')
        self.assertFalse(second.invoice_ids)

    def test_interrupted_run_restarted_gives_same_totals(self):
        try:
            with self.env.cr.savepoint():
                expected = self._totals(self._start(self._new_run()))
                raise Rollback()
        except Rollback:
            self.env.clear()
        self.assertFalse(self.env['isp.subscription.period'].search(
            [('subscription_id', '=', self.prepaid_fibre.id)]))
        run = self._new_run()
        older_jobs = self._chunk_jobs()    # e.g. the demo's past run
        run.action_start()
        self.assertEqual(run.state, 'running')
        self.assertEqual(len(run.chunk_ids), 2)
        jobs = self._chunk_jobs() - older_jobs
        self.assertEqual(len(jobs), 2)
        # pressing start again does not queue the pending chunks twice
        run.action_start()
        self.assertEqual(self._chunk_jobs() - older_jobs, jobs)
        # one worker does the first chunk, then the server is killed
        Job.load(self.env, jobs[0].uuid).perform()
        self.assertEqual(run.customer_done_count, 1)
        self.assertEqual(run.state, 'running')
        self._start(run)
        self.assertEqual(run.state, 'done')
        self.assertEqual(run.customer_done_count, 2)
        self.assertEqual(self._totals(run), expected)
        # the job of the first chunk performed again does nothing
        Job.load(self.env, jobs[0].uuid).perform()
        self.assertEqual(self._totals(run), expected)

    def test_failing_customer_is_skipped_and_reported(self):
        Run = type(self.env['isp.billing.run'])
        original = Run._create_period_records
        bad = self.prepaid

        def failing(run, items):
            if items[0]['subscription'].partner_id == bad:
                raise UserError(_('Forced failure'))
            return original(run, items)

        run = self._new_run()
        with patch.object(Run, '_create_period_records', failing), \
                mute_logger(
                    'odoo.addons.isp_billing.models.isp_billing_run_chunk'):
            self._start(run)
        self.assertEqual(run.state, 'done')
        self.assertEqual(run.invoice_ids.mapped('partner_id'), self.postpaid)
        self.assertEqual(run.failure_ids.partner_id, bad)
        self.assertEqual(run.failure_ids.message, 'Forced failure')
        self.assertEqual(run.customer_failed_count, 1)
        self.assertEqual(run.customer_done_count, 1)
        self.assertFalse(self.env['account.invoice'].search(
            [('partner_id', '=', bad.id)]))
        # restarted once fixed: the customer is invoiced, the failure gone
        self._start(run)
        self.assertEqual(run.invoice_ids.mapped('partner_id'),
                         self.prepaid | self.postpaid)
        self.assertFalse(run.failure_ids)

    def test_contract_mandate_used_not_partner_newer_one(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Mandate Customer', 'customer': True})
        old_account = self.env['res.partner.bank'].create({
            'acc_number': 'NL91ABNA0417164300', 'partner_id': customer.id})
        mandate = self._create_mandate(old_account)
        mandate.validate()
        mode = self._create_debit_payment_mode()
        subscription = self._run_subscription(
            customer, self.fibre, 30.0, '2026-11-05',
            payment_mode_id=mode.id, mandate_id=mandate.id,
            bank_account_id=old_account.id)
        # the customer later types a new IBAN on the partner form
        new_account = self.env['res.partner.bank'].create({
            'acc_number': 'DE89370400440532013000',
            'partner_id': customer.id})
        new_mandate = self._create_mandate(new_account)
        new_mandate.validate()
        customer.customer_payment_mode_id = False
        run = self._start(self._new_run())
        invoice = run.invoice_ids.filtered(lambda i: i.partner_id == customer)
        self.assertEqual(invoice.mandate_id, subscription.mandate_id)
        self.assertEqual(invoice.mandate_id.partner_bank_id, old_account)
        self.assertEqual(invoice.payment_mode_id, mode)

    def test_oneoff_charge_billed_once(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Contract Customer', 'customer': True})
        contract = self._create_contract(
            customer, [(self.fibre, 1, 30.0), (self.installation, 1, 60.0)],
            isp_billing_cycle_day=self.cycle)
        contract.action_confirm()
        contract.isp_subscription_ids._activate(date_start='2026-11-05')
        line = contract.order_line.filtered(
            lambda l: l.product_id == self.installation)
        self.assertTrue(line.isp_is_oneoff)
        run = self._start(self._new_run())
        invoice = run.invoice_ids.filtered(lambda i: i.partner_id == customer)
        self.assertEqual(invoice.amount_untaxed, 90.0)
        self.assertTrue(line.isp_oneoff_billed)
        self.assertEqual(line.invoice_lines.invoice_id, invoice)
        december = self._start(self._new_run('2026-12-05'))
        invoice = december.invoice_ids.filtered(
            lambda i: i.partner_id == customer)
        self.assertEqual(invoice.amount_untaxed, 30.0)

    def test_cycle_day_31_refused_with_a_message(self):
        with self.assertRaises(ValidationError):
            self._new_run(cycle_day=31)

    def test_sql_constraint_refuses_duplicate_period(self):
        Period = self.env['isp.subscription.period']
        Period.create({'subscription_id': self.prepaid_fibre.id,
                       'date_start': '2026-11-05',
                       'date_end': '2026-12-04'})
        with self.assertRaises(psycopg2.IntegrityError), \
                mute_logger('odoo.sql_db'), self.env.cr.savepoint():
            Period.create({'subscription_id': self.prepaid_fibre.id,
                           'date_start': '2026-11-05',
                           'date_end': '2026-12-04'})

    def test_dry_run_shows_amounts_and_difference_without_invoices(self):
        self._start(self._new_run('2026-10-05'))
        run = self._new_run()
        run.action_dry_run()
        self.assertFalse(run.invoice_ids)
        self.assertEqual(run.state, 'draft')
        fibre = run.preview_ids.filtered(
            lambda p: p.subscription_id == self.prepaid_fibre)
        # october: 27 + 5; november the same
        self.assertEqual(fibre.amount, 32.0)
        self.assertEqual(fibre.previous_amount, 32.0)
        self.assertEqual(fibre.difference, 0.0)
        postpaid = run.preview_ids.filtered(
            lambda p: p.subscription_id == self.postpaid_fibre)
        # september billed 31.0 in full, october 15 days
        self.assertEqual(postpaid.previous_amount, 31.0)
        self.assertEqual(postpaid.difference, -16.0)
        self.assertEqual(run.preview_amount, 37.0 + 15.0)
        self._start(run)
        self.assertEqual(run.amount_untaxed, run.preview_amount)

    def test_post_invoices_in_chunks_twice_posts_once(self):
        run = self._start(self._new_run())
        with self.assertRaises(UserError):
            self._new_run().action_post_invoices()
        self._post(run)
        self.assertEqual(set(run.invoice_ids.mapped('state')), {'open'})
        numbers = run.invoice_ids.mapped('number')
        self._post(run)
        self.assertEqual(run.invoice_ids.mapped('number'), numbers)
        self.assertEqual(run.invoice_draft_count, 0)

    def test_posting_chunks_queued_in_their_own_channel(self):
        run = self._start(self._new_run())
        older_jobs = self._chunk_jobs()
        run.action_post_invoices()
        jobs = self._chunk_jobs() - older_jobs
        self.assertEqual(len(jobs), 2)
        self.assertEqual(set(jobs.mapped('channel')),
                         {'root.isp_billing_post'})
        # invoicing chunks stay in the channel of their job function
        before = self._chunk_jobs()
        self._new_run(date='2026-12-05').action_start()
        invoicing_jobs = self._chunk_jobs() - before
        self.assertTrue(invoicing_jobs)
        self.assertEqual(set(invoicing_jobs.mapped('channel')), {'root'})

    def test_billing_user_queues_the_run_manager_deletes(self):
        run = self.env['isp.billing.run'].sudo(self.billing_user).create(
            {'date': '2026-11-05', 'cycle_day': self.cycle, 'chunk_size': 50})
        older_jobs = self._chunk_jobs()
        run.action_start()
        self.assertEqual(run.state, 'running')
        jobs = self._chunk_jobs() - older_jobs
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.user_id, self.billing_user)
        Job.load(self.env, jobs.uuid).perform()
        # the chunk queued the check that marks the run done, as that user
        self.assertEqual(run.state, 'running')
        check = self.env['queue.job'].search([
            ('model_name', '=', 'isp.billing.run'),
            ('method_name', '=', '_job_check_done'),
            ('state', '=', 'pending')], order='id desc', limit=1)
        self.assertEqual(check.user_id, self.billing_user)
        Job.load(self.env, check.uuid).perform()
        self.assertEqual(run.state, 'done')
        self.assertEqual(run.invoice_ids.mapped('partner_id'),
                         self.prepaid | self.postpaid)
        with self.assertRaises(UserError):
            run.sudo(self.billing_manager).unlink()
        draft = self.env['isp.billing.run'].sudo(self.billing_user).create(
            {'date': '2026-11-05', 'cycle_day': 6})
        draft.sudo(self.billing_manager).unlink()
        self.assertFalse(draft.exists())

    # -- the contract counts what the runs invoiced ----------------------

    def _billed_contract(self, name):
        customer = self.env['res.partner'].create({
            'name': name, 'customer': True})
        contract = self._create_contract(
            customer, [(self.fibre, 1, 30.0), (self.installation, 1, 60.0)],
            isp_billing_cycle_day=self.cycle)
        contract.action_confirm()
        contract.isp_subscription_ids._activate(date_start='2026-11-05')
        return contract

    def test_contract_lines_count_the_invoices_of_the_runs(self):
        contract = self._billed_contract('Run Counted Customer')
        fibre = contract.order_line.filtered(
            lambda l: l.product_id == self.fibre)
        self.assertTrue(contract.isp_billed_by_runs)
        self.assertEqual(contract.invoice_status, 'no')
        self.assertEqual(fibre.qty_to_invoice, 0.0)
        november = self._start(self._new_run())
        invoice = november.invoice_ids.filtered(
            lambda i: i.partner_id == contract.partner_id)
        self.assertEqual(fibre.invoice_lines.invoice_id, invoice)
        self.assertEqual(contract.invoice_ids, invoice)
        self.assertEqual(fibre.qty_invoiced, 1.0)
        self.assertEqual(contract.invoice_status, 'invoiced')
        december = self._start(self._new_run('2026-12-05'))
        self.assertEqual(fibre.qty_invoiced, 2.0)
        # Odoo's sum would leave -1 to invoice: "To invoice" again
        self.assertEqual(fibre.qty_to_invoice, 0.0)
        self.assertEqual(fibre.invoice_status, 'invoiced')
        self.assertEqual(contract.invoice_status, 'invoiced')
        self.assertEqual(len(contract.invoice_ids), 2)
        # a cancelled invoice no longer counts
        december.invoice_ids.filtered(
            lambda i: i.partner_id == contract.partner_id
        ).action_invoice_cancel()
        self.assertEqual(fibre.qty_invoiced, 1.0)

    def test_contract_cannot_be_invoiced_from_the_order(self):
        contract = self._billed_contract('Run Refused Customer')
        with self.assertRaisesRegex(UserError, 'billing runs invoice'):
            contract.action_invoice_create()
        Wizard = self.env['sale.advance.payment.inv'].with_context(
            active_model='sale.order', active_ids=contract.ids,
            active_id=contract.id)
        for method in ('delivered', 'all', 'percentage'):
            wizard = Wizard.create({'advance_payment_method': method,
                                    'amount': 10.0})
            with self.assertRaisesRegex(UserError, 'billing runs invoice'):
                wizard.create_invoices()
        self.assertFalse(contract.invoice_ids)
        self.assertFalse(self.env['account.invoice'].search(
            [('partner_id', '=', contract.partner_id.id)]))
        # the form offers no "Create Invoice" for it
        arch = self.env['sale.order'].fields_view_get(
            view_type='form')['arch']
        arch = arch.decode() if isinstance(arch, bytes) else arch
        self.assertIn('isp_billed_by_runs', arch)

    def test_other_products_of_a_contract_are_invoiced_by_odoo_alone(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Mixed Customer', 'customer': True})
        self.product.invoice_policy = 'order'
        contract = self._create_contract(
            customer, [(self.fibre, 1, 30.0), (self.product, 1, 12.0)],
            isp_billing_cycle_day=self.cycle)
        contract.action_confirm()
        self.assertEqual(contract.invoice_status, 'to invoice')
        invoice = self.env['account.invoice'].browse(
            contract.action_invoice_create())
        self.assertEqual(invoice.invoice_line_ids.product_id, self.product)
        self.assertEqual(invoice.amount_untaxed, 12.0)
        fibre = contract.order_line.filtered(
            lambda l: l.product_id == self.fibre)
        self.assertEqual(fibre.qty_invoiced, 0.0)
        self.assertEqual(contract.invoice_status, 'no')
        with self.assertRaisesRegex(UserError, 'billing runs invoice'):
            contract.action_invoice_create()

    def test_order_of_plain_products_is_still_invoiced_by_odoo(self):
        customer = self.env['res.partner'].create({
            'name': 'Run Plain Order', 'customer': True})
        order = self._create_contract(customer, [(self.product, 2, 10.0)])
        self.product.invoice_policy = 'order'
        order.action_confirm()
        self.assertFalse(order.isp_billed_by_runs)
        invoice = self.env['account.invoice'].browse(
            order.action_invoice_create())
        self.assertEqual(invoice.amount_untaxed, 20.0)
        self.assertEqual(order.order_line.qty_invoiced, 2.0)

    # -- what the run says ----------------------------------------------

    def test_run_counts_its_posted_invoices(self):
        run = self._start(self._new_run())
        self.assertEqual(run.invoice_count, 2)
        self.assertEqual(run.invoice_posted_count, 0)
        self._post(run)
        run.invalidate_cache()
        self.assertEqual(run.invoice_posted_count, 2)
        self.assertEqual(run.invoice_draft_count, 0)
        tree = self.env['isp.billing.run'].fields_view_get(
            view_type='tree')['arch']
        tree = tree.decode() if isinstance(tree, bytes) else tree
        self.assertIn('invoice_posted_count', tree)

    def test_line_bills_the_days_from_the_activation(self):
        # TV activated on 20/11 in the period 05/11-04/12
        run = self._start(self._new_run())
        tv = run.invoice_ids.mapped('invoice_line_ids').filtered(
            lambda l: l.product_id == self.tv)
        self.assertIn('11/20/2026', tv.name)
        self.assertIn('12/04/2026', tv.name)
        self.assertNotIn('11/05/2026', tv.name)

    def test_invoice_due_date_from_the_payment_terms(self):
        term = self.env.ref('account.account_payment_term_15days')
        self.env.user.company_id.isp_payment_term_id = term
        self.assertFalse(self.prepaid.property_payment_term_id)
        run = self._post(self._start(self._new_run()))
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.prepaid)
        self.assertEqual(invoice.payment_term_id, term)
        self.assertEqual(invoice.date_due, '2026-11-20')
        # the customer's own terms prevail
        net = self.env.ref('account.account_payment_term_net')
        self.postpaid.property_payment_term_id = net
        self.assertEqual(run._payment_term(self.postpaid), net)

    def test_generated_names_in_the_company_and_customer_language(self):
        # the translations shipped with the addon
        self.env['res.lang'].load_lang('es_ES')
        self.env['ir.translation'].load_module_terms(
            ['isp_billing'], ['es_ES'])
        self.fibre.with_context(lang='es_ES').name = 'Fibra 600 Mb'
        self.env.user.company_id.partner_id.lang = 'en_US'
        run = self._new_run()
        self.assertEqual(run.name, 'Billing run of 11/05/2026, cycle day 5')
        self.env.user.company_id.partner_id.lang = 'es_ES'
        run = self._new_run(date='2026-11-06')
        self.assertEqual(run.name, 'Facturación del 06/11/2026, día de '
                         'ciclo 5')
        self.prepaid.lang = 'es_ES'
        items = self._new_run()._compute_customer_items(self.prepaid)
        names = [item['line_vals']['name'] for item in items]
        self.assertIn('Fibra 600 Mb — 05/11/2026–04/12/2026', names)
        items = self._new_run()._compute_customer_items(self.postpaid)
        self.assertTrue(items[0]['line_vals']['name'].startswith(
            'Run Fibre 600 Mb — '))

    def test_customers_of_one_chunk_get_the_service_in_their_language(self):
        self.env['res.lang'].load_lang('es_ES')
        self.fibre.with_context(lang='es_ES').name = 'Fibra 600 Mb'
        self.prepaid.lang = 'es_ES'
        self.postpaid.lang = 'en_US'
        # both customers in one chunk, read in one transaction
        run = self._start(self._new_run(chunk_size=10))
        self.assertEqual(len(run.chunk_ids), 1)
        names = {
            invoice.partner_id: invoice.invoice_line_ids.filtered(
                lambda l: l.product_id == self.fibre).mapped('name')
            for invoice in run.invoice_ids}

        def services(partner):
            return [name.split(' — ')[0] for name in names[partner]
                    if 'Fibr' in name]
        self.assertEqual(services(self.prepaid), ['Fibra 600 Mb'])
        self.assertEqual(services(self.postpaid), ['Run Fibre 600 Mb'])
