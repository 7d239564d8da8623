// Runs first (a classic script in <head>): decides how this page gets cross-origin
// isolated, which the pool needs, and records it for the page and for tests:
//   globalThis.offloadIsolation = { how: 'headers' | 'service-worker' | 'none', why, pending }
//   <html data-isolation="reloading" | how>
// On a host that sends no headers it registers isolation-sw.js and reloads ONCE.
// globalThis.offloadIsolationSettled resolves once the outcome is final; the page's module
// waits for it (isolation-gate.js), so it never starts only to be reloaded and always
// reads a final answer. Only plain text reaches the page; nothing from the URL.
'use strict';
(() => {
  const WORKER = new URL('isolation-sw.js', document.baseURI).href;
  // Set just before our one reload, cleared by a reload that isolates: never a second one.
  const RELOADED = 'offload-isolation-reloaded';
  const TIMEOUT_MS = 10_000;
  const state = { how: 'none', why: null, pending: false };
  globalThis.offloadIsolation = state;
  let settle;
  globalThis.offloadIsolationSettled = new Promise((resolve) => { settle = resolve; });
  let decided = false;
  const finish = (how, why = null) => {
    if (decided) return;
    decided = true;
    Object.assign(state, { how, why, pending: false });
    document.documentElement.dataset.isolation = how;
    settle(state);
  };

  const framed = window.top !== window;
  const advice = framed
    ? 'open the page in its own tab, or allow third-party cookies for this site'
    : 'open the page in a normal (not private) window, or allow cookies for this site';
  // In another site's frame, with third-party cookies blocked, Chromium either throws on
  // sessionStorage (without storage partitioning) or refuses the registration ("The user
  // denied permission to use Service Worker").
  const blocked = framed
    ? `this browser blocks third-party storage, which this site's service worker needs inside another site's page; ${advice}`
    : `this browser blocks storage for this site; ${advice}`;
  const sw = navigator.serviceWorker;
  const ours = (worker) => worker?.scriptURL === WORKER;
  const storage = (() => {
    try {
      sessionStorage.getItem(RELOADED);
      return sessionStorage;
    } catch {
      return null; // blocked cookies or storage: reading it throws
    }
  })();

  if (globalThis.crossOriginIsolated) {
    storage?.removeItem(RELOADED);
    return finish(ours(sw?.controller) ? 'service-worker' : 'headers');
  }
  if (new URLSearchParams(location.search).get('coi') === '0') {
    sw?.getRegistrations()
      .then((all) => all.filter((r) => ours(r.active ?? r.waiting ?? r.installing)).forEach((r) => r.unregister()))
      .catch(() => {});
    return finish('none', "turned off by ?coi=0 in the address; remove it to let this site's service worker isolate the page");
  }
  if (!sw) {
    return finish('none', window.isSecureContext
      ? `this browser offers no service worker here; ${advice}`
      : 'the page is not served over HTTPS, so no service worker can isolate it; open it over https://');
  }
  if (!storage) return finish('none', blocked);
  if (sw.controller || storage.getItem(RELOADED)) {
    // Our one reload happened, or our worker serves this page, and still no isolation
    // (Firefox and Safari have no Document-Isolation-Policy for frames, say).
    return finish('none', `the service worker is active but the browser did not isolate the page; ${framed ? 'open the page in its own tab' : 'try another browser'}`);
  }

  state.pending = true;
  document.documentElement.dataset.isolation = 'reloading';
  addEventListener('DOMContentLoaded', () => {
    const loading = document.getElementById('loading');
    if (state.pending && loading) loading.textContent = 'Isolating: reloading once…';
  });
  setTimeout(() => finish('none', `the service worker did not start within ${TIMEOUT_MS / 1000} s; reload the page to try again`), TIMEOUT_MS);
  // Under the policy's `require-trusted-types-for 'script'` register() takes only a
  // TrustedScriptURL: the `offload-isolation` policy (named in its `trusted-types` list)
  // makes one for this site's service worker and nothing else.
  const script = globalThis.trustedTypes
    ? trustedTypes.createPolicy('offload-isolation', {
      createScriptURL(url) {
        if (url !== WORKER) throw new TypeError('offload-isolation: not isolation-sw.js');
        return url;
      },
    }).createScriptURL(WORKER)
    : WORKER;
  // Scope './': the directory of the page, so a project page under a sub-path works.
  sw.register(script, { scope: './' })
    .then(() => new Promise((controlled) => {
      sw.addEventListener('controllerchange', controlled, { once: true });
      sw.ready.then((registration) => registration.active?.postMessage('claim'));
    }))
    .then(() => {
      if (decided) return; // timed out meanwhile: the page has started; no reload now
      decided = true;
      storage.setItem(RELOADED, '1');
      location.reload();
    })
    .catch((error) => finish('none', framed ? blocked
      : `the browser refused this site's service worker (${error?.message ?? error}); ${advice}`));
})();
