// Renders the README's screenshot (www/screenshot.png): a main-thread run, then the same
// job in a worker and on the pool, so the history shows the difference.
// Run after `cargo xtask build`: `node tests/e2e/screenshot.mjs`.
import { launch, open, pickMode, serve, waitReady, waitRunEnd } from './harness.mjs';

const server = await serve();
const browser = await launch();
try {
  const page = await open(browser, server.url, 'job=hash&count=32&iterations=50000&mode=main&threads=2');
  await page.setViewportSize({ width: 1000, height: 900 });
  let id = 0;
  for (const mode of ['main', 'worker', 'pool']) {
    await pickMode(page, mode);
    await waitReady(page, mode);
    await page.click('[data-testid="run"]');
    await waitRunEnd(page, ++id);
  }
  await page.screenshot({ path: new URL('../../www/screenshot.png', import.meta.url).pathname, fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
