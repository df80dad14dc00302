// Shared set-up for the end-to-end journeys: a loopback static server for the
// built site, Debian's Chromium through playwright-core, and a guard that fails
// a test on any console error, uncaught exception or request leaving loopback.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const SITE_DIR = process.env.E2E_SITE_DIR;
export const PUBLIC_URL = process.env.E2E_PUBLIC_URL ?? '/';
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? 'e2e-artifacts';
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

if (!SITE_DIR) {
  throw new Error('E2E_SITE_DIR is not set: run the suite through `cargo xtask test`');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.toml': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves the built site under PUBLIC_URL on 127.0.0.1, as a static host would. */
export async function startServer() {
  const root = path.resolve(SITE_DIR);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(PUBLIC_URL)) {
      res.writeHead(404).end('not under the public URL');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(PUBLIC_URL.length)) || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, base: `http://127.0.0.1:${port}${PUBLIC_URL}` };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A new page whose problems are collected: console errors, uncaught
 * exceptions, and any request to a non-loopback origin (which is also blocked).
 */
export async function guardedPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (loopback || url.protocol === 'data:' || url.protocol === 'blob:') {
      return route.continue();
    }
    problems.push(`request to another origin: ${url.href}`);
    return route.abort();
  });
  // A Content-Security-Policy violation is a problem too (the built site ships a strict one).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  return { context, page, problems };
}

/** The text of the page's main heading. */
export async function heading(page) {
  return (await page.locator('main h1').first().textContent())?.trim();
}

export async function screenshot(page, name) {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until the engine (a Web Worker) has answered everything the page asked. */
export async function settle(page) {
  await page.locator('html[data-engine-pending="0"]').waitFor({ state: 'attached' });
}

/** Types one line into the console and presses Enter (bringing the Console tab forward if another is open), then waits for the answer. */
export async function typeLine(page, line) {
  const input = page.getByTestId('console-input');
  if (!(await input.isVisible())) await page.getByTestId('tab-console').click();
  await input.fill(line);
  await input.press('Enter');
  await settle(page);
}

/** Pastes `text` into the console input the way the browser delivers a paste. */
export async function pasteInto(page, text) {
  const input = page.getByTestId('console-input');
  if (!(await input.isVisible())) await page.getByTestId('tab-console').click();
  await input.focus();
  const handled = await input.evaluate((el, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    return !el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  // A synthetic paste does not insert text by itself: where the app left the
  // paste to the browser (one line), insert it as the browser would.
  if (!handled) await page.keyboard.insertText(text);
}

/** Opens a form from the picker. */
export async function openForm(page, id) {
  await page.getByTestId('form-picker').selectOption(id);
  await page.getByTestId(`form-${id}`).waitFor();
  await settle(page);
  return page.getByTestId(`form-${id}`);
}

/// Chooses the option of a select field whose text contains `fragment`.
export async function choose(form, key, fragment) {
  const select = form.getByTestId(`field-${key}`);
  const value = await select.evaluate(
    (el, text) => ([...el.options].find((o) => o.textContent === text)
      ?? [...el.options].find((o) => o.textContent.includes(text)))?.value,
    fragment,
  );
  assert.ok(value !== undefined, `no option of ${key} contains ${fragment}`);
  await select.selectOption(value);
  await settle(form.page());
}

/// Ticks the checkboxes of a multi-choice field whose labels contain each fragment.
export async function tick(form, key, fragments) {
  for (const fragment of fragments) {
    await form.getByTestId(`field-${key}`).locator('label', { hasText: fragment }).locator('input').check();
  }
  await settle(form.page());
}

/// Runs the open form and returns what the command printed (parsed when JSON).
export async function run(form) {
  await settle(form.page());
  const before = await form.getByTestId('form-done').count();
  await form.getByTestId('form-run').click();
  await settle(form.page());
  await form.locator('[data-testid=form-done], [data-testid=form-error], .field-error:not([hidden])').first().waitFor();
  const error = form.locator('[data-testid=form-error], .field-error:not([hidden])');
  if (await error.count()) assert.fail(`the form was refused: ${await error.first().textContent()}`);
  assert.ok((await form.getByTestId('form-done').count()) >= before);
  const out = await form.locator('[data-testid=form-done] pre').textContent();
  try { return JSON.parse(out); } catch { return out; }
}
