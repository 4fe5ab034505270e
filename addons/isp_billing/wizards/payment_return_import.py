# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from lxml import etree

from odoo import _, api, models
from odoo.exceptions import UserError

from ..rules import camt054

_logger = logging.getLogger(__name__)


class PaymentReturnImport(models.TransientModel):
    """OCA's payment return import reads camt.054 debit notifications too
    (OCA 11.0 reads only pain.002), and keeps the mandate reference and
    the currency of every returned debit for the matching."""
    _inherit = 'payment.return.import'

    @api.model
    def _parse_file(self, data_file):
        """A camt.054 file is read here; any other file goes on to the
        parsers of the other modules (pain.002, CSV). A file none of them
        reads gets a message naming the formats this import reads."""
        try:
            notifications = camt054.parse(data_file)
        except camt054.Camt054Error as error:
            if error.code not in camt054.FOREIGN_FILE_ERRORS or \
                    error.code == camt054.ERROR_EMPTY:
                raise UserError(self._isp_camt054_error_message(error))
            _logger.debug('Not a camt.054 file: %s', error)
            try:
                payment_returns = super(
                    PaymentReturnImport, self)._parse_file(data_file)
            except (UserError, ValueError, etree.LxmlError):
                # OCA's parsers raise these for a file they cannot read
                raise UserError(self._isp_camt054_error_message(error))
            if not payment_returns:
                # OCA's CSV parser reads any one-line text as no return
                raise UserError(self._isp_camt054_error_message(error))
            return self._isp_complete_pain002(payment_returns)
        if not notifications:
            raise UserError(_(
                'This camt.054 file reports no returned direct debit (no '
                'booked transaction with a return reason): nothing to '
                'import.'))
        return [self._isp_prepare_camt054_return(notification)
                for notification in notifications]

    @api.model
    def _isp_camt054_error_message(self, error):
        """The translated message of a file the import cannot read."""
        formats = _('This import reads camt.054 debit notifications '
                    '(camt.054.001.02 or later) and pain.002.001.03 unpaid '
                    'reports: download one of them from your bank and '
                    'import it again.')
        messages = {
            camt054.ERROR_EMPTY: _('The file is empty.'),
            camt054.ERROR_NOT_XML: _(
                'The file is not an XML file (%s).') % error.detail,
            camt054.ERROR_NOT_CAMT054: _(
                'The file is not a camt.054 debit notification nor a '
                'pain.002 unpaid report (%s).') % error.detail,
            camt054.ERROR_VERSION: _(
                'The file is a camt.054 of a version older than '
                'camt.054.001.02 (%s).') % error.detail,
            camt054.ERROR_AMOUNT: _(
                'The camt.054 file has an invalid amount: "%s". Ask your '
                'bank for a correct file.') % error.detail,
            camt054.ERROR_DATE: _(
                'The camt.054 file has an invalid date: "%s". Ask your '
                'bank for a correct file.') % error.detail,
        }
        message = messages.get(error.code) or str(error)
        if error.code in camt054.FOREIGN_FILE_ERRORS + (
                camt054.ERROR_VERSION,):
            message = '%s\n%s' % (message, formats)
        return message

    @api.model
    def _isp_prepare_camt054_return(self, notification):
        """The notification as OCA's import takes it: our own keys become
        fields of the return lines."""
        transactions = []
        for tx in notification['transactions']:
            values = dict(tx)
            values['isp_mandate_reference'] = values.pop(
                'mandate_reference', '')
            values['isp_currency'] = values.pop('currency', '')
            reason_text = values.pop('reason_text', '')
            if not values.get('concept'):
                values['concept'] = reason_text
            transactions.append(values)
        return dict(notification, transactions=transactions)

    @api.model
    def _isp_complete_pain002(self, payment_returns):
        """OCA's pain.002 parser keeps the raw XML of each transaction:
        read the mandate reference and the currency from it."""
        returns = payment_returns if isinstance(payment_returns, list) \
            else [payment_returns]
        for payment_return in returns:
            if not isinstance(payment_return, dict):
                continue
            for tx in payment_return.get('transactions') or []:
                raw = tx.get('raw_import_data')
                if not raw:
                    continue
                try:
                    node = etree.fromstring(
                        raw if isinstance(raw, bytes) else raw.encode(),
                        parser=etree.XMLParser(resolve_entities=False,
                                               no_network=True))
                except etree.XMLSyntaxError:
                    continue
                mandate = node.xpath(
                    './/*[local-name()="MndtRltdInf"]'
                    '/*[local-name()="MndtId"]')
                if mandate and mandate[0].text:
                    tx['isp_mandate_reference'] = mandate[0].text.strip()
                amount = node.xpath(
                    './/*[local-name()="OrgnlTxRef"]/*[local-name()="Amt"]'
                    '/*[local-name()="InstdAmt"]')
                if amount and amount[0].get('Ccy'):
                    tx['isp_currency'] = amount[0].get('Ccy')
        return payment_returns
