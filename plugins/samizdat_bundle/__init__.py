"""Signed, verifiable, updatable bundles of a built site, and ZIM files.

As a Pelican plugin it only puts the signing public key into the settings,
for the "How to verify this copy" page; the work is done by the command line
(cli.py) after a build.
"""

from pelican import signals

from .glue import on_initialized


def register():
    signals.initialized.connect(on_initialized)
