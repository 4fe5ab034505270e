# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import UserError

from .bulk_create import BulkCreate


class AccountInvoice(models.Model):
    # the bulk creation of the billing runs, apart from the invoice document
    # and its delivery (account_invoice.py)
    _inherit = 'account.invoice'  # pylint: disable=R8180

    @api.model
    def _isp_bulk_create(self, vals_list):
        """``create(vals)`` for each of ``vals_list``, in bulk: the billing
        run creates thousands of drafts. Returns the invoices in the order
        of ``vals_list``.

        ``bulk_create`` inserts the rows; what the ``create()`` overrides
        of the modules under isp_billing do is done here:

        - account: the values of the partner and journal onchanges must be
          given (``isp.billing.run._prepare_invoice_values`` gives them),
          a receivable account is required, and the tax lines are computed
          (``compute_taxes``);
        - account_payment_partner, account_banking_mandate: the payment
          mode and mandate must be given (the contract's);
        - sale_commission: a line with no agents gets the customer's
          (``_prepare_agents_vals``);
        - mail: with ``mail_create_nosubscribe`` and ``tracking_disable``
          in the context, ``create()`` adds only the followers of the
          tracked user fields (the salesperson); so does this.

        ``test_bulk_invoice`` compares every column of the rows created
        here with those ``create()`` writes for the same values."""
        if self.env.context.get('mail_create_nosubscribe') is not True:
            raise UserError(_(
                'Invoices created in bulk must be created with '
                'mail_create_nosubscribe in the context.'))
        onchange_fields = ('account_id', 'payment_term_id',
                           'fiscal_position_id', 'partner_bank_id',
                           'currency_id', 'journal_id')
        for field in ('payment_mode_id', 'mandate_id'):
            if field in self._fields:
                onchange_fields += (field,)
        for vals in vals_list:
            missing = [name for name in onchange_fields if name not in vals]
            if missing:
                raise UserError(_(
                    'Invoices created in bulk need the values %s.')
                    % ', '.join(missing))
            if not vals.get('account_id'):
                raise UserError(_(
                    'No account was found to create the invoice, be sure '
                    'you have installed a chart of account.'))
        bulk = BulkCreate()
        invoices = bulk.insert(self, vals_list, prepare={
            'account.invoice.line': self._isp_bulk_prepare_lines,
        })
        tax_vals = []
        for invoice in invoices:
            if any(line.invoice_line_tax_ids
                   for line in invoice.invoice_line_ids):
                tax_vals.extend(invoice.get_taxes_values().values())
        bulk.insert(self.env['account.invoice.tax'], tax_vals)
        bulk.flush()
        self._isp_bulk_subscribe(invoices, vals_list)
        return invoices

    @api.model
    def _isp_bulk_prepare_lines(self, Line, vals_list):
        """sale_commission's ``create()`` of invoice lines: a line created
        with no agents gets those of the invoice's customer."""
        if 'agents' not in Line._fields:
            return
        # one query for every invoice and customer, not one per line
        self.browse(set(vals['invoice_id'] for vals in vals_list)).mapped(
            'partner_id.agents')
        for vals in vals_list:
            agents = vals.get('agents', [(6, 0, [])])
            if agents and agents[0][0] == 6 and not agents[0][2]:
                vals['agents'] = Line._prepare_agents_vals(vals=vals)

    @api.model
    def _isp_bulk_subscribe(self, invoices, vals_list):
        """The followers ``message_auto_subscribe`` gives a new invoice:
        the partners of the tracked user fields given in its values (the
        salesperson), as ``mail.thread.create()`` does."""
        names = self._message_get_auto_subscribe_fields(
            list(vals_list[0]) if vals_list else [])
        by_user = {}
        for invoice, vals in zip(invoices, vals_list):
            for name in names:
                user_id = vals.get(name)
                if user_id:
                    by_user.setdefault(user_id, []).append(invoice.id)
        Users = self.env['res.users'].sudo()
        for user_id, invoice_ids in by_user.items():
            self.browse(invoice_ids).message_subscribe(
                partner_ids=Users.browse(user_id).partner_id.ids,
                force=False)
