// Finds the backlint language server to run, in the order the README documents:
// backlint.path, backlint.interpreter, the workspace's virtual environment, PATH.
import { execFile } from "node:child_process";
import { constants as fsConstants, promises as fs } from "node:fs";
import * as path from "node:path";

export interface ServerCommand {
  command: string;
  args: string[];
  // Where the command came from, shown in the output channel and status bar tooltip.
  origin: string;
}

export interface LocatorInput {
  pathSetting: string;
  interpreterSetting: string;
  workspaceFolders: string[];
  // Untrusted workspaces must not run executables that the workspace itself provides.
  workspaceTrusted: boolean;
  envPath: string | undefined;
  platform: NodeJS.Platform;
}

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

function venvBin(venv: string, name: string, platform: NodeJS.Platform): string {
  return platform === "win32" ? path.join(venv, "Scripts", `${name}.exe`) : path.join(venv, "bin", name);
}

// True when `python -m backlint` would work: the module imports.
function hasBacklintModule(python: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ["-c", "import backlint.cli"], { timeout: 15000 }, (error) => resolve(!error));
  });
}

export async function locateServer(input: LocatorInput): Promise<ServerCommand | undefined> {
  if (input.pathSetting) {
    return { command: input.pathSetting, args: ["serve"], origin: "the backlint.path setting" };
  }
  if (input.interpreterSetting) {
    return {
      command: input.interpreterSetting,
      args: ["-m", "backlint", "serve"],
      origin: "the backlint.interpreter setting",
    };
  }
  if (input.workspaceTrusted) {
    for (const folder of input.workspaceFolders) {
      for (const venvName of VENV_NAMES) {
        const venv = path.join(folder, venvName);
        const executable = venvBin(venv, "backlint", input.platform);
        if (await isExecutable(executable)) {
          return { command: executable, args: ["serve"], origin: `the workspace environment ${venv}` };
        }
        const python = venvBin(venv, "python", input.platform);
        if ((await isExecutable(python)) && (await hasBacklintModule(python))) {
          return { command: python, args: ["-m", "backlint", "serve"], origin: `the workspace environment ${venv}` };
        }
      }
    }
  }
  const name = input.platform === "win32" ? "backlint.exe" : "backlint";
  for (const dir of (input.envPath ?? "").split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) {
      return { command: candidate, args: ["serve"], origin: "PATH" };
    }
  }
  return undefined;
}
