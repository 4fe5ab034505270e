# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import reading as reading_rules

METER_DIGITS = (16, reading_rules.DIGITS)


class IspMeter(models.Model):
    _name = 'isp.meter'
    _description = 'ISP meter of a metered service'
    _order = 'subscription_id, date_installed desc, id desc'

    name = fields.Char(
        string='Serial number',
        required=True,
        index=True,
    )
    subscription_id = fields.Many2one(
        comodel_name='isp.subscription',
        string='Subscription',
        required=True,
        index=True,
        ondelete='cascade',
        domain=[('product_id.isp_service_type', 'in',
                 ('electricity', 'gas', 'water'))],
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
    has_corrector = fields.Boolean(
        string='Has a volume corrector',
        help='Gas meters with a volume corrector: every reading needs the '
             'corrector index too, and the corrected volume is billed.',
    )
    date_installed = fields.Date(
        string='Installed on',
        required=True,
        default=fields.Date.context_today,
    )
    date_removed = fields.Date(
        string='Removed on',
        copy=False,
        help='Set when another meter replaces this one.',
    )
    replaced_meter_id = fields.Many2one(
        comodel_name='isp.meter',
        string='Replaces meter',
        ondelete='restrict',
        copy=False,
        help='The meter this one replaced on the service.',
    )
    replaced_final_value = fields.Float(
        string='Final index of the replaced meter',
        digits=METER_DIGITS,
        copy=False,
        help='Index of the replaced meter when it was removed (its '
             'corrector index when it had a corrector).',
    )
    initial_value = fields.Float(
        string='Index at installation',
        digits=METER_DIGITS,
        copy=False,
        help='Index of this meter when it was installed (its corrector '
             'index when it has a corrector).',
    )
    replacement_ids = fields.One2many(
        comodel_name='isp.meter',
        inverse_name='replaced_meter_id',
        string='Replaced by',
        readonly=True,
    )
    reading_ids = fields.One2many(
        comodel_name='isp.meter.reading',
        inverse_name='meter_id',
        string='Readings',
        readonly=True,
    )
    in_service = fields.Boolean(
        compute='_compute_in_service',
    )

    @api.depends('date_removed')
    def _compute_in_service(self):
        for meter in self:
            meter.in_service = not meter.date_removed

    @api.constrains('subscription_id')
    def _check_metered_subscription(self):
        for meter in self:
            if not meter.subscription_id.product_id.isp_is_metered:
                raise ValidationError(_(
                    'Subscription %(subscription)s (%(service)s) is not a '
                    'metered service: meters go on electricity, gas or '
                    'water subscriptions. Choose another subscription or '
                    'set the tariff\'s ISP service type.') % {
                        'subscription': meter.subscription_id.name,
                        'service': meter.subscription_id.product_id.name,
                })

    @api.constrains('date_installed', 'date_removed')
    def _check_dates(self):
        for meter in self:
            if meter.date_removed and \
                    meter.date_removed < meter.date_installed:
                raise ValidationError(_(
                    'Meter %s cannot be removed before it was installed: '
                    'correct the removal date.') % meter.name)

    @api.constrains('replaced_meter_id', 'subscription_id', 'date_installed',
                    'replaced_final_value')
    def _check_replacement(self):
        for meter in self.filtered('replaced_meter_id'):
            old = meter.replaced_meter_id
            if old == meter or old.subscription_id != meter.subscription_id:
                raise ValidationError(_(
                    'Meter %(meter)s can only replace another meter of the '
                    'same subscription (%(subscription)s).') % {
                        'meter': meter.name,
                        'subscription': meter.subscription_id.name})
            if meter.date_installed < old.date_installed:
                raise ValidationError(_(
                    'Meter %(meter)s cannot replace meter %(old)s before '
                    'the latter was installed (%(date)s): correct the '
                    'installation date.') % {
                        'meter': meter.name, 'old': old.name,
                        'date': old.date_installed})
            last = old.reading_ids.sorted(lambda r: (r.date, r.id))[-1:]
            if last and last.date > meter.date_installed:
                raise ValidationError(_(
                    'Meter %(old)s has a reading of %(date)s, after the '
                    'replacement date: install meter %(meter)s on or after '
                    '%(date)s.') % {
                        'old': old.name, 'meter': meter.name,
                        'date': last.date})
            if last and reading_rules.billed_index(
                    last._to_rule(), old._to_rule()) > round(
                        meter.replaced_final_value, reading_rules.DIGITS):
                raise ValidationError(_(
                    'The final index of meter %(old)s (%(final)s) is below '
                    'its last reading (%(last)s): enter the index the '
                    'meter showed when it was removed.') % {
                        'old': old.name,
                        'final': meter.replaced_final_value,
                        'last': reading_rules.billed_index(
                            last._to_rule(), old._to_rule())})

    @api.model
    def create(self, vals):
        meter = super(IspMeter, self).create(vals)
        old = meter.replaced_meter_id
        if old:
            if old.replacement_ids - meter:
                raise ValidationError(_(
                    'Meter %s was already replaced: replace the meter that '
                    'is in service instead.') % old.name)
            if not old.date_removed:
                old.date_removed = meter.date_installed
        return meter

    @api.multi
    def unlink(self):
        if self.mapped('reading_ids'):
            raise UserError(_(
                'A meter with readings cannot be deleted: they are the '
                'record of what was consumed. Set its removal date '
                'instead.'))
        return super(IspMeter, self).unlink()

    @api.multi
    def action_replace(self):
        """Open the form of the meter that replaces this one."""
        self.ensure_one()
        if self.replacement_ids:
            raise UserError(_(
                'Meter %s was already replaced: replace the meter that is '
                'in service instead.') % self.name)
        last = self.reading_ids.sorted(lambda r: (r.date, r.id))[-1:]
        return {
            'type': 'ir.actions.act_window',
            'name': _('Replace meter %s') % self.name,
            'res_model': 'isp.meter',
            'view_mode': 'form',
            'target': 'new',
            'context': {
                'default_subscription_id': self.subscription_id.id,
                'default_replaced_meter_id': self.id,
                'default_has_corrector': self.has_corrector,
                'default_replaced_final_value': last and
                reading_rules.billed_index(last._to_rule(), self._to_rule())
                or 0.0,
            },
        }

    @api.multi
    def _to_rule(self):
        """This meter for ``rules.reading``."""
        self.ensure_one()
        return reading_rules.Meter(
            key=self.id,
            has_corrector=self.has_corrector,
            date_installed=self.date_installed or None,
            date_removed=self.date_removed or None,
            replaced=self.replaced_meter_id.id or None,
            replaced_final_value=self.replaced_final_value,
            initial_value=self.initial_value,
        )
