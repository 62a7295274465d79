// The extension's commands. Server commands (backlint.scanWorkspace, backlint.explain,
// backlint.showPayload) are registered by the language client itself; these wrap them so they
// work from the command palette, about the finding under the cursor.
import * as vscode from "vscode";
import { BacklintClient } from "./client";
import { chooseFinding } from "./findings";

export function registerCommands(client: BacklintClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand("backlint.scan", () => client.executeServerCommand("backlint.scanWorkspace")),

    vscode.commands.registerCommand("backlint.explainFinding", async (...args: unknown[]) => {
      const finding = await chooseFinding(args);
      if (finding) {
        // The server opens the explanation itself (window/showDocument).
        return client.executeServerCommand("backlint.explain", [finding.uri, finding.fingerprint]);
      }
      return undefined;
    }),

    vscode.commands.registerCommand("backlint.showPayloadForFinding", async (...args: unknown[]) => {
      const finding = await chooseFinding(args);
      if (finding) {
        // Sends nothing to a model: the server returns the request it would make and opens it.
        return client.executeServerCommand("backlint.showPayload", [finding.uri, finding.fingerprint]);
      }
      return undefined;
    }),

    vscode.commands.registerCommand("backlint.restart", () => client.restart()),

    vscode.commands.registerCommand("backlint.showOutput", () => output.show()),
  ];
}
