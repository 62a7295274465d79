// Owns the language client: finds the server, starts, stops and restarts it, and reports its
// state to the status bar.
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { INSTALL_HINT, locateServer, ServerCommand } from "./serverLocator";
import { SECTION, serverSettings } from "./settings";
import { BacklintStatus } from "./statusBar";

// Code, and the configuration formats backlint reads for secrets (by language where VS Code
// knows it, by file name where it may not have a mode installed).
export const DOCUMENT_SELECTOR: { language?: string; pattern?: string }[] = [
  ...[
    "python",
    "javascript",
    "javascriptreact",
    "typescript",
    "typescriptreact",
    "go",
    "java",
    "php",
    "csharp",
    "ruby",
    "kotlin",
    "rust",
    "yaml",
    "dockercompose",
    "github-actions-workflow",
    "json",
    "jsonc",
    "dotenv",
    "dockerfile",
    "terraform",
    "terraform-vars",
    "toml",
  ].map((language) => ({ language })),
  ...["**/.env", "**/.env.*", "**/*.tf", "**/*.tfvars", "**/*.toml", "**/Dockerfile", "**/Dockerfile.*"].map(
    (pattern) => ({ pattern }),
  ),
];

export class BacklintClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private server: ServerCommand | undefined;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly status: BacklintStatus,
  ) {}

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  get serverCommand(): ServerCommand | undefined {
    return this.server;
  }

  async start(): Promise<void> {
    this.status.setState("starting");
    const config = vscode.workspace.getConfiguration(SECTION);
    const server = await locateServer({
      pathSetting: config.get<string>("path", ""),
      interpreterSetting: config.get<string>("interpreter", ""),
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
      workspaceTrusted: vscode.workspace.isTrusted,
      envPath: process.env.PATH,
      platform: process.platform,
    });
    this.server = server;
    if (!server) {
      this.output.error(INSTALL_HINT);
      this.status.setState("missing", INSTALL_HINT);
      const choice = await vscode.window.showErrorMessage(INSTALL_HINT, "Open Settings", "Show Output");
      if (choice === "Open Settings") {
        await vscode.commands.executeCommand("workbench.action.openSettings", "backlint.path");
      } else if (choice === "Show Output") {
        this.output.show();
      }
      return;
    }
    this.output.info(`Starting ${server.command} ${server.args.join(" ")} (from ${server.origin})`);

    const serverOptions: ServerOptions = {
      command: server.command,
      args: server.args,
      transport: TransportKind.stdio,
      options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR.flatMap((selector) => [
        { scheme: "file", ...selector },
        { scheme: "untitled", ...selector },
      ]),
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: serverSettings(),
      synchronize: { configurationSection: SECTION },
    };
    const client = new LanguageClient("backlint", "backlint", serverOptions, clientOptions);
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        this.status.setState("running", `server: ${server.command} (${server.origin})`);
      } else if (event.newState === State.Stopped) {
        this.status.setState("stopped");
      } else {
        this.status.setState("starting");
      }
    });
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      const message = `backlint: the server ${server.command} (from ${server.origin}) did not start: ${String(error)}`;
      this.output.error(message);
      this.status.setState("failed", message);
      void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
        if (choice) {
          this.output.show();
        }
      });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (error) {
        this.output.warn(`Stopping the server: ${String(error)}`);
      }
      await client.dispose();
    }
    this.status.setState("stopped");
  }

  async restart(): Promise<void> {
    this.output.info("Restarting the server");
    await this.stop();
    await this.start();
  }

  // Runs one of the server's workspace/executeCommand commands.
  async executeServerCommand(command: string, args: unknown[] = []): Promise<unknown> {
    const client = this.client;
    if (!client || !client.isRunning()) {
      void vscode.window.showWarningMessage("backlint: the server is not running (see backlint: Show Output).");
      return undefined;
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  dispose(): void {
    void this.stop();
  }
}
