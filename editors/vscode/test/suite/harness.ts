// A small test runner for the extension host: named checks run in order, each result is kept,
// and the whole list is written where the driver (and pytest) read it.
import { promises as fs } from "node:fs";
import * as vscode from "vscode";

export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
  millis: number;
}

export class Harness {
  readonly results: CheckResult[] = [];

  constructor(private readonly resultsFile: string) {}

  async check(name: string, body: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await body();
      this.results.push({ name, ok: true, millis: Date.now() - started });
      console.log(`[backlint-e2e] ok ${name}`);
    } catch (error) {
      const message = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
      this.results.push({ name, ok: false, error: message, millis: Date.now() - started });
      console.log(`[backlint-e2e] FAILED ${name}: ${message}`);
    }
  }

  async write(): Promise<void> {
    await fs.writeFile(this.resultsFile, JSON.stringify(this.results, null, 2));
  }

  get failed(): number {
    return this.results.filter((result) => !result.ok).length;
  }
}

// Resolves with the first value `probe` returns (not undefined), re-probing whenever `onChange`
// fires; rejects after `timeoutMs` with `what` in the message. Event-driven: no polling.
export function waitFor<T>(
  what: string,
  onChange: vscode.Event<unknown>,
  probe: () => T | undefined,
  timeoutMs = 30000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = probe();
    if (first !== undefined) {
      resolve(first);
      return;
    }
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = onChange(() => {
      const value = probe();
      if (value !== undefined) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(value);
      }
    });
  });
}
