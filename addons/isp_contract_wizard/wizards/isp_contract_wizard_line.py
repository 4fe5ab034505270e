# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lines of the contract wizard: how many of each tariff (step 4),
the current services a migration replaces (step 5) and the data of each
new service (step 6)."""
from odoo import api, fields, models
from odoo.addons import decimal_precision as dp

# the values of isp.contract.service's selections
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


class IspContractWizardCount(models.TransientModel):
    """How many units of one tariff the contract holds (step 4)."""
    _name = 'isp.contract.wizard.count'
    _description = 'Contract wizard: line count'
    _order = 'sequence, id'

    wizard_id = fields.Many2one(
        'isp.contract.wizard', required=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        'product.product', string='Tariff', required=True, readonly=True)
    service_type = fields.Selection(
        related='product_id.isp_service_type', readonly=True)
    qty = fields.Integer(string='Lines', default=1)
    qty_min = fields.Integer(string='Minimum', readonly=True)
    qty_max = fields.Integer(
        string='Maximum', readonly=True,
        help='0: no maximum (a tariff sold alone).')
    optional = fields.Boolean(readonly=True)
    price_unit = fields.Float(
        string='Unit price', digits=dp.get_precision('Product Price'),
        readonly=True)
    discount = fields.Float(
        string='Discount (%)', digits=dp.get_precision('Discount'),
        readonly=True)
    price_total = fields.Float(
        string='Monthly (taxes incl.)', digits=dp.get_precision('Account'),
        readonly=True)

    @api.multi
    def _allowed_label(self):
        """What the bundle allows for this tariff, in words: "0 to 3"."""
        self.ensure_one()
        if self.qty_max:
            return '%s-%s' % (self.qty_min, self.qty_max)
        return '%s+' % self.qty_min


class IspContractWizardMigration(models.TransientModel):
    """A current service of the customer that the new contract may replace
    (step 5)."""
    _name = 'isp.contract.wizard.migration'
    _description = 'Contract wizard: current service'
    _order = 'id'

    wizard_id = fields.Many2one(
        'isp.contract.wizard', required=True, ondelete='cascade')
    subscription_id = fields.Many2one(
        'isp.subscription', string='Current service', required=True,
        readonly=True)
    product_id = fields.Many2one(
        'product.product', string='Tariff', readonly=True)
    date_start = fields.Date(string='Active since', readonly=True)
    replace = fields.Boolean(
        string='Replaced',
        help='The new contract replaces this service: it ends the day '
             'before the change date.')
    apply_penalty = fields.Boolean(
        string='Charge penalty', default=True,
        help='Untick to waive the early-termination penalty (ISP managers '
             'only, with a reason).')
    penalty_amount = fields.Float(
        string='Penalty', digits=dp.get_precision('Account'), readonly=True)
    refund_amount = fields.Float(
        string='Prepaid days refunded', digits=dp.get_precision('Account'),
        readonly=True)


class IspContractWizardService(models.TransientModel):
    """The data of one new service (step 6): its number, SIM, holder
    change, FTTH installation or equipment; written into an
    isp.contract.service of the contract."""
    _name = 'isp.contract.wizard.service'
    _description = 'Contract wizard: service data'
    _order = 'sequence, id'

    wizard_id = fields.Many2one(
        'isp.contract.wizard', required=True, ondelete='cascade')
    sequence = fields.Integer(default=10)
    index = fields.Integer(
        help='Which unit of its tariff this line is (1, 2...).')
    product_id = fields.Many2one(
        'product.product', string='Service', required=True, readonly=True)
    service_type = fields.Selection(
        related='product_id.isp_service_type', readonly=True)
    name = fields.Char(string='Line', readonly=True)
    number_mode = fields.Selection(
        NUMBER_MODES, string='Number', default=NUMBER_NONE, required=True)
    port_donor_operator = fields.Char(string='Donor operator')
    port_number = fields.Char(string='Number to port')
    port_holder_name = fields.Char(string='Holder at the donor')
    port_holder_vat = fields.Char(string='Holder fiscal id at the donor')
    port_icc = fields.Char(string='ICC at the donor')
    port_window_date = fields.Date(string='Requested porting day')
    new_number = fields.Char()
    sim_icc = fields.Char(string='SIM ICC')
    holder_change = fields.Boolean()
    holder_name = fields.Char(string='Current holder')
    holder_vat = fields.Char(string='Current holder fiscal id')
    install_street = fields.Char(string='Installation street')
    install_zip = fields.Char(string='Installation ZIP')
    install_city = fields.Char(string='Installation city')
    install_coverage = fields.Selection(COVERAGES, string='Coverage')
    install_slot = fields.Datetime(string='Installation slot')
    equipment_serial = fields.Char()

    @api.model
    def _data_fields(self):
        """The fields copied to isp.contract.service."""
        return [
            'number_mode', 'port_donor_operator', 'port_number',
            'port_holder_name', 'port_holder_vat', 'port_icc',
            'port_window_date', 'new_number', 'sim_icc', 'holder_change',
            'holder_name', 'holder_vat', 'install_street', 'install_zip',
            'install_city', 'install_coverage', 'install_slot',
            'equipment_serial',
        ]
