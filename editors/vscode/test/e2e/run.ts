// Drives the end-to-end run: starts code-server (VS Code with a Node extension host) on
// 127.0.0.1 with every XDG directory in a temporary folder, opens the workspace in headless
// Chromium with the extension under development and the suite in test/suite, answers the suite's
// requests to check the rendered workbench and take screenshots, and ends the whole process
// group afterwards. Exit code 0 only when every check passed.
//
//   node out/test/e2e/run.js --code-server <entry.js> --chromium <binary> --workspace <dir>
//        --extension <dir> --artifacts <dir> [--timeout <seconds>]
//        [--suite <file.js>] [--install <file.vsix>]
//
// --extension is loaded as the extension under development; --suite is the test suite the
// extension host runs (default: <extension>/out/test/suite/index.js). --install installs a .vsix
// into the fresh profile with `code-server --install-extension` first: the packaged extension then
// runs as a user has it, with --extension naming a stand-in host for the suite (test/host).
import { ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { BrowserContext, chromium, Page } from "playwright-core";

interface Options {
  codeServer: string;
  chromium: string;
  workspace: string;
  extension: string;
  artifacts: string;
  timeoutSeconds: number;
  suite: string;
  install: string | undefined;
}

// Flags known to keep Chromium quiet and offline in a container.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function parseArgs(argv: string[]): Options {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const key = argv[index];
    if (!key.startsWith("--") || index + 1 >= argv.length) {
      throw new Error(`bad argument: ${key}`);
    }
    values.set(key.slice(2), argv[index + 1]);
  }
  const need = (key: string) => {
    const value = values.get(key);
    if (!value) {
      throw new Error(`missing --${key}`);
    }
    return path.resolve(value);
  };
  const extension = need("extension");
  const install = values.get("install");
  return {
    codeServer: need("code-server"),
    chromium: need("chromium"),
    workspace: need("workspace"),
    extension,
    artifacts: need("artifacts"),
    timeoutSeconds: Number(values.get("timeout") ?? "240"),
    suite: path.resolve(values.get("suite") ?? path.join(extension, "out", "test", "suite", "index.js")),
    install: install ? path.resolve(install) : undefined,
  };
}

// What each step checks in the rendered workbench before its screenshot; `text`, when the suite
// sends one, is what the checked element must show.
type StepCheck = (page: Page, text: string | null) => Promise<void>;
const WAIT = { timeout: 20000 };
const editorLines = ".monaco-editor .view-lines";

const STEPS: Record<string, StepCheck> = {
  squiggles: async (page) => {
    await page.locator(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error, .monaco-editor .squiggly-info").first().waitFor(WAIT);
  },
  statusbar: async (page, text) => {
    await page.locator(".statusbar-item", { hasText: text ?? /backlint \d+/ }).first().waitFor(WAIT);
  },
  problems: async (page, text) => {
    await page.locator(".markers-panel .monaco-list-row", { hasText: text ?? "backlint" }).first().waitFor(WAIT);
  },
  hover: async (page, text) => {
    await page.locator(".monaco-hover", { hasText: text ?? /BL\d{3}/ }).first().waitFor(WAIT);
  },
  quickfix: async (page, text) => {
    await page.locator(".action-widget", { hasText: text ?? "" }).first().waitFor(WAIT);
  },
  "after-fix": async (page, text) => {
    await page.locator(editorLines, { hasText: text ?? "" }).first().waitFor(WAIT);
  },
  payload: async (page, text) => {
    await page.locator(editorLines, { hasText: text ?? /"/ }).first().waitFor(WAIT);
  },
  explain: async (page, text) => {
    await page.locator(editorLines, { hasText: text ?? /BL\d{3}/ }).first().waitFor(WAIT);
  },
  output: async (page) => {
    await page.locator(".panel .output-view, .panel [id*='output']").first().waitFor(WAIT);
  },
  // The notification center (the suite opened it) keeps every notification shown so far, also
  // those whose toast has gone: none may be a warning or an error.
  notifications: async (page) => {
    await page.locator(".notifications-center.visible").waitFor(WAIT);
    const loud = page.locator(".notifications-center .notification-list-item", {
      has: page.locator(".notification-list-item-icon.codicon-warning, .notification-list-item-icon.codicon-error"),
    });
    const messages = await loud.locator(".notification-list-item-message").allInnerTexts();
    if (messages.length > 0) {
      throw new Error(`warning or error notifications: ${messages.join(" | ")}`);
    }
  },
};

// Keys pressed after a step's screenshot, so a popup does not cover the next step.
const AFTER_STEP: Record<string, string> = { hover: "Escape", quickfix: "Escape" };

// Every XDG directory and HOME in the temporary folder, so nothing of the user's is read or written.
async function profileEnv(home: string): Promise<NodeJS.ProcessEnv> {
  const xdg = {
    XDG_CONFIG_HOME: path.join(home, "config"),
    XDG_DATA_HOME: path.join(home, "data"),
    XDG_CACHE_HOME: path.join(home, "cache"),
    XDG_STATE_HOME: path.join(home, "state"),
    XDG_RUNTIME_DIR: path.join(home, "runtime"),
  };
  for (const dir of Object.values(xdg)) {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  }
  await fs.mkdir(path.join(home, "tmp"), { recursive: true });
  return { ...process.env, ...xdg, HOME: home, TMPDIR: path.join(home, "tmp") };
}

// `code-server --install-extension <vsix>` into the profile's extensions folder, as a user installs it.
async function installExtension(options: Options, home: string, vsix: string): Promise<void> {
  const args = [
    options.codeServer,
    "--user-data-dir",
    path.join(home, "user-data"),
    "--extensions-dir",
    path.join(home, "extensions"),
    "--install-extension",
    vsix,
  ];
  const env = await profileEnv(home);
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: 120000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`installing ${vsix} failed: ${String(error)}\n${stdout}\n${stderr}`));
      } else {
        resolve(`${stdout}${stderr}`);
      }
    });
  });
  console.log(output.trim());
}

async function startCodeServer(options: Options, home: string): Promise<{ child: ChildProcess; url: string; log: string[] }> {
  const env = await profileEnv(home);
  const userDataDir = path.join(home, "user-data");
  await fs.mkdir(path.join(userDataDir, "User"), { recursive: true });
  // Quiet, deterministic workbench: no welcome page, no trust prompt, no update checks.
  await fs.writeFile(
    path.join(userDataDir, "User", "settings.json"),
    JSON.stringify(
      {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "security.workspace.trust.enabled": false,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": false,
        "extensions.autoUpdate": false,
        "update.mode": "none",
        "editor.hover.delay": 100,
        "files.autoSave": "off",
        "chat.disableAIFeatures": true,
        "files.exclude": { "**/.backlint-e2e": true, "**/.venv": true },
        // No backlint.* setting: the extension runs as a new user has it. Without a
        // model key in the environment (the test removes them) the expert is the offline one.
      },
      null,
      2,
    ),
  );
  const args = [
    options.codeServer,
    "--bind-addr",
    "127.0.0.1:0",
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    path.join(home, "extensions"),
    "--log",
    "info",
  ];
  // detached: the server and everything it spawns (extension host, language server) share a
  // new process group, which is ended as a whole afterwards.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  const log: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s:\n${log.join("")}`)), 60000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(""));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${log.join("")}`));
    });
  });
  return { child, url, log };
}

function endProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const pid = child.pid;
    const force = setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    child.on("exit", () => {
      clearTimeout(force);
      // Children that outlive the server (a language server, say) go too.
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // nothing left
      }
      resolve();
    });
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      clearTimeout(force);
      resolve();
    }
  });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  for (const [what, file] of [
    ["code-server", options.codeServer],
    ["Chromium", options.chromium],
  ]) {
    if (!existsSync(file)) {
      console.error(`${what} not found at ${file}: run scripts/install-editors.sh`);
      return 2;
    }
  }
  await fs.mkdir(options.artifacts, { recursive: true });
  const home = await fs.mkdtemp(path.join(os.tmpdir(), "backlint-vscode-e2e-"));
  const controlDir = path.join(options.workspace, ".backlint-e2e");
  const stepFailures: string[] = [];
  let page: Page | undefined;
  let screenshotIndex = 0;

  // The suite calls this server (127.0.0.1 only) to have the workbench checked and photographed.
  const stepServer = http.createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://127.0.0.1").searchParams;
    const name = query.get("name") ?? "";
    const text = query.get("text");
    const reply = (body: object) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const check = STEPS[name];
      if (!page || !check) {
        reply({ ok: false, error: `unknown step ${name}` });
        return;
      }
      const file = path.join(options.artifacts, `${String(++screenshotIndex).padStart(2, "0")}-${name}.png`);
      try {
        await check(page, text);
        await page.screenshot({ path: file });
        if (AFTER_STEP[name]) {
          await page.keyboard.press(AFTER_STEP[name]);
        }
        console.log(`step ${name}: ok, ${file}`);
        reply({ ok: true });
      } catch (error) {
        await page.screenshot({ path: file.replace(/\.png$/, "-failed.png") }).catch(() => undefined);
        stepFailures.push(`${name}: ${String(error)}`);
        reply({ ok: false, error: String(error) });
      }
    })();
  });
  await new Promise<void>((resolve) => stepServer.listen(0, "127.0.0.1", resolve));
  const stepUrl = `http://127.0.0.1:${(stepServer.address() as AddressInfo).port}/step`;
  await fs.mkdir(controlDir, { recursive: true });
  await fs.writeFile(path.join(controlDir, "driver.json"), JSON.stringify({ stepUrl }));
  await fs.rm(path.join(controlDir, "results.json"), { force: true });

  if (options.install) {
    await installExtension(options, home, options.install);
  }
  const server = await startCodeServer(options, home);
  let context: BrowserContext | undefined;
  let exitCode = 1;
  try {
    const authority = new URL(server.url).host;
    const remote = (file: string) => `vscode-remote://${authority}${file}`;
    const payload = [
      ["extensionDevelopmentPath", remote(options.extension)],
      ["extensionTestsPath", remote(options.suite)],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    context = await chromium.launchPersistentContext(path.join(home, "chromium-profile"), {
      executablePath: options.chromium,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (message) => {
      if (message.text().includes("[backlint-e2e]")) {
        console.log(message.text());
      }
    });
    const exited = new Promise<number>((resolve) => {
      void page!.exposeFunction("codeAutomationExit", (code: number) => resolve(code));
    });
    const timedOut = new Promise<number>((resolve) => setTimeout(() => resolve(-1), options.timeoutSeconds * 1000));
    await page.goto(url);
    const code = await Promise.race([exited, timedOut]);
    if (code === -1) {
      console.error(`the suite did not finish within ${options.timeoutSeconds} s`);
      await page.screenshot({ path: path.join(options.artifacts, "timeout.png") }).catch(() => undefined);
    } else {
      console.log(`the extension host exited with ${code}`);
    }
    const results = existsSync(path.join(controlDir, "results.json"))
      ? (JSON.parse(await fs.readFile(path.join(controlDir, "results.json"), "utf8")) as { name: string; ok: boolean; error?: string }[])
      : [];
    for (const result of results) {
      console.log(`${result.ok ? "PASS" : "FAIL"} ${result.name}${result.ok ? "" : `\n    ${result.error}`}`);
    }
    for (const failure of stepFailures) {
      console.log(`FAIL workbench step ${failure}`);
    }
    const passed = results.filter((result) => result.ok).length;
    console.log(`${passed} of ${results.length} checks passed`);
    exitCode = code === 0 && results.length > 0 && passed === results.length && stepFailures.length === 0 ? 0 : 1;
  } finally {
    await context?.close().catch(() => undefined);
    stepServer.close();
    await endProcessGroup(server.child);
    await fs.writeFile(path.join(options.artifacts, "code-server.log"), server.log.join(""));
    await fs.rm(home, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
