# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)


class CreditControlRun(models.Model):
    """The daily dunning: OCA's run generates the lines of the day, then
    the suite sends them by their level's channel and suspends."""
    _inherit = 'credit.control.run'

    @api.model
    def _cron_isp_dunning(self, date_ref=None):
        """Daily: the dunning of ``date_ref`` (today by default) for every
        company with a credit control policy."""
        for company in self.env['res.company'].search(
                [('credit_policy_id', '!=', False)]):
            date = date_ref or fields.Date.context_today(
                self.with_context(tz=company.partner_id.tz or 'UTC'))
            self._isp_run_dunning(company, date, company._isp_local_now())
        return True

    @api.model
    def _cron_isp_dunning_suspensions(self):
        """Hourly: the suspensions that waited for an allowed day and hour
        (no new lines)."""
        Line = self.env['credit.control.line']
        for company in self.env['res.company'].search(
                [('credit_policy_id', '!=', False)]):
            now = company._isp_local_now()
            Line._isp_process_lines(
                Line._isp_lines_to_process(company, now.date()),
                fields.Date.to_string(now.date()), now)
        return True

    @api.model
    def _isp_run_dunning(self, company, date, now):
        """Run the dunning of ``company`` for ``date`` at ``now`` (naive,
        company time): OCA's run generates the due lines (never twice for
        an invoice and level), then every line ready is sent by its
        channel and the suspensions due are made. Returns the run."""
        if not isinstance(date, str):
            date = fields.Date.to_string(date)
        policy = company.credit_policy_id
        self.env['credit.control.policy']._isp_setup_company_policies()
        run = self.create({
            'date': date,
            'company_id': company.id,
            'policy_ids': [(6, 0, policy.ids)],
        })
        # OCA's run only takes the policy of the user's company
        run.generate_credit_lines()
        run.line_ids.filtered(lambda l: l.state == 'draft').write(
            {'state': 'to_be_sent'})
        Line = self.env['credit.control.line']
        Line._isp_process_lines(
            Line._isp_lines_to_process(company, date), date, now)
        _logger.info('Dunning of %s on %s: %s new lines', company.name,
                     date, len(run.line_ids))
        return run

    @api.model
    def _isp_action_run_dunning(self):
        """The dunning of today for the user's company, at once (the
        server action "Run the dunning now", billing users only)."""
        if not self.env.user.has_group('isp_billing.group_isp_billing_user'):
            raise AccessError(_('Only ISP billing users run the dunning.'))
        company = self.env.user.company_id
        if not company.credit_policy_id:
            raise UserError(_(
                'Company %s has no dunning policy: choose one in the '
                'settings (ISP > Collections).') % company.name)
        now = company._isp_local_now()
        run = self.sudo()._isp_run_dunning(
            company, fields.Date.to_string(now.date()), now)
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'credit.control.run',
            'res_id': run.id,
            'view_mode': 'form',
            'target': 'current',
        }

    @api.multi
    def action_isp_process_lines(self):
        """Button of a run: send its ready lines by their channel and make
        the suspensions due now (as the daily dunning does)."""
        if not self.env.user.has_group('isp_billing.group_isp_billing_user'):
            raise AccessError(_('Only ISP billing users run the dunning.'))
        self.check_access_rights('write')
        self.check_access_rule('write')
        Line = self.env['credit.control.line']
        for run in self:
            company = run.company_id or self.env.user.company_id
            now = company._isp_local_now()
            Line.sudo()._isp_process_lines(
                run.sudo().line_ids.filtered(
                    lambda l: l.state in ('draft', 'to_be_sent')),
                fields.Date.to_string(now.date()), now)
        return True
