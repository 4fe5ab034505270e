# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bank files of returned debits, built by the tests in the structure the
banks send: a camt.054 debit notification (an entry per returned debit,
debited from the creditor's account, reversal indicator, bank transaction
code PMNT/RDDT/UPDD, the original references and the return reason) and a
pain.002.001.03 unpaid report (OCA's format).

A returned debit is a dict: ``e2e`` (end-to-end id), ``mandate``,
``amount``, ``reason`` (ISO code), ``debtor`` (name), ``iban`` (the
debtor's) and optionally ``ref`` (the bank's reference of the
transaction)."""
from xml.sax.saxutils import escape

CAMT054_NS = 'urn:iso:std:iso:20022:tech:xsd:camt.054.001.%s'
PAIN002_NS = 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03'


def _tx_camt054(debit, version, index):
    amount = '%.2f' % debit['amount']
    if version >= 8:
        debtor = '<Dbtr><Pty><Nm>%s</Nm></Pty></Dbtr>' % escape(
            debit['debtor'])
        tx_amount = ('<Amt Ccy="EUR">%s</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
                     % amount)
    else:
        debtor = '<Dbtr><Nm>%s</Nm></Dbtr>' % escape(debit['debtor'])
        tx_amount = ''
    return """
        <NtryDtls>
          <TxDtls>
            <Refs>
              <AcctSvcrRef>%(ref)s</AcctSvcrRef>
              <PmtInfId>PMTINF-1</PmtInfId>
              <EndToEndId>%(e2e)s</EndToEndId>
              <MndtId>%(mandate)s</MndtId>
            </Refs>
            %(tx_amount)s
            <AmtDtls>
              <InstdAmt><Amt Ccy="EUR">%(amount)s</Amt></InstdAmt>
              <TxAmt><Amt Ccy="EUR">%(amount)s</Amt></TxAmt>
            </AmtDtls>
            <BkTxCd>
              <Domn><Cd>PMNT</Cd>
                <Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly>
              </Domn>
            </BkTxCd>
            <RltdPties>
              %(debtor)s
              <DbtrAcct><Id><IBAN>%(iban)s</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Ustrd>%(e2e)s</Ustrd></RmtInf>
            <RtrInf>
              <Rsn><Cd>%(reason)s</Cd></Rsn>
              <AddtlInf>Returned debit %(index)s</AddtlInf>
            </RtrInf>
          </TxDtls>
        </NtryDtls>""" % {
        'ref': escape(debit.get('ref') or 'TX-%s-%s' % (
            debit['e2e'], debit['reason'])),
        'e2e': escape(debit['e2e']),
        'mandate': escape(debit['mandate']),
        'tx_amount': tx_amount,
        'amount': amount,
        'debtor': debtor,
        'iban': debit['iban'],
        'reason': debit['reason'],
        'index': index,
    }


def camt054(debits, creditor_iban, message_id='CAMT054-MSG-1',
            booking_date='2026-12-03', version=2, extra_entries='',
            currency='EUR'):
    """A camt.054.001.<version> notification (bytes) of ``debits``, one
    booked entry each, plus ``extra_entries`` (raw XML of other
    entries), in ``currency``."""
    status = ('<Sts><Cd>BOOK</Cd></Sts>' if version >= 8
              else '<Sts>BOOK</Sts>')
    entries = []
    for index, debit in enumerate(debits, 1):
        entries.append("""
      <Ntry>
        <NtryRef>%(index)s</NtryRef>
        <Amt Ccy="EUR">%(amount).2f</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <RvslInd>true</RvslInd>
        %(status)s
        <BookgDt><Dt>%(date)s</Dt></BookgDt>
        <ValDt><Dt>%(date)s</Dt></ValDt>
        <AcctSvcrRef>ENTRY-%(index)s</AcctSvcrRef>
        <BkTxCd>
          <Domn><Cd>PMNT</Cd>
            <Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly>
          </Domn>
        </BkTxCd>%(tx)s
      </Ntry>""" % {
            'index': index, 'amount': debit['amount'], 'status': status,
            'date': booking_date,
            'tx': _tx_camt054(debit, version, index)})
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="%(ns)s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr>
      <MsgId>%(msg)s</MsgId>
      <CreDtTm>%(date)sT18:30:00</CreDtTm>
    </GrpHdr>
    <Ntfctn>
      <Id>%(msg)s-1</Id>
      <CreDtTm>%(date)sT18:30:00</CreDtTm>
      <Acct>
        <Id><IBAN>%(iban)s</IBAN></Id>
        <Ccy>EUR</Ccy>
        <Svcr><FinInstnId><BIC>CAIXESBBXXX</BIC></FinInstnId></Svcr>
      </Acct>%(entries)s%(extra)s
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
""" % {'ns': CAMT054_NS % ('%02d' % version), 'msg': escape(message_id),
       'date': booking_date, 'iban': creditor_iban,
       'entries': ''.join(entries), 'extra': extra_entries}).replace(
           'Ccy="EUR"', 'Ccy="%s"' % currency).replace(
           '<Ccy>EUR</Ccy>', '<Ccy>%s</Ccy>' % currency).encode('utf-8')


# an ordinary credit (a customer's transfer): no return reason
CAMT054_CREDIT_ENTRY = """
      <Ntry>
        <Amt Ccy="EUR">50.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-03</Dt></BookgDt>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">50.00</Amt></TxAmt></AmtDtls>
        </TxDtls></NtryDtls>
      </Ntry>"""

# a returned debit announced but not booked yet
CAMT054_PENDING_ENTRY = """
      <Ntry>
        <Amt Ccy="EUR">12.00</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>PDNG</Sts>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>PENDING-1</EndToEndId></Refs>
          <AmtDtls><InstdAmt><Amt Ccy="EUR">12.00</Amt></InstdAmt></AmtDtls>
          <RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def pain002(debits, creditor_iban, message_id='PAIN002-MSG-1',
            date='2026-12-02', currency='EUR'):
    """A pain.002.001.03 unpaid report (bytes) rejecting ``debits`` (in
    ``currency``)."""
    txs = []
    for index, debit in enumerate(debits, 1):
        txs.append("""
    <TxInfAndSts>
      <StsId>REJ-%(index)s</StsId>
      <OrgnlEndToEndId>%(e2e)s</OrgnlEndToEndId>
      <TxSts>RJCT</TxSts>
      <StsRsnInf><Rsn><Cd>%(reason)s</Cd></Rsn></StsRsnInf>
      <OrgnlTxRef>
        <Amt><InstdAmt Ccy="EUR">%(amount).2f</InstdAmt></Amt>
        <ReqdColltnDt>%(date)s</ReqdColltnDt>
        <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl>
          <LclInstrm><Cd>CORE</Cd></LclInstrm><SeqTp>RCUR</SeqTp>
        </PmtTpInf>
        <MndtRltdInf><MndtId>%(mandate)s</MndtId></MndtRltdInf>
        <Dbtr><Nm>%(debtor)s</Nm></Dbtr>
        <DbtrAcct><Id><IBAN>%(iban)s</IBAN></Id></DbtrAcct>
        <CdtrAcct><Id><IBAN>%(creditor)s</IBAN></Id></CdtrAcct>
      </OrgnlTxRef>
    </TxInfAndSts>""" % {
            'index': index, 'e2e': escape(debit['e2e']),
            'reason': debit['reason'], 'amount': debit['amount'],
            'date': date, 'mandate': escape(debit['mandate']),
            'debtor': escape(debit['debtor']), 'iban': debit['iban'],
            'creditor': creditor_iban})
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="%(ns)s">
<CstmrPmtStsRpt>
  <GrpHdr>
    <MsgId>%(msg)s</MsgId>
    <CreDtTm>%(date)sT20:49:00</CreDtTm>
  </GrpHdr>
  <OrgnlGrpInfAndSts>
    <OrgnlMsgId>PAIN008-MSG</OrgnlMsgId>
    <OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
  </OrgnlGrpInfAndSts>
  <OrgnlPmtInfAndSts>
    <OrgnlPmtInfId>PMTINF-1</OrgnlPmtInfId>%(txs)s
  </OrgnlPmtInfAndSts>
</CstmrPmtStsRpt>
</Document>
""" % {'ns': PAIN002_NS, 'msg': escape(message_id), 'date': date,
       'txs': ''.join(txs)}).replace(
           'Ccy="EUR"', 'Ccy="%s"' % currency).encode('utf-8')
