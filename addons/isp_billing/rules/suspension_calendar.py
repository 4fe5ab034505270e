# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When a customer's service may be suspended for non-payment.

Plain Python, no Odoo. A suspension happens only on a business day, inside
the company's hours, so that the customer can pay and be reconnected the
same or the next day: never on a Saturday or a Sunday, a public holiday of
the company's country (``holidays`` library), one of the company's own
closing days, nor on the day before a holiday or a closing day. With
``avoid_day_before_weekend`` the day before a weekend (Friday) is refused
too. A suspension that falls on a refused day or hour moves to the next
allowed day, at the opening hour.

Hours are floats as in Odoo's ``float_time`` widget: 9.5 is 09:30. A
moment is allowed when ``hour_from <= hour < hour_to``.
"""
import datetime

import holidays

from odoo.addons.isp_crm.rules.dates import to_date

_ONE_DAY = datetime.timedelta(days=1)
# a suspension calendar never looks further than this for an allowed day
MAX_DAYS_AHEAD = 366


def country_holidays(country_code, years=None):
    """The public holidays of ``country_code`` (ISO 3166 alpha-2) as a
    container of dates (years are added on demand); an empty one when the
    code is missing or unknown to the ``holidays`` library."""
    if not country_code:
        return {}
    try:
        return holidays.country_holidays(country_code.upper(), years=years)
    except (KeyError, NotImplementedError):
        return {}


def _is_closed(day, public_holidays, closing_days):
    return (day.weekday() >= 5 or day in public_holidays
            or day in closing_days)


def is_suspension_day(day, public_holidays=(), closing_days=(),
                      avoid_day_before_weekend=False):
    """True when a service may be suspended on ``day`` (a date or an ISO
    string): a weekday that is neither a public holiday nor a closing day
    (``public_holidays`` and ``closing_days``: containers of dates) and
    whose next day is neither a holiday nor a closing day (nor a Saturday
    when ``avoid_day_before_weekend``)."""
    day = to_date(day)
    closing_days = {to_date(d) for d in closing_days}
    if _is_closed(day, public_holidays, closing_days):
        return False
    tomorrow = day + _ONE_DAY
    if tomorrow in public_holidays or tomorrow in closing_days:
        return False
    if avoid_day_before_weekend and tomorrow.weekday() >= 5:
        return False
    return True


def next_suspension_day(day, public_holidays=(), closing_days=(),
                        avoid_day_before_weekend=False):
    """The first day on or after ``day`` a service may be suspended."""
    day = to_date(day)
    closing_days = {to_date(d) for d in closing_days}
    for __ in range(MAX_DAYS_AHEAD):
        if is_suspension_day(day, public_holidays, closing_days,
                             avoid_day_before_weekend):
            return day
        day += _ONE_DAY
    raise ValueError('No day allowed for a suspension within %s days of '
                     '%s: check the closing days.' % (MAX_DAYS_AHEAD, day))


def check_hours(hour_from, hour_to):
    """Raise ValueError unless ``0 <= hour_from < hour_to <= 24``."""
    if not 0 <= hour_from < hour_to <= 24:
        raise ValueError('Suspension hours must satisfy 0 <= from < to <= '
                         '24 (got %r to %r)' % (hour_from, hour_to))


def is_suspension_hour(hour, hour_from, hour_to):
    """True when ``hour`` (a float, 13.5 is 13:30) is inside the
    suspension hours."""
    check_hours(hour_from, hour_to)
    return hour_from <= hour < hour_to


def _hour_of(moment):
    return moment.hour + moment.minute / 60.0 + moment.second / 3600.0


def _at_hour(day, hour):
    minutes = int(round(hour * 60))
    return datetime.datetime.combine(day, datetime.time()) + \
        datetime.timedelta(minutes=minutes)


def suspension_moment(moment, hour_from, hour_to, public_holidays=(),
                      closing_days=(), avoid_day_before_weekend=False):
    """The first moment on or after ``moment`` (a naive datetime in the
    company's time zone) a service may be suspended: ``moment`` itself
    when its day and hour are allowed, the opening hour of the same day
    when it is earlier, else the opening hour of the next allowed day."""
    check_hours(hour_from, hour_to)
    closing_days = {to_date(d) for d in closing_days}
    args = (public_holidays, closing_days, avoid_day_before_weekend)
    day = moment.date()
    if is_suspension_day(day, *args):
        hour = _hour_of(moment)
        if hour < hour_from:
            return _at_hour(day, hour_from)
        if hour < hour_to:
            return moment
    day = next_suspension_day(day + _ONE_DAY, *args)
    return _at_hour(day, hour_from)


def may_suspend_now(moment, hour_from, hour_to, public_holidays=(),
                    closing_days=(), avoid_day_before_weekend=False):
    """True when a service may be suspended at ``moment``."""
    return suspension_moment(
        moment, hour_from, hour_to, public_holidays, closing_days,
        avoid_day_before_weekend) == moment
