// sitecare pocket: the page side. The emergency button and the red-flag questions are plain
// HTML in index.html and work without this file; this file starts Python in a worker, shows
// the web app's pages rendered there, and offers window.sitecare to the pages and tests.
const CONFIG = __POCKET_CONFIG__;
const BASE = CONFIG.base;
const STATIC_PATHS = new Set(CONFIG.staticPaths);

// ---- words: the page's language ------------------------------------------------------------
// Each line is said through t(<English line>, {name: value}), the line one double-quoted literal (the
// build and scripts/i18n.py read them out of this file), "%(name)s" placeholders as in the
// Python catalogs. The language is the page's own (<html lang>): the shell's, then Python's.
function t(text, params) {
  const table = CONFIG.words[document.documentElement.lang] || {};
  let out = table[text] || text;
  for (const [name, value] of Object.entries(params || {})) out = out.split(`%(${name})s`).join(String(value));
  return out;
}

let worker = null;
let nextId = 1;
const pending = new Map();
let readyState = "loading";
// milliseconds since the page started loading (for benchmarks/pocket.py)
const timings = {};
let resolveReady;
let rejectReady;
const ready = new Promise((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
ready.catch(() => {});

function status(text, kind) {
  const box = document.getElementById("pocket-status");
  if (!box) return;
  box.hidden = !text;
  box.className = kind || "notice";
  box.textContent = text || "";
}

let failedWith = null;

function failStatus() {
  status(
    t("sitecare could not start on this phone (%(reason)s). The emergency questions below still work. Try reloading.", {
      reason: failedWith,
    }),
    "warning",
  );
  const next = document.getElementById("pocket-next");
  if (next) next.hidden = true;
}

function fail(message) {
  if (readyState !== "loading") return;
  readyState = "failed";
  failedWith = message;
  failStatus();
  rejectReady(new Error(message));
}

// ---- the language switch, remembered on this device ----------------------------------------
// The phone's languages until the person chooses; the choice is kept in localStorage (the
// worker cannot read it: the page tells it first thing, and Python speaks it from the start)
const LANGUAGE_KEY = "sitecare_language";
const SWITCH = /^\/language\/([a-z]+)$/;

function chosenLanguage() {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null; // storage turned off: the phone's languages
  }
}

function rememberLanguage(code) {
  try {
    localStorage.setItem(LANGUAGE_KEY, code);
  } catch {
    // storage turned off: the choice lasts until the page is closed
  }
}

function shipped(tag) {
  const code = String(tag || "").toLowerCase().split(/[-_]/)[0];
  return CONFIG.languages.includes(code) ? code : null;
}

// the choice made on this phone, else the first of the phone's languages sitecare speaks (as
// sitecare.domain.language decides for the web app), else English
function wantedLanguage() {
  const phone = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of [chosenLanguage(), ...phone]) {
    const code = shipped(tag);
    if (code) return code;
  }
  return "en";
}

// ---- the emergency shell, in the person's language ---------------------------------------
// Each language has its shell (index.html, index.es.html): plain HTML that works with no
// script. Until Python shows its first page, the shell in the wanted language is put in place.
let shellShown = true;

async function showShell(code) {
  const file = CONFIG.shells[code];
  if (!file || document.documentElement.lang === code) return;
  const answer = await fetch(BASE + file);
  if (!answer.ok || !shellShown) return;
  const doc = new DOMParser().parseFromString(await answer.text(), "text/html");
  if (!shellShown) return;
  const statusBox = document.getElementById("pocket-status");
  const fresh = doc.getElementById("pocket-status");
  if (statusBox && fresh && !statusBox.hidden && statusBox.className === "notice") statusBox.textContent = fresh.textContent;
  for (const el of doc.querySelectorAll("script, link")) el.remove();
  const update = document.getElementById("pocket-update");
  const nodes = [...doc.body.childNodes].map((node) => {
    if (node.id === "pocket-status" && statusBox) return statusBox;
    if (node.id === "pocket-update" && update) return update;
    return node;
  });
  document.body.replaceChildren(...nodes);
  if (update && !update.hidden) update.querySelector("p").textContent = t("An update is ready. Your records stay on this phone.");
  document.documentElement.lang = code;
  if (readyState === "failed") failStatus();
}

// the page Python showed last (a form's answer is not asked for again by the switch)
let current = { method: "GET", path: "/", query: "" };

// another language chosen (a shell's switch, another tab): the shell, or the page again
function switchTo(code) {
  if (shellShown) return showShell(code); // Python is told when it shows its first page
  if (current.method !== "GET") {
    // the next page is in the new language
    return call("page", { method: "GET", path: "/language/" + code, query: { next: ["/"] }, form: null });
  }
  const next = current.path + (current.query ? "?" + current.query : "");
  return show("/language/" + code, { query: "next=" + encodeURIComponent(next), push: "replace", focus: false });
}

let startedIn = null; // the language Python was told at its start

function startWorker() {
  try {
    worker = new Worker(BASE + CONFIG.worker, { type: "module" });
    startedIn = wantedLanguage();
    worker.postMessage({ type: "start", language: startedIn });
  } catch (error) {
    fail(String(error));
    return;
  }
  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.type === "ready") {
      readyState = "ready";
      timings.ready = performance.now();
      timings.python = msg.ms;
      timings.phases = msg.phases;
      resolveReady({ ms: msg.ms });
    } else if (msg.type === "failed") {
      fail(msg.message);
    } else if (msg.type === "reply") {
      const waiting = pending.get(msg.id);
      pending.delete(msg.id);
      if (!waiting) return;
      if (msg.ok) waiting.resolve(msg.result);
      else waiting.reject(new Error(msg.error || t("sitecare could not do that.")));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || t("its files could not be loaded"));
  };
}

function call(name, args) {
  return ready.then(
    () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const language = document.documentElement.lang;
        worker.postMessage({ type: "call", id, name, args: args === undefined ? null : args, language });
      }),
  );
}

// ---- pages rendered by Python -------------------------------------------------------------
function toPocket(href) {
  // the templates link to the web app's paths ("/log"); pocket serves them under BASE
  if (!href || !href.startsWith("/") || href.startsWith("//") || href.startsWith(BASE)) return href;
  return BASE + href.slice(1);
}

function pagePath(url) {
  if (url.origin !== location.origin) return null;
  let path = url.pathname;
  if (path + "/" === BASE) return "/";
  if (!path.startsWith(BASE)) return null;
  path = "/" + path.slice(BASE.length);
  if (STATIC_PATHS.has(path)) return null;
  return path;
}

function adopt(doc) {
  for (const a of doc.querySelectorAll("a[href]")) a.setAttribute("href", toPocket(a.getAttribute("href")));
  for (const f of doc.querySelectorAll("form[action]")) f.setAttribute("action", toPocket(f.getAttribute("action")));
  for (const el of doc.querySelectorAll("script, link[rel=stylesheet]")) el.remove();
}

let showing = 0;
async function show(path, opts = {}) {
  const mine = ++showing;
  const { method = "GET", query = "", form = null, push = true, redirects = 0 } = opts;
  const answer = await call("page", { method, path, query: queryObject(query), form });
  const switched = SWITCH.exec(path);
  if (switched && answer.location) rememberLanguage(switched[1]);
  if (mine !== showing) return answer;
  if (answer.location && redirects < 5) {
    const to = new URL(toPocket(answer.location), location.origin);
    const next = pagePath(to) || "/";
    return show(next, { query: to.search.slice(1), push, redirects: redirects + 1 });
  }
  const doc = new DOMParser().parseFromString(answer.html, "text/html");
  adopt(doc);
  shellShown = false;
  current = { method, path, query };
  const statusBox = document.getElementById("pocket-status");
  const update = document.getElementById("pocket-update");
  document.body.replaceChildren(...doc.body.childNodes);
  document.documentElement.lang = doc.documentElement.lang || "en";
  // pocket's own status line right under the header (where the eye is), the update bar last
  const header = document.body.querySelector("header.top");
  if (statusBox) {
    if (header) header.after(statusBox);
    else document.body.prepend(statusBox);
  }
  if (update) document.body.append(update);
  document.title = doc.title || answer.title || "sitecare";
  const url = BASE + path.slice(1) + (query ? "?" + query : "");
  if (push === "replace") history.replaceState({ pocket: true }, "", url);
  else if (push) history.pushState({ pocket: true }, "", url);
  window.scrollTo(0, 0);
  const heading = document.querySelector("main h1");
  if (heading && opts.focus !== false) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
  if (path === "/privacy") addPersistCard();
  if (timings.page === undefined) timings.page = performance.now();
  document.documentElement.dataset.page = path;
  document.dispatchEvent(new CustomEvent("sitecare:page", { detail: { path, status: answer.status } }));
  return answer;
}

function queryObject(query) {
  return formObject(new URLSearchParams(query || ""));
}

function formObject(data) {
  const out = {};
  for (const [name, value] of data.entries()) {
    (out[name] ||= []).push(value);
  }
  return out;
}

async function readFiles(data) {
  // a file input's value is its text: the import page gets the export document itself
  for (const [name, value] of [...data.entries()]) {
    if (value instanceof File) {
      data.delete(name);
      if (value.size) data.append(name, await value.text());
    }
  }
  return data;
}

function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function exportFile() {
  const doc = await call("exportAll", {});
  const day = new Date().toISOString().slice(0, 10);
  download(JSON.stringify(doc, null, 2) + "\n", `sitecare-export-${day}.json`, "application/json");
  return doc;
}

async function eraseEverything() {
  const result = await call("erase", { confirm: true });
  await clearCaches();
  return result;
}

async function clearCaches() {
  // records never live in a cache, but nothing is left to chance: every cache but the app's
  // own files (the same for everyone, needed to start offline) is deleted
  if (!("caches" in window)) return;
  for (const name of await caches.keys()) {
    if (name !== CONFIG.cacheName) await caches.delete(name);
  }
}

function onClick(event) {
  if (event.defaultPrevented || event.button || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const a = event.target.closest && event.target.closest("a[href]");
  if (!a || (a.target && a.target !== "_self")) return;
  const language = shipped(a.dataset.pocketLanguage);
  if (language) {
    // a shell's language switch: that shell at once, remembered on this phone
    event.preventDefault();
    rememberLanguage(language);
    switchTo(language).catch(() => {
      location.href = a.href;
    });
    return;
  }
  const url = new URL(a.href, location.href);
  // "#main" (the skip link) and other places on this page: the browser's own business
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  const path = pagePath(url);
  if (path === null) return;
  event.preventDefault();
  if (path === "/export") {
    exportFile().catch((error) => status(error.message, "error"));
    return;
  }
  if (readyState === "failed") {
    status(t("sitecare could not start on this phone. The emergency questions still work."), "warning");
    return;
  }
  if (readyState === "loading") status(t("sitecare is still starting. One moment…"), "notice");
  // the language switch shows the same page again, in its new language: no new history entry
  const push = SWITCH.test(path) ? "replace" : true;
  show(path, { query: url.search.slice(1), push }).catch((error) => status(error.message, "error"));
}

async function onSubmit(event) {
  if (event.defaultPrevented) return;
  const form = event.target;
  const url = new URL(form.action || location.href, location.href);
  const path = pagePath(url);
  if (path === null) return;
  event.preventDefault();
  const method = (form.getAttribute("method") || "get").toUpperCase();
  const data = await readFiles(new FormData(form, event.submitter || undefined));
  try {
    if (method === "GET") {
      await show(path, { query: new URLSearchParams(data).toString() });
    } else {
      const answer = await show(path, { method: "POST", form: formObject(data) });
      if (path === "/erase" && answer.status < 400) await clearCaches();
      // after the first record, ask the browser to keep the records (no prompt on Chrome: it
      // decides from how the app is used; the privacy page explains and asks again)
      if (path === "/log" && answer.status < 400) askToPersist().catch(() => {});
    }
  } catch (error) {
    status(error.message, "error");
  }
}

// ---- service worker: offline start and updates ---------------------------------------------
function updateReady(registration) {
  const bar = document.getElementById("pocket-update");
  if (!bar) return;
  bar.hidden = false;
  bar.querySelector("p").textContent = t("An update is ready. Your records stay on this phone.");
  bar.querySelector("button").textContent = t("Update now");
  bar.querySelector("button").onclick = () => {
    const waiting = registration.waiting;
    if (waiting) waiting.postMessage({ type: "skip-waiting" });
  };
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  // the first service worker taking over (first visit) changes nothing on the page; a new
  // version taking over from an old one ("Update now") reloads it with the new files
  let reloading = false;
  let current = navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    const before = current;
    current = navigator.serviceWorker.controller;
    if (!before || reloading) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker
    .register(BASE + "sw.js", { scope: BASE })
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) updateReady(registration);
      registration.addEventListener("updatefound", () => {
        const installing = registration.installing;
        if (!installing) return;
        installing.addEventListener("statechange", () => {
          if (installing.state === "installed" && navigator.serviceWorker.controller) updateReady(registration);
        });
      });
    })
    .catch(() => {});
}

function addPersistState(granted) {
  const state = document.querySelector(".pocket-persist-state");
  if (state) {
    state.textContent = granted
      ? t("This phone keeps sitecare's records until you erase them.")
      : t("The browser said no for now: it may clear the records to free space. Download a copy now and then.");
  }
}

function addPersistCard() {
  // the plain explanation, then the question (the browser may ask the person, or decide itself)
  const main = document.querySelector("main");
  if (!main || !navigator.storage || !navigator.storage.persist) return;
  const card = document.createElement("section");
  card.className = "card pocket-persist";
  card.setAttribute("aria-labelledby", "pocket-persist-title");
  const title = document.createElement("h2");
  title.id = "pocket-persist-title";
  title.textContent = t("Keep the records on this phone");
  const why = document.createElement("p");
  why.textContent = t(
    "Your records are kept only in this browser. When a phone runs short of space, the browser may clear what websites keep, unless you let sitecare keep its records. Nothing is sent anywhere either way.",
  );
  const state = document.createElement("p");
  state.className = "pocket-persist-state muted";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.dataset.pocketPersist = "";
  button.textContent = t("Keep my records");
  card.append(title, why, state, button);
  // before the erase section (the privacy page marks it), else last
  const erase = main.querySelector("h2#erase");
  main.insertBefore(card, erase && erase.parentNode === main ? erase : null);
  navigator.storage.persisted().then((kept) => {
    state.textContent = kept
      ? t("This phone keeps sitecare's records until you erase them.")
      : t("Not asked yet: the browser may clear the records to free space.");
    if (kept) card.querySelector("button").hidden = true;
  });
}

async function askToPersist() {
  // asked once, after explaining why (on the privacy page the app shows the answer)
  if (!navigator.storage || !navigator.storage.persist) return null;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

window.sitecare = {
  ready,
  version: CONFIG.version,
  timings,
  call,
  assess: (caseData) => call("assess", caseData),
  suggest: (args) => call("suggest", args || {}),
  log: (injection) => call("log", injection),
  history: (args) => call("history", args || {}),
  exportAll: () => call("exportAll", {}),
  importAll: (doc) => call("importAll", typeof doc === "string" ? JSON.parse(doc) : doc),
  erase: eraseEverything,
  exportFile,
  askToPersist,
  show: (path, opts) => show(path, opts),
  get state() {
    return readyState;
  },
};

document.addEventListener("click", onClick);
document.addEventListener("submit", onSubmit);
// the language chosen in another tab: this one follows
window.addEventListener("storage", (event) => {
  const code = event.key === LANGUAGE_KEY && shipped(event.newValue);
  if (code && code !== document.documentElement.lang) switchTo(code).catch(() => {});
});
window.addEventListener("popstate", () => {
  const path = pagePath(new URL(location.href));
  if (path !== null && readyState === "ready") show(path, { query: location.search.slice(1), push: false });
});
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-pocket-persist]");
  if (!button) return;
  askToPersist().then((granted) => {
    if (document.documentElement.dataset.page === "/privacy") addPersistState(granted);
    status(
      granted
        ? t("This phone will keep sitecare's records unless you erase them.")
        : t("This phone may clear sitecare's records when it runs short of space. Download a copy now and then."),
      "notice",
    );
  });
});

// "Starting sitecare on this phone…": hidden in the HTML, where no script would ever start it
const starting = document.getElementById("pocket-status");
if (starting) starting.hidden = false;
startWorker();
// the service worker precaches every file once Python has started (or failed to): by then the
// page has downloaded them, so the precache takes them from the browser's HTTP cache and a
// first visit costs each file once, not twice
ready.then(registerServiceWorker, registerServiceWorker);
const first = pagePath(new URL(location.href)) || "/";
const firstQuery = location.search.slice(1);
// the shell in the person's language at once (the server or the cache may have sent another)
showShell(wantedLanguage()).catch(() => {});
ready.then(
  () => {
    status("");
    const wanted = wantedLanguage();
    if (wanted === startedIn) return show(first, { query: firstQuery, push: "replace", focus: false });
    // chosen on the shell (or in another tab) while Python was starting: the first page in it
    const next = first + (firstQuery ? "?" + firstQuery : "");
    return show("/language/" + wanted, { query: "next=" + encodeURIComponent(next), push: "replace", focus: false });
  },
  () => {},
).catch((error) => status(error.message, "error"));
