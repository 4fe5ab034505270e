# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pulls against the local SOAP server: invoice status, payments,
consumption and activations applied once; a SOAP fault or a malformed
answer changes nothing."""
import datetime

from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from .common import IspBillingCommon
from .soap_common import failed_logs, soap_connector
from .soap_server import LocalSoapServer


@at_install(False)
@post_install(True)
class TestSoapPull(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(TestSoapPull, cls).setUpClass()
        cls.server = LocalSoapServer().__enter__()
        cls.company = cls.env.user.company_id
        cls.connector = soap_connector(
            cls.env, cls.company, wsdl_url=cls.server.wsdl_url, pull=True,
            timeout=10.0)
        cls.pull_customer = cls.env['res.partner'].create({
            'name': 'Pulled Customer', 'customer': True,
            'isp_external_ref': 'CUST-PULL-1'})
        cls.other_customer = cls.env['res.partner'].create({
            'name': 'Other Pulled Customer', 'customer': True,
            'isp_external_ref': 'CUST-PULL-2'})
        cls.income_account = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id),
        ], limit=1)
        cls.bank_journal = cls.env['account.journal'].create({
            'name': 'Pull test bank', 'type': 'bank', 'code': 'PLBK'})
        cls.connector.pull_journal_id = cls.bank_journal
        cls.invoice = cls.env['account.invoice'].create({
            'partner_id': cls.pull_customer.id,
            'type': 'out_invoice',
            'account_id':
                cls.pull_customer.property_account_receivable_id.id,
            'date_invoice': '2026-11-05',
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre November',
                'quantity': 1,
                'price_unit': 40.0,
                'account_id': cls.income_account.id,
            })],
        })
        cls.invoice.action_invoice_open()
        # a metered service known to the external system
        cls.power_product = cls._create_isp_product(
            'Pulled Electricity', 9.0, isp_service_type='electricity',
            isp_consumption_price=0.15)
        cls.power = cls._create_subscription(
            cls.pull_customer, product_id=cls.power_product.id,
            price_unit=9.0, isp_external_ref='EXT-POWER-1')
        cls.connector.provisioning = False
        cls.power._activate(date_start='2026-10-01')
        cls.connector.provisioning = True
        cls.meter = cls.env['isp.meter'].create({
            'name': 'E-PULL-1', 'subscription_id': cls.power.id,
            'date_installed': '2026-10-01', 'initial_value': 1000.0})
        # a service waiting for the provisioning system
        cls.pending = cls._create_subscription(
            cls.pull_customer, isp_external_ref='EXT-PENDING-1')

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        super(TestSoapPull, cls).tearDownClass()

    def setUp(self):
        super(TestSoapPull, self).setUp()
        self.server.answers = {}
        self.server.received = []
        self.server.fault = None
        self.server.malformed = False

    @mute_logger('odoo.addons.isp_billing.models.isp_soap_connector',
                 'odoo.addons.isp_billing.models'
                 '.isp_subscription_provisioning')
    def _pull(self):
        self.env['isp.soap.connector']._cron_isp_soap_pull()
        self.invoice.invalidate_cache()
        self.pending.invalidate_cache()

    def _payment(self, reference='PAY-1', amount=40.0):
        return {'reference': reference, 'customer_code': 'CUST-PULL-1',
                'date': datetime.date(2026, 11, 12), 'amount': amount,
                'invoice_number': self.invoice.number}

    def _payments(self):
        return self.env['account.payment'].search(
            [('partner_id', '=', self.pull_customer.id)])

    def _readings(self):
        return self.env['isp.meter.reading'].search(
            [('subscription_id', '=', self.power.id)], order='date, id')

    def test_pull_asks_for_the_mapped_customers(self):
        self._pull()
        payments = self.server.received_of('PullPayments')
        self.assertEqual(len(payments), 1)
        self.assertEqual(sorted(payments[0]['data']['customer_codes']),
                         ['CUST-PULL-1', 'CUST-PULL-2'])
        self.assertEqual(len(self.server.received_of('PullActivations')), 1)
        self.assertTrue(self.connector.pull_date_last)

    def test_payment_registered_reconciled_and_applied_once(self):
        self.server.answers['PullPayments'] = [self._payment()]
        self._pull()
        self.assertEqual(self.invoice.state, 'paid')
        payment = self._payments()
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.isp_external_ref, 'PAY-1')
        self.assertEqual(payment.amount, 40.0)
        self.assertEqual(payment.payment_date, '2026-11-12')
        self.assertEqual(payment.journal_id, self.bank_journal)
        # the same answer again
        self._pull()
        self.assertEqual(self._payments(), payment)
        self.assertEqual(self.invoice.residual, 0.0)
        self.assertFalse(failed_logs(self.env, self.connector,
                                     'PullPayments'))

    def test_partial_payment_leaves_the_rest_due(self):
        self.server.answers['PullPayments'] = [
            self._payment('PAY-P1', 15.0)]
        self._pull()
        self._pull()
        self.assertEqual(self.invoice.state, 'open')
        self.assertEqual(self.invoice.residual, 25.0)
        self.assertEqual(len(self._payments()), 1)

    def test_payment_of_unknown_invoice_is_logged_and_skipped(self):
        unknown = dict(self._payment('PAY-X'), invoice_number='INV/NONE/1')
        self.server.answers['PullPayments'] = [
            unknown, self._payment('PAY-2', 40.0)]
        self._pull()
        self.assertEqual(self._payments().mapped('isp_external_ref'),
                         ['PAY-2'])
        log = failed_logs(self.env, self.connector, 'PullPayments')
        self.assertEqual(len(log), 1)
        self.assertIn('INV/NONE/1', log.error)

    def test_payment_without_reference_is_logged_and_skipped(self):
        self.server.answers['PullPayments'] = [
            dict(self._payment(), reference=None)]
        self._pull()
        self.assertFalse(self._payments())
        log = failed_logs(self.env, self.connector, 'PullPayments')
        self.assertIn('reference is missing', log.error)

    def test_payment_naming_another_customer_is_logged_and_skipped(self):
        self.server.answers['PullPayments'] = [
            dict(self._payment(), customer_code='CUST-PULL-2')]
        self._pull()
        self.assertEqual(self.invoice.state, 'open')
        self.assertFalse(self._payments())
        log = failed_logs(self.env, self.connector, 'PullPayments')
        self.assertIn('CUST-PULL-2', log.error)

    def test_answers_about_customers_not_mapped_are_not_asked(self):
        self.server.answers['PullPayments'] = [
            dict(self._payment(), customer_code='CUST-UNMAPPED')]
        self._pull()
        self.assertFalse(self._payments())
        codes = self.server.received_of('PullPayments')[0]['data'][
            'customer_codes']
        self.assertEqual(sorted(codes), ['CUST-PULL-1', 'CUST-PULL-2'])

    def test_invoice_status_mismatch_noted_and_logged_once(self):
        self.server.answers['PullInvoiceStatus'] = [{
            'invoice_number': self.invoice.number,
            'customer_code': 'CUST-PULL-1', 'state': 'paid',
            'amount_total': 40.0, 'amount_due': 0.0, 'currency': 'EUR'}]
        messages = len(self.invoice.message_ids)
        self._pull()
        self.assertEqual(self.invoice.state, 'open')
        self.assertEqual(self.invoice.isp_external_status, 'paid')
        self.assertEqual(len(self.invoice.message_ids), messages + 1)
        self.assertIn('paid', self.invoice.message_ids[0].body)
        self.assertEqual(
            len(failed_logs(self.env, self.connector, 'PullInvoiceStatus')),
            1)
        self._pull()
        self.assertEqual(len(self.invoice.message_ids), messages + 1)
        self.assertEqual(
            len(failed_logs(self.env, self.connector, 'PullInvoiceStatus')),
            1)

    def test_invoice_status_that_agrees_is_only_noted(self):
        self.server.answers['PullInvoiceStatus'] = [{
            'invoice_number': self.invoice.number, 'state': 'open'}]
        messages = len(self.invoice.message_ids)
        self._pull()
        self.assertEqual(self.invoice.isp_external_status, 'open')
        self.assertEqual(len(self.invoice.message_ids), messages)

    def test_consumption_recorded_as_reading_once(self):
        self.server.answers['PullConsumption'] = [{
            'subscription_ref': 'EXT-POWER-1',
            'period_start': datetime.date(2026, 10, 1),
            'period_end': datetime.date(2026, 10, 31),
            'quantity': 120.5, 'uom': 'kWh'}]
        self._pull()
        readings = self._readings()
        # the starting index of the meter, then the index after the period
        self.assertEqual(readings.mapped('date'),
                         ['2026-10-01', '2026-10-31'])
        self.assertEqual(readings.mapped('value'), [1000.0, 1120.5])
        self.assertEqual(readings[-1].consumption, 120.5)
        self._pull()
        self.assertEqual(self._readings(), readings)
        self.assertFalse(failed_logs(self.env, self.connector,
                                     'PullConsumption'))

    @mute_logger('odoo.addons.queue_job.models.base')
    def test_pulled_consumption_is_billed_by_the_billing_run(self):
        self.server.answers['PullConsumption'] = [{
            'subscription_ref': 'EXT-POWER-1',
            'period_start': datetime.date(2026, 10, 1),
            'period_end': datetime.date(2026, 10, 31),
            'quantity': 100.0, 'uom': 'kWh'}]
        self._pull()
        run = self.env['isp.billing.run'].create(
            {'date': '2026-11-01', 'cycle_day': 1, 'chunk_size': 50})
        run.with_context(test_queue_job_no_delay=True).action_start()
        invoice = run.invoice_ids.filtered(
            lambda i: i.partner_id == self.pull_customer)
        consumption = invoice.invoice_line_ids.filtered(
            lambda l: l.quantity == 100.0)
        # 100 kWh at the tariff's 0.15
        self.assertEqual(consumption.price_subtotal, 15.0)
        self.assertEqual(self._readings()[-1].invoice_line_id, consumption)

    def test_activation_pulled_starts_billing_on_its_date(self):
        self.server.answers['PullActivations'] = [{
            'subscription_ref': 'EXT-PENDING-1',
            'date': datetime.date(2026, 11, 20),
            'confirmation_id': 'PULL-CONF-1'}]
        self._pull()
        self.assertEqual(self.pending.state, 'active')
        self.assertEqual(self.pending.date_start, '2026-11-20')
        self.assertEqual(self.pending.isp_provisioning_source, 'pull')
        self._pull()
        self.assertFalse(failed_logs(self.env, self.connector,
                                     'PullActivations'))

    def test_soap_fault_is_logged_and_changes_nothing(self):
        self.server.answers['PullPayments'] = [self._payment()]
        self.server.answers['PullActivations'] = [{
            'subscription_ref': 'EXT-PENDING-1',
            'date': datetime.date(2026, 11, 20),
            'confirmation_id': 'PULL-CONF-1'}]
        self.server.fault = ('Server.Maintenance', 'Down for maintenance')
        self._pull()
        self.assertEqual(self.invoice.state, 'open')
        self.assertFalse(self._payments())
        self.assertEqual(self.pending.state, 'pending')
        log = failed_logs(self.env, self.connector, 'PullPayments')
        self.assertEqual(len(log), 1)
        self.assertIn('Down for maintenance', log.error)
        self.assertFalse(self.connector.pull_date_last)

    def test_malformed_answer_is_logged_and_changes_nothing(self):
        self.server.answers['PullPayments'] = [self._payment()]
        self.server.malformed = True
        self._pull()
        self.assertEqual(self.invoice.state, 'open')
        self.assertFalse(self._payments())
        self.assertEqual(
            len(failed_logs(self.env, self.connector, 'PullPayments')), 1)
        self.assertFalse(self.connector.pull_date_last)
