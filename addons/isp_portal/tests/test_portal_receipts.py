# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Payment receipts uploaded on the invoice cards: a ticket of the
"payment receipt" origin with the file, a request to check it, "receipt
sent" on the card; every refusal saves nothing; only the owner may send
one."""
import io
import re

from PIL import Image

from odoo.tests.common import SavepointCase, at_install, post_install

from odoo.addons.isp_portal.rules import receipt_upload

from .money_common import CSRF, MoneyHttpCase

PDF = (b'%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'
       b'trailer\n<< /Root 1 0 R >>\n%%EOF\n')


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new('RGB', size, (200, 30, 30)).save(buffer, format='PNG')
    return buffer.getvalue()


class TestReceiptUploadRules(SavepointCase):
    """The file rule: kind from the content, size, name."""

    def _code(self, data, filename='receipt.pdf', max_bytes=None):
        with self.assertRaises(receipt_upload.ReceiptRefused) as caught:
            receipt_upload.clean_receipt(
                data, filename, max_bytes or receipt_upload.MAX_BYTES)
        return caught.exception.code

    def test_pdf_kept_with_pdf_type_and_safe_name(self):
        clean = receipt_upload.clean_receipt(PDF, '../../Recibo mayo.exe')
        self.assertEqual(clean.data, PDF)
        self.assertEqual(clean.mimetype, 'application/pdf')
        self.assertEqual(clean.filename, 'Recibo-mayo.pdf')

    def test_png_named_pdf_is_stored_as_png(self):
        clean = receipt_upload.clean_receipt(png_bytes(), 'receipt.pdf')
        self.assertEqual(clean.mimetype, 'image/png')
        self.assertEqual(clean.filename, 'receipt.png')
        self.assertTrue(clean.data.startswith(b'\x89PNG'))

    def test_text_html_gif_empty_broken_and_large_are_refused(self):
        self.assertEqual(self._code(b'just text', 'receipt.pdf'),
                         receipt_upload.NOT_ACCEPTED)
        self.assertEqual(self._code(b'<html><script>x</script>', 'r.png'),
                         receipt_upload.NOT_ACCEPTED)
        self.assertEqual(self._code(b'GIF89a\x01\x00', 'r.gif'),
                         receipt_upload.NOT_ACCEPTED)
        self.assertEqual(self._code(b''), receipt_upload.EMPTY)
        self.assertEqual(self._code(b'%PDF-1.4 no end'),
                         receipt_upload.BROKEN)
        self.assertEqual(self._code(PDF + b' ' * 100, max_bytes=100),
                         receipt_upload.TOO_LARGE)


@at_install(False)
@post_install(True)
class TestPortalReceipts(MoneyHttpCase):

    def setUp(self):
        super(TestPortalReceipts, self).setUp()
        self.company.write({'isp_portal_receipts_enabled': True,
                            'isp_portal_former_customers': False})
        self.open_invoice = self._invoice(
            self.owner, 45.0, self._date(days=-5), self._date(days=10))
        self.second_invoice = self._invoice(
            self.owner, 30.0, self._date(days=-3), self._date(days=12))
        self.paid_invoice = self._invoice(self.owner, 20.0,
                                          self._date(days=-40))
        self._pay(self.paid_invoice)
        self.foreign = self._invoice(self.other, 70.0, self._date(days=-2))
        self.stage = self.env.ref(
            'helpdesk_mgmt.helpdesk_ticket_stage_in_progress')
        Origin = self.env['isp.helpdesk.origin']
        self.origin = Origin._get_for_origin('payment_receipt', self.company)
        values = {'stage_id': self.stage.id, 'priority': '3'}
        if self.origin:
            self.origin.write(values)
        else:
            self.origin = Origin.create(dict(
                values, origin='payment_receipt',
                company_id=self.company.id))
        # what the test database has already (demo data)
        self.before = {model: self.env[model].search(
            [], order='id desc', limit=1).id or 0 for model in (
                'helpdesk.ticket', 'ir.attachment', 'isp.portal.request')}

    # -- helpers ----------------------------------------------------------

    def _upload(self, invoice, data, filename='receipt.png',
                mimetype='image/png', status=None):
        self._commit()
        token = CSRF.search(self.opener.get(
            self._url('/web/login'), timeout=60).text)
        response = self.opener.post(
            self._url('/my/invoices/%d/receipt' % invoice.id),
            data={'csrf_token': token.group(1)},
            files={'receipt': (filename, data, mimetype)},
            timeout=60, allow_redirects=False)
        if status == 302:
            self.assertIn(response.status_code, (302, 303))
            self.assertIn('/my/invoices?receipt=sent',
                          response.headers['Location'])
        elif status is not None:
            self.assertEqual(response.status_code, status)
        return response

    def _saved(self):
        """(tickets, attachments, requests) of payment receipts."""
        self.env['res.partner'].invalidate_cache()
        tickets = self.env['helpdesk.ticket'].search(
            [('id', '>', self.before['helpdesk.ticket'])])
        attachments = self.env['ir.attachment'].search(
            [('id', '>', self.before['ir.attachment']),
             ('res_model', '=', 'helpdesk.ticket')])
        requests_ = self.env['isp.portal.request'].search(
            [('id', '>', self.before['isp.portal.request'])])
        return tickets, attachments, requests_

    def _card(self, page, invoice):
        match = re.search(
            r'data-invoice-id="%d".*?(?=data-invoice-id=|o_portal_pager|'
            r'o_isp_statement_form)' % invoice.id, page, re.S)
        self.assertTrue(match, 'no card of %s' % invoice.number)
        return match.group(0)

    def _assert_nothing_saved(self):
        tickets, attachments, requests_ = self._saved()
        self.assertFalse(tickets)
        self.assertFalse(attachments)
        self.assertFalse(requests_)

    # -- upload -----------------------------------------------------------

    def test_receipt_opens_ticket_with_origin_defaults_file_and_request(self):
        self._login('money_owner')
        page = self._get('/my/invoices').text
        self.assertIn('/my/invoices/%d/receipt' % self.open_invoice.id,
                      self._card(page, self.open_invoice))
        self.assertNotIn('/receipt', self._card(page, self.paid_invoice))
        self._upload(self.open_invoice, png_bytes(), 'Mi recibo.png',
                     status=302)
        tickets, attachments, requests_ = self._saved()
        self.assertEqual(len(tickets), 1)
        self.assertEqual(tickets.stage_id, self.stage)
        self.assertEqual(tickets.priority, '3')
        self.assertEqual(tickets.partner_id.commercial_partner_id,
                         self.owner)
        self.assertIn(self.open_invoice.number, tickets.name)
        self.assertEqual(attachments.mapped('mimetype'), ['image/png'])
        self.assertEqual(attachments.datas_fname, 'Mi-recibo.png')
        self.assertEqual(requests_.ticket_id, tickets)
        self.assertEqual(requests_.invoice_id, self.open_invoice)
        self.assertEqual(requests_.partner_id, self.owner)
        self.assertEqual(requests_.state, 'pending')
        self.assertEqual(requests_.activity_id.execution, 'semi_automatic')
        page = self._get('/my/invoices?receipt=sent').text
        self.assertIn('o_isp_receipt_success', page)
        card = self._card(page, self.open_invoice)
        self.assertIn('Receipt sent', card)
        self.assertNotIn('/receipt"', card)
        self.assertNotIn('Receipt sent', self._card(page,
                                                    self.second_invoice))
        # a PDF on the other open invoice
        self._upload(self.second_invoice, PDF, 'receipt.pdf',
                     'application/pdf', status=302)
        tickets, attachments, requests_ = self._saved()
        self.assertEqual(len(tickets), 2)
        self.assertEqual(sorted(attachments.mapped('mimetype')),
                         ['application/pdf', 'image/png'])
        self.assertEqual(requests_.mapped('invoice_id'),
                         self.open_invoice | self.second_invoice)

    def test_operator_applies_the_receipt_request(self):
        self._login('money_owner')
        self._upload(self.open_invoice, PDF, 'r.pdf', 'application/pdf',
                     status=302)
        request_ = self._saved()[2]
        request_.action_apply()
        self.assertEqual(request_.state, 'done')
        self.assertIn('Payment receipt checked',
                      self.open_invoice.message_ids[0].body)
        # still "receipt sent"; a second receipt is not asked for
        card = self._card(self._get('/my/invoices').text, self.open_invoice)
        self.assertIn('Receipt sent', card)

    def test_refused_uploads_say_why_and_save_nothing(self):
        self._login('money_owner')
        cases = (
            (b'plain text, not a receipt', 'receipt.pdf', 'application/pdf',
             'photo (JPEG or PNG) or a PDF'),
            (b'<html><script>alert(1)</script></html>', 'receipt.png',
             'image/png', 'photo (JPEG or PNG) or a PDF'),
            (b'', 'receipt.png', 'image/png', 'The file is empty'),
            (PDF + b'0' * receipt_upload.MAX_BYTES, 'big.pdf',
             'application/pdf', 'larger than 5 MB'),
        )
        for data, filename, mimetype, message in cases:
            response = self._upload(self.open_invoice, data, filename,
                                    mimetype, status=200)
            self.assertIn(message, self._text_of(response.text,
                                                 'o_isp_receipt_error'))
            self._assert_nothing_saved()
        response = self._upload(self.paid_invoice, png_bytes(), status=200)
        self.assertIn('is paid already', self._text_of(
            response.text, 'o_isp_receipt_error'))
        self._assert_nothing_saved()

    def test_second_upload_of_the_same_invoice_creates_nothing(self):
        self._login('money_owner')
        self._upload(self.open_invoice, png_bytes(), status=302)
        response = self._upload(self.open_invoice, png_bytes(), status=200)
        self.assertIn('was sent already', self._text_of(
            response.text, 'o_isp_receipt_error'))
        tickets, attachments, requests_ = self._saved()
        self.assertEqual((len(tickets), len(attachments), len(requests_)),
                         (1, 1, 1))

    def test_receipts_off_offers_no_upload_and_refuses_it(self):
        self.company.isp_portal_receipts_enabled = False
        self._login('money_owner')
        page = self._get('/my/invoices').text
        self.assertNotIn('/receipt"', page)
        self.assertNotIn('o_isp_home_receipts', self._get('/my').text)
        self._upload(self.open_invoice, png_bytes(), status=404)
        self._assert_nothing_saved()

    # -- access -----------------------------------------------------------

    def test_other_customer_gets_404_on_the_owners_invoice(self):
        self._login('money_other')
        for invoice in (self.open_invoice, self.paid_invoice):
            response = self._upload(invoice, png_bytes(), status=404)
            self.assertNotIn(invoice.number, response.text)
        self._upload(self.foreign, png_bytes(), status=302)
        tickets, attachments, requests_ = self._saved()
        self.assertEqual((len(tickets), len(attachments)), (1, 1))
        self.assertEqual(requests_.invoice_id, self.foreign)
        self.assertEqual(requests_.partner_id, self.other)

    def test_owner_gets_404_on_a_missing_invoice(self):
        self._login('money_owner')
        missing = self.env['account.invoice'].search(
            [], order='id desc', limit=1).id + 1000
        self._upload(self.open_invoice.browse(missing), png_bytes(),
                     status=404)
        self._assert_nothing_saved()

    def test_anonymous_is_sent_to_the_login(self):
        # (with a file attached, Odoo 11.0.7 itself answers 500: it fails
        # to keep the file for after the login; nothing is saved either)
        self._commit()
        response = self.opener.post(
            self._url('/my/invoices/%d/receipt' % self.open_invoice.id),
            data={'receipt': 'r.png'}, timeout=60, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn('/web/login', response.headers['Location'])
        self._assert_nothing_saved()

    def test_former_customer_per_setting(self):
        self.owner.isp_customer_state = 'former'
        self._login('money_owner')
        self._upload(self.open_invoice, png_bytes(), status=404)
        self._assert_nothing_saved()
        self.company.isp_portal_former_customers = True
        self._upload(self.open_invoice, png_bytes(), status=302)
        self.assertEqual(len(self._saved()[2]), 1)
