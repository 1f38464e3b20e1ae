"""Pelican's Writer, writing each file by replacement and only when it changed.

Pelican's own Writer opens every output file for writing in place. Here the
text is collected and handed to samizdat_contract.cache.write_if_changed:
an unchanged page keeps its bytes, inode and mtime, and a page hard-linked
from the previous output (make html starts the new output as such a copy)
is replaced, never modified through the link.
"""

import io
import os

from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from samizdat_contract.cache import note_output_file, write_if_changed

from .pages import PageKeys, page_keys_for


class ReplacedFile(io.StringIO):
    """A text stream whose content replaces ``path`` when it is closed."""

    def __init__(self, path: str, encoding: str):
        super().__init__()
        self.path, self.target_encoding = path, encoding

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.target_encoding)
            super().close()
            write_if_changed(self.path, data)


class ReplacingWriter(Writer):
    """Pelican's Writer; a page whose key (pages.PageKeys) did not change,
    and whose file is still the one written, is not rendered again. Pages
    without a key (Pelican's paginated ones, and those whose values a key
    cannot see into) are rendered every time."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.pages: PageKeys | None = page_keys_for(settings) if settings else None

    def write_file(self, name, template, context, *args, **kwargs):
        pages = self.pages
        if pages is None or args or kwargs.get("paginated"):
            return super().write_file(name, template, context, *args, **kwargs)
        path = sanitised_join(self.output_path, name)
        key = pages.key(name, template, context, kwargs)
        if key is None:
            return super().write_file(name, template, context, **kwargs)
        if pages.unchanged(path, name, key):
            note_output_file(path)
            self._written_files.add(path)
            return None
        written = super().write_file(name, template, context, **kwargs)
        pages.remember(path, name, key)
        return written

    def _open_w(self, filename, encoding, override=False):
        """Pelican's rules for writing a name twice (writers.Writer._open_w),
        then a ReplacedFile instead of a file opened in place."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time '
                    "(was previously overwritten)"
                )
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return ReplacedFile(filename, encoding)
