# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Payment receipts: on one of their open invoices, customers upload the
receipt of a payment (a photo or a PDF). It opens a ticket of the
"payment receipt" origin (its stage and priority from isp_helpdesk's
origin defaults) with the file attached, and a request the staff check;
the invoice card then says "receipt sent".

The invoice is checked against the logged-in customer's commercial
partner before anything is read or written with ``sudo()``: any other id
answers 404. A refused upload saves nothing."""
import base64

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.isp_helpdesk.models.isp_helpdesk_origin import (
    ORIGIN_PAYMENT_RECEIPT)
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..rules import receipt_upload
from .portal_money import IspMoneyInvoicePortal
from .portal_profile import account_partner

#: requests that count as "receipt sent" (a refused one may be sent again)
SENT_STATES = ('waiting', 'pending', 'done')


def receipts_enabled():
    return bool(request.env.user.company_id.sudo(
    ).isp_portal_receipts_enabled)


def receipt_requests(partner, invoice_ids):
    """{invoice id: date sent} of the receipts sent for ``invoice_ids`` of
    ``partner`` (the logged-in customer's commercial partner)."""
    if not invoice_ids:
        return {}
    rows = request.env['isp.portal.request'].sudo().search_read([
        ('partner_id', '=', partner.id),
        ('request_type', '=', 'payment_receipt'),
        ('invoice_id', 'in', list(invoice_ids)),
        ('state', 'in', SENT_STATES),
    ], ['invoice_id', 'create_date'], order='id')
    return {row['invoice_id'][0]: row['create_date'] for row in rows}


def refusal_message(code):
    values = {'mb': receipt_upload.MAX_BYTES // receipt_upload.MEGABYTE}
    if code == receipt_upload.EMPTY:
        return _('The file is empty: choose the receipt again.')
    if code == receipt_upload.TOO_LARGE:
        return _('The file is larger than %(mb)s MB: send a smaller photo '
                 'or PDF of the receipt.') % values
    if code == receipt_upload.TOO_MANY_PIXELS:
        return _('The photo has too many pixels: send a photo of a '
                 'smaller resolution.')
    if code == receipt_upload.BROKEN:
        return _('The file cannot be read: send the receipt again as a '
                 'photo (JPEG or PNG) or a PDF.')
    return _('Send the receipt as a photo (JPEG or PNG) or a PDF: other '
             'kinds of files are not accepted.')


class IspReceiptInvoicePortal(IspMoneyInvoicePortal):
    """The invoice cards say which invoices have a receipt sent and offer
    the upload on the open ones."""

    @http.route()
    def portal_my_invoices(self, *args, **kw):
        response = super(IspReceiptInvoicePortal, self).portal_my_invoices(
            *args, **kw)
        if not hasattr(response, 'qcontext'):
            return response
        self._isp_receipt_values(response.qcontext)
        return response

    def _isp_receipt_values(self, qcontext):
        partner = self._isp_money_partner()
        invoices = qcontext.get('invoices') or []
        qcontext.update({
            'isp_receipts_enabled': receipts_enabled(),
            'isp_receipts': receipt_requests(
                partner, [invoice.id for invoice in invoices]),
            'isp_receipt_success': request.params.get('receipt') == 'sent',
        })

    def _isp_receipt_page(self, invoice, error):
        """The invoice list again, with why the receipt of ``invoice``
        was refused."""
        response = self.portal_my_invoices()
        if hasattr(response, 'qcontext'):
            response.qcontext.update({
                'isp_receipt_error': error,
                'isp_receipt_number': invoice.number,
            })
        return response

    @http.route(['/my/invoices/<int:invoice_id>/receipt'], type='http',
                auth='user', website=True, methods=['POST'])
    def portal_my_invoice_receipt(self, invoice_id, receipt=None, **kw):
        """Upload the payment receipt of one of the customer's open
        invoices: a ticket with the file, and a request to check it."""
        partner = account_partner()
        if not receipts_enabled():
            raise NotFound()
        invoice = request.env['account.invoice'].sudo().browse(
            invoice_id).exists()
        if not invoice or invoice.commercial_partner_id != partner or \
                invoice.type != 'out_invoice' or \
                invoice.state not in ('open', 'paid'):
            raise NotFound()
        if invoice.state != 'open':
            return self._isp_receipt_page(invoice, error=_(
                'Invoice %s is paid already: it needs no receipt.')
                % invoice.number)
        # one upload at a time per customer: a double submit waits for
        # the first, then finds its receipt
        request.env['helpdesk.ticket'].sudo()._isp_lock_customer(partner)
        sent = receipt_requests(partner, invoice.ids)
        if sent:
            return self._isp_receipt_page(invoice, error=_(
                'The receipt of invoice %s was sent already: we check it '
                'and tell you.') % invoice.number)
        if not hasattr(receipt, 'read'):
            return self._isp_receipt_page(invoice, error=_(
                'Choose the photo or PDF of your receipt.'))
        try:
            data = receipt_upload.read_upload(receipt)
            clean = receipt_upload.clean_receipt(data, receipt.filename)
        except receipt_upload.ReceiptRefused as refused:
            return self._isp_receipt_page(
                invoice, error=refusal_message(refused.code))
        self._isp_receipt_save(partner, invoice, clean)
        return request.redirect('/my/invoices?receipt=sent')

    def _isp_receipt_save(self, partner, invoice, clean):
        """The ticket (with the file) and the request of an accepted
        receipt; a note on the invoice for the staff."""
        company = partner.company_id or request.env.user.company_id
        name = _('Payment receipt of invoice %s') % invoice.number
        user_partner = request.env.user.partner_id
        Ticket = request.env['helpdesk.ticket'].sudo()
        vals = {
            'name': name,
            'description': plaintext2html(_(
                'The customer sent from the portal the receipt of a payment '
                'of invoice %(number)s (amount due %(amount).2f %(currency)s)'
                '. Check it and register the payment.') % {
                    'number': invoice.number, 'amount': invoice.residual,
                    'currency': invoice.currency_id.name}),
            'partner_id': user_partner.id,
            'partner_name': user_partner.name,
            'partner_email': user_partner.email or partner.email,
            'company_id': company.id,
            'isp_origin': ORIGIN_PAYMENT_RECEIPT,
        }
        channel = request.env.ref(
            'helpdesk_mgmt.helpdesk_ticket_channel_web', False)
        if channel:
            vals['channel_id'] = channel.id
        ticket = Ticket.create(vals)
        attachment = request.env['ir.attachment'].sudo().create({
            'name': clean.filename,
            'datas_fname': clean.filename,
            'datas': base64.b64encode(clean.data),
            'mimetype': clean.mimetype,
            'res_model': ticket._name,
            'res_id': ticket.id,
        })
        request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'payment_receipt', name,
            _('Invoice %(number)s: the customer sent the receipt of a '
              'payment (ticket %(ticket)s).') % {
                'number': invoice.number, 'ticket': ticket.number},
            payload={'attachment_id': attachment.id},
            ticket_id=ticket.id, invoice_id=invoice.id)
        invoice.message_post(body=_(
            'Payment receipt sent by the customer from the portal: ticket '
            '%s.') % ticket.number, subtype='mail.mt_note')
        return ticket


class IspReceiptHomePortal(CustomerPortal):
    """An entry of the home page to send a receipt."""

    @http.route()
    def home(self, **kw):
        response = super(IspReceiptHomePortal, self).home(**kw)
        if hasattr(response, 'qcontext'):
            response.qcontext['isp_receipts_enabled'] = receipts_enabled()
        return response
