# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.queue_job.job import job

from .isp_billing_run_failure import RUN_STEPS


class IspBillingRunChunk(models.Model):
    """A slice of a billing run processed by one queue job: the customers
    to invoice, or the draft invoices to post."""
    _name = 'isp.billing.run.chunk'
    _description = 'ISP billing run chunk'
    _order = 'run_id, step, sequence, id'

    run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        related='run_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    step = fields.Selection(
        selection=RUN_STEPS,
        required=True,
        default='invoice',
    )
    sequence = fields.Integer()
    partner_ids = fields.Many2many(
        comodel_name='res.partner',
        relation='isp_billing_run_chunk_partner_rel',
        column1='chunk_id',
        column2='partner_id',
        string='Customers',
    )
    invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        relation='isp_billing_run_chunk_invoice_rel',
        column1='chunk_id',
        column2='invoice_id',
        string='Invoices',
    )
    state = fields.Selection(
        selection=[('pending', 'Pending'), ('done', 'Done')],
        default='pending',
        required=True,
        index=True,
    )

    @api.multi
    @job
    def _process(self):
        """Queue job: process the chunk; a chunk already done is skipped,
        so a job performed twice does nothing the second time."""
        for chunk in self.exists():
            if chunk.state == 'done':
                continue
            if chunk.step == 'invoice':
                chunk.run_id._process_chunk(chunk.partner_ids.ids)
            else:
                chunk.run_id._post_chunk(chunk.invoice_ids.ids)
            chunk.state = 'done'
            if chunk.step == 'invoice':
                chunk.run_id._schedule_check_done()
        return True
