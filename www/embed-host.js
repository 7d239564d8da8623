(() => {
  // Sizes the iframe just above this script to the height its page reports, and trusts
  // only messages from that iframe's own origin and window.
  const frame = document.currentScript.previousElementSibling;
  const origin = new URL(frame.src, location.href).origin;
  addEventListener('message', (event) => {
    const { type, height } = event.data ?? {};
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    if (type === 'offload:height' && height > 0) frame.style.height = `${Math.ceil(height)}px`;
  });
})();
