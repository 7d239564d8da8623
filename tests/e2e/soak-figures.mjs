// The soak's figures and checks (soak.mjs runs the rounds): what is sampled after each
// round, what counts as growth, and the table.
import { readFile } from 'node:fs/promises';

/** How far a figure may rise above round 1's. */
export const MARGIN = 0.1;
export const MiB = 1024 * 1024;

/** page.workers().length once it has held still for half a second (at most 10 s). */
async function settledWorkers(page) {
  let count = page.workers().length;
  let since = Date.now();
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && Date.now() - since < 500;) {
    await page.waitForTimeout(100);
    const now = page.workers().length;
    if (now !== count) [count, since] = [now, Date.now()];
  }
  return count;
}

/**
 * The renderer processes' resident memory (VmRSS from /proc, Linux only; else null): the
 * page and every worker, wasm memories included, live in them. The page's own renderer is
 * not told apart from the spare ones Chromium keeps, which hold steady.
 */
async function renderersRss(browserCdp) {
  if (process.platform !== 'linux') return null;
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  let kib = 0;
  for (const { type, id } of processInfo.filter((p) => p.type === 'renderer')) {
    const status = await readFile(`/proc/${id}/status`, 'utf8').catch(() => '');
    kib += Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0);
  }
  return kib * 1024;
}

/** What a leak would grow, after a garbage collection in the page. */
export async function sample(page, cdp, browserCdp) {
  const workers = await settledWorkers(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const rss = await renderersRss(browserCdp);
  // The page idle: the median time between 20 animation frames (16.7 ms at 60 Hz), the
  // lowest of three tries: other processes on the machine only ever add to it.
  const idleFrame = Math.min(...await page.evaluate(async () => {
    const medianInterval = () => new Promise((resolve) => {
      const times = [];
      const frame = (t) => {
        times.push(t);
        if (times.length <= 20) return requestAnimationFrame(frame);
        const gaps = times.slice(1).map((x, i) => x - times[i]).sort((a, b) => a - b);
        resolve(gaps[10]);
      };
      requestAnimationFrame(frame);
    });
    const tries = [];
    for (let i = 0; i < 3; i++) {
      tries.push(await medianInterval());
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return tries;
  }));
  const dom = await page.evaluate(() => {
    const history = document.querySelector('[data-testid="run-history"]');
    // The note under the table ("Showing the newest 50 of 290 runs") belongs to it too.
    const note = document.querySelector('[data-testid="history-shown"]');
    const inHistory = (history ? history.getElementsByTagName('*').length + 1 : 0) + (note ? note.getElementsByTagName('*').length + 1 : 0);
    return {
      outside: document.getElementsByTagName('*').length - inHistory,
      inHistory,
      rows: history ? Number(history.dataset.runs) : 0,
      rendered: history ? history.querySelectorAll('tbody tr').length : 0,
      pageWasmBytes: self.soakWasmMemory?.buffer.byteLength ?? null,
    };
  });
  return {
    page_wasm_mib: dom.pageWasmBytes == null ? null : dom.pageWasmBytes / MiB,
    renderers_rss_mib: rss == null ? null : rss / MiB,
    js_heap_mib: heap.usedSize / MiB,
    idle_frame_ms: idleFrame,
    workers,
    dom_outside_history: dom.outside,
    history_rows: dom.rows,
    history_elements_per_row: dom.rendered ? dom.inHistory / dom.rendered : null,
  };
}

/**
 * performance.measureUserAgentSpecificMemory() by scope, in MiB, and how long it took (a
 * minute while the pool exists: see the top of this file).
 */
export async function userAgentMemory(page) {
  const started = Date.now();
  const measured = await page.evaluate(async () => {
    const result = await performance.measureUserAgentSpecificMemory();
    const byScope = {};
    for (const { bytes, attribution } of result.breakdown) {
      const scope = attribution[0]?.scope ?? 'shared';
      byScope[scope] = (byScope[scope] ?? 0) + bytes;
    }
    return { bytes: result.bytes, byScope };
  });
  return {
    total_mib: measured.bytes / MiB,
    by_scope_mib: Object.fromEntries(Object.entries(measured.byScope).map(([k, v]) => [k, v / MiB])),
    took_ms: Date.now() - started,
  };
}

/** The figures checked against round 1's, with what each is called in the table. */
export const CHECKED = {
  page_wasm_mib: 'page wasm MiB',
  renderers_rss_mib: 'renderers RSS MiB',
  js_heap_mib: 'JS heap MiB',
  workers: 'workers',
  dom_outside_history: 'DOM elements outside history',
  history_elements_per_row: 'history elements per row',
};

/** Per job, one checksum across every mode and round. */
export function checksumProblems(runs) {
  const problems = [];
  for (const job of new Set(runs.map((r) => r.job))) {
    const seen = new Map();
    for (const r of runs.filter((x) => x.job === job && x.checksum != null)) {
      seen.set(r.checksum, [...(seen.get(r.checksum) ?? []), `${r.label} #${r.id}`]);
    }
    if (seen.size > 1) problems.push(`${job}: checksums differ: ${[...seen].map(([c, who]) => `${c} from ${who.slice(0, 3).join(', ')}`).join(' ≠ ')}`);
  }
  return problems;
}

/**
 * Each checked figure after round 1 at most MARGIN above round 1's. For the figures that
 * grow with the history, round 1's plus what the rows added since cost (`perRow`, from
 * soak.mjs's historyCost), and for the page's wasm memory one page-side buffer more
 * (`pageBufferMib`: freed arrays leave holes the history fills).
 */
export function growthProblems(rows, { perRow = {}, pageBufferMib = 0 } = {}) {
  const problems = [];
  const [first, ...later] = rows;
  for (const row of later) {
    // A time, so a coarse bound: twice round 1's, and never less than one frame more.
    const idleAllowed = Math.max(2 * first.idle_frame_ms, first.idle_frame_ms + 16.7);
    if (row.idle_frame_ms > idleAllowed) {
      problems.push(`round ${row.round}: the idle page's median frame interval ${fmt(row.idle_frame_ms)} ms is above twice round 1's ${fmt(first.idle_frame_ms)} ms (${row.history_rows} history rows)`);
    }
    for (const [key, name] of Object.entries(CHECKED)) {
      if (first[key] == null || row[key] == null) continue;
      const added = (perRow[key] ?? 0) * (row.history_rows - first.history_rows);
      const allowed = (first[key] + added) * (1 + MARGIN) + (key === 'page_wasm_mib' ? pageBufferMib : 0);
      if (row[key] > allowed) {
        const base = added ? ` + ${fmt(added, 2)} for ${row.history_rows - first.history_rows} more history rows` : '';
        problems.push(`round ${row.round}: ${name} ${fmt(row[key], 2)} is above round 1's ${fmt(first[key], 2)}${base} + ${MARGIN * 100} %${key === 'page_wasm_mib' && pageBufferMib ? ` + one ${fmt(pageBufferMib, 2)} MiB buffer` : ''}`);
      }
    }
  }
  return problems;
}

export const fmt = (x, d = 1) => (x == null ? '—' : x.toFixed(d));
export const HEADER = '| round | runs | page wasm MiB | renderers RSS MiB (page + workers) | JS heap MiB | idle frame ms | workers | DOM elements outside history | history elements per row | median run, wall ms | longest run (wall ms, page ms) |\n| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |';
export function formatRow(r) {
  return `| ${r.round} | ${r.runs} | ${fmt(r.page_wasm_mib)} | ${fmt(r.renderers_rss_mib)} | ${fmt(r.js_heap_mib, 2)} | ${fmt(r.idle_frame_ms)} | ${r.workers} | ${r.dom_outside_history} | ${fmt(r.history_elements_per_row)} | ${r.median_wall_ms} | ${r.longest_run.label}: ${r.longest_run.wall_ms}, ${fmt(r.longest_run.ms, 0)} |`;
}

