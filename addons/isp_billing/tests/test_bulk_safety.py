# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from contextlib import contextmanager
from unittest.mock import patch

from odoo import api, models
from odoo.tests.common import at_install, post_install

from ..rules import bulk_safety
from .common import IspBillingCommon

TEST_MODULE = 'x_isp_test_override'
MARK = 'Seen by x_isp_test_override'


def method(python_module):
    """A method defined in ``python_module``."""
    def function(self, *args):
        return None
    function.__module__ = python_module
    return function


def model_class(name, bases, python_module, module=None, **methods):
    """A model class of ``python_module`` (``odoo.addons.<addon>...``),
    with Odoo's ``_module`` when given, defining ``methods``."""
    attrs = {'__module__': python_module}
    if module:
        attrs['_module'] = module
    attrs.update({name: method(python_module)
                  for name, python_module in methods.items()})
    return type(name, bases, attrs)


BaseModel = model_class('BaseModel', (object,), 'odoo.models',
                        create='odoo.models', write='odoo.models')
MailThread = model_class('MailThread', (BaseModel,),
                         'odoo.addons.mail.models.mail_thread', 'mail',
                         create='odoo.addons.mail.models.mail_thread',
                         write='odoo.addons.mail.models.mail_thread')
AccountInvoice = model_class(
    'AccountInvoice', (MailThread,),
    'odoo.addons.account.models.account_invoice', 'account',
    create='odoo.addons.account.models.account_invoice')
CommissionLine = model_class(
    'AccountInvoiceLine', (BaseModel,),
    'odoo.addons.sale_commission.models.account_invoice', 'sale_commission',
    create='odoo.addons.sale_commission.models.account_invoice')


def registry_class(*bases):
    """A registry class: no method of its own, the model's classes as
    bases."""
    return type('account.invoice', bases, {'__module__': 'odoo.models'})


class TestBulkSafetyRule(unittest.TestCase):

    def test_the_modules_the_bulk_path_knows_leave_it_safe(self):
        registry = {'account.invoice': registry_class(AccountInvoice),
                    'account.invoice.line': registry_class(CommissionLine)}
        self.assertEqual(bulk_safety.overrides(registry['account.invoice']),
                         [('account', 'create'), ('mail', 'create'),
                          ('mail', 'write'), ('odoo', 'create'),
                          ('odoo', 'write')])
        self.assertEqual(bulk_safety.unknown_overrides(registry), {})

    def test_another_module_overriding_create_or_write_is_found(self):
        other = model_class(
            'OtherInvoice', (AccountInvoice,),
            'odoo.addons.x_other.models.account_invoice', 'x_other',
            create='odoo.addons.x_other.models.account_invoice',
            action_invoice_open='odoo.addons.x_other.models.account_invoice')
        lines = model_class(
            'OtherLine', (CommissionLine,),
            'odoo.addons.x_lines.models.account_invoice_line', 'x_lines',
            write='odoo.addons.x_lines.models.account_invoice_line')
        registry = {'account.invoice': registry_class(other),
                    'account.invoice.line': registry_class(lines)}
        unknown = bulk_safety.unknown_overrides(registry)
        # its other methods do not matter
        self.assertEqual(unknown, {
            'x_other': [('account.invoice', 'create')],
            'x_lines': [('account.invoice.line', 'write')],
        })
        self.assertEqual(
            bulk_safety.describe(unknown),
            'x_lines (account.invoice.line.write()), '
            'x_other (account.invoice.create())')

    def test_odoo_module_name_wins_over_the_python_module(self):
        """A class whose ``_module`` is another addon's (a class built at
        run time, like the one of the run's test) belongs to that addon."""
        built = model_class(
            'Built', (AccountInvoice,), 'odoo.addons.isp_billing.tests.x',
            'x_built', create='odoo.addons.isp_billing.tests.x')
        self.assertEqual(
            bulk_safety.unknown_overrides(
                {'account.invoice': registry_class(built)}),
            {'x_built': [('account.invoice', 'create')]})

    def test_a_method_patched_onto_the_registry_class_is_found(self):
        """auditlog replaces ``create`` on the registry class itself: the
        function's module tells who did it."""
        patched = registry_class(AccountInvoice)
        patched.create = method('odoo.addons.auditlog.models.rule')
        self.assertEqual(
            bulk_safety.unknown_overrides({'account.invoice': patched}),
            {'auditlog': [('account.invoice', 'create')]})

    def test_a_model_not_in_the_registry_is_skipped(self):
        self.assertEqual(bulk_safety.unknown_overrides(
            {'account.invoice': registry_class(AccountInvoice)}), {})

    def test_the_known_modules_can_be_given(self):
        other = model_class(
            'OtherInvoice', (AccountInvoice,),
            'odoo.addons.x_other.models.account_invoice', 'x_other',
            write='odoo.addons.x_other.models.account_invoice')
        registry = {'account.invoice': registry_class(other)}
        self.assertEqual(list(bulk_safety.unknown_overrides(registry)),
                         ['x_other'])
        self.assertEqual(bulk_safety.unknown_overrides(
            registry, known=bulk_safety.KNOWN_MODULES | {'x_other'}), {})

    def test_the_system_parameter_turns_the_bulk_path_off(self):
        for value, allowed in (('1', True), ('True', True), ('0', False),
                               ('false', False), (' No ', False),
                               ('', False), (None, False)):
            with self.subTest(value=value):
                self.assertEqual(
                    bulk_safety.parameter_allows_bulk(value), allowed)


class OverridingInvoice(models.Model):
    """A module the bulk path does not know: its ``create()`` writes a
    comment on every invoice."""
    _inherit = 'account.invoice'  # pylint: disable=R8180
    _module = TEST_MODULE
    # built into the registry by the test only, not with isp_billing
    _register = False

    @api.model
    def create(self, vals):
        vals = dict(vals, comment=MARK)
        return super(OverridingInvoice, self).create(vals)


@at_install(False)
@post_install(True)
class TestBulkSafetyRun(IspBillingCommon):
    """A module outside those the bulk path knows overrides the creation of
    invoices: the run creates them with ``create()`` and says why."""

    @classmethod
    def setUpClass(cls):
        super(TestBulkSafetyRun, cls).setUpClass()
        cls.cycle = 11
        cls.fibre = cls._create_isp_product('Safe Fibre 600', 35.0)
        cls.customers = cls.env['res.partner']
        for name in ('Safe Customer A', 'Safe Customer B'):
            partner = cls.env['res.partner'].create(
                {'name': name, 'customer': True})
            subscription = cls._create_subscription(
                partner, product_id=cls.fibre.id, price_unit=35.0,
                billing_cycle_day=cls.cycle)
            subscription._activate(date_start='2026-11-11')
            cls.customers |= partner

    @contextmanager
    def _module_installed(self, cls):
        """``cls`` built into the registry as Odoo builds the classes of
        an installed module (``_build_model``), removed afterwards."""
        model_class = self.registry[cls._inherit]
        bases = model_class.__bases__
        cls._build_model(self.registry, self.cr)
        try:
            yield
        finally:
            model_class.__bases__ = bases
            model_class._build_model_attributes(self.registry)

    def _start(self):
        run = self.env['isp.billing.run'].create({
            'date': '2026-11-11', 'cycle_day': self.cycle,
            'chunk_size': 10})
        Invoice = type(self.env['account.invoice'])
        bulk_create = Invoice._isp_bulk_create
        self.bulk_calls = []

        def counted(model, vals_list):
            self.bulk_calls.append(len(vals_list))
            return bulk_create(model, vals_list)

        with patch.object(Invoice, '_isp_bulk_create', counted):
            run.with_context(test_queue_job_no_delay=True).action_start()
        return run

    def _settings_text(self):
        return self.env['res.config.settings'].create(
            {}).isp_invoice_creation

    def test_known_modules_only_the_run_creates_in_bulk(self):
        run = self._start()
        self.assertEqual(self.bulk_calls, [2])
        self.assertEqual(run.invoice_ids.mapped('partner_id'),
                         self.customers)
        self.assertEqual(run.invoice_ids.mapped('comment'), [False, False])
        self.assertFalse(run.message_ids.filtered(
            lambda m: 'create()' in (m.body or '')))
        self.assertEqual(self._settings_text(), 'In bulk')

    def test_unknown_module_overriding_create_makes_the_run_use_create(self):
        with self._module_installed(OverridingInvoice):
            self.assertIn(TEST_MODULE, self._settings_text())
            run = self._start()
        self.assertEqual(self.bulk_calls, [])
        # what the module's create() does happened to every invoice
        self.assertEqual(run.invoice_ids.mapped('partner_id'),
                         self.customers)
        self.assertEqual(run.invoice_ids.mapped('comment'), [MARK, MARK])
        self.assertEqual(
            sorted(run.invoice_ids.mapped('invoice_line_ids.price_unit')),
            [35.0, 35.0])
        # the run's log names the module and what it overrides
        logged = run.message_ids.filtered(
            lambda m: TEST_MODULE in (m.body or ''))
        self.assertEqual(len(logged), 1)
        self.assertIn('account.invoice.create()', logged.body)
        # the module is gone: bulk again
        self.assertNotIn('create()', self._settings_text())
        self.assertFalse(bulk_safety.unknown_overrides(self.registry))

    def test_the_system_parameter_still_turns_the_bulk_path_off(self):
        self.env['ir.config_parameter'].sudo().set_param(
            bulk_safety.PARAMETER, '0')
        self.assertIn(bulk_safety.PARAMETER, self._settings_text())
        run = self._start()
        self.assertEqual(self.bulk_calls, [])
        self.assertEqual(len(run.invoice_ids), 2)
        self.assertTrue(run.message_ids.filtered(
            lambda m: bulk_safety.PARAMETER in (m.body or '')))
