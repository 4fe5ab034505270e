# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from collections import OrderedDict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - declared in external_dependencies
    xlsxwriter = None

XLSX_MIMETYPE = ('application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet')
# column of the amounts (G) and first data row (1-based) of the sheet
AMOUNT_COLUMN = 6
HEADER_ROW = 2
# Excel functions take at most 255 arguments
MAX_SUM_ARGUMENTS = 200


def sum_formula(cells):
    """``=SUM(...)`` of the given cell references, nested when there are
    more than Excel accepts in one call."""
    cells = list(cells)
    if not cells:
        return '=0'
    while len(cells) > MAX_SUM_ARGUMENTS:
        cells = ['SUM(%s)' % ','.join(cells[pos:pos + MAX_SUM_ARGUMENTS])
                 for pos in range(0, len(cells), MAX_SUM_ARGUMENTS)]
    return '=SUM(%s)' % ','.join(cells)


class IspCommissionSettlementXlsx(models.TransientModel):
    """Writes the commission settlements of a period to an XLSX file: one
    row per settlement line, a total per agent and a grand total."""
    _name = 'isp.commission.settlement.xlsx'
    _description = 'Export commission settlements (XLSX)'

    def _default_date_from(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(
            today.replace(day=1) - relativedelta(months=1))

    def _default_date_to(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today.replace(day=1)
                                     - relativedelta(days=1))

    date_from = fields.Date(
        string='From', required=True, default=_default_date_from,
        help="Settlements whose period starts on or after this date.")
    date_to = fields.Date(
        string='To', required=True, default=_default_date_to,
        help="Settlements whose period ends on or before this date.")
    agent_ids = fields.Many2many(
        'res.partner', string='Agents', domain=[('agent', '=', True)],
        help="Leave empty to export the settlements of every agent.")

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_(
                    "The period ends before it starts: choose a \"To\" "
                    "date after the \"From\" date."))

    @api.multi
    def _get_settlement_lines(self):
        """The settlement lines of the period, by agent then date."""
        self.ensure_one()
        domain = [
            ('settlement.date_from', '>=', self.date_from),
            ('settlement.date_to', '<=', self.date_to),
            ('settlement.state', '!=', 'cancel'),
        ]
        if self.agent_ids:
            domain.append(('settlement.agent', 'in', self.agent_ids.ids))
        lines = self.env['sale.commission.settlement.line'].search(domain)
        return lines.sorted(key=lambda line: (
            line.settlement.agent.display_name or '',
            line.settlement.agent.id, line.date or '', line.id))

    @api.model
    def _prepare_xlsx_row_values(self, line):
        """The values of the row of one settlement line."""
        settlement = line.settlement
        orders = line.invoice_line.sale_line_ids.mapped('order_id')
        return {
            'agent': settlement.agent.display_name,
            'agent_id': settlement.agent.id,
            'date_from': fields.Date.from_string(settlement.date_from),
            'date_to': fields.Date.from_string(settlement.date_to),
            'contract': ', '.join(orders.mapped('name')),
            'invoice': line.invoice.number or line.invoice.display_name,
            'date': fields.Date.from_string(line.date) if line.date else None,
            'amount': line.settled_amount,
        }

    @api.multi
    def _check_export_access(self):
        """Commission settlements are exported by the back office only
        (every employee may read settlement lines in sale_commission)."""
        if not self.env.user.has_group('isp_crm.group_isp_backoffice'):
            raise AccessError(_(
                "Only the ISP back office exports commission settlements: "
                "ask your administrator for the ISP Back office group."))

    @api.multi
    def _build_xlsx(self):
        """The XLSX file (bytes) of the settlement lines of the period.
        Text is written as text (``write_string``): a name starting with
        "=" is never a formula."""
        self.ensure_one()
        self._check_export_access()
        if xlsxwriter is None:
            raise UserError(_(
                "The Python library xlsxwriter is missing: ask your "
                "administrator to install it."))
        rows = [self._prepare_xlsx_row_values(line)
                for line in self._get_settlement_lines()]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {'in_memory': True})
        sheet = workbook.add_worksheet(_('Settlements'))
        bold = workbook.add_format({'bold': True})
        date_format = workbook.add_format({'num_format': 'yyyy-mm-dd'})
        money = workbook.add_format({'num_format': '#,##0.00'})
        bold_money = workbook.add_format(
            {'num_format': '#,##0.00', 'bold': True})
        sheet.write_string(0, 0, _(
            'Commission settlements from %(date_from)s to %(date_to)s') % {
                'date_from': self.date_from,
                'date_to': self.date_to,
            }, bold)
        headers = [_('Agent'), _('Period from'), _('Period to'),
                   _('Contract'), _('Invoice'), _('Date'), _('Amount')]
        for col, header in enumerate(headers):
            sheet.write_string(HEADER_ROW, col, header, bold)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 2, 12)
        sheet.set_column(3, 4, 18)
        sheet.set_column(5, 5, 12)
        sheet.set_column(6, 6, 14)
        amount_letter = xlsxwriter.utility.xl_col_to_name(AMOUNT_COLUMN)
        row = HEADER_ROW + 1
        total_cells = []
        grand_total = 0.0
        # the rows come sorted by agent: group them, keeping that order
        rows_by_agent = OrderedDict()
        for values in rows:
            rows_by_agent.setdefault(values['agent_id'], []).append(values)
        for agent_rows in rows_by_agent.values():
            first = row
            for values in agent_rows:
                sheet.write_string(row, 0, values['agent'] or '')
                sheet.write_datetime(row, 1, values['date_from'],
                                     date_format)
                sheet.write_datetime(row, 2, values['date_to'], date_format)
                sheet.write_string(row, 3, values['contract'] or '')
                sheet.write_string(row, 4, values['invoice'] or '')
                if values['date']:
                    sheet.write_datetime(row, 5, values['date'], date_format)
                sheet.write_number(row, AMOUNT_COLUMN, values['amount'],
                                   money)
                row += 1
            total = sum(values['amount'] for values in agent_rows)
            grand_total += total
            sheet.write_string(
                row, 0, _('Total %s') % (agent_rows[0]['agent'] or ''),
                bold)
            sheet.write_formula(
                row, AMOUNT_COLUMN, '=SUM(%s%d:%s%d)' % (
                    amount_letter, first + 1, amount_letter, row),
                bold_money, total)
            total_cells.append('%s%d' % (amount_letter, row + 1))
            row += 2
        sheet.write_string(row, 0, _('Grand total'), bold)
        sheet.write_formula(row, AMOUNT_COLUMN, sum_formula(total_cells),
                            bold_money, grand_total)
        workbook.close()
        return output.getvalue()

    @api.multi
    def _get_xlsx_filename(self):
        self.ensure_one()
        return _('commission_settlements_%(date_from)s_%(date_to)s.xlsx') % {
            'date_from': self.date_from,
            'date_to': self.date_to,
        }

    @api.multi
    def action_export(self):
        """Write the file and download it."""
        self.ensure_one()
        self._check_export_access()
        filename = self._get_xlsx_filename()
        attachment = self.env['ir.attachment'].create({
            'name': filename,
            'datas_fname': filename,
            'datas': base64.b64encode(self._build_xlsx()),
            'mimetype': XLSX_MIMETYPE,
            'res_model': self._name,
            'res_id': self.id,
        })
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content/%s?download=true' % attachment.id,
            'target': 'self',
        }
