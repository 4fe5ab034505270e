# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from copy import deepcopy
from unittest.mock import patch

from odoo import _
from odoo.exceptions import UserError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from .common import FOLLOWERS_SQL, IspBillingCommon

QUIET = {
    'tracking_disable': True,
    'mail_create_nolog': True,
    'mail_create_nosubscribe': True,
    'mail_notrack': True,
}
# columns that differ between two records created one after the other
VOLATILE = {'id', 'create_date', 'write_date', 'access_token'}


@at_install(False)
@post_install(True)
class TestBulkInvoice(IspBillingCommon):
    """The billing run creates its drafts in bulk: every column of every
    row (invoice, lines, their taxes and commission agents, tax lines,
    followers) must be what ``account.invoice.create()`` writes for the
    same values, with whatever modules are installed."""

    @classmethod
    def setUpClass(cls):
        super(TestBulkInvoice, cls).setUpClass()
        cls.cycle = 9
        company = cls.env.user.company_id
        cls.tax = cls.env['account.tax'].create({
            'name': 'Bulk VAT 21 %', 'amount': 21.0,
            'type_tax_use': 'sale', 'company_id': company.id})
        cls.fibre = cls._create_isp_product(
            'Bulk Fibre 1 Gb', 40.0, taxes_id=[(6, 0, cls.tax.ids)])
        cls.mobile = cls._create_isp_product(
            'Bulk Mobile', 12.5, isp_service_type='mobile',
            taxes_id=[(6, 0, cls.tax.ids)])
        commission = cls.env['sale.commission'].create({
            'name': 'Bulk 7 %', 'fix_qty': 7.0})
        agent = cls.env['res.partner'].create({
            'name': 'Bulk Agent', 'agent': True, 'supplier': True,
            'commission': commission.id})
        # one customer with a commission agent, one paying by direct debit
        cls.with_agent = cls.env['res.partner'].create({
            'name': 'Bulk Agent Customer', 'customer': True,
            'agents': [(6, 0, agent.ids)]})
        cls.debit = cls.env['res.partner'].create({
            'name': 'Bulk Debit Customer', 'customer': True})
        account = cls.env['res.partner.bank'].create({
            'acc_number': 'NL91ABNA0417164300',
            'partner_id': cls.debit.id})
        mandate = cls._create_mandate(account)
        mandate.validate()
        mode = cls._create_debit_payment_mode()
        for partner, values in ((cls.with_agent, {}), (cls.debit, {
                'payment_mode_id': mode.id, 'mandate_id': mandate.id,
                'bank_account_id': account.id})):
            for product, discount in ((cls.fibre, 15.0), (cls.mobile, 0.0)):
                subscription = cls._create_subscription(
                    partner, product_id=product.id,
                    price_unit=product.lst_price, discount=discount,
                    billing_cycle_day=cls.cycle, **values)
                subscription._activate(date_start='2026-11-20')
        cls.customers = cls.with_agent | cls.debit

    def _run(self, **values):
        vals = {'date': '2026-11-09', 'cycle_day': self.cycle,
                'chunk_size': 10}
        vals.update(values)
        return self.env['isp.billing.run'].create(vals)

    def _rows(self, invoice):
        """Every stored value of ``invoice`` and of what belongs to it,
        without ids and timestamps."""
        cr = self.env.cr

        def rows(query, params, drop=()):
            cr.execute(query, params)
            return [{key: value for key, value in row.items()
                     if key not in VOLATILE and key not in drop}
                    for row in cr.dictfetchall()]

        lines = []
        cr.execute('SELECT id FROM account_invoice_line WHERE invoice_id = '
                   '%s ORDER BY sequence, id', (invoice.id,))
        for (line_id,) in cr.fetchall():
            line = rows('SELECT * FROM account_invoice_line WHERE id = %s',
                        (line_id,), drop={'invoice_id'})[0]
            line['taxes'] = rows(
                'SELECT tax_id FROM account_invoice_line_tax WHERE '
                'invoice_line_id = %s ORDER BY tax_id', (line_id,))
            line['agents'] = rows(
                'SELECT * FROM account_invoice_line_agent WHERE object_id = '
                '%s ORDER BY agent', (line_id,),
                drop={'object_id', 'invoice'})
            lines.append(line)
        return {
            'invoice': rows('SELECT * FROM account_invoice WHERE id = %s',
                            (invoice.id,))[0],
            'lines': lines,
            'tax_lines': rows(
                'SELECT * FROM account_invoice_tax WHERE invoice_id = %s '
                'ORDER BY sequence, tax_id, account_id', (invoice.id,),
                drop={'invoice_id'}),
            'followers': rows(
                FOLLOWERS_SQL, ('account.invoice', invoice.id)),
        }

    def test_bulk_rows_equal_create_rows(self):
        run = self._run()
        due = [(partner, run._compute_customer_items(partner))
               for partner in self.customers]
        _groups, vals_list = run._invoice_groups(due)
        Invoice = self.env['account.invoice'].with_context(**QUIET)
        # create() writes into the values it is given (sale_commission
        # adds the agents to the lines): each path gets its own copy
        created = Invoice.browse([Invoice.create(vals).id
                                  for vals in deepcopy(vals_list)])
        bulk = Invoice._isp_bulk_create(deepcopy(vals_list))
        self.assertEqual(len(bulk), 2)
        self.assertEqual(bulk.mapped('partner_id'), self.customers)
        for one, other in zip(created, bulk):
            self.assertEqual(self._rows(one), self._rows(other))
        # and the amounts are the business result expected: activated on
        # 20/11, 19 days of the period 9/11-8/12 (30 days), fibre at 85 %,
        # VAT 21 %
        fibre = round(40.0 * 0.85 * 19 / 30, 2)
        mobile = round(12.5 * 19 / 30, 2)
        for invoice in bulk:
            self.assertAlmostEqual(invoice.amount_untaxed, fibre + mobile)
            self.assertAlmostEqual(invoice.amount_tax,
                                   round(fibre * 0.21, 2)
                                   + round(mobile * 0.21, 2))
        agent_lines = bulk.filtered(
            lambda i: i.partner_id == self.with_agent).mapped(
                'invoice_line_ids.agents')
        self.assertEqual(len(agent_lines), 2)
        self.assertAlmostEqual(sum(agent_lines.mapped('amount')),
                               round((fibre + mobile) * 0.07, 2), places=2)
        debit = bulk.filtered(lambda i: i.partner_id == self.debit)
        self.assertTrue(debit.mandate_id)
        self.assertTrue(debit.payment_mode_id)

    def test_run_with_one_chunk_equals_run_customer_by_customer(self):
        bulk_run = self._run(chunk_size=10)
        self._start(bulk_run)
        self.assertEqual(len(bulk_run.chunk_ids), 1)
        bulk_rows = [self._rows(invoice) for invoice in
                     bulk_run.invoice_ids.sorted(lambda i: i.partner_id.id)]
        self.assertEqual(len(bulk_rows), 2)
        # the same run once more, through create(), from the same state
        self.env['isp.subscription.period'].search(
            [('run_id', '=', bulk_run.id)]).unlink()
        bulk_run.invoice_ids.unlink()
        self.env['ir.config_parameter'].sudo().set_param(
            'isp_billing.bulk_invoice_creation', '0')
        orm_run = self._run(chunk_size=1)
        self._start(orm_run)
        orm_rows = [self._rows(invoice) for invoice in
                    orm_run.invoice_ids.sorted(lambda i: i.partner_id.id)]
        for rows in bulk_rows + orm_rows:
            rows['invoice'].pop('isp_billing_run_id')
            rows['invoice'].pop('origin')
        self.assertEqual(bulk_rows, orm_rows)
        self.assertEqual(len(orm_run.period_ids), 4)

    def test_bulk_failure_falls_back_to_each_customer(self):
        """A chunk whose bulk creation fails is invoiced customer by
        customer: only the customer that fails is reported."""
        Invoice = type(self.env['account.invoice'])
        original = Invoice._isp_bulk_create
        bad = self.debit

        def failing(model, vals_list):
            if any(vals['partner_id'] == bad.id for vals in vals_list):
                raise UserError(_('Forced bulk failure'))
            return original(model, vals_list)

        run = self._run()
        chunk_logger = 'odoo.addons.isp_billing.models.isp_billing_run_chunk'
        with patch.object(Invoice, '_isp_bulk_create', failing), \
                mute_logger(chunk_logger):
            self._start(run)
        # the fallback goes through create(): both customers invoiced
        self.assertEqual(run.invoice_ids.mapped('partner_id'),
                         self.customers)
        self.assertFalse(run.failure_ids)
        self.assertEqual(len(run.period_ids), 4)

    def test_bulk_refuses_values_without_the_contract_data(self):
        run = self._run()
        due = [(self.debit, run._compute_customer_items(self.debit))]
        _groups, vals_list = run._invoice_groups(due)
        del vals_list[0]['mandate_id']
        with self.assertRaises(UserError):
            self.env['account.invoice'].with_context(
                **QUIET)._isp_bulk_create(vals_list)

    @mute_logger('odoo.addons.queue_job.models.base')
    def _start(self, run):
        run.with_context(test_queue_job_no_delay=True).action_start()
        return run
