# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The returned SEPA direct debits of a camt.054 debit notification.

Plain Python, no Odoo. A bank reports a returned (or refunded, or
rejected after settlement) direct debit to the creditor in an ISO 20022
"Bank To Customer Debit Credit Notification" (camt.054.001.02 and every
later version)::

    Document / BkToCstmrDbtCdtNtfctn / GrpHdr (MsgId, CreDtTm)
      Ntfctn (Id, CreDtTm, Acct/Id/IBAN)
        Ntry (Amt Ccy=.., CdtDbtInd, RvslInd, Sts, BookgDt, ValDt,
              AcctSvcrRef, BkTxCd)
          NtryDtls / TxDtls
            Refs (AcctSvcrRef, EndToEndId, MndtId, ...)
            AmtDtls/InstdAmt/Amt, Amt (.001.04 and later)
            RltdPties/Dbtr/Nm (or Dbtr/Pty/Nm from .001.08 on)
            RmtInf/Ustrd
            RtrInf (Rsn/Cd, AddtlInf)

A transaction with a return reason (``RtrInf/Rsn/Cd``) is a returned
debit; every other transaction (an ordinary credit, a fee) is left out.
Entries that are not booked (``Sts`` other than BOOK: pending or
information only) are left out too.

``parse`` answers a list of notifications in the shape the OCA payment
return import expects (``name``, ``date``, ``account_number``,
``transactions``). A file that is not XML, not a camt.054 or broken raises
``Camt054Error`` (a ``ValueError``) whose ``code`` says which.
"""
import decimal
import re

from lxml import etree

NAMESPACE_RE = re.compile(
    r'^urn:iso:std:iso:20022:tech:xsd:camt\.054\.001\.(\d{2})$')
ROOT_TAG = 'BkToCstmrDbtCdtNtfctn'
MIN_VERSION = 2
BOOKED = 'BOOK'
# an end-to-end id the debtor's bank did not get from the creditor
NOT_PROVIDED = 'NOTPROVIDED'

# error codes of Camt054Error
ERROR_EMPTY = 'empty'
ERROR_NOT_XML = 'not_xml'
ERROR_NOT_CAMT054 = 'not_camt054'
ERROR_VERSION = 'version'
ERROR_AMOUNT = 'amount'
ERROR_DATE = 'date'
# the errors of a file that is something else: another parser may read it
FOREIGN_FILE_ERRORS = (ERROR_EMPTY, ERROR_NOT_XML, ERROR_NOT_CAMT054)

_DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}')


class Camt054Error(ValueError):
    """A file that is not a readable camt.054: ``code`` (one of the
    ``ERROR_*`` constants) and ``detail`` (what was found)."""

    def __init__(self, code, message, detail=''):
        super(Camt054Error, self).__init__(message)
        self.code = code
        self.detail = detail


def _xml_root(data):
    if not data:
        raise Camt054Error(ERROR_EMPTY, 'The file is empty.')
    if isinstance(data, str):
        data = data.encode('utf-8')
    # no entities, no network: a bank file needs neither
    parser = etree.XMLParser(resolve_entities=False, no_network=True,
                             huge_tree=True)
    try:
        return etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise Camt054Error(ERROR_NOT_XML, 'The file is not XML: %s' % error,
                           str(error))


def _namespace(root):
    tag = root.tag if isinstance(root.tag, str) else ''
    if tag.startswith('{'):
        return tag[1:tag.index('}')]
    return ''


def check_version(root):
    """The camt.054 version number (2 for camt.054.001.02) of the root
    element ``root``; ``Camt054Error`` when it is no camt.054 of version
    .001.02 or later."""
    namespace = _namespace(root)
    match = NAMESPACE_RE.match(namespace)
    if not match:
        raise Camt054Error(
            ERROR_NOT_CAMT054,
            'Not a camt.054 file: namespace "%s".' % namespace,
            namespace or root.tag)
    version = int(match.group(1))
    if version < MIN_VERSION:
        raise Camt054Error(
            ERROR_VERSION,
            'camt.054.001.%02d is older than camt.054.001.02.' % version,
            namespace)
    if root.find('{%s}%s' % (namespace, ROOT_TAG)) is None:
        raise Camt054Error(
            ERROR_NOT_CAMT054,
            'No %s element in the camt.054 document.' % ROOT_TAG, ROOT_TAG)
    return version


class _Reader(object):
    """xpath helpers bound to the document's namespace."""

    def __init__(self, namespace):
        self.ns = {'c': namespace}

    def nodes(self, node, path):
        return node.xpath(path, namespaces=self.ns)

    def text(self, node, *paths):
        """The stripped text of the first path that finds a non-empty
        element, or ''."""
        for path in paths:
            for found in self.nodes(node, path):
                if found.text and found.text.strip():
                    return found.text.strip()
        return ''

    def amount(self, node, *paths):
        """(amount as Decimal, currency) of the first path found, or
        (None, '')."""
        for path in paths:
            found = self.nodes(node, path)
            if found and found[0].text and found[0].text.strip():
                text = found[0].text.strip()
                try:
                    value = decimal.Decimal(text)
                except decimal.InvalidOperation:
                    raise Camt054Error(
                        ERROR_AMOUNT, 'Invalid amount "%s".' % text, text)
                if not value.is_finite() or value < 0:
                    raise Camt054Error(
                        ERROR_AMOUNT, 'Invalid amount "%s".' % text, text)
                return value, found[0].get('Ccy') or ''
        return None, ''

    def date(self, node, *paths):
        """The YYYY-MM-DD of the first date (or date and time) found."""
        text = self.text(node, *paths)
        if text and not _DATE_RE.match(text):
            raise Camt054Error(ERROR_DATE, 'Invalid date "%s".' % text, text)
        return text[:10]


def _transaction(reader, tx, context, seq):
    """The returned debit of the transaction node ``tx``, or None when
    the transaction carries no return reason."""
    reason = reader.text(tx, 'c:RtrInf/c:Rsn/c:Cd', 'c:RtrInf/c:Rsn/c:Prtry')
    if not reason:
        return None
    amount, currency = reader.amount(
        tx, 'c:AmtDtls/c:InstdAmt/c:Amt', 'c:Amt',
        'c:AmtDtls/c:TxAmt/c:Amt')
    if amount is None and context['single_tx']:
        amount, currency = context['entry_amount']
    end_to_end = reader.text(tx, 'c:Refs/c:EndToEndId')
    if end_to_end.upper() == NOT_PROVIDED:
        end_to_end = ''
    unique_id = reader.text(tx, 'c:Refs/c:AcctSvcrRef')
    if not unique_id:
        entry_ref = context['entry_ref']
        unique_id = '%s-%04d' % (entry_ref, seq) if entry_ref else \
            '%s-%04d' % (context['message_id'], seq)
    concept = ' '.join(
        node.text.strip() for node in reader.nodes(tx, 'c:RmtInf/c:Ustrd')
        if node.text and node.text.strip())
    return {
        'unique_import_id': unique_id,
        'reference': end_to_end,
        'mandate_reference': reader.text(tx, 'c:Refs/c:MndtId'),
        'amount': float(amount) if amount is not None else 0.0,
        'currency': currency or context['currency'],
        'date': context['date'],
        'reason_code': reason,
        'reason_text': reader.text(tx, 'c:RtrInf/c:AddtlInf'),
        'partner_name': reader.text(
            tx, 'c:RltdPties/c:Dbtr/c:Nm', 'c:RltdPties/c:Dbtr/c:Pty/c:Nm'),
        'concept': concept,
        'raw_import_data': etree.tostring(tx, encoding='unicode'),
    }


def _notification(reader, node, message_id, message_date, several):
    """One notification (an account) with its returned debits."""
    notification_id = reader.text(node, 'c:Id')
    name = message_id
    if several and notification_id:
        name = '%s/%s' % (message_id, notification_id)
    notification_date = reader.date(node, 'c:CreDtTm') or message_date
    account = reader.text(node, 'c:Acct/c:Id/c:IBAN',
                          'c:Acct/c:Id/c:Othr/c:Id')
    transactions = []
    seq = 0
    for entry in reader.nodes(node, 'c:Ntry'):
        status = reader.text(entry, 'c:Sts/c:Cd', 'c:Sts')
        if status and status.upper() != BOOKED:
            continue
        txs = reader.nodes(entry, 'c:NtryDtls/c:TxDtls')
        context = {
            'message_id': message_id,
            'entry_ref': reader.text(entry, 'c:AcctSvcrRef', 'c:NtryRef'),
            'entry_amount': reader.amount(entry, 'c:Amt'),
            'single_tx': len(txs) == 1,
            'currency': reader.text(node, 'c:Acct/c:Ccy'),
            'date': reader.date(
                entry, 'c:BookgDt/c:Dt', 'c:BookgDt/c:DtTm',
                'c:ValDt/c:Dt', 'c:ValDt/c:DtTm') or notification_date,
        }
        for tx in txs:
            seq += 1
            transaction = _transaction(reader, tx, context, seq)
            if transaction:
                transactions.append(transaction)
    return {
        'name': name,
        'date': (transactions and transactions[0]['date'])
        or notification_date,
        'account_number': account,
        'transactions': transactions,
    }


def parse(data):
    """The notifications of the camt.054 file ``data`` (bytes) that report
    returned debits: a list of dicts ``name``, ``date`` (YYYY-MM-DD),
    ``account_number`` (the creditor's IBAN) and ``transactions``, each
    a dict ``unique_import_id``, ``reference`` (the original end-to-end
    id), ``mandate_reference``, ``amount`` (float, positive),
    ``currency``, ``date`` (booking date), ``reason_code``,
    ``reason_text``, ``partner_name``, ``concept``, ``raw_import_data``.

    Raises ``Camt054Error`` for a file that is empty, not XML, not a
    camt.054 (.001.02 or later), or has a broken amount or date."""
    root = _xml_root(data)
    check_version(root)
    reader = _Reader(_namespace(root))
    document = reader.nodes(root, 'c:%s' % ROOT_TAG)[0]
    message_id = reader.text(document, 'c:GrpHdr/c:MsgId')
    message_date = reader.date(document, 'c:GrpHdr/c:CreDtTm')
    nodes = reader.nodes(document, 'c:Ntfctn')
    result = []
    for node in nodes:
        notification = _notification(
            reader, node, message_id, message_date, len(nodes) > 1)
        if notification['transactions']:
            result.append(notification)
    return result
