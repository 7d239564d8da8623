// A same-origin service worker that re-serves this site's own responses with the headers
// that make a page cross-origin isolated, for hosts that cannot send headers (GitHub
// Pages). www/isolation.js registers it and reloads the page once, so that the document
// itself comes through here. It caches nothing and touches nothing but same-origin GETs.
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

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Cross-origin and non-GET requests are not intercepted at all: the browser handles
  // them exactly as without this worker.
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Chromium throws on fetch() of such a request (DevTools makes them; crbug.com/823392).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then((response) => isolate(request, response)));
});

function isolate(request, response) {
  // Opaque and opaque-redirect responses (status 0), redirected ones (a copy would lose the
  // final URL a script or worker resolves its imports against) and network errors pass
  // through unchanged.
  if (response.status === 0 || response.type !== 'basic' || response.redirected) return response;
  const headers = new Headers(response.headers);
  // Only where the host sent none: a host's own policy wins.
  const add = (name, value) => { if (!headers.has(name)) headers.set(name, value); };
  if (request.mode === 'navigate') {
    // `?coi=0` turns isolation off: the page then unregisters this worker.
    if (new URL(request.url).searchParams.get('coi') === '0') return response;
    if (request.destination === 'document') {
      add('Cross-Origin-Opener-Policy', 'same-origin');
      add('Cross-Origin-Embedder-Policy', 'require-corp');
    } else {
      // A frame ('iframe', 'frame'): COOP/COEP cannot isolate a frame whose parent is
      // not isolated; Chromium 137+ isolates the frame alone with this header.
      add('Document-Isolation-Policy', 'isolate-and-require-corp');
    }
  } else {
    add('Cross-Origin-Resource-Policy', 'same-origin');
    // A worker (module or classic, nested too: the pool's threads) whose owner requires
    // CORP must itself be served with COEP, or the browser refuses to start it (HTML's
    // "check a global object's embedder policy").
    if (request.destination === 'worker') add('Cross-Origin-Embedder-Policy', 'require-corp');
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
