// The interpreter the Python extension (ms-python.python) has selected, through its public API
// (`exports.environments`). Read defensively: the extension may be missing, inactive, an older
// release with another API, or slow; any of these means "no answer", never an error.
import * as vscode from "vscode";

const PYTHON_EXTENSION = "ms-python.python";
const ANSWER_WITHIN_MS = 5000;

interface EnvironmentPath {
  id?: string;
  path?: string;
}

interface ResolvedEnvironment {
  executable?: { uri?: vscode.Uri };
}

interface EnvironmentsApi {
  getActiveEnvironmentPath?: (resource?: vscode.Uri) => EnvironmentPath | Promise<EnvironmentPath> | undefined;
  resolveEnvironment?: (environment: EnvironmentPath | string) => Promise<ResolvedEnvironment | undefined>;
  onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
}

function environmentsApi(): EnvironmentsApi | undefined {
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!extension?.isActive) {
    return undefined; // activating it would cost every user of backlint the Python extension's start-up
  }
  const exports = extension.exports as { environments?: EnvironmentsApi } | undefined;
  return exports?.environments;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

export async function pythonExtensionInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  try {
    const environments = environmentsApi();
    if (typeof environments?.getActiveEnvironmentPath !== "function") {
      return undefined;
    }
    const active = await within(Promise.resolve(environments.getActiveEnvironmentPath(resource)), ANSWER_WITHIN_MS);
    if (!active || typeof active.path !== "string" || !active.path) {
      return undefined;
    }
    // The path may name an environment folder rather than its interpreter: resolve it when the API can.
    if (typeof environments.resolveEnvironment === "function") {
      const resolved = await within(environments.resolveEnvironment(active), ANSWER_WITHIN_MS);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) {
        return executable;
      }
    }
    return active.path;
  } catch {
    return undefined;
  }
}

// Fires when the user selects another interpreter in the Python extension (nothing when it is absent).
export function onDidChangePythonInterpreter(listener: () => void): vscode.Disposable {
  try {
    const event = environmentsApi()?.onDidChangeActiveEnvironmentPath;
    if (typeof event === "function") {
      return event(() => listener());
    }
  } catch {
    // an API this code does not know: no notifications
  }
  return new vscode.Disposable(() => undefined);
}
