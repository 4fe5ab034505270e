# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whether the billing runs may create their draft invoices in bulk.

Plain Python, no Odoo import: the functions read the registry classes they
are given.

The bulk path (``account.invoice._isp_bulk_create``) stores what
``create()`` stores without calling it: it does by itself what the
``create()`` overrides of the modules it knows do, and a test compares its
rows with those of ``create()``. A module it does not know that overrides
``create()`` or ``write()`` of the invoices or their lines would silently
not run for the invoices of the runs: then the runs must call
``create()``.

Which module overrides a method
    Every class of the model's registry class (its MRO) that defines the
    method itself: the addon of the class (Odoo's ``_module``) and the addon
    of the function (a method patched onto a class at run time, such as
    auditlog's, belongs to the module that patched it). The ORM itself
    (``odoo.models``) counts as the module ``odoo``.
"""

# the system parameter that turns the bulk path off by hand ("0")
PARAMETER = 'isp_billing.bulk_invoice_creation'

# the models and methods the bulk path does without
BULK_MODELS = ('account.invoice', 'account.invoice.line')
BULK_METHODS = ('create', 'write')

# the modules whose overrides of those methods the bulk path does itself or
# that leave its rows as create() would: checked by test_bulk_invoice,
# which compares every column with create()'s
KNOWN_MODULES = frozenset([
    # the ORM and Odoo's modules the invoices are built on
    'odoo', 'base', 'mail', 'account',
    # OCA: the payment mode and mandate, the sales agents
    'account_payment_partner', 'account_banking_mandate', 'sale_commission',
    # this suite
    'isp_crm', 'isp_billing', 'isp_esign', 'isp_contract_wizard',
    'isp_helpdesk', 'isp_portal',
])


def addon_of(python_module):
    """The addon of a Python module name: ``odoo.addons.<addon>...`` gives
    ``<addon>``, any other name its first part (``odoo.models``:
    ``odoo``)."""
    parts = (python_module or '').split('.')
    if len(parts) > 2 and parts[:2] == ['odoo', 'addons']:
        return parts[2]
    return parts[0]


def class_module(klass):
    """The addon that defines the model class ``klass``: its own
    ``_module`` when it has one, else the addon of its Python module."""
    return vars(klass).get('_module') or addon_of(klass.__module__)


def overrides(model_class, methods=BULK_METHODS):
    """``(module, method)`` pairs, in the order of the MRO of
    ``model_class``, of the classes that define one of ``methods``; a
    method gives a pair for the class's module and, when it differs, one
    for the function's."""
    found = []
    for klass in model_class.__mro__:
        for method in methods:
            function = vars(klass).get(method)
            if function is None:
                continue
            modules = [class_module(klass)]
            own = getattr(function, '__module__', None)
            if own and addon_of(own) not in modules:
                modules.append(addon_of(own))
            found.extend((module, method) for module in modules)
    return found


def unknown_overrides(registry, models=BULK_MODELS, methods=BULK_METHODS,
                      known=KNOWN_MODULES):
    """``{module: [(model, method), ...]}`` of the modules outside
    ``known`` that override ``methods`` of ``models`` (those in
    ``registry``, a mapping of model names to registry classes). Empty:
    the bulk path is safe."""
    unknown = {}
    for model in models:
        if model not in registry:
            continue
        for module, method in overrides(registry[model], methods):
            if module not in known:
                targets = unknown.setdefault(module, [])
                if (model, method) not in targets:
                    targets.append((model, method))
    return unknown


def unknown_overrides_by_model(registry, methods_by_model, known):
    """``unknown_overrides`` with methods of their own per model:
    ``methods_by_model`` maps a model name to its methods."""
    unknown = {}
    for model, methods in methods_by_model.items():
        found = unknown_overrides(registry, (model,), methods, known)
        for module, targets in found.items():
            unknown.setdefault(module, []).extend(targets)
    return unknown


def describe(unknown):
    """The modules of ``unknown_overrides`` and what each overrides, sorted
    by module: ``x_module (account.invoice.create(), ...), ...``."""
    return ', '.join(
        '%s (%s)' % (module, ', '.join(
            '%s.%s()' % target for target in targets))
        for module, targets in sorted(unknown.items()))


def parameter_allows_bulk(value):
    """False when the system parameter ``PARAMETER`` (``value``, ``'1'``
    when not set) turns the bulk path off: ``0``, ``false``, ``no`` or
    empty."""
    return (value or '').strip().lower() not in ('0', 'false', 'no', '')
