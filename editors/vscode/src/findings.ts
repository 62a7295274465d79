// Chooses the finding a command is about: the one passed in, the one under the cursor, or one
// the user picks from the active file's findings.
import * as vscode from "vscode";

export interface FindingRef {
  uri: string;
  fingerprint: string;
  rule: string;
  message: string;
}

interface DiagnosticData {
  rule?: string;
  fingerprint?: string;
}

function toRef(uri: vscode.Uri, diagnostic: vscode.Diagnostic): FindingRef | undefined {
  // languageclient keeps the LSP `data` field on the converted diagnostic.
  const data = (diagnostic as vscode.Diagnostic & { data?: DiagnosticData }).data;
  if (diagnostic.source !== "backlint" || !data?.fingerprint) {
    return undefined;
  }
  const code = typeof diagnostic.code === "object" ? String(diagnostic.code.value) : String(diagnostic.code ?? "");
  return { uri: uri.toString(), fingerprint: data.fingerprint, rule: data.rule ?? code, message: diagnostic.message };
}

export function findingsIn(uri: vscode.Uri): FindingRef[] {
  return vscode.languages
    .getDiagnostics(uri)
    .map((diagnostic) => toRef(uri, diagnostic))
    .filter((ref): ref is FindingRef => ref !== undefined);
}

export async function chooseFinding(args: unknown[]): Promise<FindingRef | undefined> {
  const [uriArg, fingerprintArg] = args;
  if (typeof uriArg === "string" && typeof fingerprintArg === "string") {
    const known = findingsIn(vscode.Uri.parse(uriArg)).find((ref) => ref.fingerprint === fingerprintArg);
    return known ?? { uri: uriArg, fingerprint: fingerprintArg, rule: "", message: "" };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("backlint: open a file with a finding first.");
    return undefined;
  }
  const uri = editor.document.uri;
  const diagnostics = vscode.languages.getDiagnostics(uri);
  const atCursor = diagnostics
    .filter((diagnostic) => diagnostic.range.contains(editor.selection.active))
    .map((diagnostic) => toRef(uri, diagnostic))
    .find((ref) => ref !== undefined);
  if (atCursor) {
    return atCursor;
  }
  const all = findingsIn(uri);
  if (all.length === 0) {
    void vscode.window.showInformationMessage("backlint: no findings in this file.");
    return undefined;
  }
  if (all.length === 1) {
    return all[0];
  }
  const picked = await vscode.window.showQuickPick(
    all.map((ref) => ({ label: ref.rule, description: ref.message, ref })),
    { placeHolder: "Which finding?" },
  );
  return picked?.ref;
}
