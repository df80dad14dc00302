// The app shell through the real built site: language, every route by
// clicking, a reload on a deep link, theme, and no stray requests or errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, launchBrowser, guardedPage, settle, heading, screenshot } from './support.mjs';

let server, base, browser;

before(async () => {
  ({ server, base } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the default language follows the browser', async () => {
  for (const [locale, expected] of [
    ['ja-JP', 'AWS アカウントなしで ECS を動かしてみよう'],
    ['en-US', 'Run ECS without an AWS account'],
  ]) {
    const { context, page, problems } = await guardedPage(browser, { locale });
    const warnings = [];
    page.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); });
    await page.goto(base);
    await page.locator('main h1').waitFor();
    assert.equal(await heading(page), expected);
    assert.deepEqual(problems, []);
    // No warning on load (the wasm preload's integrity attribute used to cause one).
    assert.deepEqual(warnings.filter((w) => /integrity/.test(w)), []);
    await context.close();
  }
});

test('a learner switches language, visits every route, and reloads on a deep link', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(base);
  await page.locator('main h1').waitFor();
  assert.equal(await heading(page), 'Run ECS without an AWS account');
  assert.match(await page.getByTestId('version').textContent(), /^\d+\.\d+\.\d+$/);
  await screenshot(page, '01-home-en');

  // Language switch: everything follows, including <html lang>.
  await page.getByTestId('lang-ja').click();
  assert.equal(await heading(page), 'AWS アカウントなしで ECS を動かしてみよう');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.equal(await page.getByTestId('lang-ja').getAttribute('aria-pressed'), 'true');

  // Every route, by clicking.
  await page.getByTestId('start-learning').click();
  await page.waitForURL(/#\/lessons$/);
  assert.equal(await heading(page), 'レッスン一覧');
  assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'レッスン');

  await page.getByTestId('lesson-vpc-cidr').click();
  await page.waitForURL(/#\/lessons\/vpc-cidr$/);
  assert.equal(await heading(page), 'VPC と CIDR');

  await page.getByRole('link', { name: 'サンドボックス' }).click();
  await page.waitForURL(/#\/sandbox$/);
  assert.equal(await heading(page), 'サンドボックス');
  assert.match(await page.getByTestId('sim-clock').textContent(), /^\d\d:\d\d:\d\d$/);

  await page.getByRole('link', { name: 'ECS Playground' }).click();
  await page.waitForURL(/#\/$/);
  await page.getByTestId('open-sandbox').click();
  await page.waitForURL(/#\/sandbox$/);

  await page.goto(`${base}#/no-such-page`);
  await page.getByTestId('not-found').waitFor();
  assert.equal(await heading(page), 'ページが見つかりません');
  await page.getByRole('link', { name: 'ホームへ戻る' }).click();
  await page.waitForURL(/#\/$/);

  // Theme toggle.
  const before = await page.locator('html').getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const toggled = await page.locator('html').getAttribute('data-theme');
  assert.notEqual(toggled, before);

  // Reload on a deep link: the route, the language and the theme survive.
  await page.goto(`${base}#/lessons/vpc-cidr`);
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await heading(page), 'VPC と CIDR');
  assert.equal(await page.locator('html').getAttribute('data-theme'), toggled);
  assert.match(await page.title(), /VPC と CIDR — ECS Playground/);
  await screenshot(page, '02-lesson-ja-after-reload');

  // Back in English for the record.
  await page.getByTestId('lang-en').click();
  assert.equal(await heading(page), 'VPC and CIDR');

  assert.deepEqual(problems, []);
  await context.close();
});

test('the built site runs no script but its own under its policy, and works offline after one visit', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(base);
  await page.locator('main h1').waitFor();
  // The policy is in the page; the one inline script is the boot script, allowed by its hash.
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.doesNotMatch(policy, /unsafe-inline/);
  const inline = page.locator('script:not([src])');
  assert.equal(await inline.count(), 1);
  const boot = await inline.evaluate((s) => s.textContent);
  const hash = createHash('sha256').update(boot).digest('base64');
  assert.match(policy, new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}' 'wasm-unsafe-eval'`));
  // The service worker has cached the build.
  const cached = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('ecs-playground-')));
    return (await cache.keys()).length;
  });
  assert.ok(cached > 10, `cached ${cached} files`);

  // The room's Wi-Fi goes: the app, a lesson and the sandbox still open.
  await context.setOffline(true);
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await heading(page), 'Run ECS without an AWS account');
  await page.goto(`${base}#/lessons/vpc-cidr`);
  await page.getByTestId('lesson-panel').waitFor();
  assert.equal(await heading(page), 'VPC and CIDR');
  await page.goto(`${base}#/sandbox`);
  await page.getByTestId('sim-clock').waitFor();
  await screenshot(page, '05-offline-lesson-and-sandbox');
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('before any wasm has run, the page already says what it is, in both languages', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  // The app's wasm never arrives (a slow or broken link): the page is not blank.
  await context.route('**/*.wasm', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(base);
  const boot = page.locator('#boot');
  await boot.waitFor();
  assert.match(await boot.textContent(), /ECS Playground[\s\S]*Amazon ECS[\s\S]*Learn Amazon ECS[\s\S]*Loading…/);
  assert.ok((await boot.boundingBox()).height > 50, 'visible, not collapsed');
  await screenshot(page, '00-before-wasm');
  await context.close();

  // Once the app mounts, the loading screen is gone.
  const { context: ok, page: mounted, problems } = await guardedPage(browser, { locale: 'en-US' });
  await mounted.goto(base);
  await mounted.locator('main h1').waitFor();
  assert.equal(await mounted.locator('#boot').count(), 0);
  assert.deepEqual(problems, []);
  await ok.close();
});

test('with the engine blocked, the home page, the lesson map and a lesson\'s text still work, and the account says why it is missing', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  // The engine's worker never loads (offline on a first visit, a filtering proxy).
  await context.route('**/ecs-worker*', (route) => route.abort());
  await page.goto(base);
  await page.locator('main h1').waitFor();
  assert.equal(await heading(page), 'Run ECS without an AWS account');
  // The idle-time start of the engine fails quietly on the home page.
  await page.waitForTimeout(2000);
  assert.equal(await page.getByTestId('engine-failed').count(), 0);
  await page.locator('nav.main-nav a', { hasText: 'Lessons' }).click();
  await page.locator('[data-testid^="lesson-"]').first().waitFor();
  assert.ok((await page.locator('[data-testid^="lesson-"]').count()) >= 10, 'the map lists the lessons');
  await page.getByTestId('lesson-vpc-cidr').click();
  await page.getByTestId('step-title').waitFor();
  assert.match(await page.getByTestId('step-title').textContent(), /\S/);
  await page.getByTestId('engine-failed').getByText('The simulator could not be loaded').waitFor();
  await page.getByTestId('engine-reload').waitFor();
  await page.getByTestId('step-next').click();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 2 of 5', 'the lesson text moves on');
  await screenshot(page, '00-engine-blocked-lesson');
  await page.locator('nav.main-nav a', { hasText: 'Sandbox' }).click();
  await page.getByTestId('engine-failed').waitFor();
  // Only the blocked requests themselves are reported.
  assert.deepEqual(problems.filter((p) => !/ERR_FAILED|Failed to load/.test(p)), []);
  await context.close();
});

test('a first visit to the home page downloads only the shell, and opening the sandbox hands the page to the workspace', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(base);
  await page.locator('nav.main-nav a').first().waitFor();
  const beforeInteractive = [...requested];
  assert.deepEqual(beforeInteractive.filter((p) => /ecs-workspace|ecs-worker/.test(p)), [],
    'neither the workspace nor the engine is part of the home page');
  const bytes = await page.evaluate(() => performance.getEntriesByType('resource')
    .concat(performance.getEntriesByType('navigation'))
    .reduce((sum, r) => sum + (r.transferSize || 0), 0));
  assert.ok(bytes <= 250 * 1024, `the home page's first visit: ${bytes} bytes`);
  // A setting chosen in the shell carries over to the workspace.
  await page.getByTestId('lang-ja').click();
  await page.locator('nav.main-nav a[href="#/sandbox"]').click();
  await page.getByTestId('console-input').waitFor();
  await settle(page);
  assert.equal(await page.locator('header.app-header').count(), 1, 'the shell left the page');
  assert.equal(await page.locator('main').count(), 1);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.equal(await page.locator('nav.main-nav a[aria-current="page"]').getAttribute('href'), '#/sandbox');
  assert.ok(requested.some((p) => /ecs-workspace-.*_bg\.wasm$/.test(p)), 'the workspace loaded');
  // The workspace now routes every page; back to the shell's pages and forward again.
  await page.goBack();
  await page.locator('main h1', { hasText: 'AWS アカウントなしで ECS を動かしてみよう' }).waitFor();
  assert.equal(await page.locator('header.app-header').count(), 1);
  await page.goForward();
  await page.getByTestId('console-input').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('with the workspace blocked, the shell and the boot screen say so in both languages', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await context.route('**/ecs-workspace*', (route) => route.abort());
  await page.goto(base);
  await page.locator('nav.main-nav a[href="#/sandbox"]').click();
  await page.getByTestId('engine-failed').getByText('The simulator could not be loaded').waitFor();
  await page.getByTestId('engine-reload').waitFor();
  assert.equal(await heading(page), 'Sandbox');
  await screenshot(page, '00-workspace-blocked-shell');
  // A first visit straight to a sandbox starts the workspace without the shell.
  await page.goto(`${base}#/sandbox`);
  await page.reload();
  await page.locator('#boot.failed .boot-failed').waitFor();
  await screenshot(page, '00-workspace-blocked-boot');
  assert.match(await page.locator('.boot-failed').textContent(), /could not be loaded.*読み込めませんでした|読み込めませんでした.*could not be loaded/s);
  assert.deepEqual(problems.filter((p) => !/ERR_FAILED|Failed to load/.test(p)), []);
  await context.close();
});
