// Byte-compile pocket's Python for the runtime that will run it: Pyodide itself, under Node.
// node compile.mjs RUNTIME_DIR STDLIB_ZIP BUNDLE_ZIP WORKLOAD_PY OUT_DIR
// The workload imports and runs what pocket does at start and on every page; each module it
// imported becomes a .pyc (sourceless, without docstrings) in the zips written to OUT_DIR;
// the rest stays .py.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, stdlib, bundle, workload, out] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
const lock = JSON.parse(readFileSync(join(runtime, "pyodide-lock.json"), "utf8"));
const py = await loadPyodide({
  indexURL: runtime + "/",
  stdLibURL: stdlib,
  lockFileContents: { info: lock.info, packages: {} },
  packages: [],
});
py.FS.writeFile("/stdlib.zip", readFileSync(stdlib));
py.FS.writeFile("/bundle.zip", readFileSync(bundle));
py.unpackArchive(new Uint8Array(readFileSync(bundle)), "zip", { extractDir: "/sitecare" });
py.runPython("import sys; sys.path.insert(0, '/sitecare')");
py.runPython(readFileSync(workload, "utf8"));
const report = py.runPython(`
import ast as _ast
import importlib._bootstrap_external as _be
import json as _json
import sys as _sys
import zipfile as _zipfile


def _used(prefix):
    names = set()
    for module in list(_sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(prefix):
            names.add(path[len(prefix):])
    return names


_DOC_OWNERS = (_ast.Module, _ast.ClassDef, _ast.FunctionDef, _ast.AsyncFunctionDef)


def _without_docstrings(tree):
    # like python -OO for docstrings only: asserts stay (they guard the rules)
    for node in _ast.walk(tree):
        if isinstance(node, _DOC_OWNERS) and node.body:
            first = node.body[0]
            if (
                isinstance(first, _ast.Expr)
                and isinstance(first.value, _ast.Constant)
                and isinstance(first.value.value, str)
            ):
                node.body = node.body[1:] or [_ast.copy_location(_ast.Pass(), first)]
    return tree


def _compile(src, dst, used, extra=None):
    count = 0
    with _zipfile.ZipFile(src) as zin, _zipfile.ZipFile(dst, "w", _zipfile.ZIP_STORED) as zout:
        if extra:  # files the workload wrote (the templates' compiled code)
            import os as _os

            root, sub = extra
            for name in sorted(_os.listdir(_os.path.join(root, sub))):
                member = _zipfile.ZipInfo(f"{sub}/{name}", (2020, 1, 1, 0, 0, 0))
                member.external_attr = 0o644 << 16
                with open(_os.path.join(root, sub, name), "rb") as f:
                    zout.writestr(member, f.read())
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            data = zin.read(info)
            name = info.filename
            if name.endswith(".py") and name in used:
                tree = _without_docstrings(_ast.parse(data, name))
                code = compile(tree, name, "exec", dont_inherit=True)
                data = bytes(_be._code_to_timestamp_pyc(code, 0, len(data)))
                name = name[:-3] + ".pyc"
                count += 1
            member = _zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            member.external_attr = 0o644 << 16
            zout.writestr(member, data)
    return count


_report = {
    "python": _sys.version.split()[0],
    "stdlib": _compile("/stdlib.zip", "/stdlib.out.zip", _used("/lib/python314.zip/")),
    "bundle": _compile(
        "/bundle.zip", "/bundle.out.zip", _used("/sitecare/"), ("/sitecare", "_jinja_cache")
    ),
}
_json.dumps(_report)
`);
writeFileSync(join(out, "stdlib.zip"), py.FS.readFile("/stdlib.out.zip"));
writeFileSync(join(out, "bundle.zip"), py.FS.readFile("/bundle.out.zip"));
console.log(report);
