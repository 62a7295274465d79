// Finds the backlint language server to run, in the order the README documents:
//   1. backlint.path: a backlint executable;
//   2. backlint.interpreter: a Python with backlint installed (or, in a .vsix that carries the
//      server, any Python the bundle supports: it then runs the bundled server);
//   3. the bundled server (a platform-specific .vsix carries backlint and its dependencies in
//      bundled/libs): run by the Python the Python extension has selected, else by the first
//      python3/python on PATH whose version the bundle has binaries for;
//   4. the workspace's virtual environment (trusted workspaces only);
//   5. backlint on PATH.
// Nothing here imports vscode, so the decisions are unit-tested in plain Node
// (test/unit/serverLocator.test.ts).
import { execFile } from "node:child_process";
import { constants as fsConstants, promises as fs } from "node:fs";
import * as path from "node:path";

export interface ServerCommand {
  command: string;
  args: string[];
  // Where the command came from, shown in the output channel and status bar tooltip.
  origin: string;
  // Environment variables the server needs on top of the editor's (PYTHONPATH for the bundle).
  env?: Record<string, string>;
}

export interface LocatorInput {
  pathSetting: string;
  interpreterSetting: string;
  workspaceFolders: string[];
  // Untrusted workspaces must not run executables that the workspace itself provides.
  workspaceTrusted: boolean;
  envPath: string | undefined;
  platform: NodeJS.Platform;
  // <extension>/bundled, where a platform-specific .vsix carries the server (absent otherwise).
  bundledDir?: string;
  // The interpreter the Python extension (ms-python.python) has selected, when it is installed
  // and active; undefined when it is not, or has none.
  pythonExtensionInterpreter?: () => Promise<string | undefined>;
  // The editor's own PYTHONPATH: kept, after the bundle's folder.
  envPythonPath?: string;
  // Notes on what was tried and why it was passed over, for the output channel.
  log?: (message: string) => void;
}

// What bundled/bundle.json (written by scripts/package-vsix.sh) says about the bundle.
export interface Bundle {
  libs: string;
  target: string;
  // Python versions ("3.12") the bundle has binary modules for; empty: any from MIN_PYTHON on.
  python: string[];
  // Dependencies this platform's bundle goes without (no wheel exists for it).
  without: string[];
}

export interface LocatorResult {
  server?: ServerCommand;
  // When no server was found: what the user needs to do.
  hint?: string;
  bundle?: Bundle;
}

// The oldest Python backlint runs on (requires-python in pyproject.toml; a unit test holds the two
// equal).
export const MIN_PYTHON: [number, number] = [3, 11];

const VENV_NAMES = [".venv", "venv", "env"];

export const INSTALL_HINT =
  "backlint is not installed where this editor can find it. Install it with " +
  "`pip install backlint` (into the workspace's .venv, or so that `backlint` is on PATH), " +
  "or point the `backlint.path` setting at the executable or `backlint.interpreter` at a " +
  "Python that has it.";

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

function venvBin(venv: string, name: string, platform: NodeJS.Platform): string {
  return platform === "win32" ? path.join(venv, "Scripts", `${name}.exe`) : path.join(venv, "bin", name);
}

function* onPath(name: string, input: LocatorInput): Generator<string> {
  const file = input.platform === "win32" ? `${name}.exe` : name;
  for (const dir of (input.envPath ?? "").split(path.delimiter)) {
    if (dir) {
      yield path.join(dir, file);
    }
  }
}

// True when `python -m backlint` would work: the module imports.
function hasBacklintModule(python: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ["-c", "import backlint.cli"], { timeout: 15000 }, (error) => resolve(!error));
  });
}

interface PythonProbe {
  version: [number, number];
  // Whether backlint is importable without the bundle (asked only of backlint.interpreter).
  hasBacklint?: boolean;
}

const VERSION_CODE = "import sys; print(sys.version_info[:2])";
const FIND_BACKLINT_CODE = `${VERSION_CODE}; import importlib.util as u; print(u.find_spec('backlint') is not None)`;

// Runs `python -c ...` to learn its version (and, if asked, whether it has backlint itself).
export function probePython(python: string, askBacklint = false): Promise<PythonProbe | undefined> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.PYTHONPATH; // the question is what this interpreter has, not what a path adds
    execFile(
      python,
      ["-c", askBacklint ? FIND_BACKLINT_CODE : VERSION_CODE],
      { timeout: 15000, env, windowsHide: true },
      (error, stdout) => {
        const match = /^\((\d+), (\d+)\)\s*$/m.exec(stdout ?? "");
        if (error || !match) {
          resolve(undefined);
          return;
        }
        const probe: PythonProbe = { version: [Number(match[1]), Number(match[2])] };
        if (askBacklint) {
          probe.hasBacklint = /^True\s*$/m.test(stdout);
        }
        resolve(probe);
      },
    );
  });
}

// The bundle in `bundledDir`, if the .vsix carries one (bundled/libs/backlint is there).
export async function readBundle(bundledDir: string | undefined): Promise<Bundle | undefined> {
  if (!bundledDir) {
    return undefined;
  }
  const libs = path.join(bundledDir, "libs");
  if (!(await isFile(path.join(libs, "backlint", "__init__.py")))) {
    return undefined;
  }
  const bundle: Bundle = { libs, target: "", python: [], without: [] };
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(bundledDir, "bundle.json"), "utf8")) as Partial<Bundle>;
    const strings = (value: unknown) =>
      Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
    bundle.target = typeof manifest.target === "string" ? manifest.target : "";
    bundle.python = strings(manifest.python);
    bundle.without = strings(manifest.without);
  } catch {
    // No manifest (a hand-made bundle): any Python from MIN_PYTHON on.
  }
  return bundle;
}

function versionText(version: [number, number]): string {
  return `${version[0]}.${version[1]}`;
}

function compareVersions(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function bundleRuns(bundle: Bundle, version: [number, number]): boolean {
  if (compareVersions(version, MIN_PYTHON) < 0) {
    return false;
  }
  return bundle.python.length === 0 || bundle.python.includes(versionText(version));
}

// An interpreter that ran but that the bundle cannot run on.
export interface RejectedPython {
  python: string;
  version: [number, number];
}

// What to tell a user whose machine has no Python the bundle can run on.
export function pythonHint(bundle: Bundle, rejected: RejectedPython[]): string {
  const newest = bundle.python
    .map((text) => text.split(".").map(Number) as [number, number])
    .sort(compareVersions)
    .pop();
  const tooNew = newest !== undefined && rejected.some((found) => compareVersions(found.version, newest) > 0);
  const range = tooNew ? `${versionText(MIN_PYTHON)} to ${versionText(newest)}` : `${versionText(MIN_PYTHON)} or newer`;
  const found = rejected.map((item) => `Python ${versionText(item.version)} at ${item.python}`).join("; ");
  return (
    `backlint needs Python ${range}${found ? ` (found: ${found})` : ""}: install it from python.org or your ` +
    "package manager, or set backlint.interpreter."
  );
}

function isInside(file: string, folders: string[]): boolean {
  return folders.some((folder) => {
    const relative = path.relative(folder, file);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  });
}

function bundledServer(bundle: Bundle, python: string, input: LocatorInput, origin: string): ServerCommand {
  const pythonPath = [bundle.libs, input.envPythonPath].filter(Boolean).join(path.delimiter);
  // -P (Python 3.11+): the workspace folder, the server's working directory, is not put on
  // sys.path, so a workspace's own `backlint` or `tree_sitter` folder cannot stand in for the
  // bundle's (the workspace may be untrusted).
  return { command: python, args: ["-P", "-m", "backlint", "serve"], origin, env: { PYTHONPATH: pythonPath } };
}

// The first interpreter the bundle can run on: the Python extension's, then python3, python and
// python3.X (the bundle's versions, newest first) on PATH.
async function findBundlePython(
  bundle: Bundle,
  input: LocatorInput,
  rejected: RejectedPython[],
): Promise<{ python: string; version: [number, number]; from: string } | undefined> {
  const log = input.log ?? (() => undefined);
  const consider = async (python: string, from: string) => {
    const probe = await probePython(python);
    if (!probe) {
      log(`${python} (${from}) did not run as Python`);
      return undefined;
    }
    if (bundleRuns(bundle, probe.version)) {
      return { python, version: probe.version, from };
    }
    rejected.push({ python, version: probe.version });
    const why = compareVersions(probe.version, MIN_PYTHON) < 0 ? "too old" : "newer than this build's bundle supports";
    log(`Python ${versionText(probe.version)} at ${python} (${from}): ${why}`);
    return undefined;
  };

  let selected: string | undefined;
  try {
    selected = await input.pythonExtensionInterpreter?.();
  } catch (error) {
    log(`asking the Python extension for its interpreter failed: ${String(error)}`);
  }
  if (selected) {
    if (!input.workspaceTrusted && isInside(selected, input.workspaceFolders)) {
      log(`not running the Python extension's interpreter ${selected}: it is inside the untrusted workspace`);
    } else {
      const found = await consider(selected, "the Python extension's interpreter");
      if (found) {
        return found;
      }
    }
  }
  const names = ["python3", "python", ...[...bundle.python].reverse().map((version) => `python${version}`)];
  const seen = new Set<string>();
  for (const name of names) {
    for (const candidate of onPath(name, input)) {
      if (seen.has(candidate) || !(await isExecutable(candidate))) {
        continue;
      }
      seen.add(candidate);
      const found = await consider(candidate, "PATH");
      if (found) {
        return found;
      }
      break; // the first `name` on PATH is the one a shell would run
    }
  }
  return undefined;
}

export async function locateServer(input: LocatorInput): Promise<LocatorResult> {
  const log = input.log ?? (() => undefined);
  if (input.pathSetting) {
    return { server: { command: input.pathSetting, args: ["serve"], origin: "the backlint.path setting" } };
  }
  const bundle = await readBundle(input.bundledDir);
  if (input.interpreterSetting) {
    const plain: ServerCommand = {
      command: input.interpreterSetting,
      args: ["-m", "backlint", "serve"],
      origin: "the backlint.interpreter setting",
    };
    if (bundle) {
      // A Python without backlint runs the bundled server; one with its own backlint runs that.
      const probe = await probePython(input.interpreterSetting, true);
      if (probe && !probe.hasBacklint && bundleRuns(bundle, probe.version)) {
        return {
          server: bundledServer(bundle, input.interpreterSetting, input, "the bundled server, run by the backlint.interpreter setting"),
          bundle,
        };
      }
      if (probe && !probe.hasBacklint) {
        log(`backlint.interpreter is Python ${versionText(probe.version)}, which this build's bundle does not run on`);
      }
    }
    return { server: plain, bundle };
  }
  const rejected: RejectedPython[] = [];
  if (bundle) {
    const found = await findBundlePython(bundle, input, rejected);
    if (found) {
      const origin = `the bundled server, run by Python ${versionText(found.version)} at ${found.python} (${found.from})`;
      return { server: bundledServer(bundle, found.python, input, origin), bundle };
    }
  }
  if (input.workspaceTrusted) {
    for (const folder of input.workspaceFolders) {
      for (const venvName of VENV_NAMES) {
        const venv = path.join(folder, venvName);
        const executable = venvBin(venv, "backlint", input.platform);
        if (await isExecutable(executable)) {
          return { server: { command: executable, args: ["serve"], origin: `the workspace environment ${venv}` }, bundle };
        }
        const python = venvBin(venv, "python", input.platform);
        if ((await isExecutable(python)) && (await hasBacklintModule(python))) {
          return {
            server: { command: python, args: ["-m", "backlint", "serve"], origin: `the workspace environment ${venv}` },
            bundle,
          };
        }
      }
    }
  }
  for (const candidate of onPath("backlint", input)) {
    if (await isExecutable(candidate)) {
      return { server: { command: candidate, args: ["serve"], origin: "PATH" }, bundle };
    }
  }
  return { hint: bundle ? pythonHint(bundle, rejected) : INSTALL_HINT, bundle };
}
