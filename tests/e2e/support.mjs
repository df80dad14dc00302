// Shared set-up for the end-to-end journeys: a loopback static server for the
// built site, Debian's Chromium through playwright-core, and a guard that fails
// a test on any console error, uncaught exception or request leaving loopback.
import http from 'node:http';
import zlib from 'node:zlib';
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

/** Serves the built site under PUBLIC_URL on 127.0.0.1, as a static host
 * would: gzip when the browser takes it (GitHub Pages and most hosts do). */
export async function startServer({ throttle } = {}) {
  const root = path.resolve(SITE_DIR);
  const gzipped = new Map();
  // A slow link shared by every request (the page's and its workers', which
  // Chromium's own network emulation does not reach): each response waits
  // for the latency, then for the link to carry its bytes.
  let linkFreeAt = 0;
  const send = (res, body) => {
    if (!throttle) return res.end(body);
    const now = Date.now();
    const start = Math.max(now + throttle.latencyMs, linkFreeAt);
    linkFreeAt = start + (body.length / throttle.bytesPerSecond) * 1000;
    setTimeout(() => res.end(body), linkFreeAt - now);
  };
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
      const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(body, { level: 9 }));
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers);
        send(res, gzipped.get(file));
      } else {
        res.writeHead(200, headers);
        send(res, body);
      }
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  // A new visitor gets an idle link (nothing of the last one's still on it).
  const reset = () => { linkFreeAt = 0; };
  return { server, base: `http://127.0.0.1:${port}${PUBLIC_URL}`, reset };
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

/** A VPC, an ALB and a service of 200 Fargate tasks under load, then steady (the benchmarks' world). */
export const WORLD_200_TASKS = [
  'VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)',
  'IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)',
  'aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC',
  'A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)',
  'C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)',
  'RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)',
  'aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW',
  'aws ec2 associate-route-table --route-table-id $RT --subnet-id $A',
  'aws ec2 associate-route-table --route-table-id $RT --subnet-id $C',
  'SG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $VPC --query GroupId --output text)',
  'aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0',
  "LB=$(aws elbv2 create-load-balancer --name web --subnets $A $C --security-groups $SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
  "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)",
  'aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG',
  'aws ecs create-cluster --cluster-name bench',
  "aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'",
  'aws ecs create-service --cluster bench --service-name web --task-definition web --desired-count 200 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80',
  'sim load --target web --rps 2000',
  'sim advance steady',
];
