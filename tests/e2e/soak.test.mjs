// End-to-end: the short soak, 30 runs in one page (3 rounds of soak.mjs's short round, the
// same loop and checks as `cargo xtask soak`'s 310): every run ends and succeeds, each job
// gives one checksum in every mode, and the renderers' memory, the live workers and the DOM
// (the history per row) stay within 10 % of round 1's; the page's wasm memory and JS heap
// too, beyond what the history's new rows cost (soak.mjs says how that is measured).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './harness.mjs';
import { checksumProblems, formatRow, growthProblems } from './soak-figures.mjs';
import { launchForSoak, openSoakPage, shortRound, soak } from './soak.mjs';

test('the soak\'s checks fail on growth past 10 % and on checksums that differ', () => {
  const row = (round, heap, workers, rows = 10 * round) => ({ round, history_rows: rows, idle_frame_ms: 16.7, page_wasm_mib: 2, renderers_rss_mib: 400, js_heap_mib: heap, workers, dom_outside_history: 250, history_elements_per_row: 21 });
  assert.deepEqual(growthProblems([row(1, 2.8, 7), row(2, 3.0, 7), row(3, 2.5, 7)]), [], 'within 10 %, or less');
  const grown = growthProblems([row(1, 2.8, 7), row(2, 3.2, 7), row(3, 2.8, 8)]);
  assert.equal(grown.length, 2, grown.join('\n'));
  assert.match(grown[0], /^round 2: JS heap MiB 3\.20 is above round 1's 2\.80 \+ 10 %$/);
  assert.match(grown[1], /^round 3: workers 8\.00/);
  // What the history's new rows cost is allowed, and no more.
  const perRow = { js_heap_mib: 0.01 };
  assert.deepEqual(growthProblems([row(1, 2.8, 7), row(2, 3.15, 7)], { perRow }), [], '(2.8 + 10 rows at 0.01 MiB) + 10 %');
  assert.match(growthProblems([row(1, 2.8, 7), row(2, 3.5, 7)], { perRow })[0], /3\.50 is above round 1's 2\.80 \+ 0\.10 for 10 more history rows \+ 10 %/);
  const wasm = (round, mib) => ({ ...row(round, 2.8, 7), page_wasm_mib: mib });
  assert.deepEqual(growthProblems([wasm(1, 2.4), wasm(2, 3.5)], { pageBufferMib: 1 }), [], 'one page-side buffer more');
  assert.match(growthProblems([wasm(1, 2.4), wasm(2, 4.6)], { pageBufferMib: 1 })[0], /page wasm MiB 4\.60 .* \+ one 1\.00 MiB buffer$/);
  assert.equal(growthProblems([wasm(1, 2.4), wasm(2, 3.5)]).length, 1, 'no buffer allowed unless given');
  const idle = (round, ms) => ({ ...row(round, 2.8, 7), idle_frame_ms: ms });
  assert.deepEqual(growthProblems([idle(1, 16.7), idle(2, 33)]), [], 'one frame more');
  assert.match(growthProblems([idle(1, 16.7), idle(2, 70)])[0], /^round 2: the idle page's median frame interval 70\.0 ms is above twice/);
  const run = (job, label, checksum) => ({ job, label, id: 1, checksum });
  assert.deepEqual(checksumProblems([run('fib', 'main', '196418'), run('fib', 'pool', '196418'), run('sort', 'main', 'ab')]), []);
  assert.match(checksumProblems([run('fib', 'main', '196418'), run('fib', 'pool', '1')])[0], /^fib: checksums differ/);
});

test('30 runs in one page: none stuck, checksums agree, memory, workers and DOM flat', async (t) => {
  const server = await serve();
  const browser = await launchForSoak();
  try {
    const opened = await openSoakPage(browser, server.url);
    const cores = await opened.page.evaluate(() => navigator.hardwareConcurrency);
    const report = await soak(opened, { rounds: 3, plan: shortRound(Math.min(2, cores)), log: (line) => t.diagnostic(line) });
    assert.deepEqual(report.problems, [], report.rounds.map(formatRow).join('\n'));
    assert.equal(report.runs.length, 30);
    assert.ok(report.runs.every((r) => r.state === 'done' && r.checksum), JSON.stringify(report.runs));
    // Every figure was measured, not skipped: a check against nothing cannot fail.
    for (const r of report.rounds) {
      assert.ok(r.page_wasm_mib > 0 && r.js_heap_mib > 0 && r.idle_frame_ms > 0 && r.dom_outside_history > 0, JSON.stringify(r));
      if (process.platform === 'linux') assert.ok(r.renderers_rss_mib > 0, JSON.stringify(r));
      // The worker, two message-pool workers, the engine and its pool threads, and js-worker's.
      assert.ok(r.workers >= 4, JSON.stringify(r));
      assert.equal(r.history_rows - report.rounds[0].history_rows, r.runs - report.rounds[0].runs, 'a history row per run');
    }
    await opened.page.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
