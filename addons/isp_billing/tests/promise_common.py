# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the payment promise and network event tests: a customer
with an overdue invoice and one not yet due on TODAY, an active
subscription, the company's promise rules (7 days ahead, 30 days between
promises)."""
from .common import IspBillingCommon

TODAY = '2026-03-10'


class PromiseCommon(IspBillingCommon):

    @classmethod
    def setUpClass(cls):
        super(PromiseCommon, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context,
                                       tracking_disable=True))
        cls.company = cls.env.user.company_id
        cls.company.write({
            'isp_promise_enabled': True,
            'isp_promise_max_days': 7,
            'isp_promise_min_days_between': 30,
            'isp_promise_suspended_may_promise': False,
            'isp_network_webhook_url': False,
            'isp_network_webhook_secret': False,
        })
        cls.income_account = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id),
        ], limit=1)
        cls.sale_journal = cls.env['account.journal'].search([
            ('company_id', '=', cls.company.id), ('type', '=', 'sale'),
        ], limit=1)
        cls.bank_journal = cls.env['account.journal'].create({
            'name': 'Promise test bank',
            'type': 'bank',
            'code': 'PTBK',
        })
        cls.subscription._activate(date_start='2026-01-01')
        cls.overdue = cls._create_invoice(cls.customer, 29.9, '2026-02-01',
                                          '2026-02-15')
        cls.not_due = cls._create_invoice(cls.customer, 10.0, '2026-03-01',
                                          '2026-03-31')

    @classmethod
    def _create_invoice(cls, partner, amount, date, date_due):
        invoice = cls.env['account.invoice'].create({
            'partner_id': partner.id,
            'type': 'out_invoice',
            'journal_id': cls.sale_journal.id,
            'account_id': partner.property_account_receivable_id.id,
            'date_invoice': date,
            'date_due': date_due,
            'invoice_line_ids': [(0, 0, {
                'name': 'Fibre %s' % date,
                'quantity': 1,
                'price_unit': amount,
                'account_id': cls.income_account.id,
            })],
        })
        invoice.action_invoice_open()
        invoice.date_due = date_due
        return invoice

    def _promise(self, date_promised, today=TODAY, partner=None, **values):
        vals = {
            'partner_id': (partner or self.customer).id,
            'date': today,
            'date_promised': date_promised,
        }
        vals.update(values)
        return self.env['isp.payment.promise'].create(vals)
