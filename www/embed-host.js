(() => {
  // Sizes the iframe just above this script to the height its page reports. Trusts only
  // that iframe's origin and window, touches nothing else, and holds the height within
  // 100 to 4000 px (the tallest page seen is ~1900 px, on a phone after a run; taller
  // scrolls inside), so no message can hide the frame or stretch the post without end.
  const frame = document.currentScript.previousElementSibling;
  if (!(frame instanceof HTMLIFrameElement)) return;
  const origin = new URL(frame.src, location.href).origin;
  addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const { type, height } = event.data ?? {};
    if (type !== 'offload:height' || typeof height !== 'number' || !Number.isFinite(height)) return;
    frame.style.height = `${Math.min(4000, Math.max(100, Math.ceil(height)))}px`;
  });
})();
