# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.addons import decimal_precision as dp

STATES = [
    ('pending', 'To bill'),
    ('billed', 'Billed'),
    ('cancelled', 'Cancelled'),
]


class IspSubscriptionCharge(models.Model):
    """A charge billed once, with the next invoice of a subscription: the
    fee of a returned debit, for instance. The first billing run dated on
    or after its date invoices it (its product, price and taxes) and
    records the invoice line: a charge is billed once, however often the
    run is restarted."""
    _name = 'isp.subscription.charge'
    _description = 'ISP charge for the next invoice'
    _order = 'date desc, id desc'

    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Subscription',
        required=True,
        index=True,
        ondelete='restrict',
        help='The service whose next invoice carries the charge.',
    )
    partner_id = fields.Many2one(
        related='subscription_id.partner_id',
        string='Customer',
        store=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        related='subscription_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    product_id = fields.Many2one(
        comodel_name='product.product',
        string='Product',
        required=True,
        ondelete='restrict',
        help='Its income account and taxes are those of the invoice line.',
    )
    name = fields.Char(
        string='Label',
        required=True,
        help='The text of the invoice line.',
    )
    quantity = fields.Float(
        digits=dp.get_precision('Product Unit of Measure'),
        default=1.0,
        required=True,
    )
    price_unit = fields.Float(
        string='Unit price',
        digits=dp.get_precision('Product Price'),
        required=True,
        help='Without taxes.',
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        index=True,
        help='The first billing run dated on or after this day bills it.',
    )
    origin = fields.Char(
        string='Source',
        help='What gave the charge (a returned debit, for instance).',
    )
    invoice_line_id = fields.Many2one(
        comodel_name='account.invoice.line',
        string='Invoice line',
        readonly=True,
        copy=False,
        index=True,
        ondelete='set null',
    )
    invoice_id = fields.Many2one(
        related='invoice_line_id.invoice_id',
        string='Invoice',
        readonly=True,
    )
    cancelled = fields.Boolean(
        readonly=True,
        copy=False,
    )
    state = fields.Selection(
        selection=STATES,
        compute='_compute_state',
        search='_search_state',
    )

    @api.depends('invoice_line_id', 'cancelled')
    def _compute_state(self):
        for charge in self:
            charge.state = (
                'cancelled' if charge.cancelled
                else 'billed' if charge.invoice_line_id else 'pending')

    @api.model
    def _search_state(self, operator, value):
        domains = {
            'pending': ['&', ('cancelled', '=', False),
                        ('invoice_line_id', '=', False)],
            'billed': ['&', ('cancelled', '=', False),
                       ('invoice_line_id', '!=', False)],
            'cancelled': [('cancelled', '=', True)],
        }
        if operator not in ('=', '!=', 'in', 'not in'):
            raise UserError(_('Search the state with = or in.'))
        values = [value] if isinstance(value, str) else list(value or [])
        domain = []
        for state in values:
            domain = ['|'] + domain + domains[state] if domain \
                else domains[state]
        if not domain:
            domain = [('id', '=', 0)]
        if operator in ('!=', 'not in'):
            domain = ['!'] + domain
        return domain

    @api.constrains('quantity')
    def _check_quantity(self):
        for charge in self:
            if charge.quantity <= 0:
                raise ValidationError(_(
                    'The charge "%s" needs a quantity above zero.')
                    % charge.name)

    @api.multi
    def write(self, vals):
        protected = set(vals) & {'subscription_id', 'product_id', 'name',
                                 'quantity', 'price_unit', 'date'}
        if protected:
            for charge in self:
                if charge.invoice_line_id or charge.cancelled:
                    raise UserError(_(
                        'The charge "%s" is billed or cancelled: it cannot '
                        'change. Credit it on the customer\'s invoice '
                        'instead.') % charge.name)
        return super(IspSubscriptionCharge, self).write(vals)

    @api.multi
    def unlink(self):
        for charge in self:
            if charge.invoice_line_id:
                raise UserError(_(
                    'The charge "%s" is billed: it cannot be deleted.')
                    % charge.name)
        return super(IspSubscriptionCharge, self).unlink()

    @api.multi
    def action_cancel(self):
        """Not billed after all (only while it waits for its run)."""
        for charge in self:
            if charge.invoice_line_id:
                raise UserError(_(
                    'The charge "%(charge)s" is already on invoice '
                    '%(invoice)s: credit it there instead.') % {
                        'charge': charge.name,
                        'invoice': charge.invoice_id.number
                        or charge.invoice_id.display_name})
        self.write({'cancelled': True})
        return True

    @api.multi
    def _record_billed(self, invoice_line):
        """``invoice_line`` bills these charges (the subscription rows are
        locked by the run: no other worker billed them meanwhile)."""
        for charge in self:
            if charge.invoice_line_id or charge.cancelled:
                raise UserError(_(
                    'The charge "%(charge)s" of %(customer)s is already '
                    'billed or cancelled.') % {
                        'charge': charge.name,
                        'customer': charge.partner_id.display_name})
        self.write({'invoice_line_id': invoice_line.id})
        return True
