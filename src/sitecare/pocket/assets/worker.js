// sitecare pocket: Python (Pyodide) in a Web Worker, and the records in IndexedDB.
// The page first sends {type: "start", language} (the language chosen on this phone, or null;
// Python starts once it has it), then {type: "call", id, name, args}; the worker answers
// {type: "reply", id, ...}.
// Every answer's writes are applied to IndexedDB in one transaction before the reply, so a
// record the page was told about is on the device.
const CONFIG = __POCKET_CONFIG__;
const BASE = CONFIG.base;

// words said by this file, through t(<English line>, {name: value}) as in app.js: in the
// language the page said it shows (at the start, then with each call)
let speaking = "en";
function t(text, params) {
  const table = CONFIG.words[speaking] || {};
  let out = table[text] || text;
  for (const [name, value] of Object.entries(params || {})) out = out.split(`%(${name})s`).join(String(value));
  return out;
}

// ---- IndexedDB: a versioned schema with migrations ---------------------------------------
const DB_NAME = "sitecare";
const STORES = ["injections", "checks", "settings", "meta"];
// MIGRATIONS[n] upgrades a database at version n to n + 1. Never edit a published step: add one.
const MIGRATIONS = [
  (db) => {
    for (const name of STORES) db.createObjectStore(name);
  },
];
const BUNDLE_DIR = "/sitecare";
const DB_VERSION = MIGRATIONS.length;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (event) => {
      const db = req.result;
      for (let v = event.oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](db, req.transaction);
      req.transaction.objectStore("meta").put(DB_VERSION, "schema");
    };
    req.onsuccess = () => {
      // a newer pocket in another tab upgrades the schema: let it, this tab reloads later
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(t("Close sitecare in your other tabs, then reload.")));
  });
}

let dbPromise = null;
function db() {
  if (!dbPromise) dbPromise = openDb();
  return dbPromise;
}

async function readAll() {
  const d = await db();
  const tx = d.transaction(STORES, "readonly");
  const out = {};
  for (const name of STORES) {
    const store = tx.objectStore(name);
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    out[name] = keys.map((key, i) => [key, values[i]]);
  }
  return out;
}

// the export document (sitecare export --format json) rebuilt from the stores
async function storedDocument() {
  const all = await readAll();
  return {
    format: "sitecare-export",
    version: 1,
    injections: all.injections.map(([, value]) => value),
    observations: all.checks.map(([, value]) => value),
    settings: Object.fromEntries(all.settings),
  };
}

async function applyWrites(writes) {
  if (!writes || !writes.length) return;
  const d = await db();
  const names = [...new Set(writes.map((w) => w.store))];
  for (const name of names) {
    if (!STORES.includes(name)) throw new Error(`Unknown store ${name}`);
  }
  const tx = d.transaction(names, "readwrite");
  for (const w of writes) {
    const store = tx.objectStore(w.store);
    if (w.op === "put") store.put(w.value, w.key);
    else if (w.op === "delete") store.delete(w.key);
    else if (w.op === "clear") store.clear();
    else throw new Error(`Unknown write ${w.op}`);
  }
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error(t("The write was cancelled.")));
  });
}

// ---- Python ------------------------------------------------------------------------------
function nowIso() {
  // local time with its offset: the day boundaries are the person's, not UTC's
  const d = new Date();
  const off = -d.getTimezoneOffset();
  const pad = (n, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, "0");
  const sign = off >= 0 ? "+" : "-";
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(off / 60)}:${pad(off % 60)}`
  );
}

let dispatch = null;

function callPython(name, args) {
  return JSON.parse(dispatch(name, JSON.stringify(args === undefined ? null : args), nowIso()));
}

function message(error) {
  if (!error) return t("sitecare could not do that.");
  if (typeof error === "string") return error;
  return error.hint ? `${error.message} ${error.hint}` : error.message;
}

// the page's first message: {type: "start", language: the one chosen on this phone, or null}
let toldLanguage;
const chosen = new Promise((resolve) => {
  toldLanguage = resolve;
});

const phases = {};
function phase(name, since) {
  phases[name] = Math.round(performance.now() - since);
  return performance.now();
}

async function start() {
  const t0 = performance.now();
  let t = t0;
  const runtime = BASE + CONFIG.runtime;
  const [{ loadPyodide }, bundle] = await Promise.all([
    import(runtime + "pyodide.mjs"),
    fetch(BASE + CONFIG.bundle).then((r) => {
      if (!r.ok) throw new Error(t("sitecare's files could not be read (%(status)s).", { status: r.status }));
      return r.arrayBuffer();
    }),
  ]);
  t = phase("fetch", t);
  const pyodide = await loadPyodide({
    indexURL: runtime,
    stdLibURL: BASE + CONFIG.stdlib,
    lockFileContents: { info: CONFIG.lockInfo, packages: {} },
    packages: [],
  });
  t = phase("runtime", t);
  // unpacked (not imported from the zip): the templates are read as files
  pyodide.unpackArchive(bundle, "zip", { extractDir: BUNDLE_DIR });
  pyodide.runPython(`import sys; sys.path.insert(0, "${BUNDLE_DIR}")`);
  t = phase("unpack", t);
  dispatch = pyodide.pyimport("sitecare.views.api").dispatch;
  t = phase("import", t);
  const init = callPython("init", {
    emergency_number: CONFIG.emergencyNumber,
    // pages and results in the language the person chose on this phone (the page's first
    // message), else the phone's language (Spanish or English; ids stay English)
    language: [await chosen, ...(self.navigator.languages || [self.navigator.language || "en"])]
      .filter(Boolean)
      .join(","),
    base: BASE.replace(/\/$/, ""),
    static: BASE.replace(/\/$/, ""),
    head: "",
  });
  if (!init.ok) throw new Error(message(init.error));
  try {
    // the templates the build compiled (sitecare.pocket.compile.JINJA_CACHE): a faster first page
    if (CONFIG.jinjaCache) pyodide.runPython(CONFIG.jinjaCache);
  } catch (error) {
    console.warn("sitecare: compiled templates not used", error);
  }
  t = phase("init", t);
  const loaded = callPython("load", await storedDocument());
  if (!loaded.ok) throw new Error(t("The records on this phone could not be read: %(reason)s", { reason: message(loaded.error) }));
  await applyWrites(loaded.writes);
  phase("load", t);
  return performance.now() - t0;
}

const started = start();
started.then(
  (ms) => postMessage({ type: "ready", ms, phases }),
  (error) => postMessage({ type: "failed", message: String((error && error.message) || error) }),
);

// Python keeps a copy of the records in memory: when IndexedDB and that copy could differ (a
// write that did not reach the disk, another tab that wrote), the copy is read again from disk
async function reload() {
  const loaded = callPython("load", await storedDocument());
  if (!loaded.ok) throw new Error(message(loaded.error));
}

const others = "BroadcastChannel" in self ? new BroadcastChannel("sitecare-records") : null;
let queue = Promise.resolve();
if (others) {
  others.onmessage = () => {
    queue = queue.then(() => started.then(reload)).catch(() => {});
  };
}

self.onmessage = (event) => {
  const msg = event.data;
  if (msg && msg.type === "start") {
    const language = typeof msg.language === "string" ? msg.language : null;
    if (language && CONFIG.words[language]) speaking = language;
    toldLanguage(language);
  }
  if (!msg || msg.type !== "call") return;
  queue = queue.then(async () => {
    speaking = typeof msg.language === "string" ? msg.language : speaking;
    try {
      await started;
      const answer = callPython(msg.name, msg.args);
      if (answer.ok && answer.writes && answer.writes.length) {
        try {
          await applyWrites(answer.writes);
        } catch (error) {
          await reload().catch(() => {});
          const reason = (error && error.message) || error;
          throw new Error(t("This phone could not save it (%(reason)s). Nothing was changed.", { reason }));
        }
        if (others) others.postMessage("changed");
      }
      postMessage({
        type: "reply",
        id: msg.id,
        ok: !!answer.ok,
        result: answer.result,
        error: answer.ok ? null : message(answer.error),
        status: answer.ok ? 200 : (answer.error && answer.error.status) || 500,
      });
    } catch (error) {
      postMessage({ type: "reply", id: msg.id, ok: false, error: String((error && error.message) || error) });
    }
  });
};
