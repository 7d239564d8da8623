// The clients of a traffic stream (src/modes/serve.rs): they send each request at its
// intended time from this thread, as a network would, so that a page whose main thread is
// blocked cannot delay the arrivals; its messages queue up instead, and their latency
// (counted by the page from each request's intended time) shows the wait.
//
// The page posts {start, at}: `start` the stream's start on the clock both threads share
// (performance.timeOrigin + performance.now(), in ms), `at` a Float64Array of each
// request's send time from the start, ascending. This thread posts each request's index
// when its time comes with the time it was sent ([index, sent], one message per request:
// each its own task on the page's event loop, as each request is on a server's), and
// {done: n} after the last. `sent` lets the page tell its own delay from this thread's:
// nested timers are clamped to 4 ms, so a request may leave a few ms after its time.

const epochNow = () => performance.timeOrigin + performance.now();

self.onmessage = ({ data }) => {
  const at = data?.at;
  if (!(at instanceof Float64Array) || !Number.isFinite(data?.start)) {
    throw new TypeError('traffic-client: expected {start: number, at: Float64Array}');
  }
  let next = 0;
  const send = () => {
    // Every request whose time has come, late ones included: a timer that fired late
    // (timers are clamped to 4 ms once nested) sends what it owes at once.
    const now = epochNow() - data.start;
    while (next < at.length && at[next] <= now) self.postMessage([next++, now]);
    if (next < at.length) setTimeout(send, at[next] - now);
    else self.postMessage({ done: next });
  };
  setTimeout(send, Math.max(0, data.start - epochNow()));
};
self.postMessage({ ready: true });
