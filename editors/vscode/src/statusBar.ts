// The status bar item: server state and the number of backlint findings in the workspace.
import * as vscode from "vscode";

export type ServerState = "starting" | "running" | "stopped" | "missing" | "failed";

const ICONS: Record<ServerState, string> = {
  starting: "$(sync~spin)",
  running: "$(shield)",
  stopped: "$(circle-slash)",
  missing: "$(warning)",
  failed: "$(error)",
};

export class BacklintStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly listener: vscode.Disposable;
  private state: ServerState = "starting";
  private detail = "";
  private findings = 0;

  constructor() {
    this.item = vscode.window.createStatusBarItem("backlint.status", vscode.StatusBarAlignment.Left, 10);
    this.item.name = "backlint";
    this.item.command = "backlint.showOutput";
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.countFindings());
    this.countFindings();
    this.item.show();
  }

  get current(): { state: ServerState; findings: number; text: string } {
    return { state: this.state, findings: this.findings, text: this.item.text };
  }

  setState(state: ServerState, detail = ""): void {
    this.state = state;
    this.detail = detail;
    this.render();
  }

  private countFindings(): void {
    let count = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      count += diagnostics.filter((diagnostic) => diagnostic.source === "backlint").length;
    }
    this.findings = count;
    this.render();
  }

  private render(): void {
    const showCount = this.state === "running";
    this.item.text = `${ICONS[this.state]} backlint${showCount ? ` ${this.findings}` : ""}`;
    const lines = [`backlint: server ${this.state}`];
    if (showCount) {
      lines.push(`${this.findings} finding${this.findings === 1 ? "" : "s"} reported`);
    }
    if (this.detail) {
      lines.push(this.detail);
    }
    lines.push("Click to show the output.");
    this.item.tooltip = lines.join("\n");
    this.item.backgroundColor =
      this.state === "failed" || this.state === "missing"
        ? new vscode.ThemeColor("statusBarItem.errorBackground")
        : undefined;
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
