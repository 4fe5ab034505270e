# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Meter readings of metered services: consistency checks and consumption.

Plain Python, no Odoo. Dates are ``datetime.date`` values or ISO strings.

A ``Meter`` is installed on a service on ``date_installed`` and may be
removed on ``date_removed``. A meter that replaces another one records the
replaced meter (``replaced``, its key), the replaced meter's last index
(``replaced_final_value``) and its own index when installed
(``initial_value``).

A ``Reading`` is the meter's index on a date (``value``) and, when the
meter has a gas volume corrector, the corrector's index
(``corrector_value``, the volume converted to standard conditions).

The billed index of a reading is the corrector's index when the meter has
a corrector, the meter's index otherwise. Consumption between two
consecutive readings is the difference of their billed indexes; across a
meter replacement it is what the old meter counted after the previous
reading plus what the new meter counted since its installation.

``check_reading`` returns a list of ``(code, params)`` problems (empty
when the reading is consistent): the caller turns them into translated
messages.
"""
import collections
import datetime

# indexes are compared with this many decimals (meters show 3 at most)
DIGITS = 3

Meter = collections.namedtuple('Meter', [
    'key', 'has_corrector', 'date_installed', 'date_removed', 'replaced',
    'replaced_final_value', 'initial_value'])
Meter.__new__.__defaults__ = (False, None, None, None, 0.0, 0.0)

Reading = collections.namedtuple('Reading', [
    'date', 'value', 'corrector_value', 'meter'])
Reading.__new__.__defaults__ = (None,)

NEGATIVE_VALUE = 'negative_value'
CORRECTOR_MISSING = 'corrector_missing'
CORRECTOR_WITHOUT_CORRECTOR = 'corrector_without_corrector'
BEFORE_INSTALLATION = 'before_installation'
AFTER_REMOVAL = 'after_removal'
NOT_AFTER_PREVIOUS = 'not_after_previous'
NOT_BEFORE_NEXT = 'not_before_next'
BELOW_PREVIOUS = 'below_previous'
ABOVE_NEXT = 'above_next'
METER_CHANGED = 'meter_changed'
FINAL_BELOW_PREVIOUS = 'final_below_previous'
BELOW_INITIAL = 'below_initial'


def to_date(value):
    if not value or isinstance(value, datetime.date):
        return value or None
    return datetime.datetime.strptime(value[:10], '%Y-%m-%d').date()


def _round(value):
    return round(value or 0.0, DIGITS)


def billed_index(reading, meter):
    """The index consumption is counted on."""
    if meter.has_corrector:
        return _round(reading.corrector_value)
    return _round(reading.value)


def _check_alone(reading, meter):
    problems = []
    if _round(reading.value) < 0 or _round(reading.corrector_value) < 0:
        problems.append((NEGATIVE_VALUE, {}))
    if meter.has_corrector and reading.corrector_value is None:
        problems.append((CORRECTOR_MISSING, {'meter': meter.key}))
    if not meter.has_corrector and reading.corrector_value is not None:
        problems.append((CORRECTOR_WITHOUT_CORRECTOR, {'meter': meter.key}))
    date = to_date(reading.date)
    installed = to_date(meter.date_installed)
    removed = to_date(meter.date_removed)
    if installed and date < installed:
        problems.append((BEFORE_INSTALLATION, {
            'meter': meter.key, 'date': installed}))
    if removed and date > removed:
        problems.append((AFTER_REMOVAL, {
            'meter': meter.key, 'date': removed}))
    if meter.replaced is not None and billed_index(reading, meter) < _round(
            meter.initial_value):
        problems.append((BELOW_INITIAL, {
            'meter': meter.key, 'value': _round(meter.initial_value)}))
    return problems


def _check_pair(earlier, earlier_meter, later, later_meter, later_is_new):
    """Problems between two consecutive readings; ``later_is_new`` says
    which of the two is being checked (it names the problem)."""
    problems = []
    params = {
        'date': to_date(earlier.date if later_is_new else later.date),
        'value': billed_index(earlier if later_is_new else later,
                              earlier_meter if later_is_new
                              else later_meter),
        'meter': earlier_meter.key if later_is_new else later_meter.key,
    }
    if to_date(later.date) <= to_date(earlier.date):
        problems.append(
            (NOT_AFTER_PREVIOUS if later_is_new else NOT_BEFORE_NEXT,
             params))
    if later_meter.key == earlier_meter.key:
        if billed_index(later, later_meter) < billed_index(
                earlier, earlier_meter):
            problems.append(
                (BELOW_PREVIOUS if later_is_new else ABOVE_NEXT, params))
    elif later_meter.replaced != earlier_meter.key:
        problems.append((METER_CHANGED, {
            'previous': earlier_meter.key, 'meter': later_meter.key}))
    elif _round(later_meter.replaced_final_value) < billed_index(
            earlier, earlier_meter):
        problems.append((FINAL_BELOW_PREVIOUS, {
            'previous': earlier_meter.key, 'meter': later_meter.key,
            'value': billed_index(earlier, earlier_meter)}))
    return problems


def check_reading(reading, previous=None, next_reading=None):
    """Problems of ``reading`` given the service's readings just before
    and just after it (``None`` when there is none)."""
    problems = _check_alone(reading, reading.meter)
    if previous is not None:
        problems.extend(_check_pair(previous, previous.meter, reading,
                                    reading.meter, True))
    if next_reading is not None:
        problems.extend(_check_pair(reading, reading.meter, next_reading,
                                    next_reading.meter, False))
    return problems


def consumption(previous, reading):
    """Consumption between two consecutive, consistent readings."""
    if previous.meter.key == reading.meter.key:
        return _round(billed_index(reading, reading.meter)
                      - billed_index(previous, previous.meter))
    meter = reading.meter
    return _round(
        _round(meter.replaced_final_value)
        - billed_index(previous, previous.meter)
        + billed_index(reading, meter) - _round(meter.initial_value))
