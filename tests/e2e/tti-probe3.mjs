import { startServer, launchBrowser } from '/work/main/tests/e2e/support.mjs';
const { server, base } = await startServer();
const browser = await launchBrowser();
const rows = [];
for (let i = 0; i < 7; i++) {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(() => {
    window.__t = {};
    const orig = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async function (...args) {
      window.__t.inst0 = performance.now();
      const r = await orig.apply(this, args);
      window.__t.inst1 = performance.now();
      return r;
    };
    new MutationObserver(() => {
      if (!window.__t.input && document.querySelector('[data-testid="console-input"]')) window.__t.input = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(`${base}#/sandbox`);
  await page.getByTestId('console-input').waitFor();
  const t = await page.evaluate(() => ({ ...window.__t, wasm: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => [r.startTime, r.responseEnd]) }));
  rows.push(t);
  await context.close();
}
rows.sort((a, b) => a.input - b.input);
for (const t of rows) console.log(JSON.stringify(t, (k, v) => (typeof v === 'number' ? Math.round(v) : v)));
await browser.close();
server.close();
