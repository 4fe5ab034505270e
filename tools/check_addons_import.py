"""Import every addon on Odoo's addons path; fail loudly if one cannot import.

On the first HTTP request Odoo 11 imports every addon of the addons path that
has a ``static/`` folder, installed or not (``odoo.http.Root.load_addons``); a
single one that fails to import makes every request answer 500. This check
imports all of them the way the server does and exits 1 listing those that
fail, so a broken set of wheels is caught at bootstrap, not on the first page
load. Addons
without ``static/`` are imported too; when one of them fails (a Python library
it needs is missing) it is only reported: the server never imports it unless
somebody installs it.

Usage: python tools/check_addons_import.py [--addons-path a,b,c]
"""
import argparse
import ast
import importlib
import os
import sys
import traceback


def addons_on_path(paths):
    """Yield (name, directory, has_static) for every installable addon."""
    seen = set()
    for path in paths:
        for name in sorted(os.listdir(path)):
            manifest = os.path.join(path, name, '__manifest__.py')
            if name in seen or not os.path.isfile(manifest):
                continue
            with open(manifest) as handle:
                data = ast.literal_eval(handle.read())
            if not data.get('installable', True):
                continue
            seen.add(name)
            directory = os.path.join(path, name)
            yield name, directory, os.path.isdir(os.path.join(directory,
                                                              'static'))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--addons-path', default='')
    args = parser.parse_args(argv)

    import odoo
    from odoo.tools import config
    extra = [p for p in args.addons_path.split(',') if p]
    config.parse_config(['--addons-path', ','.join(extra)] if extra else [])
    odoo.modules.module.initialize_sys_path()
    paths = [p for p in odoo.modules.module.ad_paths if os.path.isdir(p)]

    failures = []
    count = 0
    for name, directory, has_static in addons_on_path(paths):
        count += 1
        try:
            importlib.import_module('odoo.addons.' + name)
        except Exception:  # report every failure, not just the first one
            error = traceback.format_exc().strip().splitlines()[-1]
            if has_static:
                failures.append((name, directory, error))
            else:
                sys.stderr.write('note: addon %s (no static/ folder, loaded '
                                 'only when installed) does not import: %s\n'
                                 % (name, error))
    if failures:
        for name, directory, trace in failures:
            sys.stderr.write('addon %s (%s) does not import: %s\n'
                             % (name, directory, trace))
        sys.stderr.write(
            '%d of %d addons on the addons path fail to import: every HTTP '
            'request of the server would answer 500. Install the wheels that '
            'complete them (requirements-odoo.txt) or remove them from the '
            'path.\n' % (len(failures), count))
        return 1
    print('addons on the path: %d; every one the server loads imports'
          % count)
    return 0


if __name__ == '__main__':
    sys.exit(main())
