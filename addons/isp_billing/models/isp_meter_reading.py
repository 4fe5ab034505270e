# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..rules import reading as reading_rules
from .isp_meter import METER_DIGITS

READING_TYPES = [
    ('actual', 'Actual (read by the company)'),
    ('estimated', 'Estimated'),
    ('self_read', 'Self-read (by the customer)'),
]

# fields that change what a reading says: frozen once it is billed
READING_FIELDS = ('subscription_id', 'meter_id', 'date', 'value',
                  'corrector_value')


class IspMeterReading(models.Model):
    _name = 'isp.meter.reading'
    _description = 'ISP meter reading'
    _order = 'date desc, id desc'

    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Subscription',
        required=True,
        index=True,
        ondelete='cascade',
    )
    partner_id = fields.Many2one(
        related='subscription_id.partner_id',
        store=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related='subscription_id.company_id',
        store=True,
        readonly=True,
    )
    product_id = fields.Many2one(
        related='subscription_id.product_id',
        string='Service',
        store=True,
        readonly=True,
    )
    uom_id = fields.Many2one(
        related='subscription_id.product_id.uom_id',
        string='Unit',
        readonly=True,
    )
    meter_id = fields.Many2one(
        comodel_name='isp.meter',
        string='Meter',
        required=True,
        index=True,
        ondelete='restrict',
    )
    meter_serial = fields.Char(
        related='meter_id.name',
        string='Meter serial number',
        store=True,
        readonly=True,
    )
    has_corrector = fields.Boolean(
        related='meter_id.has_corrector',
        readonly=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        default=fields.Date.context_today,
    )
    value = fields.Float(
        string='Index',
        digits=METER_DIGITS,
        required=True,
        help='What the meter shows.',
    )
    corrector_value = fields.Float(
        string='Corrector index',
        digits=METER_DIGITS,
        help='Gas volume corrector: the corrected volume it shows. '
             'Required when the meter has a corrector (0 counts as '
             'missing); this index is the one billed.',
    )
    reading_type = fields.Selection(
        selection=READING_TYPES,
        string='Type',
        required=True,
        default='actual',
    )
    previous_reading_id = fields.Many2one(
        comodel_name='isp.meter.reading',
        string='Previous reading',
        readonly=True,
        copy=False,
        ondelete='restrict',
        help='The reading of the service just before this one: the '
             'consumption is counted from it.',
    )
    consumption = fields.Float(
        digits=METER_DIGITS,
        compute='_compute_consumption',
        store=True,
        help='Consumed since the previous reading (the first reading of a '
             'service is its starting index: 0).',
    )
    invoice_line_id = fields.Many2one(
        comodel_name='account.invoice.line',
        string='Invoice line',
        readonly=True,
        copy=False,
        index=True,
        ondelete='set null',
        help='The invoice line that billed the consumption up to this '
             'reading.',
    )
    invoice_id = fields.Many2one(
        related='invoice_line_id.invoice_id',
        string='Invoice',
        readonly=True,
    )
    is_billed = fields.Boolean(
        string='Billed',
        compute='_compute_is_billed',
        store=True,
    )
    note = fields.Char()

    @api.depends('value', 'corrector_value', 'meter_id.has_corrector',
                 'meter_id.initial_value', 'meter_id.replaced_final_value',
                 'previous_reading_id.value',
                 'previous_reading_id.corrector_value',
                 'previous_reading_id.meter_id')
    def _compute_consumption(self):
        for reading in self:
            previous = reading.previous_reading_id
            if not previous or not reading.meter_id:
                reading.consumption = 0.0
                continue
            reading.consumption = reading_rules.consumption(
                previous._to_rule(), reading._to_rule())

    @api.depends('invoice_line_id')
    def _compute_is_billed(self):
        for reading in self:
            reading.is_billed = bool(reading.invoice_line_id)

    @api.onchange('subscription_id')
    def _onchange_subscription_id(self):
        if self.meter_id.subscription_id != self.subscription_id:
            self.meter_id = self.subscription_id.meter_ids.filtered(
                'in_service')[:1]

    @api.constrains('subscription_id', 'meter_id', 'date', 'value',
                    'corrector_value')
    def _check_consistency(self):
        for reading in self:
            if reading.meter_id.subscription_id != reading.subscription_id:
                raise ValidationError(_(
                    'Meter %(meter)s is not a meter of subscription '
                    '%(subscription)s: choose one of its meters.') % {
                        'meter': reading.meter_id.name,
                        'subscription': reading.subscription_id.name})
            following = self.search([
                ('previous_reading_id', '=', reading.id)], limit=1)
            problems = reading_rules.check_reading(
                reading._to_rule(),
                reading.previous_reading_id._to_rule()
                if reading.previous_reading_id else None,
                following._to_rule() if following else None)
            if problems:
                raise ValidationError('\n'.join(
                    reading._problem_message(code, params)
                    for code, params in problems))

    @api.model
    def create(self, vals):
        if vals.get('subscription_id') and 'previous_reading_id' not in vals:
            previous = self.search([
                ('subscription_id', '=', vals['subscription_id'])],
                order='date desc, id desc', limit=1)
            vals['previous_reading_id'] = previous.id
        return super(IspMeterReading, self).create(vals)

    @api.multi
    def write(self, vals):
        if set(vals) & set(READING_FIELDS):
            billed = self.filtered('is_billed') | self.search([
                ('previous_reading_id', 'in', self.ids),
                ('is_billed', '=', True)]).mapped('previous_reading_id')
            if billed:
                raise UserError(_(
                    'The reading of %(date)s on meter %(meter)s was already '
                    'billed (or the consumption after it was): it cannot '
                    'change. Enter a new reading, or credit the invoice and '
                    'correct the readings after that.') % {
                        'date': billed[0]._format_date(billed[0].date),
                        'meter': billed[0].meter_serial})
        if 'subscription_id' in vals:
            raise UserError(_(
                'A reading cannot move to another subscription: delete it '
                'and enter it on the right one.'))
        return super(IspMeterReading, self).write(vals)

    @api.multi
    def unlink(self):
        for reading in self:
            if reading.is_billed:
                raise UserError(_(
                    'The reading of %(date)s on meter %(meter)s was already '
                    'billed: it cannot be deleted.') % {
                        'date': reading._format_date(reading.date),
                        'meter': reading.meter_serial})
            if self.search_count([('previous_reading_id', '=', reading.id),
                                  ('id', 'not in', self.ids)]):
                raise UserError(_(
                    'The reading of %(date)s on meter %(meter)s has later '
                    'readings: delete the latest reading first.') % {
                        'date': reading._format_date(reading.date),
                        'meter': reading.meter_serial})
        return super(IspMeterReading, self).unlink()

    @api.multi
    def name_get(self):
        return [(reading.id, '%s, %s' % (
            reading.meter_serial or '', reading._format_date(reading.date)))
            for reading in self]

    # ------------------------------------------------------------------
    # business methods
    # ------------------------------------------------------------------

    @api.multi
    def _to_rule(self):
        """This reading for ``rules.reading``."""
        self.ensure_one()
        return reading_rules.Reading(
            date=self.date,
            value=self.value,
            corrector_value=self.corrector_value or None,
            meter=self.meter_id._to_rule(),
        )

    @api.multi
    def _format_date(self, date):
        return format_date(self.env, date) if date else ''

    @api.multi
    def _problem_message(self, code, params):
        """The translated message of a ``rules.reading`` problem."""
        self.ensure_one()
        Meter = self.env['isp.meter']
        values = {
            'date': self._format_date(params.get('date')),
            'value': params.get('value'),
            'meter': Meter.browse(params.get('meter')).name or '',
            'previous': Meter.browse(params.get('previous')).name or '',
            'this_meter': self.meter_id.name,
        }
        messages = {
            reading_rules.NEGATIVE_VALUE: _(
                'A meter index cannot be negative: enter the index the '
                'meter shows.'),
            reading_rules.CORRECTOR_MISSING: _(
                'Meter %(meter)s has a volume corrector: enter the '
                'corrector index too.'),
            reading_rules.CORRECTOR_WITHOUT_CORRECTOR: _(
                'Meter %(meter)s has no volume corrector: leave the '
                'corrector index empty, or tick "Has a volume corrector" '
                'on the meter.'),
            reading_rules.BEFORE_INSTALLATION: _(
                'Meter %(meter)s was installed on %(date)s: a reading of '
                'it cannot be earlier. Check the date.'),
            reading_rules.AFTER_REMOVAL: _(
                'Meter %(meter)s was removed on %(date)s: enter the reading '
                'on the meter that replaced it.'),
            reading_rules.NOT_AFTER_PREVIOUS: _(
                'The previous reading is of %(date)s (index %(value)s on '
                'meter %(meter)s): a new reading must be dated after it. '
                'Check the date.'),
            reading_rules.NOT_BEFORE_NEXT: _(
                'The next reading is of %(date)s (index %(value)s on meter '
                '%(meter)s): this reading must be dated before it.'),
            reading_rules.BELOW_PREVIOUS: _(
                'The index is below the previous reading (%(value)s on '
                '%(date)s, meter %(meter)s). Check the index; if the meter '
                'was replaced, record the new meter with "Replace meter" '
                'first and enter the reading on it.'),
            reading_rules.ABOVE_NEXT: _(
                'The index is above the next reading (%(value)s on '
                '%(date)s, meter %(meter)s): check the index.'),
            reading_rules.METER_CHANGED: _(
                'The previous reading is of meter %(previous)s, this one of '
                'meter %(meter)s: no replacement of %(previous)s by '
                '%(meter)s is recorded. Record it with "Replace meter" on '
                'meter %(previous)s, or choose meter %(previous)s.'),
            reading_rules.FINAL_BELOW_PREVIOUS: _(
                'The final index recorded for meter %(previous)s when '
                '%(meter)s replaced it is below its last reading '
                '(%(value)s): correct the final index on meter '
                '%(meter)s.'),
            reading_rules.BELOW_INITIAL: _(
                'The index is below the index of meter %(meter)s at its '
                'installation (%(value)s): check the index.'),
        }
        return messages[code] % values
