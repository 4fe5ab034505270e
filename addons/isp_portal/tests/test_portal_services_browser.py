# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One customer on a phone (real Chromium, 390x844) uses the services
pages one after the other: opens a contract and reads its commitment end
and its penalty today, asks for a plan change of one of its services and
finds it on the timeline of her requests, enters a meter reading and sees
the chart of her consumption, uploads the receipt of a payment (a PDF,
through the file input of the invoice's card).

Each step checks what the page shows against what the back office
computes (a migration dated today, the readings' consumption) and the
records the step leaves (request, ticket, migration, reading, file).
No page may scroll sideways at 390 px: the pages that do are named at the
end, after the whole visit (the business steps fail at once)."""
import base64
import os

from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.browser import PHONE, By, ChromiumCase, ec
from odoo.addons.isp_esign.tests.test_esign_page import warm_frontend_assets

from . import test_portal_phone_browser as phone_browser
from . import test_portal_readings as readings
from .money_common import MoneyHttpCase
from .test_portal_contracts import ContractsHttpCase
from .test_portal_plans import PlansCase
from .test_portal_receipts import PDF


@at_install(False)
@post_install(True)
class TestPortalServicesOnAPhone(ContractsHttpCase, PlansCase,
                                 MoneyHttpCase, ChromiumCase):
    """Ana (account_common): the contract of ContractsHttpCase (a fibre
    with 12 months of commitment, a mobile with 24), the plans of
    PlansCase, an electricity meter with three months of readings and an
    open invoice."""

    # the phone's helpers of the first visit's test, the meter and the
    # chart's figures of the readings' tests (through their modules: a
    # test class named in this module would run here again)
    _visible = phone_browser.TestPortalPhoneBrowser._visible
    _open = phone_browser.TestPortalPhoneBrowser._open
    _type = phone_browser.TestPortalPhoneBrowser._type
    _submit = phone_browser.TestPortalPhoneBrowser._submit
    _check_width = phone_browser.TestPortalPhoneBrowser._check_width
    _meter = readings.TestPortalReadings._meter
    _chart = staticmethod(readings.TestPortalReadings._chart)

    @classmethod
    def setUpClass(cls):
        super(TestPortalServicesOnAPhone, cls).setUpClass()
        warm_frontend_assets()

    def setUp(self):
        super(TestPortalServicesOnAPhone, self).setUp()
        env = self.env
        self.company.write({'isp_portal_receipts_enabled': True,
                            'isp_portal_route_reading': False})
        # the back office's penalties today (a migration dated today,
        # removed: the plan change must make the only one)
        self.penalties = self._back_office_penalty(
            self.contract.isp_subscription_ids)
        env['isp.migration'].search(
            [('partner_id', '=', self.ana.id)]).unlink()
        # an electricity meter with three months of readings
        self.power = env['product.product'].create({
            'name': 'Services Power', 'type': 'service', 'list_price': 9.0,
            'isp_service_type': 'electricity',
            'isp_consumption_price': 0.15})
        self.meter = self._meter(self.ana, 'E-SERVICES-1')
        self.history = env['isp.meter.reading']
        for months, value in ((-3, 1000.0), (-2, 1100.0), (-1, 1250.0)):
            self.history |= self.history.create({
                'subscription_id': self.meter.subscription_id.id,
                'meter_id': self.meter.id,
                'date': self._date(months=months),
                'value': value, 'reading_type': 'actual'})
        self.invoice = self._invoice(self.ana, 45.0, self._date(days=-5),
                                     self._date(days=10))
        # what the pages must show, read before the browser shares the
        # test cursor
        self.number = self.invoice.number
        self.commitment_end = self._formatted(
            self.mobile_service.date_commitment_end)
        self._share()
        self.sideways = []
        self._start_browser(PHONE, prefix='isp_portal_services_')
        # the receipt the customer chooses on her phone
        self.receipt = os.path.join(self.tmp, 'receipt.pdf')
        with open(self.receipt, 'wb') as receipt:
            receipt.write(PDF)

    def _money(self, value):
        return '%.2f' % self.currency.round(value)

    def _home_entry(self, css):
        """Follow the entry ``css`` of the portal's home page."""
        self._open('/my', '.o_portal_my_home')
        self._visible(css + ' a').click()

    # -- the visit ------------------------------------------------------------

    def test_phone_contract_plan_change_timeline_reading_and_receipt(self):
        driver = self.driver
        # read before the pages run on the shared test cursor
        with self._db():
            plan_tmpl_id = self.fibre_600.product_tmpl_id.id
        self._log_in('ana_account', 'ana_account',
                     ec.presence_of_element_located(
                         (By.CSS_SELECTOR, '.o_portal_my_home')))
        self._check_width('home /my')

        # 1. the contract: commitment end and penalty today, as the back
        # office computes them
        self._home_entry('.o_isp_home_contracts')
        self._visible('.o_isp_contract_cards')
        self._check_width('contracts /my/contracts')
        self._visible('[data-contract-id="%d"] .o_isp_contract_open'
                      % self.contract.id).click()
        self.assertEqual(self._visible('.o_isp_commitment_end').text,
                         self.commitment_end)
        fibre_penalty = self.penalties[self.fibre_service]
        self.assertGreater(fibre_penalty, 0.0)
        self.assertIn(self._money(sum(self.penalties.values())),
                      self._visible('.o_isp_penalty').text)
        self.assertIn(self._money(fibre_penalty), self._visible(
            '.o_isp_service_card[data-service-id="%d"] '
            '.o_isp_service_penalty' % self.fibre_service.id).text)
        self._check_width('contract /my/contracts/<id>')

        # 2. a plan change of the contract's fibre: the preview's penalty
        # is the contract's, the request a ticket and a draft migration
        self._home_entry('.o_isp_plans_entry')
        card = '.o_isp_plan_card[data-plan-id="%d"]' % plan_tmpl_id
        self._visible(card)
        self._check_width('plans /my/plans')
        driver.find_element(By.CSS_SELECTOR, '%s option[value="%d"]' % (
            card, self.fibre_service.id)).click()
        self._submit(card + ' form.o_isp_plan_form')
        preview_penalty = self._visible('.o_isp_penalty').text
        self.assertIn(self._money(fibre_penalty), preview_penalty)
        self.assertEqual(self._visible('.o_isp_replaced').text,
                         self.fibre.name)
        new_monthly = self._visible('.o_isp_new_monthly').text
        self._check_width('plan preview /my/plans/<id>/preview')
        self._submit('form.o_isp_plan_confirm')
        self._visible('.o_isp_plan_message')
        with self._db():
            plan_requests, tickets, migrations = self._records(self.ana)
            self.assertEqual(
                (len(plan_requests), len(tickets), len(migrations)),
                (1, 1, 1))
            plan_request = plan_requests
            self.assertEqual(plan_request.state, 'pending')
            self.assertEqual(plan_request.ticket_id, tickets)
            self.assertEqual(plan_request.migration_id, migrations)
            self.assertEqual(tickets.stage_id, self.stage)
            self.assertEqual(migrations.state, 'draft')
            self.assertEqual(migrations.line_ids.subscription_id,
                             self.fibre_service)
            self.assertEqual(self._money(migrations.amount_penalty),
                             self._money(fibre_penalty))
            payload = plan_request._isp_payload()
            self.assertEqual(payload['subscription_id'],
                             self.fibre_service.id)
            self.assertEqual(self._money(payload['penalty']),
                             self._money(fibre_penalty))
            self.assertIn(self._money(payload['new_monthly']), new_monthly)
            self.assertEqual(self.fibre_service.state, 'active')
            plan_request_name = plan_request.name

        # 3. the plan change on the timeline of her requests
        self._home_entry('.o_isp_home_requests')
        item = self._visible(
            '.o_isp_request_card[data-model="isp.portal.request"]'
            '[data-id="%d"]' % plan_request.id)
        self.assertEqual(
            (item.get_attribute('data-type'),
             item.get_attribute('data-status')), ('plan_change', 'open'))
        self.assertEqual(
            item.find_element(By.CSS_SELECTOR, '.o_isp_request_type').text,
            'Plan change')
        self.assertIn(plan_request_name, item.find_element(
            By.CSS_SELECTOR, '.o_isp_request_name').text)
        self._check_width('requests /my/requests')

        # 4. a meter reading, recorded at once; the chart is the
        # consumption of the readings by month
        self._home_entry('.o_isp_home_readings')
        self._visible('.o_isp_meter_card[data-meter-id="%d"] a'
                      % self.meter.id).click()
        self._type('#isp_reading_value', '1312,5')
        self._check_width('reading /my/readings/<id>')
        self._submit('form.o_isp_reading_form')
        self._visible('.o_isp_reading_done')
        with self._db():
            self._reread()
            reading = self.env['isp.meter.reading'].search([
                ('subscription_id', '=', self.meter.subscription_id.id),
                ('id', 'not in', self.history.ids)])
            self.assertEqual(
                (len(reading), reading.reading_type, reading.value,
                 reading.consumption, reading.date, reading.meter_id),
                (1, 'self_read', 1312.5, 62.5, self._date(), self.meter))
            reading_request = self.env['isp.portal.request'].search([
                ('partner_id', '=', self.ana.id),
                ('request_type', '=', 'reading')])
            self.assertEqual(
                (reading_request.state, reading_request.reading_id),
                ('done', reading))
            by_month = {}
            for row in reading | self.history:
                by_month[row.date[:7]] = by_month.get(
                    row.date[:7], 0.0) + row.consumption
        self._visible('[data-reading-id="%d"]' % reading.id)
        chart = self._chart(driver.page_source)
        self.assertEqual(chart[0]['month'], self._date(months=-3)[:7])
        self.assertEqual({m['month']: m['value'] for m in chart},
                         {m['month']: by_month.get(m['month'], 0.0)
                          for m in chart})
        self.assertEqual([m['value'] for m in chart],
                         [0.0, 100.0, 150.0, 62.5])
        # drawn: a bar a month
        self.wait.until(lambda d: len(d.find_elements(
            By.CSS_SELECTOR, '.o_isp_reading_chart svg .nv-bar')) == len(
                chart))
        self._check_width('reading /my/readings/<id> (chart)')

        # 5. the receipt of the open invoice, a PDF chosen in the file input
        self._home_entry('.o_isp_home_receipts')
        card = '.o_isp_invoice_card[data-invoice-id="%d"]' % self.invoice.id
        self._visible(card + ' .o_isp_receipt_upload summary').click()
        self._check_width('invoices /my/invoices (receipt form)')
        driver.find_element(
            By.CSS_SELECTOR, card + ' input[type=file][name=receipt]'
        ).send_keys(self.receipt)
        self._submit(card + ' .o_isp_receipt_upload form')
        self._visible('.o_isp_receipt_success')
        self.assertEqual(self._visible(
            card + ' .o_isp_receipt_sent .label').text, 'Receipt sent')
        self._check_width('invoices /my/invoices (receipt sent)')
        with self._db():
            self._reread()
            receipt_request = self.env['isp.portal.request'].search([
                ('partner_id', '=', self.ana.id),
                ('request_type', '=', 'payment_receipt')])
            self.assertEqual(
                (receipt_request.state, receipt_request.invoice_id),
                ('pending', self.invoice))
            ticket = receipt_request.ticket_id
            self.assertEqual(ticket.isp_origin, 'payment_receipt')
            self.assertIn(self.number, ticket.name)
            attachment = self.env['ir.attachment'].search([
                ('res_model', '=', 'helpdesk.ticket'),
                ('res_id', '=', ticket.id)])
            self.assertEqual(attachment.mimetype, 'application/pdf')
            self.assertEqual(base64.b64decode(attachment.datas), PDF)
            requests = {(r._name, r.id): r.request_type for r in (
                plan_request | reading_request | receipt_request)}

        # 6. the timeline has the three requests
        self._home_entry('.o_isp_home_requests')
        self._visible('.o_isp_request_card')
        shown = {
            (card.get_attribute('data-model'),
             int(card.get_attribute('data-id'))):
            card.get_attribute('data-type')
            for card in driver.find_elements(
                By.CSS_SELECTOR, '.o_isp_request_card')}
        self.assertEqual(shown, requests)
        self._check_width('requests /my/requests (three)')

        self.assertFalse(self.sideways, 'pages that scroll sideways at '
                         '390 px:\n' + '\n'.join(self.sideways))
