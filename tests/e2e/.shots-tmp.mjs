import { launch, open, serve } from './harness.mjs';
const server = await serve();
const browser = await launch();
const width = Number(process.env.W ?? 1280), theme = process.env.T ?? 'light';
try {
  const page = await open(browser, server.url, `job=hash&count=32&iterations=50000&mode=worker&threads=2&theme=${theme}`);
  await page.setViewportSize({ width, height: 900 });
  await page.screenshot({ path: `/tmp/cshots/${width}-${theme}-before.png` });
  await page.click('[data-testid="run-every-mode"]');
  await page.waitForSelector('[data-testid="every-mode-status"][data-state="done"]', { timeout: 300_000 });
  await page.screenshot({ path: `/tmp/cshots/${width}-${theme}-top.png` });
  for (const sel of ['.last-run', '.lesson-note', '.compare', '.run-history-scroll', '.actions']) {
    await page.locator(sel).first().screenshot({ path: `/tmp/cshots/${width}-${theme}${sel.replace('.', '-')}.png` });
  }
} finally { await browser.close(); await server.close(); }
