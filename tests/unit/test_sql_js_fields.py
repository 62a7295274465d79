"""JavaScript / TypeScript: a runner reached through a field, `this.repo.select(sql)`, where the field's
class is read from a TypeScript type, a `new` in the constructor, or, for an untyped constructor
parameter, from where the project constructs the class."""

from __future__ import annotations

from pathlib import Path

from .test_sql_runners import check

REPOSITORY_JS = """\
const { pool } = require("./db");

class ProductRepository {
  async select(sql) {
    return pool.query(sql);
  }
}

module.exports = { ProductRepository };
"""
CACHE_JS = """\
class ProductCache {
  async select(key) {
    return this.entries.get(key);
  }
}

module.exports = { ProductCache };
"""
SERVICE_JS = """\
class ProductService {
  constructor(repo) {
    this.repo = repo;
  }

  byBrand(brand) {
    return this.repo.select(`SELECT * FROM products WHERE brand = '${brand}'`);
  }

  everything() {
    return this.repo.select("SELECT * FROM products");
  }
}

module.exports = { ProductService };
"""
APP_JS = """\
const { ProductRepository } = require("./repository");
const { ProductService } = require("./service");

const repository = new ProductRepository();
module.exports = new ProductService(repository);
"""
APP_WITH_CACHE_JS = """\
const { ProductCache } = require("./cache");
const { ProductService } = require("./service");

module.exports = new ProductService(new ProductCache());
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "package.json").write_text('{"name": "catalog"}', encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "db.js").write_text('const { Pool } = require("pg");\nmodule.exports = { pool: new Pool() };\n')
    (src / "repository.js").write_text(REPOSITORY_JS, encoding="utf-8")
    (src / "cache.js").write_text(CACHE_JS, encoding="utf-8")
    (src / "service.js").write_text(SERVICE_JS, encoding="utf-8")
    (src / "app.js").write_text(APP_JS, encoding="utf-8")
    return tmp_path


def test_an_untyped_field_holds_what_the_project_constructs_the_class_with(tmp_path: Path):
    project = _project(tmp_path)
    found = check("src", cwd=project)
    assert [(f["path"], f["start"]["line"]) for f in found] == [("src/service.js", 7)]
    assert "passed to select(), which runs its `sql` argument with query() (repository.js:5)" in found[0]["message"]


def test_the_cached_result_follows_a_change_where_the_class_is_constructed(tmp_path: Path):
    project = _project(tmp_path)
    assert len(check("src/service.js", cwd=project)) == 1
    # The service now holds a cache whose select() runs no SQL: nothing to report.
    (project / "src" / "app.js").write_text(APP_WITH_CACHE_JS, encoding="utf-8")
    assert check("src/service.js", cwd=project) == []
    (project / "src" / "app.js").write_text(APP_JS, encoding="utf-8")
    assert len(check("src/service.js", cwd=project)) == 1


def test_typescript_fields_typed_by_parameter_property_declaration_or_new(tmp_path: Path):
    (tmp_path / "package.json").write_text('{"name": "billing"}', encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "repo.ts").write_text(
        'import { Pool } from "pg";\nconst pool = new Pool();\n'
        "export class Repo {\n  async select(sql: string) {\n    return pool.query(sql);\n  }\n}\n",
        encoding="utf-8",
    )
    (src / "svc.ts").write_text(
        """\
import { Repo } from "./repo";
import { Other } from "./other";

export class ByParameterProperty {
  constructor(private readonly repo: Repo) {}
  find(name: string) {
    return this.repo.select(`SELECT * FROM users WHERE name = '${name}'`);
  }
}

export class ByDeclaration {
  repo: Repo;
  constructor(repo: Repo) {
    this.repo = repo;
  }
  find(name: string) {
    return this.repo.select(`SELECT * FROM users WHERE name = '${name}'`);
  }
}

export class ByNew {
  private repo = undefined as unknown as Repo;
  constructor() {
    this.repo = new Repo();
  }
  find(name: string) {
    return this.repo.select(`SELECT * FROM users WHERE name = '${name}'`);
  }
}

export class NotAProjectClass {
  constructor(private readonly repo: Other) {}
  find(name: string) {
    return this.repo.select(`SELECT * FROM users WHERE name = '${name}'`);
  }
}
""",
        encoding="utf-8",
    )
    found = check("src", cwd=tmp_path)
    assert [(f["path"], f["start"]["line"]) for f in found] == [
        ("src/svc.ts", 7),
        ("src/svc.ts", 17),
        ("src/svc.ts", 27),
    ]
