# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Create many records of one model in a handful of queries.

``bulk_create(model, vals_list)`` stores what ``model.create(vals)`` would
store for each ``vals``, but with one ``INSERT`` per table instead of one
per record:

- the default values (``_add_missing_default_values``, per record: a
  default such as an access token differs from one record to the next);
- one2many commands ``(0, 0, vals)``, created the same way, in bulk too,
  and many2many commands ``(6, 0, ids)`` / ``(4, id)``;
- every stored computed or related field, computed in batch by Odoo's own
  ``recompute()``, then the dependent fields of other records (``modified``);
- the Python constraints (``_validate_fields``); SQL constraints are the
  database's.

What it does not do is call overrides of ``create()``: the caller does what
those overrides would do (``account.invoice._isp_bulk_create`` does it
for invoices, and a test compares its rows with those of ``create()``).
Anything it does not support (``_inherits``, parent store, fields with an
inverse, other x2many commands) raises ``ValueError`` before writing.
"""
from contextlib import ExitStack

from odoo.models import MAGIC_COLUMNS

_NOW = "(now() at time zone 'UTC')"


def bulk_create(model, vals_list, prepare=None):
    """Create one record of ``model`` per dict of ``vals_list``; returns
    them, in the order of ``vals_list``.

    ``prepare`` maps a model name to a function ``(model, vals_list)``
    that completes the values of that model's new rows (parent ids set,
    defaults not added yet), as an override of its ``create()`` would."""
    bulk = BulkCreate()
    records = bulk.insert(model, vals_list, prepare=prepare)
    bulk.flush()
    return records


class BulkCreate(object):
    """Several bulk creations whose computed fields are stored together.

    ``insert()`` inserts rows; the new records can be read at once (their
    computed fields are computed in the cache). ``flush()`` checks the
    constraints and stores every computed field of every new record with
    one UPDATE per table; then Odoo recomputes what depends on them
    elsewhere (``recompute()``)."""

    def __init__(self):
        self.todo = []

    def insert(self, model, vals_list, prepare=None):
        start = len(self.todo)
        records = _insert(model, vals_list, self.todo, prepare or {})
        # the new rows are in no cache; modified() invalidates what they
        # change in the cache of other records (the inverse x2many fields)
        for new, fields in self.todo[start:]:
            for field in new._fields.values():
                if field.compute and field.store:
                    new._recompute_todo(field)
            new.modified([field.name for field in fields])
        return records

    def flush(self):
        if not self.todo:
            return
        env = self.todo[0][0].env
        for records, fields in self.todo:
            records._validate_fields([field.name for field in fields])
        stored = []
        for records, _fields in self.todo:
            computed = [field for field in records._fields.values()
                        if field.compute and field.store
                        and field.column_type]
            stored.append((records, computed))
            _prefetch_dependencies(records, computed)
        for records, computed in stored:
            _store_computed(records, computed)
        with ExitStack() as stack:
            for records, computed in stored:
                stack.enter_context(env.protecting(computed, records))
            for records, computed in stored:
                for field in computed:
                    records._recompute_done(field)
                records.modified([field.name for field in computed])
        if env.recompute and env.context.get('recompute', True):
            self.todo[0][0].recompute()
        for records, _fields in self.todo:
            records.check_access_rule('create')
        self.todo = []


def _prefetch_dependencies(records, computed):
    """Read the x2many dependencies of ``computed`` for all ``records`` at
    once: a compute method that loops on records and reads their lines
    would otherwise read the lines of one record at a time (many2one
    targets are read together anyway)."""
    paths = set()
    for field in computed:
        for path in field.depends:
            first = records._fields.get(path.split('.')[0])
            if first is not None and first.type in ('one2many',
                                                    'many2many'):
                paths.add(path)
    for path in sorted(paths):
        records.mapped(path)


def _store_computed(records, computed):
    """Compute ``computed`` on ``records`` (in batch, through the cache)
    and write them with one UPDATE."""
    if not records or not computed:
        return
    rows = []
    for record in records:
        row = [record.id]
        for field in computed:
            value = field.convert_to_write(record[field.name], record)
            row.append(field.convert_to_column(value, record))
        rows.append(row)
    cr = records.env.cr
    template = '(%s)' % ', '.join(['%s'] * (len(computed) + 1))
    names = ['id'] + [field.name for field in computed]
    assignments = ', '.join(
        '"%s" = v."%s"::%s' % (field.name, field.name,
                               field.column_type[1])
        for field in computed)
    _execute(cr, 'UPDATE "%s" AS t SET %s FROM (VALUES %s) AS v(%s) '
             'WHERE t.id = v.id' % (
                 records._table, assignments,
                 _values(cr, template, rows),
                 ', '.join('"%s"' % name for name in names)))


def _insert(model, vals_list, todo, prepare):
    """Insert the rows (and those of their x2many lines); returns the new
    records. ``todo`` collects (records, fields set) for
    ``_after_insert``."""
    if not vals_list:
        return model.browse()
    if model._inherits or model._parent_store:
        raise ValueError('bulk_create does not support %s (inherits or '
                         'parent store)' % model._name)
    model.check_access_rights('create')
    vals_list = [dict(vals) for vals in vals_list]
    if model._name in prepare:
        prepare[model._name](model, vals_list)
    translate = model.env.lang and model.env.lang != 'en_US'
    all_vals = []
    defaults = _Defaults(model)
    for vals in vals_list:
        vals = defaults.add_missing(vals)
        for name in MAGIC_COLUMNS + ['parent_left', 'parent_right']:
            vals.pop(name, None)
        all_vals.append(vals)
    columns = []
    x2many = []
    seen = set()
    for vals in all_vals:
        for name in vals:
            if name in seen:
                continue
            seen.add(name)
            field = model._fields.get(name)
            if field is None:
                raise ValueError('%s has no field %s' % (model._name, name))
            if field.inverse:
                raise ValueError('bulk_create does not support field %s.%s '
                                 '(it has an inverse)' % (model._name, name))
            if not field.store:
                continue
            if field.column_type:
                if field.translate is True and translate:
                    raise ValueError('bulk_create does not translate %s.%s'
                                     % (model._name, name))
                columns.append(field)
            elif field.type in ('one2many', 'many2many'):
                x2many.append(field)
    columns.extend(
        field for name, field in model._fields.items()
        if field.type == 'boolean' and field.store and field.column_type
        and name not in seen)
    cr = model.env.cr
    cr.execute('SELECT nextval(%s) FROM generate_series(1, %s)',
               (model._sequence, len(all_vals)))
    ids = [row[0] for row in cr.fetchall()]
    empty = model.browse()
    template = '(%s)' % ', '.join(
        ['%s'] + [field.column_format for field in columns]
        + (['%s', _NOW, '%s', _NOW] if model._log_access else []))
    rows = []
    for record_id, vals in zip(ids, all_vals):
        params = [record_id]
        for field in columns:
            if field.name in vals:
                value = vals[field.name]
                if getattr(field, 'selection', None) and value:
                    model._check_selection_field_value(field.name, value)
                params.append(field.convert_to_column(value, empty, vals))
            else:
                params.append(False if field.type == 'boolean' else None)
        if model._log_access:
            params.extend([model._uid, model._uid])
        rows.append(params)
    names = ['id'] + [field.name for field in columns]
    if model._log_access:
        names.extend(['create_uid', 'create_date', 'write_uid', 'write_date'])
    _execute(cr, 'INSERT INTO "%s" (%s) VALUES %s' % (
        model._table, ', '.join('"%s"' % name for name in names),
        _values(cr, template, rows)))
    records = model.browse(ids)
    todo.append((records, set(columns) | set(x2many)))
    rel_context = {key: value for key, value in model.env.context.items()
                   if not key.startswith('default_')}
    for field in x2many:
        if field.type == 'one2many':
            _insert_one2many(model, field, ids, all_vals, rel_context, todo,
                             prepare)
        else:
            _insert_many2many(model, field, ids, all_vals)
    return records


class _Defaults(object):
    """``model._add_missing_default_values(vals)`` for many ``vals``.

    The default values are computed twice for the first record with the
    same missing fields: those that come out the same both times (a
    company, a journal, a sales team) are reused for the next records;
    only the others (an access token...) are computed again per record."""

    def __init__(self, model):
        self.model = model
        self.shared = {}

    def add_missing(self, vals):
        missing = frozenset(
            name for name in self.model._fields
            if name not in vals and name not in MAGIC_COLUMNS)
        if not missing:
            return vals
        if missing not in self.shared:
            first = self.model._add_missing_default_values(dict(vals))
            second = self.model._add_missing_default_values(dict(vals))
            varying = [name for name in missing
                       if first.get(name) != second.get(name)]
            constant = {name: first[name] for name in missing
                        if name in first and name not in varying}
            self.shared[missing] = (constant, varying)
            return first
        constant, varying = self.shared[missing]
        result = dict(constant, **vals)
        if varying:
            result = self.model._add_missing_default_values(result)
        return result


def _insert_one2many(model, field, ids, all_vals, rel_context, todo,
                     prepare):
    lines = []
    for record_id, vals in zip(ids, all_vals):
        for command in vals.get(field.name) or []:
            if command[0] == 0:
                lines.append(dict(command[2], **{field.inverse_name:
                                                 record_id}))
            elif command[0] == 6 and not command[2] or command[0] == 5:
                continue
            else:
                raise ValueError('bulk_create supports only (0, 0, vals) '
                                 'in %s.%s' % (model._name, field.name))
    comodel = model.env(context=rel_context)[field.comodel_name]
    _insert(comodel, lines, todo, prepare)


def _insert_many2many(model, field, ids, all_vals):
    pairs = []
    for record_id, vals in zip(ids, all_vals):
        targets = []
        for command in vals.get(field.name) or []:
            if command[0] == 6:
                targets = list(command[2])
            elif command[0] == 4:
                targets.append(command[1])
            elif command[0] == 5:
                targets = []
            else:
                raise ValueError('bulk_create supports only (6, 0, ids) and '
                                 '(4, id) in %s.%s' % (model._name,
                                                       field.name))
        for target in sorted(set(targets)):
            pairs.append((record_id, target))
    if not pairs:
        return
    cr = model.env.cr
    _execute(cr, 'INSERT INTO "%s" ("%s", "%s") VALUES %s' % (
        field.relation, field.column1, field.column2,
        _values(cr, '(%s, %s)', pairs)))


def _execute(cr, query):
    """Run ``query``: it is built from the table and column names of the
    registry and from values quoted by psycopg2 (``cr.mogrify``), never
    from text typed by a user."""
    cr.execute(query)


def _values(cr, template, rows):
    """The rows of a VALUES list, each ``template`` filled by psycopg2."""
    return ', '.join(cr.mogrify(template, row).decode() for row in rows)
