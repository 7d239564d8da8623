// Renders the README's screenshot (www/screenshot.png): "Run in every mode" on a hash job,
// so the history, the verdicts and the compare view show main frozen and the rest live.
// OFFLOAD_SHOT=path writes elsewhere; OFFLOAD_SHOT_WIDTH sets the width (390: a phone);
// OFFLOAD_SHOT_THEME=dark|light forces a theme.
// Run after `cargo xtask build`: `node tests/e2e/screenshot.mjs`.
import { launch, open, serve } from './harness.mjs';

const server = await serve();
const browser = await launch();
try {
  const theme = process.env.OFFLOAD_SHOT_THEME ? `&theme=${process.env.OFFLOAD_SHOT_THEME}` : '';
  const page = await open(browser, server.url, `job=hash&count=32&iterations=50000&mode=worker&threads=2${theme}`);
  await page.setViewportSize({ width: Number(process.env.OFFLOAD_SHOT_WIDTH ?? 1000), height: 900 });
  await page.waitForSelector('[data-testid="run-every-mode"]:not([disabled])');
  await page.click('[data-testid="run-every-mode"]');
  await page.waitForSelector('[data-testid="every-mode-status"][data-state="done"]', { timeout: 300_000 });
  const path = process.env.OFFLOAD_SHOT ?? new URL('../../www/screenshot.png', import.meta.url).pathname;
  await page.screenshot({ path, fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
