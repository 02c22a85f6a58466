// ECE Chat Triage analysis worker (module worker). It loads the wasm the page names: the page's
// own (already compiled by the browser) for inputs under 16 MB, or for bigger ones the worker's
// (ece-triage-worker: the analysis core without the UI, built for speed); either's main() sees it
// runs in a worker and answers analysis requests. The page passes the two URLs, with the build's
// content hash in them.
//
// The page starts it from a blob: URL that imports this file (src/worker_policy.rs), so that the
// worker runs under the page's Content-Security-Policy and can reach nothing but the page's own
// origin. Started any other way it would run under no policy at all: it refuses.
if (self.location.protocol !== 'blob:') {
  throw new Error('worker-boot.js: start the analysis worker from a blob: URL (src/worker_policy.rs), so that the page\'s CSP applies to it');
}
const params = new URL(import.meta.url).searchParams;
const js = params.get("js");
const wasm = params.get("wasm");
const app = await import(js);
const instance = await app.default({ module_or_path: wasm });
// The worker's wasm memory, read by the page benchmark (tests/e2e/bigfile.mjs).
self.wasmMemory = instance.memory;
