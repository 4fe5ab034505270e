# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.tools import misc

_logger = logging.getLogger(__name__)

CHANNEL_LABELS = {
    'email': 'e-mail',
    'sms': 'SMS',
    'letter': 'letter',
}


class CreditControlLine(models.Model):
    """A dunning step of an overdue invoice (OCA): sent by e-mail, SMS or
    letter; at a suspension level it waits for an allowed day and hour."""
    _inherit = 'credit.control.line'

    channel = fields.Selection(
        selection_add=[('sms', 'SMS')],
    )
    isp_suspend = fields.Boolean(
        related='policy_level_id.isp_suspend',
        string='Suspends',
        readonly=True,
    )
    isp_date_planned = fields.Datetime(
        string='Suspension planned',
        readonly=True,
        copy=False,
        help='The first allowed day and hour of the suspension (business '
             'days inside the company\'s hours, never on a public holiday, '
             'a closing day or the day before).',
    )
    isp_subscription_ids = fields.Many2many(
        comodel_name='isp.subscription',
        relation='credit_control_line_isp_subscription_rel',
        column1='line_id',
        column2='subscription_id',
        string='Suspended services',
        readonly=True,
        copy=False,
    )

    @api.model
    def _isp_lines_to_process(self, company, date):
        """The lines of ``company`` ready to send on ``date`` (string or
        date): new lines and suspensions that wait."""
        if not isinstance(date, str):
            date = fields.Date.to_string(date)
        return self.search([
            ('state', '=', 'to_be_sent'),
            ('company_id', '=', company.id),
            ('date', '<=', date),
        ], order='date, id')

    @api.model
    def _isp_process_lines(self, lines, date, now):
        """Send ``lines`` by the channel of their level, grouped per
        customer and level (OCA's communications), on ``date`` at ``now``
        (naive, company time). Customers with an active payment promise
        wait; lines of invoices paid meanwhile are ignored; a suspension
        level suspends only at an allowed moment, else its lines wait."""
        if not lines:
            return lines
        promised = self.env['res.partner']._isp_promised_partner_ids(date)
        paid = lines.filtered(lambda l: l.move_line_id.reconciled)
        for line in paid:
            line.state = 'ignored'
            line._isp_log(_('Dunning level "%s" not sent: the invoice is '
                            'paid.') % line.policy_level_id.name)
        lines -= paid
        lines = lines.filtered(
            lambda l: l.partner_id.commercial_partner_id.id not in promised)
        comms = self.env['credit.control.communication'].with_context(
            lang=None)._generate_comm_from_credit_lines(lines)
        done = self.browse()
        for comm in comms:
            comm_lines = comm.credit_control_line_ids
            try:
                with self.env.cr.savepoint():
                    if comm._isp_process(date, now):
                        done |= comm_lines
            except Exception as error:  # one customer never stops the run
                _logger.exception('Dunning of %s failed',
                                  comm.partner_id.display_name)
                comm_lines.write({'state': 'error'})
                comm_lines._isp_log(_(
                    'Dunning level "%(level)s" failed: %(error)s') % {
                        'level': comm.current_policy_level.name,
                        'error': getattr(error, 'name', False)
                        or str(error)})
        (lines | paid).mapped('partner_id')._isp_update_dunning_level()
        return done

    @api.multi
    def _isp_log(self, body):
        """Post ``body`` on the chatter of the lines' customers and
        invoices (once each)."""
        for partner in self.mapped('partner_id.commercial_partner_id'):
            partner.sudo().message_post(body=body, subtype='mail.mt_note')
        for invoice in self.mapped('invoice_id'):
            invoice.sudo().message_post(body=body, subtype='mail.mt_note')
        return True

    @api.multi
    def _isp_amount_text(self, lang):
        """The open amount of the lines, formatted in ``lang``."""
        currency = self[:1].currency_id or self[:1].company_id.currency_id
        return misc.formatLang(
            self.with_context(lang=lang).env, sum(self.mapped('balance_due')),
            currency_obj=currency)
