// Browser benchmarks of the built site, reported and never asserted (wall-clock
// figures on a shared machine vary run to run): time to interactive on a first
// visit, and frame times while a world of 200 running tasks behind an ALB plays
// at 600× with the diagram on screen — with how much simulated time the frame
// budget let through. Run by `cargo xtask bench`.
import { startServer, launchBrowser, WORLD_200_TASKS as WORLD } from './support.mjs';


const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (v) => `${v.toFixed(1)} ms`;

const { server, base } = await startServer();
const browser = await launchBrowser();
try {
  // Time to interactive: a first visit (empty storage, gzip as a static host
  // serves it) until the page answers — the home page's navigation, or the
  // sandbox's console input — timed in the page when the element enters the
  // DOM; on loopback, and on a slow link (1.6 Mbps, 150 ms, by a throttled
  // server so the engine worker's download is slowed too; the page's CPU 4× slower).
  const slowLink = await startServer({ throttle: { latencyMs: 150, bytesPerSecond: 1_600_000 / 8 } });
  const firstVisit = async (route, selector, slow) => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      slowLink.reset();
      const context = await browser.newContext({ locale: 'en-US' });
      await context.addInitScript((wanted) => {
        const times = (window.__benchTimes = {});
        new MutationObserver((_, observer) => {
          if (document.querySelector(wanted)) {
            times.interactive = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      }, selector);
      const page = await context.newPage();
      if (slow) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      }
      await page.goto(`${slow ? slowLink.base : base}${route}`);
      await page.locator(selector).first().waitFor({ timeout: 120_000 });
      runs.push(await page.evaluate(() => {
        // The page's own requests (the worker's are not in this list).
        const bytes = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
          .filter((r) => r.responseEnd <= window.__benchTimes.interactive)
          .reduce((sum, r) => sum + (r.transferSize || 0), 0);
        return { ...window.__benchTimes, bytes };
      }));
      await context.close();
    }
    runs.sort((a, b) => a.interactive - b.interactive);
    const median = runs[Math.floor(runs.length / 2)];
    console.log(
      `time to interactive, ${route} (${slow ? '1.6 Mbps / 150 ms / 4× CPU' : 'loopback'}, ${runs.length} runs): ` +
        `median ${ms(median.interactive)}, range ${ms(runs[0].interactive)}–${ms(runs[runs.length - 1].interactive)}; ` +
        `the page's requests before it: ${(median.bytes / 1024).toFixed(1)} KB`,
    );
  };
  for (const slow of [false, true]) {
    await firstVisit('#/', 'nav.main-nav a', slow);
    await firstVisit('#/sandbox', '[data-testid="console-input"]', slow);
  }
  slowLink.server.close();

  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}#/sandbox`);
  const input = page.getByTestId('console-input');
  await input.waitFor();
  for (const line of WORLD) {
    await input.fill(line);
    await input.press('Enter');
  }
  await page.locator('.terminal .output', { hasText: 'everything is steady' }).waitFor();
  const tasks = await page.locator('[data-task]').count();

  const clock = async () => {
    const [h, m, s] = (await page.getByTestId('sim-clock').textContent()).split(':').map(Number);
    return h * 3600 + m * 60 + s;
  };
  // Main-thread busy time, from Chromium's own counters (seconds of task time).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  for (const [speed, tab] of [[60, null], [600, null], [600, 'charts']]) {
    if (tab) await page.getByTestId(`tab-${tab}`).click();
    await page.getByTestId(`time-play-${speed}`).click();
    const start = await clock();
    const busyBefore = await busy();
    // Frame intervals (vsync-bound when the work fits) and long tasks (> 50 ms of main thread).
    const { frames, longTasks } = await page.evaluate(() => new Promise((resolve) => {
      const deltas = [];
      const long = [];
      const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
      let last = performance.now();
      const end = last + 5000;
      const frame = (t) => {
        deltas.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(frame);
        else { observer.disconnect(); resolve({ frames: deltas, longTasks: long }); }
      };
      requestAnimationFrame(frame);
    }));
    const busyPerFrame = ((await busy()) - busyBefore) * 1000 / frames.length;
    const simulated = (await clock()) - start;
    await page.getByTestId('time-pause').click();
    frames.sort((a, b) => a - b);
    console.log(
      `frame time at ${speed}× with ${tasks} tasks drawn${tab ? ` and the ${tab} tab open` : ''} (${frames.length} frames over 5 s): ` +
      `p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}, max ${ms(frames[frames.length - 1])}; ` +
      `main thread busy ${ms(busyPerFrame)} per frame; ${longTasks.length} long tasks${longTasks.length ? ` (longest ${ms(Math.max(...longTasks))})` : ''}; ` +
      `simulated ${simulated} s in 5 s (${(simulated / 5).toFixed(0)}× achieved of ${speed}×)`,
    );
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}
