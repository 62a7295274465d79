"""The pre-commit hook the repository offers runs the installed CLI on the file types it reads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_hook_is_backlint_check_on_the_languages_backlint_reads(tmp_path: Path):
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: backlint$", text, re.M)
    entry = re.search(r"^\s+entry: (.+)$", text, re.M).group(1).split()
    assert entry == ["backlint", "check"]
    files = re.compile(re.search(r"^\s+files: '(.+)'$", text, re.M).group(1))
    exclude = re.compile(re.search(r"^\s+exclude: '(.+)'$", text, re.M).group(1))
    # The hook selects exactly the files the CLI reads (pre-commit matches with re.search).
    from backlint.core import languages, walk

    for name in [
        "app/orders.py", "web/src/api.ts", "web/src/App.tsx", "svc/main.go", "src/Main.java", "lib/db.mjs",
        "config/application.yml", "docker-compose.yaml", "appsettings.json", ".env", "deploy/.env.production",
        "infra/main.tf", "prod.tfvars", "Dockerfile", "docker/Dockerfile.prod", "api.Dockerfile", "pyproject.toml",
        "app/Http/Kernel.php", "src/Api/Startup.cs", "app/models/user.rb", "lib/tasks/db.rake", "Rakefile",
        "src/Main.kt", "build.gradle.kts", "src/main.rs",
        "README.md", "setup.cfg", "notes.txt", "package-lock.json", "types/index.d.ts", ".envrc",
    ]:  # fmt: skip
        selected = bool(files.search(name)) and not exclude.search(name)
        read = languages.for_path(name) is not None and not walk._excluded_name(Path(name).name)
        assert selected == read, name
    # pre-commit appends the staged file names to the entry: the CLI takes them as they come.
    staged = tmp_path / "orders.py"
    staged.write_text("def f():\n    try:\n        g()\n    except Exception:\n        pass\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "backlint", *entry[1:], str(staged)], capture_output=True, text=True)
    assert done.returncode == 1 and "BL201" in done.stdout
