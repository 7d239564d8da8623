import { open, launch, pickMode, serve, waitReady, waitRunEnd } from './harness.mjs';
const server = await serve();
const browser = await launch();
try {
  for (const width of [1000, 390]) {
    for (const theme of ['light', 'dark']) {
      const page = await open(browser, server.url, `job=hash&count=16&iterations=50000&mode=main&threads=2&theme=${theme}`);
      await page.setViewportSize({ width, height: 900 });
      let id = 0;
      for (const mode of ['main', 'worker', 'pool', 'webcrypto', 'webcrypto-all']) {
        await pickMode(page, mode);
        await waitReady(page, mode);
        await page.click('[data-testid="run"]');
        await waitRunEnd(page, ++id);
      }
      await page.click('[data-testid="measure-overheads"]');
      await page.waitForSelector('[data-testid="overheads"][data-round-trip-ms]');
      await page.screenshot({ path: `/tmp/peers-shot-${width}-${theme}.png`, fullPage: true });
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
