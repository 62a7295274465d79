// Owns the language client: finds the server, starts, stops and restarts it, and reports its
// state to the status bar.
import * as path from "node:path";
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
import { onDidChangePythonInterpreter, pythonExtensionInterpreter } from "./pythonExtension";
import { locateServer, ServerCommand } from "./serverLocator";
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
    "java-properties",
  ].map((language) => ({ language })),
  ...[
    "**/.env",
    "**/.env.*",
    "**/*.tf",
    "**/*.tfvars",
    "**/*.toml",
    "**/Dockerfile",
    "**/Dockerfile.*",
    "**/*.properties",
  ].map((pattern) => ({ pattern })),
];

export class BacklintClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private server: ServerCommand | undefined;
  private interpreterWatch: vscode.Disposable | undefined;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly status: BacklintStatus,
    // The extension's folder: a platform-specific .vsix carries the server in bundled/.
    private readonly extensionPath: string,
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
    const located = await locateServer({
      pathSetting: config.get<string>("path", ""),
      interpreterSetting: config.get<string>("interpreter", ""),
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
      workspaceTrusted: vscode.workspace.isTrusted,
      envPath: process.env.PATH,
      platform: process.platform,
      bundledDir: path.join(this.extensionPath, "bundled"),
      pythonExtensionInterpreter: () => pythonExtensionInterpreter(vscode.workspace.workspaceFolders?.[0]?.uri),
      envPythonPath: process.env.PYTHONPATH,
      log: (message) => this.output.info(message),
    });
    const server = located.server;
    this.server = server;
    if (located.bundle && located.bundle.without.length > 0) {
      this.output.warn(
        `This build for ${located.bundle.target} goes without ${located.bundle.without.join(", ")} ` +
          "(no package exists for this platform): files that need it are not checked.",
      );
    }
    if (!server) {
      const hint = located.hint ?? "backlint: no server found";
      this.output.error(hint);
      this.status.setState("missing", hint);
      // With the bundled server, only a Python is missing: say where to get one.
      const actions = located.bundle ? ["Get Python", "Open Settings", "Show Output"] : ["Open Settings", "Show Output"];
      const choice = await vscode.window.showErrorMessage(hint, ...actions);
      if (choice === "Get Python") {
        await vscode.env.openExternal(vscode.Uri.parse("https://www.python.org/downloads/"));
      } else if (choice === "Open Settings") {
        const setting = located.bundle ? "backlint.interpreter" : "backlint.path";
        await vscode.commands.executeCommand("workbench.action.openSettings", setting);
      } else if (choice === "Show Output") {
        this.output.show();
      }
      return;
    }
    this.output.info(`Starting ${server.command} ${server.args.join(" ")} (from ${server.origin})`);
    if (server.env) {
      this.output.info(`with ${Object.entries(server.env).map(([key, value]) => `${key}=${value}`).join(" ")}`);
    }
    if (/Python extension/.test(server.origin)) {
      // Another interpreter selected in the Python extension: run the server with that one.
      this.interpreterWatch = onDidChangePythonInterpreter(() => void this.restart());
    }

    const serverOptions: ServerOptions = {
      command: server.command,
      args: server.args,
      transport: TransportKind.stdio,
      options: {
        cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
        env: server.env ? { ...process.env, ...server.env } : undefined,
      },
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
    this.interpreterWatch?.dispose();
    this.interpreterWatch = undefined;
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
