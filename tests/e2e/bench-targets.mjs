// The targets of issue 8 ("Fast"), checked against the bench's rows: each says what it
// compared, what it needed, and whether it was met (null when a row it needs was not
// measured, for instance when the bench ran a subset). Pure: rows in, verdicts out, so
// bench-targets.test.mjs can hold it to hand-made rows.

const OFFLOADED = new Set(['worker', 'message-pool', 'pool']);
// The modes that compute on one thread (WebCrypto's Promise.all may use several).
const SINGLE_THREADED = new Set(['worker', 'pool', 'message-pool', 'js-worker', 'webcrypto']);

const x = (v) => `${v.toFixed(2)}×`;
const ms = (v) => `${Math.round(v)} ms`;
// Bounds of a few ms are read to a tenth, so a row just over one is not shown equal to it.
const ms1 = (v) => `${v.toFixed(1)} ms`;

/** A list of verdicts and the function that appends one (not measured when no figures). */
function verdicts() {
  const out = [];
  const add = (target, needed, figures, measured, met, missing = 'not measured') =>
    out.push({ target, needed, figures, measured: figures ? measured : missing, met: figures ? met : null });
  return { out, add };
}

/**
 * Responsiveness while the work is off the main thread, result delivery included: the
 * worst row's longest frame gap and lag p99 (issue 8's bounds, which issue 16 keeps).
 */
function checkOffloaded(rows, add, name) {
  const offloaded = rows.filter((r) => OFFLOADED.has(r.mode));
  const worst = (key) => offloaded.reduce((a, b) => (b[key] > a[key] ? b : a), offloaded[0]);
  const label = (r) => `${r.job} ${r.size} ${r.crossing ? `${r.mode} (${r.crossing})` : r.mode} ×${r.threads}`;
  for (const [key, bound, figure] of [['max_frame_gap_ms', 20, 'longest frame gap'], ['lag_p99_ms', 10, 'event-loop lag p99']]) {
    const w = offloaded.length ? worst(key) : null;
    add(`${name}: ${figure}, worst row`, `≤ ${bound} ms`,
      w && { row: label(w), ms: w[key], rows: offloaded.length, over: offloaded.filter((r) => r[key] > bound).map(label) },
      w && `${ms1(w[key])} (${label(w)}); ${offloaded.filter((r) => r[key] > bound).length} of ${offloaded.length} rows over`,
      w && w[key] <= bound);
  }
}

/**
 * @param rows the bench's rows (job, size, mode, threads, crossing, median_ms, compute_ms,
 *   phases, max_frame_gap_ms, lag_p99_ms)
 * @param overheads { pool_start_ms, empty_pool_task_ms, worker_round_trip_ms }
 * @param cores the machine's logical cores: the pool's largest thread count
 */
export function checkTargets(rows, overheads, cores) {
  const row = (job, size, mode, threads = 1) =>
    rows.find((r) => r.job === job && r.size === size && r.mode === mode && r.threads === threads && !r.crossing);
  const { out, add } = verdicts();

  // sort: the radix sort against the browser's own typed-array sort of the same numbers.
  const sortWorker = row('sort', 'large', 'worker');
  const browserSort = row('sort', 'large', 'js-worker');
  const sortPhase = sortWorker?.phases?.find((p) => p.name === 'sort')?.ms;
  const both = sortWorker && browserSort && sortPhase != null;
  add('sort 20M: sort phase on one thread (worker) vs Uint32Array.prototype.sort (js-worker)', '≥ 3×',
    both && { sort_ms: sortPhase, browser_sort_ms: browserSort.compute_ms },
    both && `${ms(sortPhase)} vs ${ms(browserSort.compute_ms)}: ${x(browserSort.compute_ms / sortPhase)}`,
    both && browserSort.compute_ms / sortPhase >= 3);
  add('sort 20M: whole job (generate, sort, verify, checksum) in worker vs that browser sort alone', '≥ 2×',
    both && { job_ms: sortWorker.compute_ms, browser_sort_ms: browserSort.compute_ms },
    both && `${ms(sortWorker.compute_ms)} vs ${ms(browserSort.compute_ms)}: ${x(browserSort.compute_ms / sortWorker.compute_ms)}`,
    both && browserSort.compute_ms / sortWorker.compute_ms >= 2);

  // hash: per core, and the pool against WebCrypto at any batch of 4 or more.
  const hashWorker = row('hash', 'large', 'worker');
  const webcrypto = row('hash', 'large', 'webcrypto');
  add('hash 64 × 100k: per core (worker) vs WebCrypto one at a time', '≥ 1×',
    hashWorker && webcrypto && { worker_ms: hashWorker.median_ms, webcrypto_ms: webcrypto.median_ms },
    hashWorker && webcrypto && `${ms(hashWorker.median_ms)} vs ${ms(webcrypto.median_ms)}: ${x(webcrypto.median_ms / hashWorker.median_ms)}`,
    hashWorker && webcrypto && webcrypto.median_ms / hashWorker.median_ms >= 1);
  for (const size of ['four', 'large']) {
    const pool = row('hash', size, 'pool', cores);
    const peers = ['webcrypto', 'webcrypto-all'].map((m) => row('hash', size, m)).filter(Boolean);
    const best = peers.length ? Math.min(...peers.map((p) => p.median_ms)) : null;
    const count = pool?.params?.count ?? peers[0]?.params?.count ?? (size === 'four' ? 4 : 64);
    add(`hash ${count} × 100k: pool on ${cores} threads vs the faster WebCrypto mode`, 'faster',
      pool && best != null && { pool_ms: pool.median_ms, webcrypto_ms: best },
      pool && best != null && `${ms(pool.median_ms)} vs ${ms(best)}: ${x(best / pool.median_ms)}`,
      pool && best != null && pool.median_ms < best);
  }

  for (const job of ['fib', 'sort', 'hash']) {
    const worker = row(job, 'large', 'worker');
    const one = row(job, 'large', 'pool', 1);
    const all = row(job, 'large', 'pool', cores);
    // The threaded build loses nothing on one thread.
    add(`${job}: pool on 1 thread vs worker`, 'within 5 %',
      worker && one && { pool_1_ms: one.median_ms, worker_ms: worker.median_ms },
      worker && one && `${ms(one.median_ms)} vs ${ms(worker.median_ms)}: ${((one.median_ms / worker.median_ms - 1) * 100).toFixed(1)} %`,
      worker && one && one.median_ms <= 1.05 * worker.median_ms);
    // Scaling, over its own one-thread run and over the best single-threaded mode.
    const share = job === 'sort' ? 0.8 : 0.93;
    add(`${job}: pool on ${cores} threads over pool on 1`, `≥ ${(share * cores).toFixed(2)}×`,
      one && all && { pool_1_ms: one.median_ms, pool_n_ms: all.median_ms },
      one && all && `${ms(one.median_ms)} / ${ms(all.median_ms)}: ${x(one.median_ms / all.median_ms)}`,
      one && all && one.median_ms / all.median_ms >= share * cores);
    const singles = rows.filter((r) => r.job === job && r.size === 'large' && r.threads === 1 && SINGLE_THREADED.has(r.mode));
    const best = singles.length ? singles.reduce((a, b) => (a.median_ms <= b.median_ms ? a : b)) : null;
    const bestName = best && (best.crossing ? `${best.mode} (${best.crossing})` : best.mode);
    add(`${job}: pool on ${cores} threads over the best single-threaded mode`, `≥ ${(0.85 * cores).toFixed(2)}×`,
      best && all && { best_mode: bestName, best_ms: best.median_ms, pool_n_ms: all.median_ms },
      best && all && `${bestName} ${ms(best.median_ms)} / ${ms(all.median_ms)}: ${x(best.median_ms / all.median_ms)}`,
      best && all && best.median_ms / all.median_ms >= 0.85 * cores);
  }

  checkOffloaded(rows, add, 'offloaded runs');

  const o = overheads ?? {};
  for (const [key, bound, name, digits] of [
    ['pool_start_ms', 300, 'pool start', 0],
    ['empty_pool_task_ms', 0.2, 'an empty pool task’s round trip', 3],
    ['worker_round_trip_ms', 1, 'a worker message’s round trip', 3],
  ]) {
    const v = o[key];
    const seen = typeof v === 'number' && !Number.isNaN(v);
    add(`overheads: ${name}`, `≤ ${bound} ms`, seen && { ms: v }, seen && `${v.toFixed(digits)} ms`, seen && v <= bound);
  }
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Repeats of one shape into one: each number becomes { median, min, max, runs }; a leaf
 * that is null (or missing) in any repeat is null, so a figure is never half-measured.
 */
export function summarize(samples) {
  const [first] = samples;
  if (samples.some((s) => s == null)) return null;
  if (typeof first === 'number') return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs: samples };
  if (typeof first !== 'object') return first;
  return Object.fromEntries(Object.keys(first).map((k) => [k, summarize(samples.map((s) => s[k]))]));
}

// KB: 1,000 bytes, as the issue and the click-to-load button count them.
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const s1 = (v) => `${(v / 1000).toFixed(2)} s`;
const pct = (share) => `${(share * 100).toFixed(1)} %`;
// The median, with the range when the repeats differ.
const spread = (f, fmt) => (f.min !== f.max ? `${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)})` : fmt(f.median));

/**
 * The targets of issue 16 ("Lean") against the load and page cost sections, each
 * summarised (`summarize`); null for a section that did not run. The verdict is on the
 * median of the repeats. `threads`: the pool's and message-pool's in the cost runs.
 */
export function checkLeanTargets(load, cost, threads = 2) {
  const { out, add } = verdicts();
  const check = (target, needed, figure, fmt, bound, missing) =>
    add(target, needed, figure && { ...figure, bound }, figure && spread(figure, fmt), figure && figure.median <= bound, missing);

  for (const [view, bound] of [['embed', 150], ['page', 250]]) {
    check(`${view}: bytes fetched until Run is enabled (gzip)`, `≤ ${bound} KB`, load?.[view]?.bytes, kb, bound * 1000);
  }
  for (const [view, bound] of [['embed', 2000], ['page', 3000]]) {
    check(`${view}: Run enabled on the slow link`, `≤ ${s1(bound)}`, load?.[view]?.slow_run_ms, s1, bound);
  }
  check('embed, phone-class reader (4× CPU, slow link): Run enabled', `≤ ${s1(3000)}`, load?.embed?.phone_run_ms, s1, 3000);
  // The preview is another engineer's work in progress: until it exists, say so.
  check('embed, click to load: bytes until "Load the playground" is shown', '≤ 20 KB', load?.click?.bytes, kb, 20 * 1000,
    load ? 'not built' : 'not measured');

  for (const view of ['page', 'embed']) {
    const c = cost?.[view];
    check(`${view}: main thread, idle`, '≤ 3 %', c?.idle_share, pct, 0.03);
    check(`${view}: main thread during a worker run (click to its end)`, '≤ 5 %', c?.worker?.run_share, pct, 0.05);
    check(`${view}: main-thread work in the 250 ms after Run`, '≤ 16 ms', c?.worker?.first_task_ms, ms1, 16);
  }
  check('embed, phone-class CPU (4×): main thread, idle', '≤ 10 %', cost?.embed?.phone_idle_share, pct, 0.10);

  // The page cost runs as bench rows: their worst longest gap and median lag p99.
  const rows = [];
  for (const view of cost ? ['page', 'embed'] : []) {
    for (const [key, mode, size] of [['worker', 'worker', view], ['worker_again', 'worker', `${view} (2nd run)`],
      ['message_pool', 'message-pool', view], ['pool', 'pool', view]]) {
      const r = cost[view]?.[key];
      if (r) rows.push({ job: 'fib', size, mode, threads: mode === 'worker' ? 1 : threads, max_frame_gap_ms: r.max_frame_gap_ms.max, lag_p99_ms: r.lag_p99_ms.median });
    }
  }
  checkOffloaded(rows, add, 'page cost runs');
  return out;
}
