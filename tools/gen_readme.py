"""Assemble each addon's README.rst from its readme/ fragments (OCA layout).

    python tools/gen_readme.py           write addons/*/README.rst
    python tools/gen_readme.py --check   exit 1 when one is out of date
"""
import ast
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(ROOT, 'addons')
SECTIONS = [
    ('DESCRIPTION.rst', None),
    ('INSTALL.rst', 'Installation'),
    ('CONFIGURE.rst', 'Configuration'),
    ('USAGE.rst', 'Usage'),
    ('ROADMAP.rst', 'Known issues / Roadmap'),
]
BADGE = """\
|badge1|

.. |badge1| image:: https://img.shields.io/badge/licence-AGPL--3-blue.png
    :target: http://www.gnu.org/licenses/agpl-3.0-standalone.html
    :alt: License: AGPL-3
"""


def render(addon_dir):
    with open(os.path.join(addon_dir, '__manifest__.py')) as handle:
        manifest = ast.literal_eval(handle.read())
    title = manifest['name']
    parts = ['=' * len(title), title, '=' * len(title), '',
             '.. !! This file is assembled from the fragments in readme/ '
             '(tools/gen_readme.py): edit them.', '', BADGE]
    for filename, heading in SECTIONS:
        path = os.path.join(addon_dir, 'readme', filename)
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as handle:
            body = handle.read().strip()
        if heading is None:
            parts += [body, '', '**Table of contents**', '',
                      '.. contents::', '   :local:', '']
        else:
            parts += [heading, '=' * len(heading), '', body, '']
    parts += ['Credits', '=======', '', 'Authors', '~~~~~~~', '',
              '* %s' % manifest['author'], '',
              'This module is part of the `ISP Suite for Odoo <%s>`_.'
              % manifest['website'], '']
    return '\n'.join(parts)


def main(argv):
    check = '--check' in argv
    stale = []
    for name in sorted(os.listdir(ADDONS)):
        addon_dir = os.path.join(ADDONS, name)
        if not os.path.isdir(os.path.join(addon_dir, 'readme')):
            continue
        text = render(addon_dir)
        path = os.path.join(addon_dir, 'README.rst')
        current = open(path, encoding='utf-8').read() \
            if os.path.exists(path) else None
        if current != text:
            if check:
                stale.append(path)
            else:
                with open(path, 'w', encoding='utf-8') as handle:
                    handle.write(text)
    for path in stale:
        sys.stderr.write('%s is out of date: run python tools/gen_readme.py\n'
                         % path)
    return 1 if stale else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
