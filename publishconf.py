"""Settings for a published copy: ``make publish``.

A mirror sets SITEURL to its own address; it is used only for the Atom feed,
which needs absolute links. No HTML page depends on it: pages keep relative
links, so the same output also works from file:// and from other mirrors.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SAMIZDAT_SITEURL", "https://example.org/samizdat")
RELATIVE_URLS = True
FEED_ALL_ATOM = "feeds/all.atom.xml"
# No DELETE_OUTPUT_DIRECTORY: `make publish` builds into a copy of the
# previous output and site_output removes the files it no longer makes, so
# unchanged pages keep their mtimes.
