// Unit tests of the server locator's decisions (src/serverLocator.ts), in plain Node:
//   npm run test:unit     (esbuild bundles this file; node --test runs it)
// Interpreters are small shell scripts that answer the locator's probe as a Python of a given
// version would, so every branch runs the real probing code.
import * as assert from "node:assert/strict";
import { promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { INSTALL_HINT, locateServer, LocatorInput, MIN_PYTHON } from "../../src/serverLocator";

const EXTENSION_ROOT = path.resolve(__dirname, "..", "..", "..");
const REPO_ROOT = path.resolve(EXTENSION_ROOT, "..", "..");
const posixOnly = { skip: process.platform === "win32" ? "the stand-in interpreters are shell scripts" : false };

async function scratch(): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "backlint-locator-")));
}

// An executable that answers like Python `version` ("3.12"); with `hasBacklint`, as one that has
// backlint installed. `broken`: exits 1 (the Microsoft Store's python.exe stand-in, a dead venv).
async function fakePython(dir: string, name: string, version: string, options: { hasBacklint?: boolean; broken?: boolean } = {}) {
  await fs.mkdir(dir, { recursive: true });
  const [major, minor] = version.split(".");
  const file = path.join(dir, name);
  const body = options.broken
    ? "exit 1"
    : [
        `case "$2" in *"import backlint.cli"*) ${options.hasBacklint ? "exit 0" : "exit 1"} ;; esac`,
        `echo "(${major}, ${minor})"`,
        `echo ${options.hasBacklint ? "True" : "False"}`,
      ].join("\n");
  await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

// <root>/bundled as scripts/package-vsix.sh leaves it; `python: null` writes no bundle.json.
async function fakeBundle(root: string, python: string[] | null = ["3.11", "3.12", "3.13", "3.14"]): Promise<string> {
  const bundled = path.join(root, "bundled");
  await fs.mkdir(path.join(bundled, "libs", "backlint"), { recursive: true });
  await fs.writeFile(path.join(bundled, "libs", "backlint", "__init__.py"), "");
  if (python) {
    await fs.writeFile(path.join(bundled, "bundle.json"), JSON.stringify({ target: "linux-x64", backlint: "0.1.0", python, without: [] }));
  }
  return bundled;
}

function input(overrides: Partial<LocatorInput>): LocatorInput {
  return {
    pathSetting: "",
    interpreterSetting: "",
    workspaceFolders: [],
    workspaceTrusted: true,
    envPath: "",
    platform: process.platform,
    ...overrides,
  };
}

describe("the locator's order", posixOnly, () => {
  it("backlint.path wins over everything", async () => {
    const root = await scratch();
    const result = await locateServer(
      input({ pathSetting: "/opt/backlint", interpreterSetting: "/usr/bin/python3", bundledDir: await fakeBundle(root) }),
    );
    assert.deepEqual(result.server, { command: "/opt/backlint", args: ["serve"], origin: "the backlint.path setting" });
  });

  it("backlint.interpreter without a bundle runs `-m backlint serve`, unprobed", async () => {
    const result = await locateServer(input({ interpreterSetting: "/nowhere/python" }));
    assert.deepEqual(result.server, {
      command: "/nowhere/python",
      args: ["-m", "backlint", "serve"],
      origin: "the backlint.interpreter setting",
    });
  });

  it("backlint.interpreter without backlint runs the bundled server", async () => {
    const root = await scratch();
    const python = await fakePython(path.join(root, "elsewhere"), "python", "3.13");
    const bundledDir = await fakeBundle(root);
    const result = await locateServer(input({ interpreterSetting: python, bundledDir }));
    assert.equal(result.server?.command, python);
    assert.deepEqual(result.server?.args, ["-P", "-m", "backlint", "serve"]);
    assert.equal(result.server?.env?.PYTHONPATH, path.join(bundledDir, "libs"));
    assert.match(result.server?.origin ?? "", /bundled server, run by the backlint.interpreter setting/);
  });

  it("backlint.interpreter with its own backlint runs that one", async () => {
    const root = await scratch();
    const python = await fakePython(path.join(root, "venv"), "python", "3.12", { hasBacklint: true });
    const result = await locateServer(input({ interpreterSetting: python, bundledDir: await fakeBundle(root) }));
    assert.deepEqual(result.server?.args, ["-m", "backlint", "serve"]);
    assert.equal(result.server?.env, undefined);
  });

  it("the bundle comes before the workspace's virtual environment and PATH", async () => {
    const root = await scratch();
    const workspace = path.join(root, "workspace");
    await fakePython(path.join(workspace, ".venv", "bin"), "backlint", "3.12");
    const bin = path.join(root, "bin");
    await fakePython(bin, "backlint", "3.12");
    const python3 = await fakePython(bin, "python3", "3.11");
    const result = await locateServer(
      input({ workspaceFolders: [workspace], envPath: bin, bundledDir: await fakeBundle(root) }),
    );
    assert.equal(result.server?.command, python3);
    assert.equal(result.server?.origin, `the bundled server, run by Python 3.11 at ${python3} (PATH)`);
  });

  it("without a bundle: the workspace's .venv, then backlint on PATH, then the install hint", async () => {
    const root = await scratch();
    const workspace = path.join(root, "workspace");
    const bin = path.join(root, "bin");
    const onPath = await fakePython(bin, "backlint", "3.12");
    await fakePython(bin, "python3", "3.12");
    const bundledDir = path.join(root, "no-bundle"); // a universal .vsix has no bundled/
    assert.equal((await locateServer(input({ workspaceFolders: [workspace], envPath: bin, bundledDir }))).server?.command, onPath);
    const venvBacklint = await fakePython(path.join(workspace, ".venv", "bin"), "backlint", "3.12");
    assert.equal((await locateServer(input({ workspaceFolders: [workspace], envPath: bin, bundledDir }))).server?.command, venvBacklint);
    const none = await locateServer(input({ envPath: path.join(root, "empty"), bundledDir }));
    assert.equal(none.server, undefined);
    assert.equal(none.hint, INSTALL_HINT);
  });
});

describe("the Python that runs the bundled server", posixOnly, () => {
  it("is the Python extension's interpreter first, with PYTHONPATH set to the bundle", async () => {
    const root = await scratch();
    const selected = await fakePython(path.join(root, "selected"), "python", "3.12");
    const bin = path.join(root, "bin");
    await fakePython(bin, "python3", "3.11");
    const bundledDir = await fakeBundle(root);
    const result = await locateServer(
      input({ envPath: bin, bundledDir, pythonExtensionInterpreter: async () => selected, envPythonPath: "/home/me/lib" }),
    );
    assert.deepEqual(result.server, {
      command: selected,
      args: ["-P", "-m", "backlint", "serve"],
      origin: `the bundled server, run by Python 3.12 at ${selected} (the Python extension's interpreter)`,
      env: { PYTHONPATH: [path.join(bundledDir, "libs"), "/home/me/lib"].join(path.delimiter) },
    });
  });

  it("falls back to PATH when the Python extension is absent, fails, or selects an unusable interpreter", async () => {
    const root = await scratch();
    const bin = path.join(root, "bin");
    const python3 = await fakePython(bin, "python3", "3.13");
    const tooOld = await fakePython(path.join(root, "old"), "python", "3.10");
    const bundledDir = await fakeBundle(root);
    for (const pythonExtensionInterpreter of [
      undefined,
      async () => undefined,
      async () => {
        throw new Error("the Python extension's API changed");
      },
      async () => tooOld,
      async () => path.join(root, "a-folder-not-an-interpreter"),
    ]) {
      const result = await locateServer(input({ envPath: bin, bundledDir, pythonExtensionInterpreter }));
      assert.equal(result.server?.command, python3);
    }
  });

  it("skips the Python extension's interpreter inside an untrusted workspace", async () => {
    const root = await scratch();
    const workspace = path.join(root, "workspace");
    const inWorkspace = await fakePython(path.join(workspace, ".venv", "bin"), "python", "3.12");
    const bin = path.join(root, "bin");
    const python3 = await fakePython(bin, "python3", "3.11");
    const options = { envPath: bin, bundledDir: await fakeBundle(root), workspaceFolders: [workspace], pythonExtensionInterpreter: async () => inWorkspace };
    assert.equal((await locateServer(input({ ...options, workspaceTrusted: false }))).server?.command, python3);
    assert.equal((await locateServer(input({ ...options, workspaceTrusted: true }))).server?.command, inWorkspace);
  });

  it("is python3, else python, else python3.X on PATH: the first whose version the bundle runs", async () => {
    const root = await scratch();
    const first = path.join(root, "first");
    const second = path.join(root, "second");
    await fakePython(first, "python3", "3.10");
    const python = await fakePython(second, "python", "3.12");
    const bundledDir = await fakeBundle(root);
    const envPath = [first, second].join(path.delimiter);
    assert.equal((await locateServer(input({ envPath, bundledDir }))).server?.command, python);

    // python3 is newer than the bundle's binaries, python is missing: python3.13 is taken.
    const third = path.join(root, "third");
    await fakePython(third, "python3", "3.15");
    const versioned = await fakePython(third, "python3.13", "3.13");
    assert.equal((await locateServer(input({ envPath: third, bundledDir }))).server?.command, versioned);
  });

  it("passes over interpreters that do not run", async () => {
    const root = await scratch();
    const bin = path.join(root, "bin");
    await fakePython(bin, "python3", "3.12", { broken: true });
    const python = await fakePython(bin, "python", "3.12");
    assert.equal((await locateServer(input({ envPath: bin, bundledDir: await fakeBundle(root) }))).server?.command, python);
  });

  it("without bundle.json, any Python from the minimum on runs it", async () => {
    const root = await scratch();
    const bin = path.join(root, "bin");
    const python3 = await fakePython(bin, "python3", "3.19");
    const result = await locateServer(input({ envPath: bin, bundledDir: await fakeBundle(root, null) }));
    assert.equal(result.server?.command, python3);
  });
});

describe("no Python for the bundle", posixOnly, () => {
  it("falls back to the workspace's .venv when it has backlint", async () => {
    const root = await scratch();
    const workspace = path.join(root, "workspace");
    const venvBacklint = await fakePython(path.join(workspace, ".venv", "bin"), "backlint", "3.12");
    const result = await locateServer(input({ workspaceFolders: [workspace], envPath: path.join(root, "empty"), bundledDir: await fakeBundle(root) }));
    assert.equal(result.server?.command, venvBacklint);
  });

  it("says exactly what to install", async () => {
    const root = await scratch();
    const nothing = await locateServer(input({ envPath: path.join(root, "empty"), bundledDir: await fakeBundle(root) }));
    assert.equal(nothing.server, undefined);
    assert.equal(
      nothing.hint,
      "backlint needs Python 3.11 or newer: install it from python.org or your package manager, or set backlint.interpreter.",
    );

    const bin = path.join(root, "bin");
    const old = await fakePython(bin, "python3", "3.9");
    const tooOld = await locateServer(input({ envPath: bin, bundledDir: await fakeBundle(root) }));
    assert.equal(
      tooOld.hint,
      `backlint needs Python 3.11 or newer (found: Python 3.9 at ${old}): install it from python.org or your package manager, or set backlint.interpreter.`,
    );

    const newer = path.join(root, "newer");
    const tooNew = await fakePython(newer, "python3", "3.15");
    const result = await locateServer(input({ envPath: newer, bundledDir: await fakeBundle(root) }));
    assert.match(result.hint ?? "", new RegExp(`^backlint needs Python 3\\.11 to 3\\.14 \\(found: Python 3\\.15 at ${tooNew}\\): `));
  });
});

describe("the versions agree with the server's", () => {
  it("MIN_PYTHON is pyproject.toml's requires-python", () => {
    const pyproject = readFileSync(path.join(REPO_ROOT, "pyproject.toml"), "utf8");
    const match = /^requires-python\s*=\s*">=(\d+)\.(\d+)"/m.exec(pyproject);
    assert.ok(match, "requires-python in pyproject.toml");
    assert.deepEqual(MIN_PYTHON, [Number(match[1]), Number(match[2])]);
  });

  it("the packaging script bundles binaries from MIN_PYTHON on", () => {
    const script = readFileSync(path.join(REPO_ROOT, "scripts", "package-vsix.sh"), "utf8");
    const match = /^PYTHON_VERSIONS=\(([^)]*)\)/m.exec(script);
    assert.ok(match, "PYTHON_VERSIONS in scripts/package-vsix.sh");
    assert.equal(match[1].split(/\s+/)[0], MIN_PYTHON.join("."));
  });
});
