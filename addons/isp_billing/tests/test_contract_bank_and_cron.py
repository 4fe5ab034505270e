# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from .common import IspBillingCommon


@at_install(False)
@post_install(True)
class TestContractBankChange(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestContractBankChange, cls).setUpClass()
        cls.holder = cls.env['res.partner'].create({
            'name': 'Bank Change Customer', 'customer': True})
        cls.fibre = cls._create_isp_product('Bank Change Fibre', 30.0)
        cls.old_account = cls.env['res.partner.bank'].create({
            'acc_number': 'NL91ABNA0417164300', 'partner_id': cls.holder.id})
        cls.old_mandate = cls._create_mandate(cls.old_account)
        cls.old_mandate.validate()
        cls.new_account = cls.env['res.partner.bank'].create({
            'acc_number': 'DE89370400440532013000',
            'partner_id': cls.holder.id})
        cls.new_mandate = cls._create_mandate(cls.new_account)
        cls.new_mandate.validate()
        cls.mode = cls._create_debit_payment_mode()
        cls.contract = cls._create_contract(
            cls.holder, [(cls.fibre, 1, 30.0)],
            isp_billing_cycle_day=7,
            isp_payment_mode_id=cls.mode.id,
            isp_mandate_id=cls.old_mandate.id,
            isp_bank_account_id=cls.old_account.id)
        cls.contract.action_confirm()
        cls.contract.isp_subscription_ids._activate(date_start='2026-10-07')
        stranger = cls.env['res.partner'].create({'name': 'Stranger'})
        cls.stranger_account = cls.env['res.partner.bank'].create({
            'acc_number': 'GB29NWBK60161331926819',
            'partner_id': stranger.id})
        cls.stranger_mandate = cls._create_mandate(cls.stranger_account)

    def _wizard(self, **values):
        vals = {'order_id': self.contract.id, 'reason': 'New bank'}
        vals.update(values)
        return self.env['isp.contract.bank.wizard'].create(vals)

    def _bank_data(self):
        subscription = self.contract.isp_subscription_ids
        return (self.contract.isp_bank_account_id,
                self.contract.isp_mandate_id,
                subscription.bank_account_id, subscription.mandate_id)

    @mute_logger('odoo.addons.queue_job.models.base')
    def test_new_mandate_applies_to_contract_subscriptions_and_billing(self):
        self._wizard(mandate_id=self.new_mandate.id,
                     bank_account_id=self.new_account.id).action_apply()
        self.assertEqual(self._bank_data(), (
            self.new_account, self.new_mandate,
            self.new_account, self.new_mandate))
        self.assertEqual(
            self.contract.isp_subscription_ids.bank_acc_number.replace(
                ' ', ''), 'DE89370400440532013000')
        self.assertIn('DE89 3704 0044 0532 0130 00',
                      self.contract.message_ids[0].body)
        self.assertIn('New bank', self.contract.message_ids[0].body)
        run = self.env['isp.billing.run'].create(
            {'date': '2026-11-07', 'cycle_day': 7})
        run.with_context(test_queue_job_no_delay=True).action_start()
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.holder)
        self.assertEqual(invoice.mandate_id, self.new_mandate)

    def test_mandate_of_another_customer_refused_nothing_changed(self):
        before = self._bank_data()
        with self.assertRaisesRegex(UserError, 'belongs to Stranger'):
            self._wizard(mandate_id=self.stranger_mandate.id).action_apply()
        self.assertEqual(self._bank_data(), before)

    def test_mandate_not_covering_the_account_refused(self):
        with self.assertRaisesRegex(UserError, 'covers account'):
            self._wizard(mandate_id=self.old_mandate.id,
                         bank_account_id=self.new_account.id).action_apply()

    def test_debit_contract_without_new_mandate_refused(self):
        before = self._bank_data()
        with self.assertRaisesRegex(UserError, 'needs a direct debit'):
            self._wizard(bank_account_id=self.new_account.id).action_apply()
        self.assertEqual(self._bank_data(), before)

    def test_cancelled_mandate_refused(self):
        self.new_mandate.cancel()
        with self.assertRaisesRegex(UserError, 'no longer usable'):
            self._wizard(mandate_id=self.new_mandate.id).action_apply()

    def test_partner_form_account_never_changes_the_contract(self):
        self.holder.write({'bank_ids': [(0, 0, {
            'acc_number': 'FR1420041010050500013M02606'})]})
        self.assertEqual(self._bank_data(), (
            self.old_account, self.old_mandate,
            self.old_account, self.old_mandate))


@at_install(False)
@post_install(True)
class TestBillingRunCron(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestBillingRunCron, cls).setUpClass()
        cls.fibre = cls._create_isp_product('Cron Fibre', 30.0)
        cls.holder = cls.env['res.partner'].create({
            'name': 'Cron Customer', 'customer': True})
        cls.cron_subscription = cls._create_subscription(
            cls.holder, product_id=cls.fibre.id, price_unit=30.0,
            billing_cycle_day=9)
        cls.cron_subscription._activate(date_start='2026-11-09')

    @mute_logger('odoo.addons.queue_job.models.base')
    def _cron(self, date):
        return self.env['isp.billing.run'].with_context(
            test_queue_job_no_delay=True)._cron_start_billing_runs(date)

    def _runs(self, date, cycle_day):
        return self.env['isp.billing.run'].search(
            [('date', '=', date), ('cycle_day', '=', cycle_day)])

    def test_cron_on_a_cycle_day_runs_it_once(self):
        runs = self._cron('2026-11-09')
        self.assertEqual(runs, self._runs('2026-11-09', 9))
        self.assertEqual(runs.state, 'done')
        invoice = runs.invoice_ids.filtered(
            lambda i: i.partner_id == self.holder)
        self.assertEqual(invoice.amount_untaxed, 30.0)
        self.assertFalse(self._cron('2026-11-09'))
        self.assertEqual(len(self._runs('2026-11-09', 9)), 1)

    def test_cron_on_a_day_without_subscriptions_creates_nothing(self):
        self.assertFalse(self._cron('2026-11-10').filtered(
            lambda r: r.cycle_day == 10
            and self.holder in r.invoice_ids.mapped('partner_id')))
        self.assertFalse(self._runs('2026-11-09', 9))

    def test_cron_after_day_28_creates_nothing(self):
        self.assertFalse(self._cron('2026-11-30'))
