// ECE Chat Triage: registers the service worker (sw.js, beside this file) that keeps the page
// usable offline, and tells the page about it. An external file: the page's Content-Security-Policy
// allows no inline script but Trunk's loader (by hash).
//
// The page (src/ui/shell.rs) reads window.eceTriageShell and re-reads it on every
// "ece-triage-shell" event on window:
//   offline  "unsupported" | "installing" | "ready" | "failed"
//   detail   why, for "unsupported" and "failed"
//   update   true when a newer build is installed and waiting (or took over in another tab)
//   apply()  activates the waiting build and reloads the page
(() => {
  const shell = (window.eceTriageShell = { offline: 'unsupported', detail: '', update: false, apply: () => location.reload() });
  const tell = () => window.dispatchEvent(new Event('ece-triage-shell'));
  const set = (changes) => { Object.assign(shell, changes); tell(); };
  if (!('serviceWorker' in navigator)) {
    shell.detail = window.isSecureContext
      ? 'this browser keeps no offline copy (no service workers; a private window?)'
      : 'an offline copy needs the page on HTTPS (or on localhost)';
    return;
  }
  const sw = navigator.serviceWorker;
  let hadController = Boolean(sw.controller);
  let applying = false;
  sw.addEventListener('controllerchange', () => {
    if (applying) { location.reload(); return; }
    // Another tab pressed "Reload": this one still runs the old build.
    if (hadController) set({ update: true });
    hadController = true;
  });
  sw.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'ece-triage-install-failed') {
      set(sw.controller ? {} : { offline: 'failed', detail: e.data.reason });
      if (sw.controller) console.warn('ECE Chat Triage: the new build could not be stored for offline use:', e.data.reason);
    }
  });
  const waiting = (reg) => {
    if (!sw.controller) return; // a first install activates by itself
    set({
      update: true,
      apply: () => {
        if (!reg.waiting) { location.reload(); return; }
        applying = true;
        reg.waiting.postMessage({ type: 'skip-waiting' });
      },
    });
  };
  const track = (reg, worker) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') waiting(reg);
      if (worker.state === 'activated' && !shell.update) set({ offline: 'ready', detail: '' });
      if (worker.state === 'redundant' && !reg.active) set({ offline: 'failed', detail: shell.detail || 'the files could not be stored' });
    });
  };
  const register = async () => {
    let reg;
    try {
      reg = await sw.register('sw.js', { scope: './' });
    } catch (e) {
      set({ offline: 'failed', detail: `the service worker could not be registered: ${e.message || e}` });
      return;
    }
    if (reg.active) set({ offline: 'ready', detail: '' });
    else set({ offline: 'installing' });
    if (reg.installing) track(reg, reg.installing);
    if (reg.waiting) waiting(reg);
    reg.addEventListener('updatefound', () => { if (reg.installing) track(reg, reg.installing); });
    // A tab left open for days still learns of a new build (one request for sw.js an hour).
    setInterval(() => reg.update().catch(() => {}), 3600 * 1000);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
})();
