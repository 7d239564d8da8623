// Renders the README's screenshot (www/screenshot.png): a main-thread run, then the same
// job in a worker, on the message-pool, on the pool and in WebCrypto, so the history shows the
// difference. OFFLOAD_SHOT=path writes elsewhere; OFFLOAD_SHOT_WIDTH sets the width.
// Run after `cargo xtask build`: `node tests/e2e/screenshot.mjs`.
import { launch, open, pickMode, serve, waitReady, waitRunEnd } from './harness.mjs';

const server = await serve();
const browser = await launch();
try {
  const page = await open(browser, server.url, 'job=hash&count=32&iterations=50000&mode=main&threads=2');
  await page.setViewportSize({ width: Number(process.env.OFFLOAD_SHOT_WIDTH ?? 1000), height: 900 });
  let id = 0;
  for (const mode of ['main', 'worker', 'message-pool', 'pool', 'webcrypto']) {
    await pickMode(page, mode);
    await waitReady(page, mode);
    await page.click('[data-testid="run"]');
    await waitRunEnd(page, ++id);
  }
  const path = process.env.OFFLOAD_SHOT ?? new URL('../../www/screenshot.png', import.meta.url).pathname;
  await page.screenshot({ path, fullPage: true });
} finally {
  await browser.close();
  await server.close();
}
