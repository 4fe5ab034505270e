# Input of `odoo-bin shell -d DB`: compile the stylesheets and scripts the
# QWeb report layout links (its editable variant links the editor's too), as
# the first report rendered on a new database would, and keep them.
#
# make test runs it once the dependencies are installed. A test rolls back
# what it created when it ends, the compiled bundles included, so on a
# database where no report was ever rendered each test that renders one
# (e-mails with a PDF, contract documents, signatures) compiled them again:
# about two seconds a test. Our addons add nothing to these bundles, so their
# versions stay the same while the addons install.
editable = bool(env['ir.module.module'].search(  # noqa: F821
    [('name', '=', 'web_editor'), ('state', '=', 'installed')]))
env['ir.qweb'].render(  # noqa: F821
    'web.report_layout', {'editable': editable})
env.cr.commit()  # noqa: F821
