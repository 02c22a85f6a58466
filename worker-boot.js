// ECE Chat Triage analysis worker (module worker). It loads the page's own wasm (already in the
// browser cache) instead of a second binary; the app's main() sees it runs in a worker and answers
// analysis requests. The page passes the two file names, which carry Trunk's content hash.
const params = new URL(self.location.href).searchParams;
const js = params.get("js");
const wasm = params.get("wasm");
const app = await import(js);
const instance = await app.default({ module_or_path: wasm });
// The worker's wasm memory, read by the page benchmark (tests/e2e/bigfile.mjs).
self.wasmMemory = instance.memory;
