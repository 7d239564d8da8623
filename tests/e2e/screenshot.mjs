// Renders the README's screenshot (www/screenshot.png): "Run in every mode" on a hash job
// long enough (about 0.4 s on main) that main is clearly frozen, not at the 250 ms edge,
// so the history, the verdicts and the compare view show main frozen and the rest live.
// OFFLOAD_SHOT=path writes elsewhere; OFFLOAD_SHOT_WIDTH sets the width (390: a phone);
// OFFLOAD_SHOT_THEME=dark|light forces a theme.
// Run after `cargo xtask build`: `node tests/e2e/screenshot.mjs`.
import { launch, open, serve } from './harness.mjs';

const server = await serve();
const browser = await launch();
try {
  const theme = process.env.OFFLOAD_SHOT_THEME ? `&theme=${process.env.OFFLOAD_SHOT_THEME}` : '';
  const page = await open(browser, server.url, `job=hash&count=48&iterations=50000&mode=worker&threads=2${theme}`);
  await page.setViewportSize({ width: Number(process.env.OFFLOAD_SHOT_WIDTH ?? 1000), height: 900 });
  await page.waitForSelector('[data-testid="run-every-mode"]:not([disabled])');
  await page.click('[data-testid="run-every-mode"]');
  await page.waitForSelector('[data-testid="every-mode-status"][data-state="done"]', { timeout: 300_000 });
  const path = process.env.OFFLOAD_SHOT ?? new URL('../../www/screenshot.png', import.meta.url).pathname;
  // The whole page inside the viewport first: the history table has `content-visibility:
  // auto`, and a full-page capture of a 390 px page showed it as an empty box far below.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: Number(process.env.OFFLOAD_SHOT_WIDTH ?? 1000), height });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path, fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
