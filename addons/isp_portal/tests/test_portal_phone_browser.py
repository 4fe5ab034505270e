# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer on a phone (real Chromium, 390x844) does the whole portal:
first access with the customer code and the fiscal id, the password set
from the link e-mailed, home, invoices, an invoice's PDF and page, a
promise to pay, a new e-mail confirmed from its link, direct debit signed
with the one-time code of an e-mail.

Every e-mail goes through a real SMTP server on 127.0.0.1 (isp_crm's
``LocalSmtpServer``): Odoo sends nothing while the registry is in test
mode (an HttpCase's), so the test hands the outgoing mails to the server
itself, between two pages, while no request of the browser runs.

No page may scroll sideways at 390 px: the pages that do are named at the
end, after the customer's whole visit (the business steps fail at once)."""
import html
import re
from unittest import mock

import requests

import odoo
from odoo.sql_db import LazyCursor
from odoo.tests.common import at_install, post_install
from odoo.tools import config

from odoo.addons.isp_crm.tests.browser import PHONE, By, ChromiumCase, ec
from odoo.addons.isp_crm.tests.smtp_server import LocalSmtpServer
from odoo.addons.isp_esign.tests.test_esign_page import warm_frontend_assets

from .money_common import MoneyHttpCase

try:
    from selenium.webdriver.common.action_chains import ActionChains
except ImportError:  # pragma: no cover - selenium is pinned
    ActionChains = None

EMAIL = 'lola.phone@example.com'
NEW_EMAIL = 'lola.new@example.com'
FISCAL_ID = '71234567W'
PASSWORD = 'Lola-phone-2026'
IBAN = 'ES87 2085 0103 9203 0073 1702'
RESET_LINK_RE = re.compile(r'https?://[^\s"<>]+/web/reset_password\?[^\s"<>]+')
CONFIRM_LINK_RE = re.compile(
    r'https?://[^\s"<>]+(/my/profile/email/confirm/\d+/[A-Za-z0-9_-]+)')
CODE_RE = re.compile(r'\b(\d{6})\b')
# the elements wider than the window, for the report of a page that
# scrolls sideways (the deepest ones: their parents are wide because of
# them)
SIDEWAYS_JS = """
var width = window.innerWidth, found = [];
document.querySelectorAll('body *').forEach(function (el) {
    var rect = el.getBoundingClientRect();
    if (rect.width && rect.right > width + 1 &&
            !Array.prototype.some.call(el.children, function (child) {
                return child.getBoundingClientRect().right > width + 1;
            })) {
        found.push(el.tagName.toLowerCase() +
                   (el.className && el.className.baseVal === undefined ?
                    '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                   ' (' + Math.round(rect.right) + 'px)');
    }
});
return [document.documentElement.scrollWidth, window.innerWidth,
        found.slice(0, 5)];
"""


class _PrecisionCursor(LazyCursor):
    """A float field reads its precision, when not cached, through a
    cursor of its own: in an HttpCase the shared test cursor, whose close
    rolls back the savepoints of the request running (the signature's
    among them). As outside tests, it reads on a cursor of its own."""

    def __getattr__(self, name):
        if self._cursor is None:
            self._cursor = odoo.registry(self.dbname)._db.cursor()
            for __ in range(self._depth):
                self._cursor.__enter__()
        return getattr(self._cursor, name)


@at_install(False)
@post_install(True)
class TestPortalPhoneBrowser(MoneyHttpCase, ChromiumCase):

    @classmethod
    def setUpClass(cls):
        super(TestPortalPhoneBrowser, cls).setUpClass()
        # the pages' bundles compiled once, not while the phone waits
        warm_frontend_assets()

    def setUp(self):
        super(TestPortalPhoneBrowser, self).setUp()
        patcher = mock.patch.object(odoo.fields, 'LazyCursor',
                                    _PrecisionCursor)
        patcher.start()
        self.addCleanup(patcher.stop)
        env = self.env
        base = 'http://127.0.0.1:%d' % config['http_port']
        # the links e-mailed lead to this server
        env['ir.config_parameter'].set_param('web.base.url', base)
        company = self.company
        settings = {
            'email': 'portal@isp.example.com',
            'isp_portal_login_field': 'code',
            'isp_portal_former_customers': False,
            'isp_portal_promise_enabled': True,
            'isp_portal_downloads_enabled': True,
            'isp_portal_route_contact': False,
            'esign_tsa_url': False,
            'esign_code_channel': 'email',
            'esign_code_channel_required': False,
        }
        company.write({name: value for name, value in settings.items()
                       if name in company._fields})
        company._esign_generate_demo_certificate()
        self.customer = env['res.partner'].with_context(
            tracking_disable=True).create({
                'name': 'Lola Phone', 'email': EMAIL, 'customer': True,
                'lang': 'en_US', 'country_id': env.ref('base.es').id,
                'isp_customer_state': 'customer',
                'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': FISCAL_ID})
        self.code = self.customer.isp_customer_code
        self.assertTrue(self.code)
        self.paid = self._invoice(self.customer, 25.0, self._date(months=-2),
                                  self._date(months=-2, days=10))
        self._pay(self.paid)
        self.overdue = self._invoice(self.customer, 40.0,
                                     self._date(months=-1),
                                     self._date(months=-1, days=5))
        self.current = self._invoice(self.customer, 60.0, self._date(),
                                     self._date(days=10))
        # what the test compares with the pages, read now: outside
        # ``self._db()`` the test keeps off the cursor the browser's
        # requests use
        self.numbers = {invoice: invoice.number for invoice in (
            self.paid, self.overdue, self.current)}
        self.smtp = LocalSmtpServer(env).__enter__()
        self.addCleanup(self.smtp.__exit__, None, None, None)
        self.registry.test_cr.commit()
        self.sideways = []
        self._start_browser(PHONE, prefix='isp_portal_phone_')

    # -- the customer's mailbox ------------------------------------------

    def _mail(self, address, subject):
        """The last mail to ``address`` whose subject contains ``subject``,
        after the outgoing mails went to the local SMTP server."""
        with self._db(), mock.patch.object(self.registry, 'in_test_mode',
                                           lambda: False):
            self.smtp.deliver()
            self.registry.test_cr.commit()
        mails = [received.message
                 for received in self.smtp.messages_to(address)
                 if subject in received.message['subject']]
        self.assertTrue(mails, '%s: no mail "%s"; received: %s' % (
            address, subject, [(received.rcpt_tos,
                                received.message['subject'])
                               for received in self.smtp.received]))
        return mails[-1]

    @staticmethod
    def _body(message):
        return html.unescape(
            message.get_body(('html', 'plain')).get_content())

    # -- the phone ----------------------------------------------------------

    def _visible(self, css):
        return self.wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, css)))

    def _open(self, path, ready):
        self.driver.get(self.base + path)
        return self._visible(ready)

    def _type(self, css, text):
        field = self._visible(css)
        field.clear()
        field.send_keys(text)

    def _submit(self, form_css):
        self.driver.find_element(
            By.CSS_SELECTOR, form_css + ' button[type=submit]').click()

    def _check_width(self, page):
        """Note ``page`` when it scrolls sideways at 390 px."""
        scroll, window, wide = self.driver.execute_script(SIDEWAYS_JS)
        if scroll > window:
            self.sideways.append('%s: %d px wide in %d px (%s)' % (
                page, scroll, window, ', '.join(wide)))

    def _fetch(self, path):
        """``path`` with the browser's session (a download)."""
        cookies = {cookie['name']: cookie['value']
                   for cookie in self.driver.get_cookies()}
        return requests.get(self.base + path, cookies=cookies, timeout=60,
                            allow_redirects=False)

    def _reread(self):
        """Forget what this test read: the browser changed the database."""
        self.env['res.partner'].invalidate_cache()

    # -- the visit ------------------------------------------------------------

    def test_customer_on_a_phone_gets_in_pays_attention_and_signs_debit(self):
        driver = self.driver

        # 1. first access: customer code + fiscal id, as typed on a phone
        self.driver.get(self.base + '/web/login')
        self._visible('.isp_first_access_link a').click()
        self._type('#customer_code', self.code.lower())
        self._type('#fiscal_id', '71234567-w')
        self._check_width('first access')
        self._submit('form.isp_first_access_form')
        self.assertIn('we have sent a link to set your password',
                      self._visible('.isp_first_access_form .alert-success')
                      .text)
        mail = self._mail(EMAIL, 'Password reset')
        link = RESET_LINK_RE.search(self._body(mail)).group(0)
        self.assertTrue(link.startswith(self.base), link)
        # the link sets the password and logs the customer in
        driver.get(link)
        self._type('#password', PASSWORD)
        self._type('#confirm_password', PASSWORD)
        self._check_width('set the password')
        self._submit('form.oe_reset_password_form')
        self._visible('.o_isp_balance_card')
        with self._db():
            self._reread()
            user = self.env['res.users'].search(
                [('partner_id', '=', self.customer.id)])
            self.assertEqual(len(user), 1)
            self.assertTrue(user.has_group('base.group_portal'))
        # the password works with the login the settings ask for
        driver.get(self.base + '/web/session/logout')
        self._log_in(self.code, PASSWORD, ec.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_balance_card')))

        # 2. home: the balance, overdue and not yet due
        self.assertIn('40.00', self._visible('.o_isp_overdue').text)
        self.assertIn('60.00', self._visible('.o_isp_not_due').text)
        self.assertEqual(self._visible('.o_isp_last_number').text,
                         self.numbers[self.current])
        self._check_width('home /my')

        # 3. invoices: the three as cards, their status in sight
        self._visible('.o_isp_home_links a[href="/my/invoices"]').click()
        self._visible('.o_isp_invoice_card')
        cards = driver.find_elements(By.CSS_SELECTOR, '.o_isp_invoice_card')
        shown = {}
        for card in cards:
            status = card.find_element(By.CSS_SELECTOR, '.o_isp_status')
            self.assertTrue(status.is_displayed())
            rect = status.rect
            self.assertLessEqual(rect['x'] + rect['width'], PHONE[0],
                                 'the status is cut off at 390 px')
            shown[int(card.get_attribute('data-invoice-id'))] = (
                card.find_element(By.CSS_SELECTOR, '.o_isp_number').text,
                card.get_attribute('data-status'), status.text)
        self.assertEqual(shown, {
            self.paid.id: (self.numbers[self.paid], 'paid', 'Paid'),
            self.overdue.id: (self.numbers[self.overdue], 'overdue',
                              'Overdue'),
            self.current.id: (self.numbers[self.current], 'open', 'Open'),
        })
        self._check_width('invoices /my/invoices')

        # 4. the PDF of the overdue invoice, with the browser's session
        pdf_link = driver.find_element(
            By.CSS_SELECTOR, '.o_isp_invoice_card[data-invoice-id="%d"] '
            'a.o_isp_pdf' % self.overdue.id)
        path = pdf_link.get_attribute('href')[len(self.base):]
        self.assertEqual(path, '/my/invoices/pdf/%d' % self.overdue.id)
        response = self._fetch(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        if not response.content.startswith(b'%PDF'):
            # Odoo 11 renders a report's HTML instead of its PDF while
            # tests run (ir.actions.report.render_qweb_pdf)
            self.assertIn(self.numbers[self.overdue], response.text)
            self.assertNotIn(self.numbers[self.current], response.text)
        # Odoo's page of the invoice, from its number
        driver.find_element(
            By.CSS_SELECTOR, '.o_isp_invoice_card[data-invoice-id="%d"] '
            'a.o_isp_number' % self.overdue.id).click()
        self.assertIn('/my/invoices/pdf/%d' % self.overdue.id, self._visible(
            '#o_portal_account_actions a').get_attribute('href'))
        self.assertIn(self.numbers[self.overdue], driver.page_source)
        self._check_width('invoice page /my/invoices/<id>')

        # 5. a promise to pay the overdue invoice in a week
        driver.get(self.base + '/my')
        self._visible('a.o_isp_promise').click()
        date_field = self._visible('#isp_date_promised')
        self._check_width('promise /my/promise')
        promised = self._date(days=7)
        driver.execute_script('arguments[0].value = arguments[1];',
                              date_field, promised)
        self._submit('form.o_isp_promise_form')
        self.assertIn('Your promise to pay is recorded',
                      self._visible('.o_isp_money_home .alert-success').text)
        self._visible('.o_isp_promise_active')
        with self._db():
            promise = self.env['isp.payment.promise'].search(
                [('partner_id', '=', self.customer.id)])
            self.assertEqual(
                (promise.state, promise.origin, promise.date_promised,
                 promise.invoice_ids),
                ('active', 'portal', promised, self.overdue))

        # 6. a new e-mail: added, confirmed from its link; the old one kept
        self._open('/my/profile', '#new_email')
        self._check_width('profile /my/profile')
        self._type('#new_email', NEW_EMAIL)
        self._submit('#isp_profile_emails form')
        self.assertIn(NEW_EMAIL, self._visible('.o_isp_profile '
                                               '.alert-success').text)
        with self._db():
            self._reread()
            self.assertEqual(self.customer.email, EMAIL)
        mail = self._mail(NEW_EMAIL, 'Confirm your e-mail address')
        driver.get(self.base + CONFIRM_LINK_RE.search(
            self._body(mail)).group(1))
        self.assertIn('Your e-mail is now %s' % NEW_EMAIL, self._visible(
            '.o_isp_profile .alert-success').text)
        emails = self._visible('#isp_profile_emails').text
        self.assertIn(NEW_EMAIL, emails)
        self.assertIn(EMAIL, emails)
        with self._db():
            self._reread()
            self.assertEqual(self.customer.email, NEW_EMAIL)
            contacts = self.env['isp.portal.contact'].search(
                [('partner_id', '=', self.customer.id),
                 ('kind', '=', 'email')])
            self.assertEqual(
                sorted(contacts.mapped(lambda c: (c.value, c.state))),
                [(NEW_EMAIL, 'current'), (EMAIL, 'old')])

        # 7. direct debit: the IBAN, then the mandate signed with the code
        # e-mailed (to the new address)
        self._open('/my/direct-debit', '#iban')
        self._check_width('direct debit /my/direct-debit')
        self._type('#iban', IBAN)
        self._submit('#isp_direct_debit_new form')
        self._visible('.o_isp_esign_send_email').click()
        self._visible('#o_isp_esign_code')
        mail = self._mail(NEW_EMAIL, 'Your signature code')
        code = CODE_RE.search(mail['subject']).group(1)
        self._check_width('signing page /sign (code)')
        self._type('#o_isp_esign_code', code)
        driver.find_element(By.CSS_SELECTOR, '.o_isp_esign_verify').click()
        canvas = self._visible('.o_isp_esign_canvas')
        self.wait.until(lambda d: d.execute_script(
            "return document.body.classList.contains('o_isp_esign_ready')"))
        self._check_width('signing page /sign (sign)')
        ActionChains(driver) \
            .move_to_element_with_offset(canvas, -100, 20) \
            .click_and_hold() \
            .move_by_offset(40, -50).move_by_offset(40, 60) \
            .move_by_offset(50, -40).release().perform()
        self._type('#o_isp_esign_name', 'Lola Phone')
        driver.find_element(
            By.CSS_SELECTOR, '.o_isp_esign_consent_box').click()
        driver.find_element(By.CSS_SELECTOR, '.o_isp_esign_submit').click()
        self._visible('.o_isp_esign_success')
        with self._db():
            self._reread()
            mandate = self.env['account.banking.mandate'].search(
                [('partner_id', '=', self.customer.id)])
            self.assertEqual(len(mandate), 1)
            self.assertEqual(mandate.state, 'valid')
            self.assertTrue(mandate.signature_date)
            self.assertEqual(mandate.partner_bank_id.sanitized_acc_number,
                             IBAN.replace(' ', ''))
            esign = mandate.esign_request_ids
            self.assertEqual((esign.state, esign.code_verified_channel),
                             ('signed', 'email'))
            staff = self.env['isp.portal.request'].search(
                [('mandate_id', '=', mandate.id)])
            self.assertEqual((staff.request_type, staff.state),
                             ('mandate', 'pending'))
        self._open('/my/direct-debit', '.o_isp_direct_debit .label-success')
        self._check_width('direct debit /my/direct-debit (signed)')

        self.assertFalse(self.sideways, 'pages that scroll sideways at '
                         '390 px:\n' + '\n'.join(self.sideways))
