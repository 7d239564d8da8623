// A same-origin service worker that re-serves the playground's own documents with the
// headers that make a page cross-origin isolated, for hosts that cannot send headers
// (GitHub Pages). www/isolation.js registers it and reloads the page once, so that the
// document itself comes through here. It caches nothing.
//
// Its scope is the playground's directory, which on a user site (you.github.io) is the
// whole site: every page there is its client. Isolating them all would refuse their
// cross-site pictures, scripts and frames that send no CORP (seen: another page's picture
// and its worker's importScripts, tests/e2e/static-host). So it touches only the
// playground's page and the workers that page starts, and lets every other request go to
// the network as if it were not there (no respondWith).
'use strict';

// Take over at once: the page reloads as soon as it is controlled, and waiting for every
// old tab to close would leave it waiting.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
// A hard reload (Shift+Reload) bypasses an active worker, and claim() ran long ago: the
// page asks for it again.
self.addEventListener('message', (event) => {
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});

const SCOPE = new URL(self.registration.scope);

/**
 * Whether `href` is the playground's page: the document at this worker's scope, as `./`
 * or `./index.html`, with any query. embed-example.html is a plain page like any other.
 */
function isPlayground(href) {
  if (!href) return false; // a request with no referrer (a policy stripped it)
  const url = new URL(href);
  return url.origin === SCOPE.origin
    && (url.pathname === SCOPE.pathname || url.pathname === `${SCOPE.pathname}index.html`);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Cross-origin and non-GET requests are not intercepted at all: the browser handles
  // them exactly as without this worker.
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chromium throws on fetch() of such a request (DevTools makes them; crbug.com/823392).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  let add;
  if (request.mode === 'navigate') {
    // `?coi=0` turns isolation off: the page then unregisters this worker.
    if (!isPlayground(request.url) || new URL(request.url).searchParams.get('coi') === '0') return;
    add = request.destination === 'document'
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
      // A frame ('iframe', 'frame'): COOP/COEP cannot isolate a frame whose parent is
      // not isolated; Chromium 137+ isolates the frame alone with this header.
      : { 'Document-Isolation-Policy': 'isolate-and-require-corp' };
  } else if (request.destination === 'worker' && isPlayground(request.referrer)) {
    // A worker whose owner requires CORP must itself be served with COEP, or the browser
    // refuses to start it (HTML's "check a global object's embedder policy"). The page's
    // workers (page-worker.js, engine-worker.js) are requested by the page, whose URL is
    // their referrer (same origin: the default referrer policy keeps it whole); the pool's
    // threads are blob: workers started by the engine's worker, which inherit its policy
    // and are never fetched here.
    add = { 'Cross-Origin-Embedder-Policy': 'require-corp' };
  } else {
    // Anything else, the playground's own scripts and wasm included: same-origin
    // responses need no Cross-Origin-Resource-Policy under COEP or Document-Isolation-
    // Policy (only cross-origin no-cors ones do), so they need nothing from here.
    return;
  }
  event.respondWith(fetch(request).then((response) => withHeaders(response, add)));
});

function withHeaders(response, add) {
  // Opaque and opaque-redirect responses (status 0), redirected ones (a copy would lose the
  // final URL a script or worker resolves its imports against) and network errors pass
  // through unchanged.
  if (response.status === 0 || response.type !== 'basic' || response.redirected) return response;
  const headers = new Headers(response.headers);
  // Only where the host sent none: a host's own policy wins.
  for (const [name, value] of Object.entries(add)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
