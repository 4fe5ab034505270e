# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.addons.queue_job.job import job

from ..rules import bulk_safety
from .chunk_cache import ChunkCache
from .isp_billing_run_failure import RUN_STEPS

_logger = logging.getLogger(__name__)


def _is_retryable(error):
    """A concurrent update refused by PostgreSQL: queue_job does the whole
    chunk again, no customer is to blame."""
    return (isinstance(error, psycopg2.OperationalError)
            and error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY)


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
                chunk._invoice_customers()
            else:
                chunk._post_chunk(chunk.invoice_ids.ids)
            chunk.state = 'done'
            if chunk.step == 'invoice':
                chunk.run_id._schedule_check_done()
            else:
                chunk.run_id._schedule_debit_orders_after_posting()
        return True

    @api.multi
    def _invoice_customers(self):
        """Invoice the customers of the chunk.

        What each customer is due is computed in its own savepoint: a
        failing customer is logged and skipped. The invoices of the whole
        chunk are then created at once (``run._create_invoices``). Should
        that fail, the chunk is invoiced again customer by customer with
        ``create()``, each in its own savepoint, to find and skip the
        customer that fails."""
        self.ensure_one()
        # a chunk reads the fields it needs for all its records at once:
        # reading every field of a model at each first access costs more
        run = self.run_id.with_context(prefetch_fields=False)
        partners = run.env['res.partner'].browse(
            self.partner_ids.ids).exists()
        self.env['isp.billing.run.failure'].search([
            ('run_id', '=', run.id), ('step', '=', 'invoice'),
            ('partner_id', 'in', partners.ids)]).unlink()
        due = []
        cache = ChunkCache(run, partners, lock=True)
        for partner in partners:
            try:
                with self.env.cr.savepoint():
                    items = run._compute_customer_items(
                        partner, lock=True, cache=cache)
            except Exception as error:  # pylint: disable=broad-except
                self._handle_failure(error, 'invoice', partner)
                continue
            if items:
                due.append((partner, items))
        if not due:
            return
        if self._bulk_invoice_creation():
            try:
                with self.env.cr.savepoint():
                    run._create_invoices(due, bulk=True)
                return
            except Exception as error:  # pylint: disable=broad-except
                if _is_retryable(error):
                    raise  # queue_job retries the whole chunk
                self.env.clear()
                _logger.info(
                    'Billing run %s: the invoices of %s customers could not '
                    'be created at once (%s); invoicing them one by one.',
                    run.id, len(due), error)
        for partner, items in due:
            try:
                with self.env.cr.savepoint():
                    run._create_invoices([(partner, items)], bulk=False)
            except Exception as error:  # pylint: disable=broad-except
                self._handle_failure(error, 'invoice', partner)

    @api.model
    def _bulk_invoice_creation(self):
        """Billing runs create their invoices in bulk unless
        ``_bulk_invoice_creation_obstacle`` gives a reason not to."""
        return not self._bulk_invoice_creation_obstacle()

    @api.model
    def _bulk_invoice_creation_obstacle(self):
        """Why the runs create their draft invoices one by one with
        ``create()`` (a sentence for the run's log and the settings), or
        None: in bulk.

        - a module outside those the bulk creation knows overrides
          ``create()`` or ``write()`` of invoices or invoice lines
          (``rules/bulk_safety.py``): what it does would not happen;
        - the system parameter ``isp_billing.bulk_invoice_creation`` is
          ``0``: set it by hand to have every invoice created with
          ``create()``."""
        unknown = bulk_safety.unknown_overrides(self.env.registry)
        if unknown:
            return _('Draft invoices are created one by one with create(), '
                     'not in bulk: %s override the creation or the changes '
                     'of invoices, which the bulk creation does not do.') % (
                bulk_safety.describe(unknown),)
        value = self.env['ir.config_parameter'].sudo().get_param(
            bulk_safety.PARAMETER, '1')
        if not bulk_safety.parameter_allows_bulk(value):
            return _('Draft invoices are created one by one with create(), '
                     'not in bulk: the system parameter %s is 0.') % (
                bulk_safety.PARAMETER,)
        return None

    @api.multi
    def _post_chunk(self, invoice_ids):
        """Post the draft invoices ``invoice_ids`` in bulk
        (``bulk_post.post_invoices``: with the numbers reserved when the
        posting was started, without taking the sequence; an invoice
        without a number gets one the engine reserves once for the chunk;
        the entries are inserted together); an invoice the bulk path does not
        handle, or that fails, is posted by ``action_invoice_open()`` in
        its own savepoint, and a failure is recorded. Invoices no longer
        in draft are skipped: a chunk done again posts nothing twice."""
        self.ensure_one()
        from .bulk_post import post_invoices
        invoices = self.env['account.invoice'].browse(invoice_ids)
        post_invoices(invoices, on_failure=lambda invoice, error: (
            self._handle_failure(error, 'post', invoice.partner_id,
                                 invoice)))

    @api.multi
    def _handle_failure(self, error, step, partner, invoice=None):
        """Record that the run skipped ``partner`` (or its ``invoice``)
        because of ``error``; a concurrency error is raised again instead,
        for queue_job to do the whole chunk again."""
        self.ensure_one()
        if _is_retryable(error):
            raise error  # queue_job retries the whole chunk
        run_id = self.run_id.id
        self.env.clear()
        message = getattr(error, 'name', None) or str(error) or repr(error)
        _logger.warning('Billing run %s skipped %s: %s',
                        run_id, partner.display_name, message)
        self.env['isp.billing.run.failure'].create({
            'run_id': run_id,
            'step': step,
            'partner_id': partner.id,
            'invoice_id': invoice.id if invoice else False,
            'message': message,
        })
