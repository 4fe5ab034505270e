# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging

from odoo.tests.common import at_install, post_install

from .money_common import MoneyHttpCase

QUERY_BUDGET = 30
_logger = logging.getLogger(__name__)


@at_install(False)
@post_install(True)
class TestPortalInvoices(MoneyHttpCase):
    """/my/invoices: every invoice of the customer's company, as cards
    with their status, searched and filtered; the statement."""

    def setUp(self):
        super(TestPortalInvoices, self).setUp()
        self.paid = self._invoice(self.owner, 30.0, self._date(months=-3),
                                  self._date(months=-3, days=10))
        self._pay(self.paid)
        self.overdue = self._invoice(self.owner, 40.0,
                                     self._date(months=-2),
                                     self._date(months=-2, days=10))
        self.returned = self._invoice(self.owner, 50.0,
                                      self._date(months=-1),
                                      self._date(months=-1, days=10))
        reason = self.env['payment.return.reason'].create(
            {'code': 'AM04', 'name': 'Insufficient funds'})
        self.returned.sudo().write({
            'isp_return_count': 1,
            'isp_last_return_reason_id': reason.id})
        self.current = self._invoice(self.owner, 60.0, self._date(),
                                     self._date(days=10))
        self.refund = self._invoice(self.owner, 5.0, self._date(),
                                    kind='out_refund')
        self.foreign = self._invoice(self.other, 70.0, self._date())

    def test_customer_sees_every_invoice_of_his_company_with_status(self):
        """The invoices of a billing run have no followers: Odoo 11's rule
        (message_partner_ids) hid them all; the contact of the company
        sees them through commercial_partner_id."""
        self._login('money_owner')
        page = self._get('/my/invoices').text
        self.assertEqual(self._cards(page), {
            self.paid.id: 'paid', self.overdue.id: 'overdue',
            self.returned.id: 'returned', self.current.id: 'open',
            self.refund.id: 'open'})
        self.assertNotIn(self.foreign.number, page)
        self.assertIn('Insufficient funds', page)
        self.assertIn(self.bank.name, page)  # how the paid one was paid
        # Odoo's own invoice page and the PDF link of an unfollowed invoice
        self.assertIn(self.current.number,
                      self._get('/my/invoices/%d' % self.current.id).text)

    def test_other_customer_gets_404_on_the_invoice(self):
        self._login('money_other')
        self._get('/my/invoices/%d' % self.current.id, status=404)
        self._get('/my/invoices/pdf/%d' % self.current.id, status=404)
        self.assertEqual(set(self._cards(self._get('/my/invoices').text)),
                         {self.foreign.id})

    def test_filters_by_status_year_and_search_by_number_date_amount(self):
        self._login('money_owner')
        cards = lambda query: set(self._cards(  # noqa: E731
            self._get('/my/invoices?' + query).text))
        self.assertEqual(cards('status=overdue'), {self.overdue.id})
        self.assertEqual(cards('status=returned'), {self.returned.id})
        self.assertEqual(cards('status=paid'), {self.paid.id})
        self.assertEqual(cards('search=%s' % self.overdue.number),
                         {self.overdue.id})
        self.assertEqual(cards('search=50.00'), {self.returned.id})
        self.assertEqual(cards('search=%s' % self.paid.date_invoice),
                         {self.paid.id})
        year = self.paid.date_invoice[:4]
        expected = {i.id for i in (self.paid, self.overdue, self.returned,
                                   self.current, self.refund)
                    if i.date_invoice[:4] == year}
        self.assertEqual(cards('year=%s' % year), expected)
        self.assertEqual(cards('year=1999'), set())

    def test_twenty_cards_a_page(self):
        for month in range(20):
            self._invoice(self.owner, 10.0 + month,
                          self._date(months=-4 - month))
        self._login('money_owner')
        first = self._cards(self._get('/my/invoices').text)
        second = self._cards(self._get('/my/invoices/page/2').text)
        self.assertEqual(len(first), 20)
        self.assertEqual(len(second), 5)
        self.assertFalse(set(first) & set(second))

    def _invoices_queries(self):
        """(queries of /my/invoices, queries of an empty page through the
        same layout: the statement page refusing its dates)."""
        return (self._queries('/my/invoices'),
                self._queries('/my/statement?date_from=never'))

    def test_invoices_own_queries_at_most_30_and_same_with_24_months(self):
        """The invoice cards, filters and pager cost at most 30 SQL
        queries on top of an empty page through the same layout (Odoo's
        per-request work, measured here), and exactly as many with a
        few or 24 more months of invoices (no query per card)."""
        self._login('money_owner')
        few, few_empty = self._invoices_queries()
        for month in range(24):
            self._invoice(self.owner, 10.0 + month,
                          self._date(months=-4 - month))
        self._pay(self._invoice(self.owner, 9.0, self._date(days=-1)))
        total, empty = self._invoices_queries()
        _logger.info('/my/invoices: %d queries (empty page %d); with 5 '
                     'invoices %d (%d)', total, empty, few, few_empty)
        self.assertLessEqual(total - empty, QUERY_BUDGET,
                             '/my/invoices: %d queries, empty page %d' % (
                                 total, empty))
        self.assertEqual(total, few)
        self.assertEqual(len(self._cards(self._get('/my/invoices').text)),
                         20)

    def test_statement_running_balance_between_two_dates(self):
        self._login('money_owner')
        date_from = self._date(months=-2)
        page = self._get('/my/statement?date_from=%s&date_to=%s' % (
            date_from, self._today_str())).text
        # before: the paid invoice and its payment: 0; then 40 + 50 +
        # 60 - 5 debited
        self.assertIn('0.00', self._text_of(page, 'o_isp_opening'))
        self.assertIn('145.00', self._text_of(page, 'o_isp_closing'))
        self.assertNotIn(self.foreign.number, page)
        statement = self.env['report.isp_portal.report_portal_statement'] \
            ._isp_statement(self.owner, date_from, self._today_str())
        self.assertEqual([line['balance'] for line in statement['lines']],
                         [40.0, 90.0, 150.0, 145.0])

    def test_statement_as_xlsx_and_bad_dates(self):
        import openpyxl
        self._login('money_owner')
        response = self._get('/my/statement?date_from=%s&date_to=%s'
                             '&report_type=xlsx' % (
                                 self._date(months=-2), self._today_str()))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        balances = [row[5].value for row in sheet.iter_rows(min_row=6)]
        self.assertEqual(balances[-1], 145.0)
        page = self._get('/my/statement?date_from=%s&date_to=%s' % (
            self._today_str(), self._date(months=-2))).text
        self.assertIn('must not be after', page)

    def test_statement_as_pdf(self):
        self._login('money_owner')
        response = self._get('/my/statement?date_from=%s&date_to=%s'
                             '&report_type=pdf' % (self._date(months=-2),
                                                   self._today_str()))
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        if not response.content.startswith(b'%PDF'):
            # Odoo 11 renders the report's HTML alone under --test-enable
            self.assertIn(b'Account statement', response.content)
            self.assertIn(b'145.00', response.content)
            self.assertIn(self.overdue.number.encode(), response.content)

    def test_no_pdf_when_the_company_turns_downloads_off(self):
        self.company.isp_portal_downloads_enabled = False
        self._login('money_owner')
        self._get('/my/invoices/pdf/%d' % self.current.id, status=404)
        self._get('/my/statement?report_type=xlsx', status=404)
        self.assertNotIn('/my/invoices/pdf/', self._get('/my/invoices').text)

    def test_statement_report_refuses_another_customers_partner(self):
        """The report models are public over RPC: a customer prints only
        his own statement."""
        from odoo.exceptions import AccessError
        user = self.env['res.users'].search([('login', '=', 'money_other')])
        report = self.env['report.isp_portal.report_portal_statement'].sudo(
            user)
        with self.assertRaises(AccessError):
            report.get_report_values(self.owner.ids, {})
        values = report.get_report_values(self.other.ids, {})
        self.assertEqual(values['docs'], self.other)
