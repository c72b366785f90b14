// sitecare pocket's service worker: precache every file of this build, answer from the cache
// first, so the app starts with no network. A new build has a new list: only files whose hash
// changed are fetched again, the rest are copied from the old cache. Records are never here:
// they live in IndexedDB, which an update does not touch.
const CONFIG = __POCKET_SW__;
const BASE = CONFIG.base;
const CACHE = CONFIG.cacheName;
const HASHES_KEY = BASE + "__pocket_hashes__";

async function previousHashes() {
  for (const name of await caches.keys()) {
    if (name === CACHE || !name.startsWith("sitecare-pocket-")) continue;
    const cache = await caches.open(name);
    const answer = await cache.match(HASHES_KEY);
    if (answer) return { cache, hashes: await answer.json() };
  }
  return { cache: null, hashes: {} };
}

async function precache() {
  const cache = await caches.open(CACHE);
  const old = await previousHashes();
  await Promise.all(
    Object.entries(CONFIG.files).map(async ([path, hash]) => {
      const url = BASE + path;
      if (old.cache && old.hashes[path] === hash) {
        const kept = await old.cache.match(url);
        if (kept) return cache.put(url, kept);
      }
      // a hashed name never changes: the copy the page just downloaded (HTTP cache) will do,
      // so the first visit downloads each file once; fixed names are asked again
      const immutable = CONFIG.immutable.includes(path);
      const answer = await fetch(url, { cache: immutable ? "default" : "no-cache" });
      if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
      return cache.put(url, answer);
    }),
  );
  await cache.put(HASHES_KEY, new Response(JSON.stringify(CONFIG.files), { headers: { "content-type": "application/json" } }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE && name.startsWith("sitecare-pocket-")) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  const path = url.pathname.slice(BASE.length);
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (path in CONFIG.files) {
        const hit = await cache.match(BASE + path);
        if (hit) return hit;
      } else if (request.mode === "navigate") {
        // every page of the app is the one shell; Python renders the page itself
        const shell = await cache.match(BASE + "index.html");
        if (shell) return shell;
      }
      return fetch(request);
    })(),
  );
});
