# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bundle (tariff package) line rules.

Plain Python, no Odoo. A bundle is a list of ``Rule``s, one per component:
how many units of it a contract may hold (``qty_min`` .. ``qty_max``), how
many it gets by default, and whether it is optional.

``check_counts(rules, counts)`` compares the quantities of a contract with
the rules and returns EVERY violation, as ``(code, params)`` tuples; the
caller turns each into a translated sentence. Codes:

``missing``        a required component is absent
                   (params: component, qty_min)
``below_min``      a component is present but fewer times than its minimum
                   (params: component, count, qty_min)
``above_max``      more units than the maximum (params: component, count,
                   qty_max)
``not_in_bundle``  a component that the bundle does not contain
                   (params: component, count)

``line_errors(qty_min, qty_default, qty_max, optional)`` checks one rule
itself: the codes are ``negative_min``, ``min_above_default``,
``default_above_max``, ``max_zero``, ``optional_with_min``,
``required_without_min``.
"""
from collections import namedtuple

Rule = namedtuple('Rule', 'component qty_min qty_max qty_default optional')
Rule.__new__.__defaults__ = (None, False)

MISSING = 'missing'
BELOW_MIN = 'below_min'
ABOVE_MAX = 'above_max'
NOT_IN_BUNDLE = 'not_in_bundle'


def check_counts(rules, counts):
    """Violations of ``rules`` by ``counts`` (component -> quantity).

    Rules come first in their own order, then the unknown components in
    the order of ``counts``. Quantities of 0 count as absent."""
    violations = []
    known = set()
    for rule in rules:
        known.add(rule.component)
        count = counts.get(rule.component) or 0
        if count <= 0:
            if rule.qty_min > 0:
                violations.append((MISSING, {
                    'component': rule.component,
                    'qty_min': rule.qty_min,
                }))
        elif count < rule.qty_min:
            violations.append((BELOW_MIN, {
                'component': rule.component,
                'count': count,
                'qty_min': rule.qty_min,
            }))
        elif count > rule.qty_max:
            violations.append((ABOVE_MAX, {
                'component': rule.component,
                'count': count,
                'qty_max': rule.qty_max,
            }))
    for component, count in counts.items():
        if component not in known and count and count > 0:
            violations.append((NOT_IN_BUNDLE, {
                'component': component,
                'count': count,
            }))
    return violations


def default_counts(rules):
    """Component -> default quantity, for the components whose default is
    above 0 (the lines a new contract of the bundle starts with)."""
    defaults = {}
    for rule in rules:
        qty = rule.qty_min if rule.qty_default is None else rule.qty_default
        if qty > 0:
            defaults[rule.component] = qty
    return defaults


def line_errors(qty_min, qty_default, qty_max, optional):
    """What is wrong with one rule: a list of codes, empty when valid.
    A valid rule has 0 <= min <= default <= max, max >= 1, min = 0 when
    the component is optional and min >= 1 when it is required."""
    errors = []
    if qty_min < 0:
        errors.append('negative_min')
    if qty_min > qty_default:
        errors.append('min_above_default')
    if qty_default > qty_max:
        errors.append('default_above_max')
    if qty_max < 1:
        errors.append('max_zero')
    if optional and qty_min > 0:
        errors.append('optional_with_min')
    if not optional and qty_min < 1:
        errors.append('required_without_min')
    return errors
