# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger
from odoo.addons.isp_crm.tests.smtp_server import (LocalSmtpServer,
                                                   _CollectingHandler)

from ..models.account_invoice import PARAM_DELIVERY_MAX_PER_RUN
from ..rules import invoice_recipients as ir
from .invoice_common import IspInvoiceCommon, real_pdf_rendering

PARSE_CASES = [
    ('a@example.com', ['a@example.com']),
    ('a@example.com, b@Example.COM;c@example.com\nd@example.com',
     ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']),
    ('  A@example.com ,, a@EXAMPLE.com ', ['A@example.com']),
    ('', []),
    (False, []),
]

CHECK_CASES = [
    (['a@example.com'], []),
    (['a.b+c@mail.example.co.uk'], []),
    (['a@example.com'] * 4, []),
    (['bad@'], [(ir.ERROR_INVALID, 'bad@')]),
    (['no-at.example.com'], [(ir.ERROR_INVALID, 'no-at.example.com')]),
    (['a@example'], [(ir.ERROR_INVALID, 'a@example')]),
    (['a..b@example.com'], [(ir.ERROR_INVALID, 'a..b@example.com')]),
    (['.a@example.com'], [(ir.ERROR_INVALID, '.a@example.com')]),
    (['a@-example.com'], [(ir.ERROR_INVALID, 'a@-example.com')]),
    (['%d@example.com' % n for n in range(5)], [(ir.ERROR_TOO_MANY, '5')]),
]


class TestInvoiceRecipients(unittest.TestCase):

    def test_recipients_are_split_normalised_and_deduplicated(self):
        for text, expected in PARSE_CASES:
            with self.subTest(text=text):
                self.assertEqual(ir.parse_recipients(text), expected)

    def test_recipient_problems(self):
        for addresses, expected in CHECK_CASES:
            with self.subTest(addresses=addresses):
                self.assertEqual(ir.check_recipients(addresses), expected)


class _RejectingHandler(_CollectingHandler):
    """Refuses the recipients of ``rejected`` like a real server (550)."""

    def __init__(self, received, rejected):
        super(_RejectingHandler, self).__init__(received)
        self.rejected = rejected

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        if address.lower() in self.rejected:
            return '550 5.1.1 <%s>: mailbox unavailable' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'


DSN = """From: MAILER-DAEMON@mx.example.com
To: %(to)s
Subject: Undelivered Mail Returned to Sender
Message-Id: <dsn-%(mail)s@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="DSN"

--DSN
Content-Type: text/plain

The message could not be delivered.
--DSN
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; %(address)s
Action: failed
Status: 5.1.1

--DSN
Content-Type: message/rfc822

Message-Id: %(message_id)s
Subject: invoice

body
--DSN--
"""


@at_install(False)
@post_install(True)
class TestInvoiceDelivery(IspInvoiceCommon):

    @classmethod
    def setUpClass(cls):
        super(TestInvoiceDelivery, cls).setUpClass()
        cls.Invoice = cls.env['account.invoice']
        cls.pdf_customer = cls.env['res.partner'].create({
            'name': 'Delivery PDF Customer', 'customer': True,
            'email': 'owner@example.com',
            'isp_invoice_delivery': True,
            'isp_invoice_delivery_mode': 'pdf',
            'isp_invoice_delivery_emails':
                'billing@example.com, Accounts@Example.com',
        })
        cls.link_customer = cls.env['res.partner'].create({
            'name': 'Delivery Link Customer', 'customer': True,
            'email': 'link-owner@example.com',
            'isp_invoice_delivery': True,
            'isp_invoice_delivery_mode': 'link',
        })
        cls.paper_customer = cls.env['res.partner'].create({
            'name': 'Paper Customer', 'customer': True,
            'email': 'paper@example.com',
        })
        cls.env['ir.config_parameter'].sudo().set_param(
            PARAM_DELIVERY_MAX_PER_RUN, '50')

    def _run(self, date_ref='2026-11-30'):
        return self.Invoice._cron_send_invoices(date_ref)

    # -- settings and bad input ------------------------------------------

    def test_fifth_recipient_is_refused_and_nothing_saved(self):
        before = self.pdf_customer.isp_invoice_delivery_emails
        with self.assertRaises(ValidationError) as caught, \
                self.env.cr.savepoint():
            self.pdf_customer.write({'isp_invoice_delivery_emails': ', '.join(
                '%d@example.com' % n for n in range(5))})
        self.assertIn('at most 4', str(caught.exception))
        self.assertIn('remove 1', str(caught.exception))
        self.pdf_customer.invalidate_cache()
        self.assertEqual(self.pdf_customer.isp_invoice_delivery_emails,
                         before)

    def test_invalid_address_is_refused_on_customer_and_contract(self):
        with self.assertRaises(ValidationError) as caught, \
                self.env.cr.savepoint():
            self.pdf_customer.isp_invoice_delivery_emails = \
                'ok@example.com, bad@'
        self.assertIn('"bad@" is not a valid e-mail address',
                      str(caught.exception))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._create_contract(
                self.pdf_customer, [(self.product, 1)],
                isp_invoice_delivery_override=True,
                isp_invoice_delivery_emails='nobody-at-example.com')

    def test_settings_keep_the_maximum_of_mails_per_run(self):
        settings = self.env['res.config.settings'].create(
            {'isp_invoice_delivery_max_per_run': 7})
        settings.set_values()
        self.assertEqual(self.env['ir.config_parameter'].sudo().get_param(
            PARAM_DELIVERY_MAX_PER_RUN), '7')
        self.assertEqual(self.env['res.config.settings'].create(
            {}).isp_invoice_delivery_max_per_run, 7)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env['res.config.settings'].create(
                {'isp_invoice_delivery_max_per_run': 0})

    # -- nightly delivery ------------------------------------------------

    def test_posting_queues_only_invoices_of_customers_with_delivery(self):
        queued = self._create_invoice(self.pdf_customer, 10.0)
        paper = self._create_invoice(self.paper_customer, 10.0)
        draft = self._create_invoice(self.pdf_customer, 10.0, post=False)
        self.assertEqual(queued.isp_delivery_state, 'pending')
        self.assertEqual(paper.isp_delivery_state, 'none')
        self.assertEqual(draft.isp_delivery_state, 'none')
        with LocalSmtpServer(self.env) as smtp:
            handled = self._run()
        self.assertEqual(handled, queued)
        self.assertEqual(len(smtp.received), 1)

    def test_pdf_mode_sends_the_pdf_to_every_recipient(self):
        invoice = self._create_invoice(self.pdf_customer, 42.0)
        report = self.env.ref('account.account_invoices')
        with LocalSmtpServer(self.env) as smtp, \
                real_pdf_rendering(self.env, report, invoice.ids):
            self._run()
        [received] = smtp.received
        self.assertEqual(sorted(received.rcpt_tos),
                         ['Accounts@example.com', 'billing@example.com'])
        message = received.message
        self.assertIn(invoice.number, message['Subject'])
        attachments = [part for part in message.iter_attachments()]
        self.assertEqual(len(attachments), 1)
        self.assertEqual(attachments[0].get_content_type(),
                         'application/pdf')
        self.assertEqual(attachments[0].get_filename(),
                         'Invoice - %s.pdf' % invoice.number)
        self.assertTrue(attachments[0].get_content().startswith(b'%PDF'))
        body = message.get_body(('html',)).get_content()
        self.assertNotIn('/my/invoices/', body)
        self.assertEqual(invoice.isp_delivery_state, 'sent')
        self.assertTrue(invoice.sent)
        [log] = invoice.isp_delivery_log_ids
        self.assertEqual((log.state, log.mode, log.recipients), (
            'sent', 'pdf', 'billing@example.com, Accounts@example.com'))
        self.assertTrue(log.message_id)

    def test_link_mode_sends_the_portal_link_with_the_token(self):
        invoice = self._create_invoice(self.link_customer, 15.0)
        with LocalSmtpServer(self.env) as smtp:
            self._run()
        [received] = smtp.messages_to('link-owner@example.com')
        self.assertEqual(received.rcpt_tos, ['link-owner@example.com'])
        self.assertEqual(list(received.message.iter_attachments()), [])
        body = received.message.get_body(('html',)).get_content()
        self.assertTrue(invoice.access_token)
        self.assertIn('/my/invoices/%d?access_token=%s' % (
            invoice.id, invoice.access_token), body)
        self.assertEqual(invoice.isp_delivery_log_ids.mode, 'link')

    def test_contract_settings_override_the_customer(self):
        contract = self._create_contract(
            self.paper_customer, [(self.product, 1)],
            isp_invoice_delivery_override=True,
            isp_invoice_delivery=True,
            isp_invoice_delivery_mode='link',
            isp_invoice_delivery_emails='contract@example.com')
        invoice = self._create_invoice(self.paper_customer, 20.0,
                                       post=False)
        invoice.invoice_line_ids.write(
            {'sale_line_ids': [(6, 0, contract.order_line.ids)]})
        invoice.action_invoice_open()
        other = self._create_invoice(self.paper_customer, 20.0)
        self.assertEqual(invoice.isp_delivery_state, 'pending')
        self.assertEqual(other.isp_delivery_state, 'none')
        with LocalSmtpServer(self.env) as smtp:
            self._run()
        [received] = smtp.received
        self.assertEqual(received.rcpt_tos, ['contract@example.com'])
        self.assertIn('access_token=%s' % invoice.access_token,
                      received.message.get_body(('html',)).get_content())

    def test_throttling_leaves_the_rest_for_the_next_run(self):
        self.env['ir.config_parameter'].sudo().set_param(
            PARAM_DELIVERY_MAX_PER_RUN, '2')
        invoices = self.Invoice
        for amount in (10.0, 11.0, 12.0):
            invoices |= self._create_invoice(self.link_customer, amount)
        future = self._create_invoice(self.link_customer, 13.0,
                                      date='2026-12-15')
        with LocalSmtpServer(self.env) as smtp:
            first = self._run()
            self.assertEqual(first, invoices[:2])
            self.assertEqual(invoices.mapped('isp_delivery_state'),
                             ['sent', 'sent', 'pending'])
            self.assertEqual(len(smtp.received), 2)
            second = self._run()
            self.assertEqual(second, invoices[2])
            # nothing left: an invoice is never sent twice
            self.assertFalse(self._run())
            self.assertEqual(len(smtp.received), 3)
            # dated after the run's date: waits for its day
            self.assertEqual(future.isp_delivery_state, 'pending')
            self.assertEqual(self._run('2026-12-15'), future)
        self.assertEqual(len(smtp.received), 4)
        self.assertEqual(invoices.mapped('isp_delivery_log_ids.state'),
                         ['sent'] * 3)

    @mute_logger('odoo.addons.mail.models.mail_mail')
    def test_refused_mail_is_logged_failed_and_the_run_goes_on(self):
        refused_customer = self.env['res.partner'].create({
            'name': 'Refused Customer', 'customer': True,
            'isp_invoice_delivery': True,
            'isp_invoice_delivery_mode': 'link',
            'isp_invoice_delivery_emails': 'gone@example.com'})
        refused = self._create_invoice(refused_customer, 10.0)
        fine = self._create_invoice(self.link_customer, 10.0)
        with LocalSmtpServer(self.env) as smtp:
            smtp.controller.handler = _RejectingHandler(
                smtp.received, {'gone@example.com'})
            self.assertEqual(self._run(), refused | fine)
            self.assertEqual(refused.isp_delivery_state, 'failed')
            self.assertEqual(fine.isp_delivery_state, 'sent')
            [log] = refused.isp_delivery_log_ids
            self.assertEqual(log.state, 'failed')
            self.assertIn('gone@example.com', log.error)
            self.assertEqual(len(smtp.received), 1)
            # the next run tries the failed invoice again, not the sent one
            self.assertEqual(self._run(), refused)
            self.assertEqual(refused.isp_delivery_attempts, 2)

    def test_bounce_marks_the_log_and_the_invoice(self):
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('mail.bounce.alias', 'bounce')
        params.set_param('mail.catchall.domain', 'example.com')
        invoice = self._create_invoice(self.link_customer, 10.0)
        with LocalSmtpServer(self.env) as smtp:
            self._run()
        [log] = invoice.isp_delivery_log_ids
        return_path = 'bounce+%d-account.invoice-%d@example.com' % (
            log.mail_id.id, invoice.id)
        self.assertEqual(smtp.received[0].mail_from, return_path)
        self.env['mail.thread'].message_process(False, DSN % {
            'to': return_path, 'mail': log.mail_id.id,
            'address': 'link-owner@example.com',
            'message_id': log.message_id})
        self.assertEqual(log.state, 'bounced')
        self.assertEqual(log.bounce_email, 'link-owner@example.com')
        self.assertEqual(invoice.isp_delivery_state, 'bounced')
        # a bounced invoice is not sent again by the night run
        self.assertFalse(self._run())

    def test_send_button_explains_a_missing_address(self):
        nobody = self.env['res.partner'].create({
            'name': 'No Address Customer', 'customer': True,
            'isp_invoice_delivery': True})
        invoice = self._create_invoice(nobody, 10.0)
        with self.assertRaises(UserError) as caught:
            invoice.action_isp_send_invoice()
        self.assertIn('no e-mail address', str(caught.exception))
        with LocalSmtpServer(self.env) as smtp:
            self._run()
        self.assertEqual(invoice.isp_delivery_log_ids.state, 'failed')
        self.assertIn('No e-mail address', invoice.isp_delivery_log_ids.error)
        self.assertEqual(smtp.received, [])

    def test_portal_customer_reads_only_the_log_of_their_invoices(self):
        mine = self._create_invoice(self.link_customer, 10.0)
        theirs = self._create_invoice(self.pdf_customer, 10.0)
        with LocalSmtpServer(self.env):
            mine.action_isp_send_invoice()
        self.env['isp.invoice.delivery.log'].sudo().create({
            'invoice_id': theirs.id, 'state': 'sent', 'mode': 'pdf',
            'recipients': 'billing@example.com'})
        portal_user = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Link Portal', 'login': 'isp_link_portal',
                'partner_id': self.link_customer.id,
                'groups_id': [(6, 0, [self.env.ref(
                    'base.group_portal').id])]})
        visible = self.env['isp.invoice.delivery.log'].sudo(
            portal_user).search([])
        self.assertEqual(visible, mine.isp_delivery_log_ids)
        self.assertEqual(visible.read(['state'])[0]['state'], 'sent')
