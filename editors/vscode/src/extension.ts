// Entry point: wires the output channel, status bar, language client and commands.
import * as vscode from "vscode";
import { BacklintClient } from "./client";
import { registerCommands } from "./commands";
import { BacklintStatus } from "./statusBar";

// What activate() returns: lets the end-to-end tests read the extension's state.
export interface BacklintApi {
  client: BacklintClient;
  status: BacklintStatus;
}

let backlint: BacklintClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<BacklintApi> {
  const output = vscode.window.createOutputChannel("backlint", { log: true });
  const status = new BacklintStatus();
  const client = new BacklintClient(output, status, context.extensionPath);
  backlint = client;
  context.subscriptions.push(output, status, client, ...registerCommands(client, output));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The server picks up its own settings through workspace/configuration; only a change of
      // which server to run needs a restart.
      if (event.affectsConfiguration("backlint.path") || event.affectsConfiguration("backlint.interpreter")) {
        void client.restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.restart()),
  );

  await client.start();
  return { client, status };
}

export async function deactivate(): Promise<void> {
  await backlint?.stop();
}
