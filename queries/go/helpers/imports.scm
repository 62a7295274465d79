; Every import, with its alias when it has one (checks/errors/go.py: the names that are packages).
(import_spec name: (_)? @alias path: (_) @path)
