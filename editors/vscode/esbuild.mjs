// Bundles the extension into out/; with --tests, also the end-to-end test driver and the suites
// that run inside the extension host; with --unit, the unit tests that run in plain Node
// (node --test out/test/unit/*.test.js).
import * as esbuild from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
};

await esbuild.build({
  ...common,
  entryPoints: ["src/extension.ts"],
  outfile: "out/extension.js",
  external: ["vscode"],
  minify: true,
});

if (process.argv.includes("--tests")) {
  // The suites the extension host runs: index (the extension under development) and bundled (the
  // installed platform-specific .vsix).
  await esbuild.build({
    ...common,
    entryPoints: ["test/suite/index.ts", "test/suite/bundled.ts"],
    outdir: "out/test/suite",
    external: ["vscode"],
  });
  await esbuild.build({
    ...common,
    entryPoints: ["test/e2e/run.ts"],
    outfile: "out/test/e2e/run.js",
    // playwright-core finds its own files relative to its package: keep it in node_modules.
    external: ["playwright-core"],
  });
}

if (process.argv.includes("--unit")) {
  await esbuild.build({
    ...common,
    entryPoints: ["test/unit/serverLocator.test.ts"],
    outdir: "out/test/unit",
  });
}
