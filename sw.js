// ECE Chat Triage service worker: the page opens and analyses with the network off.
//
// BUILD below is written at build time by scripts/offline.py (Trunk's post_build hook) from the
// files Trunk wrote: every file of the build but this one, with its SHA-256. On install the worker
// fetches exactly those files from beside itself, checked against their hashes, into one cache;
// afterwards it answers requests for them from that cache. Every other request passes to the
// network untouched (no respondWith): the API calls of "Call the API" (another server, or the same
// one outside this build's files), anything cross-origin, anything that is not a GET. It never
// caches an answer and makes no request of its own beyond its own build's files.
//
// A new build is a new BUILD, so a new sw.js: the browser installs it beside the running one; it
// waits until the page's "Reload" (sw-register.js posts "skip-waiting") or until every tab of the
// old build is closed. Works under any sub-path: every URL is relative to this file.
const BUILD = {"version":"unbuilt","files":[]}; // written by scripts/offline.py

const HERE = self.location.href;
const SCOPE = self.registration.scope;
// CacheStorage is per origin: two copies of the page under two sub-paths each keep their own.
const PREFIX = `ece-triage ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
const INDEX = new URL('index.html', HERE).href;
const OWN = new Map(BUILD.files.map((f) => [new URL(f.url, HERE).href, f]));

// Tells the open pages why the offline copy could not be made (sw-register.js shows it).
async function report(reason) {
  for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    c.postMessage({ type: 'ece-triage-install-failed', version: BUILD.version, reason });
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await Promise.all([...OWN].map(async ([url, f]) => {
        // 'no-cache' revalidates with the server (a 304 for what the page just loaded); the
        // integrity check fails the install rather than cache a file of another build (a host
        // mid-upload) or one a proxy altered.
        let res;
        try {
          res = await fetch(new Request(url, { cache: 'no-cache', credentials: 'same-origin', integrity: f.integrity }));
        } catch (e) {
          throw new Error(`${f.url} could not be fetched, or is not the file this build wrote (${e.message || e})`);
        }
        if (!res.ok) throw new Error(`${f.url}: HTTP ${res.status}`);
        // A response that came through a redirect cannot answer a navigation: keep its body only.
        if (res.redirected) res = new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers });
        await cache.put(url, res);
      }));
    } catch (e) {
      await caches.delete(CACHE);
      await report(String(e.message || e));
      throw e;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Earlier builds of this copy of the page (same scope) only.
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // The first visit is controlled at once, so that it works offline without a reload.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // worker-boot.js?js=…&wasm=…, index.html?x: the same file.
  url.hash = '';
  const asked = url.href;
  url.search = '';
  let key = url.href;
  if (key === SCOPE && req.mode === 'navigate') key = INDEX;
  if (!OWN.has(key)) return;
  event.respondWith((async () => {
    const hit = await caches.match(key, { cacheName: CACHE });
    // Evicted by the browser, or cleared: the network, as without a service worker.
    if (!hit) return fetch(req);
    // Stored under another URL (no query, index.html for the folder): a response without a URL of
    // its own takes the request's, so the page keeps its address and a module its import.meta.url.
    if (key !== asked) return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers: hit.headers });
    return hit;
  })());
});
