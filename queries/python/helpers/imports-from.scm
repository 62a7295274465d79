; Every `from module import name [as alias]` (checks/errors/python.py: is `suppress` contextlib's?).
(import_from_statement
  module_name: (dotted_name) @module
  name: [(dotted_name) @name (aliased_import name: (dotted_name) @name alias: (identifier) @alias)])
