# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SEPA direct debit files (ISO 20022 pain.008), fast, for big batches.

Plain Python and lxml, no Odoo. ``build`` makes the file of a debit order
from plain data in one of two flavours:

- ``pain.008.001.02``: the 2009 message of the EPC rulebooks up to 2023;
- ``pain.008.001.08``: the 2019 message of the EPC 2023 rulebook. Agents
  carry their BIC under ``FinInstnId/BICFI`` (``BIC`` in .02), parties are
  ``PartyIdentification135`` and the organisation id of the initiating
  party may hold a LEI; the elements we write are otherwise the same.

First every input is checked, and a ``Pain008Error`` names the record and
what is wrong with it: the SEPA creditor identifier (check digits,
python-stdnum's ``eu.at_02``), the IBANs (structure of the country in
python-stdnum's IBAN registry and mod 97), the BICs, the identifiers
(MsgId, end-to-end id, mandate id: SEPA character set, at most 35
characters, no leading or trailing ``/``, no ``//``), amounts, dates, the
sequence type and the scheme. Free texts (names, remittance information)
are transliterated to the SEPA Latin character set with Unidecode.

Then the document is written as text (one PmtInf per collection date,
sequence type and scheme) and parsed back with a parser bound to the ISO
20022 XSD shipped in ``data/xsd``: the bytes returned are those that were
validated, and an invalid document raises ``ValueError`` with the first
error of the schema. An invalid file is never returned.

Cost is linear in the number of debits: one pass to check, one to write,
one to parse and validate.
"""
import collections
import datetime
import decimal
import gc
import os
import re
import threading

from lxml import etree
from stdnum import numdb
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError
from unidecode import unidecode

from odoo.addons.isp_crm.rules.dates import to_date

FLAVOURS = ('pain.008.001.02', 'pain.008.001.08')
SEQUENCE_TYPES = ('FRST', 'RCUR', 'OOFF', 'FNAL')
SCHEMES = ('CORE', 'B2B')
CURRENCY = 'EUR'      # SEPA's; another ISO 4217 code is written as is
NAME_MAX = 70         # EPC implementation guidelines, both flavours
REMITTANCE_MAX = 140
AMOUNT_MIN = decimal.Decimal('0.01')
AMOUNT_MAX = decimal.Decimal('999999999.99')
CENT = decimal.Decimal('0.01')
XSD_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    'data', 'xsd')

Creditor = collections.namedtuple(
    'Creditor', 'record name iban bic identifier')
Creditor.__doc__ = """The creditor of every debit of the file: ``record``
is how errors name it (the company), ``bic`` may be empty."""

InitiatingParty = collections.namedtuple(
    'InitiatingParty', 'name identifier issuer')
InitiatingParty.__new__.__defaults__ = ('', '')

Debit = collections.namedtuple('Debit', [
    'record',           # how errors name this debit (the customer)
    'end_to_end_id',
    'amount',           # Decimal, float or str; euro
    'mandate_id',
    'mandate_date',     # date of signature
    'debtor_name',
    'debtor_iban',
    'debtor_bic',       # may be empty: NOTPROVIDED
    'remittance',       # unstructured, may be empty
    'collection_date',
    'sequence_type',    # FRST / RCUR / OOFF / FNAL
    'scheme',           # CORE / B2B
    'amended',          # True: FRST after a change of debtor account
])
Debit.__new__.__defaults__ = ('CORE', False)


class Pain008Error(ValueError):
    """Bad input: ``code`` says which check failed (see MESSAGES),
    ``record`` names the record, ``value`` is the value refused."""

    def __init__(self, code, record, value=''):
        self.code = code
        self.record = record
        self.value = value
        super(Pain008Error, self).__init__(
            '%s: %s' % (record, MESSAGES[code] % {'value': value}))


MESSAGES = {
    'flavour': 'the pain flavour %(value)s is not supported',
    'no_debits': 'the debit order has no debit',
    'currency': 'the currency %(value)r is not an ISO 4217 code',
    'message_id': 'the message id %(value)r is not a SEPA identifier',
    'initiating_party': 'the initiating party has no name',
    'creditor_name': 'the creditor has no name',
    'creditor_identifier': 'the SEPA creditor identifier %(value)r is '
                           'missing or fails its check digits',
    'creditor_iban': 'the creditor IBAN %(value)r is not a valid IBAN',
    'creditor_bic': 'the creditor BIC %(value)r is malformed',
    'debtor_name': 'the debtor has no name',
    'debtor_iban': 'the IBAN %(value)r fails the check digits or the '
                   'format of its country',
    'debtor_bic': 'the BIC %(value)r is malformed',
    'end_to_end_id': 'the end-to-end id %(value)r is not a SEPA identifier',
    'duplicate_end_to_end_id': 'the end-to-end id %(value)r appears twice',
    'mandate_id': 'the mandate reference %(value)r is not a SEPA '
                  'identifier',
    'mandate_date': 'the mandate signature date %(value)r is missing or '
                    'after the collection date',
    'amount': 'the amount %(value)s is not between 0.01 and 999999999.99',
    'collection_date': 'the collection date %(value)r is not a date',
    'sequence_type': 'the sequence type %(value)r is not FRST, RCUR, OOFF '
                     'or FNAL',
    'scheme': 'the scheme %(value)r is not CORE or B2B',
}

# SEPA identifiers: the EPC Latin set, at most 35, no leading, trailing or
# double slash
_ID_RE = re.compile(r"^(?!/)(?!.*//)[A-Za-z0-9/\-?:().,'+ ]{1,35}(?<!/)$")
_TEXT_OK_RE = re.compile(r"^[A-Za-z0-9/\-?:().,'+ ]*$")
_NOT_SEPA_RE = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_SPACES_RE = re.compile(r'\s+')
_TEXT_MAP = str.maketrans({
    '&': '+', '"': "'", '_': '-', ';': ',', '!': '.', '*': ' ',
    '[': '(', ']': ')', '{': '(', '}': ')', '<': '(', '>': ')',
    '\\': '/', '|': '/', '=': '-', '#': ' ', '@': ' ', '%': ' ',
    '`': "'", '~': '-', '^': ' ', '$': ' ',
})
# both flavours: 6 letters then location; the .08 pattern is wider
_BIC_RE = re.compile(r'^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$')
_CURRENCY_RE = re.compile(r'^[A-Z]{3}$')
_IBAN_RE = re.compile(r'^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$')
_IBAN_DIGITS = {ord(c): str(ord(c) - 55) for c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'}
_BBAN_CHARS = {'n': '[0-9]', 'a': '[A-Z]', 'c': '[A-Za-z0-9]'}
_BBAN_PART_RE = re.compile(r'([1-9][0-9]*)!([nac])')
_bban_res = {}
_iban_db = numdb.get('iban')
_local = threading.local()

NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:%s'


# ---------------------------------------------------------------- checks


def sepa_text(text, max_len):
    """``text`` in the SEPA Latin character set: transliterated (é -> e,
    ß -> ss), other signs replaced, spaces squeezed, cut at ``max_len``."""
    text = text or ''
    if not _TEXT_OK_RE.match(text):
        text = _NOT_SEPA_RE.sub(' ', unidecode(text).translate(_TEXT_MAP))
    return _SPACES_RE.sub(' ', text).strip()[:max_len].strip()


def _bban_re(country):
    """The BBAN structure of ``country`` from python-stdnum's copy of the
    SWIFT IBAN registry (None for a country without IBAN)."""
    if country not in _bban_res:
        props = _iban_db.info(country)[0][1]
        structure = props.get('bban')
        _bban_res[country] = structure and re.compile('^%s$' % (
            _BBAN_PART_RE.sub(lambda m: '%s{%s}' % (
                _BBAN_CHARS[m.group(2)], m.group(1)), structure)))
    return _bban_res[country]


def iban(value):
    """The compact IBAN, or None when it has not the structure of its
    country or fails mod 97 (ISO 13616). Same checks as
    ``stdnum.iban.validate`` without the national check digits, at a
    thirtieth of its cost."""
    value = (value or '').replace(' ', '').upper()
    if not _IBAN_RE.match(value):
        return None
    structure = _bban_re(value[:2])
    if not structure or not structure.match(value[4:]):
        return None
    if int((value[4:] + value[:4]).translate(_IBAN_DIGITS)) % 97 != 1:
        return None
    return value


def bic(value):
    """The BIC in capitals, '' when empty, None when malformed."""
    value = (value or '').replace(' ', '').upper()
    if not value:
        return ''
    return value if _BIC_RE.match(value) else None


def sepa_identifier(value):
    """True when ``value`` may be a MsgId, end-to-end id or mandate id."""
    return bool(value) and bool(_ID_RE.match(value))


def creditor_identifier(value):
    """The compact SEPA creditor identifier, or None when it is missing or
    fails its check digits."""
    try:
        return at_02.validate(value or '')
    except ValidationError:
        return None


def _amount(value, record):
    try:
        amount = decimal.Decimal(str(value)).quantize(
            CENT, rounding=decimal.ROUND_HALF_UP)
    except (decimal.InvalidOperation, ValueError):
        raise Pain008Error('amount', record, value)
    if not AMOUNT_MIN <= amount <= AMOUNT_MAX:
        raise Pain008Error('amount', record, value)
    return amount


def _date(value, code, record):
    try:
        return to_date(value)
    except (TypeError, ValueError):
        raise Pain008Error(code, record, value)


def _check_debit(debit, seen):
    """The debit with every value checked and in the form written."""
    record = debit.record
    if not sepa_identifier(debit.end_to_end_id):
        raise Pain008Error('end_to_end_id', record, debit.end_to_end_id)
    if debit.end_to_end_id in seen:
        raise Pain008Error(
            'duplicate_end_to_end_id', record, debit.end_to_end_id)
    seen.add(debit.end_to_end_id)
    if not sepa_identifier(debit.mandate_id):
        raise Pain008Error('mandate_id', record, debit.mandate_id)
    name = sepa_text(debit.debtor_name, NAME_MAX)
    if not name:
        raise Pain008Error('debtor_name', record, debit.debtor_name)
    debtor_iban = iban(debit.debtor_iban)
    if not debtor_iban:
        raise Pain008Error('debtor_iban', record, debit.debtor_iban)
    debtor_bic = bic(debit.debtor_bic)
    if debtor_bic is None:
        raise Pain008Error('debtor_bic', record, debit.debtor_bic)
    if debit.sequence_type not in SEQUENCE_TYPES:
        raise Pain008Error('sequence_type', record, debit.sequence_type)
    if debit.scheme not in SCHEMES:
        raise Pain008Error('scheme', record, debit.scheme)
    collection = _date(debit.collection_date, 'collection_date', record)
    if not debit.mandate_date:
        raise Pain008Error('mandate_date', record, debit.mandate_date)
    signed = _date(debit.mandate_date, 'mandate_date', record)
    if signed > collection:
        raise Pain008Error('mandate_date', record, debit.mandate_date)
    return debit._replace(
        amount=_amount(debit.amount, record), debtor_name=name,
        debtor_iban=debtor_iban, debtor_bic=debtor_bic,
        remittance=sepa_text(debit.remittance, REMITTANCE_MAX),
        collection_date=collection, mandate_date=signed)


def _check_creditor(creditor):
    record = creditor.record
    name = sepa_text(creditor.name, NAME_MAX)
    if not name:
        raise Pain008Error('creditor_name', record, creditor.name)
    identifier = creditor_identifier(creditor.identifier)
    if not identifier:
        raise Pain008Error(
            'creditor_identifier', record, creditor.identifier or '')
    creditor_iban = iban(creditor.iban)
    if not creditor_iban:
        raise Pain008Error('creditor_iban', record, creditor.iban or '')
    creditor_bic = bic(creditor.bic)
    if creditor_bic is None:
        raise Pain008Error('creditor_bic', record, creditor.bic)
    return creditor._replace(name=name, identifier=identifier,
                             iban=creditor_iban, bic=creditor_bic)


# ---------------------------------------------------------------- XML


def _schema(flavour):
    """The XSD of ``flavour``, loaded once per thread (lxml validators are
    not shared between threads)."""
    schemas = getattr(_local, 'schemas', None)
    if schemas is None:
        schemas = _local.schemas = {}
    if flavour not in schemas:
        path = os.path.join(XSD_DIR, '%s.xsd' % flavour)
        schemas[flavour] = etree.XMLSchema(etree.parse(path))
    return schemas[flavour]


def _agent(bic_tag, bic_value):
    if bic_value:
        return '<FinInstnId><%s>%s</%s></FinInstnId>' % (
            bic_tag, bic_value, bic_tag)
    return '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>'


def _initiating_party(party):
    parts = ['<InitgPty><Nm>%s</Nm>' % party.name]
    if party.identifier:
        parts.append('<Id><OrgId><Othr><Id>%s</Id>' % party.identifier)
        if party.issuer:
            parts.append('<Issr>%s</Issr>' % party.issuer)
        parts.append('</Othr></OrgId></Id>')
    parts.append('</InitgPty>')
    return ''.join(parts)


def _payment_info(parts, pmt_inf_id, key, debits, creditor, bic_tag,
                  batch_booking, currency):
    collection, sequence_type, scheme = key
    total = sum(debit.amount for debit in debits)
    parts.append(
        '<PmtInf><PmtInfId>%s</PmtInfId><PmtMtd>DD</PmtMtd>'
        '<BtchBookg>%s</BtchBookg><NbOfTxs>%d</NbOfTxs>'
        '<CtrlSum>%s</CtrlSum><PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl>'
        '<LclInstrm><Cd>%s</Cd></LclInstrm><SeqTp>%s</SeqTp></PmtTpInf>'
        '<ReqdColltnDt>%s</ReqdColltnDt><Cdtr><Nm>%s</Nm></Cdtr>'
        '<CdtrAcct><Id><IBAN>%s</IBAN></Id></CdtrAcct>'
        '<CdtrAgt>%s</CdtrAgt><ChrgBr>SLEV</ChrgBr>'
        '<CdtrSchmeId><Id><PrvtId><Othr><Id>%s</Id>'
        '<SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id>'
        '</CdtrSchmeId>\n' % (
            pmt_inf_id, 'true' if batch_booking else 'false', len(debits),
            total, scheme, sequence_type, collection.isoformat(),
            creditor.name, creditor.iban, _agent(bic_tag, creditor.bic),
            creditor.identifier))
    append = parts.append
    for debit in debits:
        if debit.amended and sequence_type == 'FRST':
            amendment = (
                '<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct>'
                '<Id><Othr><Id>SMNDA</Id></Othr></Id></OrgnlDbtrAcct>'
                '</AmdmntInfDtls>')
        else:
            amendment = ''
        if debit.debtor_bic:
            agent = '<FinInstnId><%s>%s</%s></FinInstnId>' % (
                bic_tag, debit.debtor_bic, bic_tag)
        else:
            agent = ('<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr>'
                     '</FinInstnId>')
        if debit.remittance:
            remittance = '<RmtInf><Ustrd>%s</Ustrd></RmtInf>' % (
                debit.remittance)
        else:
            remittance = ''
        append(
            '<DrctDbtTxInf><PmtId><InstrId>%s</InstrId>'
            '<EndToEndId>%s</EndToEndId></PmtId>'
            '<InstdAmt Ccy="%s">%s</InstdAmt><DrctDbtTx><MndtRltdInf>'
            '<MndtId>%s</MndtId><DtOfSgntr>%s</DtOfSgntr>%s</MndtRltdInf>'
            '</DrctDbtTx><DbtrAgt>%s</DbtrAgt><Dbtr><Nm>%s</Nm></Dbtr>'
            '<DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct>%s'
            '</DrctDbtTxInf>\n' % (
                debit.end_to_end_id, debit.end_to_end_id, currency,
                debit.amount,
                debit.mandate_id, debit.mandate_date.isoformat(), amendment,
                agent, debit.debtor_name, debit.debtor_iban, remittance))
    parts.append('</PmtInf>\n')
    return total


def validate(flavour, data):
    """``data`` (bytes) parsed with the XSD of ``flavour``; ValueError with
    the first error of the schema when it is not valid."""
    parser = etree.XMLParser(schema=_schema(flavour), huge_tree=True,
                             resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError('The %s file is not valid against its schema: %s'
                         % (flavour, error))


def build(flavour, message_id, created, initiating_party, creditor, debits,
          batch_booking=True, currency=CURRENCY):
    """The pain.008 file (bytes, UTF-8) of ``debits`` (a list of Debit)
    collected by ``creditor`` (a Creditor); ``created`` is the creation
    date-time written in the group header. Raises Pain008Error on bad
    input, ValueError when the document is not valid against the XSD.

    The cyclic garbage collector is paused meanwhile: the build makes
    millions of short-lived objects and no cycle, and its full passes made
    the cost grow faster than the number of debits."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(flavour, message_id, created, initiating_party,
                      creditor, debits, batch_booking, currency)
    finally:
        if collecting:
            gc.enable()


def _build(flavour, message_id, created, initiating_party, creditor, debits,
           batch_booking, currency):
    if flavour not in FLAVOURS:
        raise Pain008Error('flavour', message_id, flavour)
    if not _CURRENCY_RE.match(currency or ''):
        raise Pain008Error('currency', message_id, currency)
    if not sepa_identifier(message_id):
        raise Pain008Error('message_id', message_id, message_id)
    if not debits:
        raise Pain008Error('no_debits', message_id)
    party = InitiatingParty(
        sepa_text(initiating_party.name, NAME_MAX),
        sepa_text(initiating_party.identifier, 35),
        sepa_text(initiating_party.issuer, 35))
    if not party.name:
        raise Pain008Error('initiating_party', message_id)
    creditor = _check_creditor(creditor)
    seen = set()
    groups = collections.OrderedDict()
    for debit in debits:
        debit = _check_debit(debit, seen)
        key = (debit.collection_date, debit.sequence_type, debit.scheme)
        groups.setdefault(key, []).append(debit)
    bic_tag = 'BIC' if flavour == 'pain.008.001.02' else 'BICFI'
    if not isinstance(created, datetime.datetime):
        created = datetime.datetime.strptime(created, '%Y-%m-%d %H:%M:%S')
    created = created.replace(microsecond=0, tzinfo=None).isoformat()
    body = []
    total = decimal.Decimal('0.00')
    for index, key in enumerate(sorted(groups), 1):
        total += _payment_info(
            body, '%s-%d' % (message_id[:28].rstrip('/'), index), key,
            groups[key], creditor, bic_tag, batch_booking, currency)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="%s" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<CstmrDrctDbtInitn><GrpHdr><MsgId>%s</MsgId>'
        '<CreDtTm>%s</CreDtTm><NbOfTxs>%d</NbOfTxs><CtrlSum>%s</CtrlSum>'
        '%s</GrpHdr>\n' % (
            NAMESPACE % flavour, message_id, created, len(debits), total,
            _initiating_party(party)))
    data = ''.join(
        [head] + body + ['</CstmrDrctDbtInitn></Document>\n']).encode()
    validate(flavour, data)
    return data
