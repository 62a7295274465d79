// What the suites running in the extension host share: the expectations written by
// tests/editors/expectations.py, the driver's step requests (checks of the rendered workbench and
// screenshots), and the checks of diagnostics, hover and the quick fix against the core's findings.
import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { Harness, waitFor } from "./harness";

export interface Range4 {
  start: [number, number];
  end: [number, number];
}

export interface ExpectedFinding {
  rule: string;
  fingerprint: string;
  message: string;
  summary: string;
  utf16: Range4;
  utf8: Range4;
}

export interface Expectations {
  files: Record<string, ExpectedFinding[]>;
  opened: string[];
  unopened: string;
  fix: { file: string; fingerprint: string; title: string; fixedText: string };
  payloadFile: string;
}

interface DriverInfo {
  stepUrl: string;
}

export const EXTENSION_ID = "backlint.backlint";

export function rangeOf(diagnostic: vscode.Diagnostic): Range4 {
  const { start, end } = diagnostic.range;
  return { start: [start.line, start.character], end: [end.line, end.character] };
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === "object" ? String(diagnostic.code.value) : String(diagnostic.code);
}

export function backlintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "backlint");
}

function sortKey(item: { rule: string; range: Range4 }): string {
  return `${item.rule}@${item.range.start.join(":")}-${item.range.end.join(":")}`;
}

// Diagnostics equal to the expected set (rule and UTF-16 range), once the server has published them.
export function waitForFindings(uri: vscode.Uri, expected: ExpectedFinding[], what: string): Promise<vscode.Diagnostic[]> {
  const want = expected.map((finding) => sortKey({ rule: finding.rule, range: finding.utf16 })).sort();
  return waitFor(`${what}: ${want.join(", ") || "no findings"}`, vscode.languages.onDidChangeDiagnostics, () => {
    const diagnostics = backlintDiagnostics(uri);
    const got = diagnostics.map((diagnostic) => sortKey({ rule: codeOf(diagnostic), range: rangeOf(diagnostic) })).sort();
    return JSON.stringify(got) === JSON.stringify(want) ? diagnostics : undefined;
  });
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : "value" in content ? content.value : ""))
    .join("\n");
}

// One suite run: the workspace, its expectations, the harness and the driver's steps.
export class SuiteContext {
  private constructor(
    readonly root: vscode.Uri,
    readonly expectations: Expectations,
    readonly harness: Harness,
    private readonly driver: DriverInfo,
  ) {}

  static async load(): Promise<SuiteContext> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, "the test workspace is open");
    const controlDir = path.join(root.fsPath, ".backlint-e2e");
    const read = async <T>(name: string) => JSON.parse(await fs.readFile(path.join(controlDir, name), "utf8")) as T;
    return new SuiteContext(
      root,
      await read<Expectations>("expectations.json"),
      new Harness(path.join(controlDir, "results.json")),
      await read<DriverInfo>("driver.json"),
    );
  }

  fileUri(name: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, name);
  }

  get fixFile(): vscode.Uri {
    return this.fileUri(this.expectations.fix.file);
  }

  // The finding the hover and quick-fix checks are about, and its range.
  get target(): { finding: ExpectedFinding; range: vscode.Range } {
    const finding = this.expectations.files[this.expectations.fix.file].find(
      (candidate) => candidate.fingerprint === this.expectations.fix.fingerprint,
    );
    assert.ok(finding, "the finding to hover and fix is known");
    const { start, end } = finding.utf16;
    return { finding, range: new vscode.Range(start[0], start[1], end[0], end[1]) };
  }

  // Asks the driver to check the rendered workbench and take a screenshot; it answers when done.
  async step(name: string, text?: string): Promise<void> {
    const query = new URLSearchParams({ name, ...(text === undefined ? {} : { text }) });
    const response = await fetch(`${this.driver.stepUrl}?${query.toString()}`);
    const body = (await response.json()) as { ok: boolean; error?: string };
    assert.ok(body.ok, `workbench check "${name}": ${body.error ?? "failed"}`);
  }

  // Writes the results; throws when a check failed (the extension host then exits non-zero).
  async finish(): Promise<void> {
    await this.harness.write();
    if (this.harness.failed > 0) {
      throw new Error(`${this.harness.failed} of ${this.harness.results.length} checks failed`);
    }
  }
}

// Each opened file's diagnostics equal the core's findings: rule, UTF-16 range, message, data.
export async function checkDiagnostics(context: SuiteContext, names: string[]): Promise<void> {
  for (const name of names) {
    const uri = context.fileUri(name);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const expected = context.expectations.files[name];
    const diagnostics = await waitForFindings(uri, expected, `findings in ${name}`);
    for (const finding of expected) {
      const diagnostic = diagnostics.find(
        (candidate) =>
          codeOf(candidate) === finding.rule &&
          sortKey({ rule: finding.rule, range: rangeOf(candidate) }) === sortKey({ rule: finding.rule, range: finding.utf16 }),
      );
      assert.ok(diagnostic, `${finding.rule} in ${name}`);
      assert.equal(diagnostic.message, finding.message);
      const data = (diagnostic as vscode.Diagnostic & { data?: { rule?: string; fingerprint?: string } }).data;
      assert.equal(data?.rule, finding.rule, "data.rule");
      assert.equal(data?.fingerprint, finding.fingerprint, "data.fingerprint equals the CLI's");
      assert.ok(typeof diagnostic.code === "object" && diagnostic.code.target, "codeDescription.href links the rule's help");
    }
  }
}

// The hover on the target finding names the rule and carries its summary, also as rendered.
export async function checkHover(context: SuiteContext, editor: vscode.TextEditor): Promise<void> {
  const { finding, range } = context.target;
  const text = await hoverText(context.fixFile, range.start);
  assert.ok(text.includes(finding.rule), `hover names ${finding.rule}: ${text}`);
  assert.ok(text.includes(finding.summary), `hover carries the rule summary "${finding.summary}": ${text}`);
  editor.selection = new vscode.Selection(range.start, range.start);
  await vscode.commands.executeCommand("editor.action.showHover");
  await context.step("hover", finding.summary);
}

// The quick fix is offered (also in the rendered menu), and applying it leaves exactly the text
// the core's verified fix produces; the fixed finding goes away.
export async function checkQuickFix(context: SuiteContext, editor: vscode.TextEditor): Promise<void> {
  const { finding, range } = context.target;
  const { fix } = context.expectations;
  const listed = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", context.fixFile, range);
  const titles = listed.map((action) => action.title);
  assert.ok(titles.includes(fix.title), `"${fix.title}" among ${JSON.stringify(titles)}`);
  const quickFix = listed.find((action) => action.title === fix.title);
  assert.ok(quickFix?.kind && vscode.CodeActionKind.QuickFix.contains(quickFix.kind), "the fix is a quickfix");

  editor.selection = new vscode.Selection(range.start, range.start);
  await vscode.commands.executeCommand("editor.action.quickFix");
  await context.step("quickfix", fix.title);

  // Resolve every listed action (the language client fills in lazily computed edits).
  const resolved = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    "vscode.executeCodeActionProvider",
    context.fixFile,
    range,
    undefined,
    listed.length,
  );
  const action = resolved.find((candidate) => candidate.title === fix.title);
  assert.ok(action?.edit, "the quick fix carries its edit");
  const linesBefore = new Set(editor.document.getText().split("\n"));
  const addedLine = fix.fixedText.split("\n").find((line) => line.trim() && !linesBefore.has(line));
  assert.ok(await vscode.workspace.applyEdit(action.edit), "the edit applied");
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
  assert.equal(editor.document.getText(), fix.fixedText);
  await waitFor("the fixed finding to disappear", vscode.languages.onDidChangeDiagnostics, () =>
    backlintDiagnostics(context.fixFile).some((d) => codeOf(d) === finding.rule && d.range.isEqual(range)) ? undefined : true,
  );
  await context.step("after-fix", addedLine?.trim());
  await editor.document.save();
}

// No notification so far was a warning or an error (the driver reads the notification center).
export async function checkNoLoudNotifications(context: SuiteContext): Promise<void> {
  await vscode.commands.executeCommand("notifications.showList");
  try {
    await context.step("notifications");
  } finally {
    await vscode.commands.executeCommand("notifications.hideList");
  }
}
