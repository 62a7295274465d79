// Bundles the extension (and, with --tests, the end-to-end test driver and the suite that runs
// inside the extension host) into out/.
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
  await esbuild.build({
    ...common,
    entryPoints: ["test/suite/index.ts"],
    outfile: "out/test/suite/index.js",
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
