import { serve } from './harness.mjs';
import { launchFirefox } from './firefox.mjs';
import { JOBS, pickMode, waitReady, waitForSelector, clickRun } from './drive.mjs';
const server = await serve();
const firefox = await launchFirefox();
const N = Number(process.env.N ?? 3);
let fails = 0;
for (let i = 0; i < N; i++) for (const { name, query } of JOBS) {
  const doc = await firefox.open(`${server.url}?${query}&mode=worker&threads=2`);
  await waitForSelector(doc, '[data-testid="run"]');
  await doc.evaluate(() => { window.__probe = []; const c = new BroadcastChannel('probe'); c.onmessage = (e) => window.__probe.push(`${performance.now().toFixed(0)} | ${e.data}`); window.__keep = c; });
  await waitReady(doc, 'worker', undefined, 60_000);
  await clickRun(doc, 1);
  const t0 = Date.now();
  await pickMode(doc, 'pool');
  try { await waitReady(doc, 'pool', 2, 35_000); }
  catch (e) { fails++; console.log(name, 'FAIL', Date.now() - t0); console.log((await doc.evaluate(() => window.__probe)).join('\n')); }
  await doc.close();
}
console.log('fails', fails, 'of', N * JOBS.length);
await firefox.close(); await server.close();
