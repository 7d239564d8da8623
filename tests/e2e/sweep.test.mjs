// End-to-end: "Sweep the load" (issue 18, the knee). One single run of the job measures
// S, then the same traffic is served at loads ρ 0.25 to 1.1 (λ = ρ·c / (share·S)), one
// short stream each, and the page plots /light and /heavy p99 against ρ beside M/D/c
// (simulated with the stream's own queue and length) and M/M/c's steady state.
// Bounds are relative (the machine is shared): the order of the points, measured ρ within
// a coarse factor of the asked, and how the routes move against each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrated } from './calibrate.mjs';
import { open, sharedServerAndBrowser, waitReady } from './harness.mjs';

const shared = sharedServerAndBrowser();
const sized = await calibrated();

// A /heavy job of about 60 ms on main (a fifth of the calibrated 300 ms).
const HEAVY = sized.fib(0.2);
const RHOS = [0.25, 0.5, 0.75, 0.9, 1.0, 1.1];
// Short streams, the default bounded queue (auto: threads², 1 here) and Poisson arrivals.
const TRAFFIC = 'serve=40&duration=2&heavy=20';

/** Opens the page in `mode`, sweeps, and returns the parsed `data-sweep` and the page. */
async function sweep(mode) {
  const page = await open(shared.browser, shared.server.url, `${HEAVY}&mode=${mode}&${TRAFFIC}`);
  if (mode !== 'main') await waitReady(page, mode);
  await page.waitForSelector('[data-testid="sweep-load"]:not([disabled])');
  await page.click('[data-testid="sweep-load"]');
  await page.waitForSelector('[data-testid="sweep"]:not([data-state="running"])', { timeout: 90_000 });
  const swept = JSON.parse(await page.$eval('[data-testid="sweep"]', (e) => e.dataset.sweep));
  assert.equal(swept.state, 'done', `${mode}: ${await page.$eval('[data-testid="sweep-status"]', (e) => e.textContent)}`);
  assert.deepEqual(page.errors, [], mode);
  return { page, swept };
}

function assertShape(swept, mode) {
  assert.equal(swept.mode, mode);
  assert.equal(swept.servers, 1, `${mode} runs one /heavy job at a time`);
  assert.ok(swept.service_ms > 0, JSON.stringify(swept));
  assert.deepEqual(swept.points.map((p) => p.rho_asked), RHOS, 'six points, in order of ρ');
  const rates = swept.points.map((p) => p.rate_per_s);
  assert.ok(rates.every((r, i) => i === 0 || r >= rates[i - 1]), `rates rise with ρ: ${rates}`);
  for (const p of swept.points) {
    assert.equal(p.sent, p.answered + p.rejected + p.stopped, `${mode} ρ ${p.rho_asked}: none lost`);
    assert.ok(p.rho_measured >= 0.5 * p.rho_asked && p.rho_measured <= 2 * p.rho_asked,
      `${mode}: ρ measured ${p.rho_measured} against asked ${p.rho_asked} (S ${swept.service_ms} ms)`);
    assert.equal(p.predicted_p99_ms !== null, p.rho_asked < 1, `${mode} ρ ${p.rho_asked}: M/M/c only below 1`);
    // M/D/c, simulated with the stream's queue and length, answers at every ρ: at least
    // one job's time, and below M/M/c's tail where both exist (fixed job times wait less).
    assert.ok(p.simulated_p99_ms >= swept.service_ms, `${mode} ρ ${p.rho_asked}: M/D/c ${p.simulated_p99_ms} ms`);
    if (p.predicted_p99_ms !== null) assert.ok(p.simulated_p99_ms < p.predicted_p99_ms);
  }
  // Past saturation the bounded queue turns requests away, or at least the waits grew.
  const [first, last] = [swept.points[0], swept.points[5]];
  assert.ok(last.rejected > 0 || last.heavy_wait_p50_ms > first.heavy_wait_p50_ms,
    `${mode} at ρ 1.1: rejected ${last.rejected}, wait p50 ${last.heavy_wait_p50_ms} ms against ${first.heavy_wait_p50_ms} ms at ρ 0.25`);
}

test('a sweep in worker mode keeps /light far below /heavy as the load rises', async () => {
  const { page, swept } = await sweep('worker');
  assertShape(swept, 'worker');
  for (const p of swept.points.filter((p) => p.rho_asked >= 0.75)) {
    assert.ok(p.light_p99_ms < 0.5 * p.heavy_p99_ms,
      `worker ρ ${p.rho_asked}: /light p99 ${p.light_p99_ms} ms, /heavy p99 ${p.heavy_p99_ms} ms`);
  }
  // The table says the same, a row a point; the chart names its prediction for what it is.
  assert.equal(await page.$$eval('[data-testid="sweep-table"] tbody tr', (rows) => rows.length), 6);
  assert.match(await page.$eval('[data-testid="sweep-chart"]', (e) => e.textContent),
    /M\/D\/c prediction \(Poisson arrivals, every job S\)/);
  // Run, the other buttons and the form are the reader's again.
  await page.waitForSelector('[data-testid="run"]:not([disabled])');
  await page.close();
});

test('a sweep on main makes /light wait more as the load rises', async () => {
  const { page, swept } = await sweep('main');
  assertShape(swept, 'main');
  const light = swept.points.map((p) => p.light_p99_ms);
  assert.ok(light[5] >= light[0], `main: /light p99 at ρ 1.1 ${light[5]} ms, at ρ 0.25 ${light[0]} ms`);
  await page.close();
});

test('the button shows only for a stream', async () => {
  const page = await open(shared.browser, shared.server.url, `${HEAVY}&mode=main`);
  assert.equal(await page.$('[data-testid="sweep-load"]'), null);
  await page.fill('[data-testid="field-serve"]', '40');
  await page.waitForSelector('[data-testid="sweep-load"]:not([disabled])');
  await page.close();
});
