// The `backlint` settings section as the server reads it (initializationOptions and
// workspace/configuration carry the same object). Keys that only the extension uses stay here.
import * as vscode from "vscode";

export const SECTION = "backlint";
const CLIENT_ONLY_KEYS = new Set(["path", "interpreter"]);

// A JSON-able copy of the section without the extension's own keys. VS Code returns
// dotted keys (backlint.llm.model) as nested objects, which is the server's shape too.
export function serverSettings(scope?: vscode.ConfigurationScope): Record<string, unknown> {
  const section = vscode.workspace.getConfiguration(SECTION, scope);
  const plain = JSON.parse(JSON.stringify(section)) as Record<string, unknown>;
  for (const key of CLIENT_ONLY_KEYS) {
    delete plain[key];
  }
  return plain;
}
