// Run tests/pocket/probe.py inside Pyodide under Node, from a built pocket site.
// node parity.mjs SITE_DIR PROBE_PY CASES_JSON OUT_JSON
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [site, probeFile, casesFile, outFile] = process.argv.slice(2);
const info = JSON.parse(readFileSync(join(site, "pocket.json"), "utf8"));
const runtime = info.runtime;
const lockInfo = info.lock_info;

const { loadPyodide } = await import(pathToFileURL(join(site, runtime, "pyodide.mjs")).href);
const t0 = Date.now();
const py = await loadPyodide({
  indexURL: join(site, runtime) + "/",
  stdLibURL: join(site, info.stdlib),
  lockFileContents: { info: lockInfo, packages: {} },
  packages: [],
});
const boot = Date.now() - t0;
// as the worker does: the bundle unpacked, and PyYAML cannot be imported
py.unpackArchive(new Uint8Array(readFileSync(join(site, info.bundle))), "zip", { extractDir: "/sitecare" });
py.runPython("import sys; sys.path.insert(0, '/sitecare'); sys.modules['yaml'] = None");
py.runPython(readFileSync(probeFile, "utf8"));
py.globals.set("cases_json", readFileSync(casesFile, "utf8"));
const t1 = Date.now();
const result = py.runPython("probe(cases_json)");
writeFileSync(outFile, result);
const version = py.runPython("import sys; sys.version.split()[0]");
console.log(JSON.stringify({ boot_ms: boot, probe_ms: Date.now() - t1, python: version }));
