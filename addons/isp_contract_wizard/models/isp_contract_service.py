# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.addons.isp_crm.rules import fiscal_id as fiscal_rules

from ..rules import icc as icc_rules

NUMBER_NONE = 'none'
NUMBER_NEW = 'new'
NUMBER_PORTABILITY = 'portability'
NUMBER_MODES = [
    (NUMBER_NONE, 'No number'),
    (NUMBER_NEW, 'New number'),
    (NUMBER_PORTABILITY, 'Portability'),
]

COVERAGE_COVERED = 'covered'
COVERAGE_NOT_COVERED = 'not_covered'
COVERAGE_PENDING = 'pending'
COVERAGES = [
    (COVERAGE_COVERED, 'Covered'),
    (COVERAGE_NOT_COVERED, 'Not covered'),
    (COVERAGE_PENDING, 'To check'),
]

# what the contract documents show of a service: a change after the
# documents were sent for signature cancels the request (see sale_order.py)
ESIGN_SERVICE_FIELDS = (
    'product_id', 'sale_line_id', 'name', 'sequence', 'number_mode',
    'port_donor_operator', 'port_number', 'port_holder_name',
    'port_holder_vat', 'port_icc', 'port_window_date', 'new_number',
    'sim_icc', 'holder_change', 'holder_name', 'holder_vat',
    'install_street', 'install_zip', 'install_city', 'install_coverage',
    'install_slot', 'equipment_serial',
)


class IspContractService(models.Model):
    """The data of one service of a contract that its documents show:
    the number (new or ported), the SIM, a change of holder, the FTTH
    installation and the equipment."""
    _name = 'isp.contract.service'
    _description = 'Contract Service Data'
    _order = 'order_id, sequence, id'

    order_id = fields.Many2one(
        comodel_name='sale.order', string='Contract', required=True,
        ondelete='cascade', index=True)
    sale_line_id = fields.Many2one(
        comodel_name='sale.order.line', string='Order line',
        ondelete='set null')
    product_id = fields.Many2one(
        comodel_name='product.product', string='Service', required=True)
    service_type = fields.Selection(
        related='product_id.isp_service_type', readonly=True,
        string='Service type')
    company_id = fields.Many2one(
        related='order_id.company_id', readonly=True, store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Line')
    number_mode = fields.Selection(
        NUMBER_MODES, string='Number', default=NUMBER_NONE, required=True)
    port_donor_operator = fields.Char(string='Donor operator')
    port_number = fields.Char(string='Number to port')
    port_holder_name = fields.Char(
        string='Holder at the donor',
        help='Who holds the number at the donor operator (empty: the '
             'customer).')
    port_holder_vat = fields.Char(string='Holder fiscal id at the donor')
    port_icc = fields.Char(
        string='ICC at the donor',
        help='The ICC of the SIM card of the donor operator (19 or 20 '
             'digits, printed on the card).')
    port_window_date = fields.Date(
        string='Requested porting day')
    new_number = fields.Char()
    sim_icc = fields.Char(
        string='SIM ICC', help='The ICC of the SIM card we deliver.')
    holder_change = fields.Boolean(
        help='The line is handed over by its current holder to the '
             'customer of the contract.')
    holder_name = fields.Char(
        string='Current holder', help='Who hands the line over.')
    holder_vat = fields.Char(string='Current holder fiscal id')
    install_street = fields.Char(string='Installation street')
    install_zip = fields.Char(string='Installation ZIP')
    install_city = fields.Char(string='Installation city')
    install_coverage = fields.Selection(COVERAGES, string='Coverage')
    install_slot = fields.Datetime(string='Installation slot')
    equipment_serial = fields.Char()

    @api.multi
    def _label(self):
        """How the messages name the line."""
        self.ensure_one()
        return '%s: %s' % (
            self.order_id.name or '',
            self.name or self.product_id.display_name or '')

    @api.constrains('number_mode', 'port_donor_operator', 'port_number',
                    'port_icc', 'sim_icc')
    def _check_portability(self):
        for service in self:
            if service.number_mode == NUMBER_PORTABILITY:
                missing = []
                if not (service.port_donor_operator or '').strip():
                    missing.append(_('the donor operator'))
                if not (service.port_number or '').strip():
                    missing.append(_('the number to port'))
                if not (service.port_icc or '').strip():
                    missing.append(_('the ICC of the SIM at the donor'))
                if missing:
                    raise ValidationError(_(
                        '%(line)s: a portability needs %(missing)s. '
                        'Fill them in or choose another number mode.') % {
                            'line': service._label(),
                            'missing': ', '.join(missing)})
                service._check_icc(service.port_icc,
                                   _('the ICC of the SIM at the donor'))
            if service.sim_icc:
                service._check_icc(service.sim_icc, _('the SIM ICC'))

    @api.multi
    def _check_icc(self, value, what):
        self.ensure_one()
        try:
            icc_rules.validate(value)
        except icc_rules.InvalidIcc as error:
            reasons = {
                icc_rules.ERROR_FORMAT: _('it must contain only digits'),
                icc_rules.ERROR_LENGTH: _('it must have 19 or 20 digits'),
                icc_rules.ERROR_PREFIX: _('it must start with 89'),
                icc_rules.ERROR_CHECKSUM: _(
                    'its check digit does not match: check it was typed '
                    'as printed on the card'),
            }
            raise ValidationError(_(
                '%(line)s: %(what)s %(value)s is not valid: %(reason)s.')
                % {'line': self._label(), 'what': what, 'value': value,
                   'reason': reasons.get(error.code, _('it is empty'))})
        return True

    @api.constrains('holder_change', 'holder_name', 'holder_vat')
    def _check_holder_change(self):
        for service in self.filtered('holder_change'):
            if not (service.holder_name or '').strip() or \
                    not (service.holder_vat or '').strip():
                raise ValidationError(_(
                    '%s: a holder change needs the name and the fiscal id '
                    'of the current holder.') % service._label())
            country = service.order_id.company_id.country_id.code
            if not fiscal_rules.fiscal_id_of_vat(
                    service.holder_vat, country_code=country):
                raise ValidationError(_(
                    '%(line)s: %(vat)s is not a valid fiscal id of the '
                    'current holder: check the number and its check '
                    'digit.') % {'line': service._label(),
                                 'vat': service.holder_vat})

    @api.constrains('install_coverage')
    def _check_install_coverage(self):
        for service in self:
            if service.install_coverage == COVERAGE_NOT_COVERED:
                raise ValidationError(_(
                    '%s: the installation address is not covered: the '
                    'contract cannot include this FTTH line. Choose '
                    'another address or remove the line.')
                    % service._label())

    @api.onchange('sale_line_id')
    def _onchange_sale_line_id(self):
        if self.sale_line_id:
            self.product_id = self.sale_line_id.product_id
            self.name = self.sale_line_id.name

    @api.model
    def create(self, vals):
        # refuse who may not create before reading the contract
        self.check_access_rights('create')
        if vals.get('order_id'):
            self.env['sale.order'].browse(
                vals['order_id'])._isp_esign_check_unlocked()
        service = super(IspContractService, self).create(vals)
        service.order_id._esign_cancel_if_changed()
        return service

    @api.multi
    def write(self, vals):
        self.check_access_rights('write')
        orders = self.mapped('order_id')
        orders._isp_esign_check_unlocked(
            vals, ESIGN_SERVICE_FIELDS + ('order_id',), lines=self)
        result = super(IspContractService, self).write(vals)
        (orders | self.mapped('order_id'))._esign_cancel_if_changed()
        return result

    @api.multi
    def unlink(self):
        self.check_access_rights('unlink')
        orders = self.mapped('order_id')
        orders._isp_esign_check_unlocked()
        result = super(IspContractService, self).unlink()
        orders.exists()._esign_cancel_if_changed()
        return result
