// Runs early (an async classic script in <head>), only inside a frame: tells the parent page this
// document's height whenever it changes, so the blog's snippet (www/embed-host.js) can
// size the iframe to fit, with no inner scroll bar. The height is no secret, hence '*';
// the host checks who sent it.
'use strict';
if (window.top !== window && typeof ResizeObserver === 'function') {
  let last = 0;
  new ResizeObserver(() => {
    // The root's own box, not scrollHeight, which never drops below the frame's height.
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'offload:height', height }, '*');
  }).observe(document.documentElement);
}
