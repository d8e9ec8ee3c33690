"""Maintenance scripts of the templates, not checks: they regenerate committed data (the npm lockfiles
the web and mobile templates include) and are run by hand after a version change, e.g.
`python -m arxscaffold.maintenance.web_lockfiles`."""
