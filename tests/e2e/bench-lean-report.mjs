// The load and page cost sections' tables (issue 16): each figure as its median over the
// repeats with the range beside it, so one noisy load cannot pass for the norm.

const range = (f, fmt) => (f ? (f.min !== f.max ? `${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)})` : fmt(f.median)) : '—');
// KB: 1,000 bytes, as the issue and the click-to-load button count them.
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const ms = (v) => `${Math.round(v)}`;
const pct = (v) => `${(v * 100).toFixed(1)} %`;

/** `load`, `cost`: the summaries (or null); `raw`: the sections' own output (files, job). */
export function printLean(load, cost, raw, repeats) {
  if (load) {
    console.log(`\nLoad (issue 16): gzip level 9, fresh context per load; median of ${repeats} (range). Bytes: transferSize (headers included) of every response finished when Run was enabled, unthrottled. Slow link: 150 ms round trip, 1.6 Mbit/s; phone: that and 4× CPU.\n`);
    console.log('| view | bytes until Run | first paint ms | Run enabled ms | slow: first paint ms | slow: Run enabled ms | phone: first paint ms | phone: Run enabled ms |');
    console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
    for (const view of ['page', 'embed']) {
      const l = load[view];
      console.log(`| ${view} | ${range(l.bytes, kb)} | ${range(l.fcp_ms, ms)} | ${range(l.run_ms, ms)} | ${range(l.slow_fcp_ms, ms)} | ${range(l.slow_run_ms, ms)} | ${range(l.phone_fcp_ms, ms)} | ${range(l.phone_run_ms, ms)} |`);
    }
    const click = load.click ? `${range(load.click.bytes, kb)} until "Load the playground" is shown, after ${range(load.click.shown_ms, ms)} ms` : 'not built (`?embed=1&load=click` loads the whole playground)';
    console.log(`\nClick to load (\`?embed=1&load=click\`): ${click}`);
    for (const [view, files] of Object.entries(raw.load.files)) {
      console.log(`\nFetched before ${view === 'click' ? 'the preview was shown' : 'Run was enabled'} (${view}, first load): ${files.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ')}`);
    }
  }
  if (cost) {
    console.log(`\nPage cost (issue 16): Chromium's main-thread TaskDuration over the wall time; ${raw.cost.job}, pool and message-pool on ${raw.cost.threads} threads; idle: ${raw.cost.idle_ms / 1000} s from ${raw.cost.settle_ms / 1000} s after Run was enabled; a run: from the click to its end. Median of ${repeats} (range).\n`);
    console.log('| view | idle | phone (4× CPU) idle | run | main thread during the run | work in the 250 ms after Run ms | run wall ms | longest frame gap ms | lag p99 ms |');
    console.log('| --- | --: | --: | --- | --: | --: | --: | --: | --: |');
    for (const view of ['page', 'embed']) {
      const c = cost[view];
      const runs = [['worker', 'worker (first)'], ['worker_again', 'worker (second)'], ['message_pool', 'message-pool'], ['pool', 'pool']];
      runs.forEach(([key, name], i) => {
        const r = c[key];
        const idle = i === 0 ? [range(c.idle_share, pct), range(c.phone_idle_share, pct)] : ['', ''];
        console.log(`| ${i === 0 ? view : ''} | ${idle.join(' | ')} | ${name} | ${range(r.run_share, pct)} | ${range(r.first_task_ms, (v) => v.toFixed(1))} | ${range(r.run_wall_ms, ms)} | ${range(r.max_frame_gap_ms, ms)} | ${range(r.lag_p99_ms, (v) => v.toFixed(1))} |`);
      });
    }
  }
}
