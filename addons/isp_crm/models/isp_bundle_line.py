# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import bundle as bundle_rules


class IspBundleLine(models.Model):
    _name = 'isp.bundle.line'
    _description = 'ISP bundle line'
    _order = 'bundle_id, sequence, id'

    sequence = fields.Integer(default=10)
    bundle_id = fields.Many2one(
        'product.template', string='Bundle', required=True,
        ondelete='cascade', index=True, domain=[('isp_is_bundle', '=', True)])
    company_id = fields.Many2one(
        related='bundle_id.company_id', string='Company', store=True,
        readonly=True, index=True)
    product_id = fields.Many2one(
        'product.product', string='Component', required=True,
        ondelete='restrict',
        domain=[('isp_service_type', '!=', False),
                ('isp_is_bundle', '=', False)])
    isp_service_type = fields.Selection(
        related='product_id.isp_service_type', readonly=True)
    qty_min = fields.Integer(string='Minimum', default=1)
    qty_default = fields.Integer(string='Default', default=1)
    qty_max = fields.Integer(string='Maximum', default=1)
    optional = fields.Boolean(
        help='The customer may leave this component out: its minimum '
             'is 0.')

    _sql_constraints = [
        ('component_unique', 'unique(bundle_id, product_id)',
         'A component appears only once in a bundle: change the quantities '
         'of its line instead of adding another one.'),
    ]

    @api.constrains('qty_min', 'qty_default', 'qty_max', 'optional')
    def _check_quantities(self):
        for line in self:
            errors = bundle_rules.line_errors(
                line.qty_min, line.qty_default, line.qty_max, line.optional)
            if errors:
                messages = line._isp_line_error_messages()
                raise ValidationError(_(
                    'Bundle "%(bundle)s", component "%(component)s": '
                    '%(errors)s') % {
                        'bundle': line.bundle_id.name,
                        'component': line.product_id.display_name,
                        'errors': ' '.join(
                            messages[code] for code in errors),
                    })

    @api.constrains('product_id', 'bundle_id')
    def _check_component(self):
        for line in self:
            component = line.product_id.product_tmpl_id
            if component == line.bundle_id:
                raise ValidationError(_(
                    'Bundle "%s" cannot contain itself: remove it from its '
                    'own lines.') % line.bundle_id.name)
            if component.isp_is_bundle:
                raise ValidationError(_(
                    'Bundle "%(bundle)s" cannot contain the bundle '
                    '"%(component)s": add its tariffs instead.') % {
                        'bundle': line.bundle_id.name,
                        'component': component.name,
                    })

    @api.onchange('optional')
    def _onchange_optional(self):
        if self.optional:
            self.qty_min = 0
        elif self.qty_min < 1:
            self.qty_min = 1
            self.qty_default = max(self.qty_default, 1)
            self.qty_max = max(self.qty_max, 1)

    @api.model
    def _isp_line_error_messages(self):
        return {
            'negative_min': _('The minimum cannot be negative.'),
            'min_above_default': _(
                'The default quantity cannot be lower than the minimum.'),
            'default_above_max': _(
                'The default quantity cannot be higher than the maximum.'),
            'max_zero': _('The maximum must be at least 1.'),
            'optional_with_min': _(
                'An optional component has a minimum of 0: set the minimum '
                'to 0 or untick "Optional".'),
            'required_without_min': _(
                'A required component needs a minimum of at least 1: raise '
                'the minimum or tick "Optional".'),
        }

    @api.multi
    def _isp_to_rules(self):
        """These lines as ``rules.bundle.Rule``s keyed by product id."""
        return [
            bundle_rules.Rule(
                component=line.product_id.id, qty_min=line.qty_min,
                qty_max=line.qty_max, qty_default=line.qty_default,
                optional=line.optional)
            for line in self
        ]
