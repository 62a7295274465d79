// The end-to-end suite for the platform-specific .vsix that carries the server
// (scripts/package-vsix.sh), installed into code-server with --install-extension and run where no
// backlint is installed: only a system Python is on PATH (tests/editors/test_vscode_bundled.py sets
// that up and writes .backlint-e2e/environment.json). The extension must find that Python, run the
// bundled server with it, and show diagnostics, a hover and a quick fix as the core computes them.
import * as assert from "node:assert/strict";
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { BacklintApi } from "../../src/extension";
import { checkDiagnostics, checkHover, checkNoLoudNotifications, checkQuickFix, EXTENSION_ID, SuiteContext } from "./common";

interface Environment {
  // The python3 a shell finds on this PATH: the one the extension must run the server with.
  python: string;
  // The target the .vsix was built for.
  target: string;
}

export async function run(): Promise<void> {
  const context = await SuiteContext.load();
  const { expectations, harness } = context;
  const environment = JSON.parse(
    await fs.readFile(path.join(context.root.fsPath, ".backlint-e2e", "environment.json"), "utf8"),
  ) as Environment;
  let api: BacklintApi | undefined;
  let fixEditor: vscode.TextEditor | undefined;

  await harness.check("the installed .vsix runs its bundled server with the system Python", async () => {
    const extension = vscode.extensions.getExtension<BacklintApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
    const bundled = path.join(extension.extensionPath, "bundled");
    assert.ok(existsSync(path.join(bundled, "libs", "backlint", "__init__.py")), `${bundled} carries backlint`);
    const manifest = JSON.parse(await fs.readFile(path.join(bundled, "bundle.json"), "utf8")) as { target: string };
    assert.equal(manifest.target, environment.target);
    fixEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(context.fixFile));
    api = await extension.activate();
    const server = api.client.serverCommand;
    assert.ok(server, "a server was found");
    assert.match(server.origin, /^the bundled server, run by Python 3\.\d+ at .* \(PATH\)$/);
    assert.equal(server.command, environment.python);
    assert.deepEqual(server.args, ["-P", "-m", "backlint", "serve"]);
    assert.equal(server.env?.PYTHONPATH?.split(path.delimiter)[0], path.join(bundled, "libs"));
    assert.equal(api.status.current.state, "running");
  });

  await harness.check("diagnostics match the core's findings (rule, UTF-16 range, fields)", async () => {
    await checkDiagnostics(context, expectations.opened);
    fixEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(context.fixFile), {
      preview: false,
    });
  });

  await harness.check("squiggles are drawn in the editor", () => context.step("squiggles"));

  await harness.check("hover explains the finding", async () => {
    assert.ok(fixEditor, "the file to hover is open");
    await checkHover(context, fixEditor);
  });

  await harness.check("no warning or error notification", () => checkNoLoudNotifications(context));

  await harness.check("the quick fix is offered and changes the file exactly as the core's fix", async () => {
    assert.ok(fixEditor, "the file to fix is open");
    await checkQuickFix(context, fixEditor);
  });

  await context.finish();
}
