"""The written contract between Samizdat's plugins (not a Pelican plugin).

Each plugin reads and writes what crosses plugin boundaries only through
the names defined here, once:

- metadata.py: the keys an article carries, their types, and which plugin
  sets each one;
- languages.py: the languages the site is organised for by default, and
  the text-direction rule (CLDR through Babel) for any language tag;
- settings.py: one validation helper for every plugin's settings;
- cache.py: where build caches live, how their entries are keyed and
  trusted, and how output files are replaced only when their bytes change;
- memory.py: free heap memory handed back to the system between phases;
- output_ready.py: when the output folder may be touched, as make html
  starts it as a copy of the last one beside the build;
- COPY_INFO_NAME: the copy-info file site_pages writes into the output and
  samizdat_bundle reads back when it signs a copy.

Nothing here knows Pelican, and nothing runs at import time.
"""

from .languages import SUPPORTED_LANGUAGES, text_direction
from .settings import SettingsError, validate

# In the output folder: {"site": str, "version": int, "date": ISO 8601 str}.
# site_pages writes it; bundles sign it and the verify page shows it.
COPY_INFO_NAME = "samizdat.json"

__all__ = [
    "COPY_INFO_NAME",
    "SUPPORTED_LANGUAGES",
    "SettingsError",
    "text_direction",
    "validate",
]
