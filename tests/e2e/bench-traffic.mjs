// `cargo xtask bench -- --sections traffic` (issue 18): the articles' experiment measured as
// a load tester would. One /heavy job's time S in `worker` (median of `repeats` single
// runs) sets the rates: half the requests are /heavy, and λ = ρ ÷ (0.5 × S) for ρ of 0.3,
// 0.6, 0.9 and 1.5 of what ONE worker can serve. Each mode serves the same streams (Poisson,
// fixed seed, unbounded queue), so the rows compare modes on identical traffic; the pool
// and the message-pool on `threads` threads should take c times the rate before their
// own ρ reaches 1.
import { clickRun, open, waitReady } from './harness.mjs';

const JOB = 'job=fib&n=36';
const SHARE = 50;
const SECONDS = 5;
export const LOADS = [0.3, 0.6, 0.9, 1.5];
const FRAME_MS = 1000 / 60;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function serviceMs(browser, base, repeats) {
  const page = await open(browser, base, `${JOB}&mode=worker`);
  await waitReady(page, 'worker');
  const times = [];
  // A warm-up, then the repeats: the first run compiles what it calls first.
  for (let id = 1; id <= repeats + 1; id++) {
    const run = await clickRun(page, id);
    if (run.state !== 'done') throw new Error(`traffic: the single ${JOB} run failed: ${run.error}`);
    if (id > 1) times.push(run.result.wall_ms);
  }
  await page.close();
  return median(times);
}

export async function measureTraffic(browser, base, repeats, dots, threads) {
  const s = await serviceMs(browser, base, repeats);
  const modes = [['main'], ['worker', 'worker'], ['message-pool', 'message-pool', threads], ['pool', 'pool', threads]];
  const rows = [];
  for (const load of LOADS) {
    const rate = Math.max(1, Math.round(load / ((SHARE / 100) * (s / 1000))));
    for (const [mode, ready, t] of modes) {
      const page = await open(browser, base,
        `${JOB}&mode=${mode}&threads=${t ?? 1}&serve=${rate}&duration=${SECONDS}&heavy=${SHARE}&queue=unbounded&arrivals=poisson`);
      if (ready) await waitReady(page, ready, t, 60_000);
      const run = await clickRun(page, 1, 180_000);
      await page.close();
      dots('.');
      if (run.state !== 'done') throw new Error(`traffic: ${mode} at ${rate}/s failed: ${run.error}`);
      const tr = run.result.traffic;
      rows.push({
        mode, threads: t ?? 1, load, rate_per_s: rate, heavy_percent: SHARE, seconds: SECONDS, service_ms: s,
        rho: tr.rho, sent: tr.sent, answered: tr.answered, rejected: tr.rejected, failed: tr.failed,
        light: tr.light, heavy: tr.heavy, throughput_per_s: tr.throughput_per_s, sent_late_p50_ms: tr.sent_late_p50_ms,
        heavy_per_s: tr.heavy ? (tr.heavy.count * 1000) / run.result.wall_ms : 0,
      });
    }
  }
  return { service_ms: s, job: JOB, rows };
}

const f = (x, d = 1) => (x == null ? '—' : x.toFixed(d));

export function printTraffic(traffic) {
  console.log(`\nTraffic: ${traffic.job}, one /heavy job ${f(traffic.service_ms)} ms in worker; ${SHARE} % /heavy, ${SECONDS} s per stream, Poisson, unbounded queue; load = the rate against what one worker serves\n`);
  console.log('| load (1 worker) | rate /s | mode | threads | ρ measured | /light p50 ms | /light p99 ms | /light max ms | /heavy p50 ms | /heavy p99 ms | /heavy answered /s | clients late p50 ms |');
  console.log('| --: | --: | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const r of traffic.rows) {
    console.log(`| ${r.load} | ${r.rate_per_s} | ${r.mode} | ${r.threads} | ${f(r.rho, 2)} | ${f(r.light?.p50_ms, 2)} | ${f(r.light?.p99_ms)} | ${f(r.light?.max_ms)} | ${f(r.heavy?.p50_ms)} | ${f(r.heavy?.p99_ms)} | ${f(r.heavy_per_s, 2)} | ${f(r.sent_late_p50_ms, 2)} |`);
  }
}

/** The expectations, each met or not, from the rows. */
export function checkTrafficTargets(traffic) {
  const { rows, service_ms: s } = traffic;
  const of = (mode) => rows.filter((r) => r.mode === mode);
  const targets = [];
  const mainRows = of('main').filter((r) => r.load >= 0.3);
  const worstMain = Math.min(...mainRows.map((r) => r.light?.p99_ms ?? 0));
  targets.push({
    target: 'main: /light p99 at least half of one /heavy job once the load passes 0.3',
    measured: `lowest /light p99 ${f(worstMain)} ms against a job of ${f(s)} ms`,
    needed: `≥ ${f(s / 2)} ms`, met: worstMain >= s / 2,
  });
  for (const mode of ['worker', 'pool', 'message-pool']) {
    const worst = of(mode).reduce((a, r) => ((r.light?.p99_ms ?? 0) > (a.light?.p99_ms ?? 0) ? r : a), of(mode)[0]);
    targets.push({
      target: `${mode}: /light p99 under one frame at every load`,
      measured: `worst ${f(worst?.light?.p99_ms)} ms (load ${worst?.load})`,
      needed: `< ${f(FRAME_MS)} ms`, met: (worst?.light?.p99_ms ?? Infinity) < FRAME_MS,
    });
  }
  // "About c times the /heavy rate": at 1.5 × one worker's capacity, the worker's queue
  // grows (ρ ≥ 1) while a pool of c threads still keeps up (its ρ below 1).
  const top = Math.max(...LOADS);
  for (const mode of ['pool', 'message-pool']) {
    const at = rows.find((r) => r.mode === mode && r.load === top);
    const worker = rows.find((r) => r.mode === 'worker' && r.load === top);
    targets.push({
      target: `${mode} on ${at?.threads} threads keeps up with ${top} × one worker's capacity`,
      measured: `ρ ${f(at?.rho, 2)} (worker ${f(worker?.rho, 2)}); /heavy answered ${f(at?.heavy_per_s, 2)}/s against worker's ${f(worker?.heavy_per_s, 2)}/s`,
      needed: 'ρ < 1 where worker\'s ≥ 1', met: at?.rho < 1 && worker?.rho >= 1,
    });
  }
  return targets;
}
