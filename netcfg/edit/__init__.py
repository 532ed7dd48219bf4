"""Edits to an existing ``.netcfg`` that keep every byte they do not mean to change.

``Set-AzureVNetConfig`` replaces a subscription's whole configuration, so an edited export must
keep BOM, CRLF, comments, order and odd names. Both edits take a :class:`Document` (read and
checked strictly, so an edit never works on a file that breaks the schema).
"""

from netcfg.edit.document import Document
from netcfg.edit.merge import Merged, merge
from netcfg.edit.patch import patch, patch_plan

__all__ = ["Document", "Merged", "merge", "patch", "patch_plan"]
