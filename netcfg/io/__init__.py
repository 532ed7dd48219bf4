"""Reading and writing files: the only layer that touches bytes on disk.

* reading: :mod:`~netcfg.io.inputs` (any input to a model), :mod:`~netcfg.io.xml_reader` (a ``.netcfg``),
  :mod:`~netcfg.io.topology` (a topology TOML), :mod:`~netcfg.io.encodings` (declared encodings, BOMs),
  :mod:`~netcfg.io.xsd` (the document's shape), :mod:`~netcfg.io.source_map` (where each element is in the text);
* writing: :mod:`~netcfg.io.xml_writer` (model to elements), :mod:`~netcfg.io.writing` (atomic, all-or-nothing
  writes and in-place edits);
* :mod:`~netcfg.io.assets`: the schema and templates shipped in the package.
"""
