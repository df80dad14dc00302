// The sandbox through the built site: type AWS CLI commands into the console,
// see their output and the account change, let time run, and find the world
// again after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, guardedPage, screenshot } from './support.mjs';

let server, base, browser;

before(async () => {
  ({ server, base } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function type(page, line) {
  const input = page.getByTestId('console-input');
  await input.fill(line);
  await input.press('Enter');
}

test('a learner builds a VPC in the console, runs time, and keeps it after a reload', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(`${base}#/sandbox`);
  await page.getByTestId('console-input').waitFor();
  assert.equal(await page.getByTestId('count-vpcs').textContent(), '1', 'the default VPC');

  await type(page, 'VPC_ID=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)');
  await type(page, 'echo $VPC_ID');
  await page.locator('.terminal .output', { hasText: /^vpc-[0-9a-f]{17}$/ }).first().waitFor();
  assert.equal(await page.getByTestId('count-vpcs').textContent(), '2');

  // An AWS error is shown as the CLI shows it.
  await type(page, 'aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.1.0/26');
  await page.locator('.terminal .error', { hasText: 'InvalidSubnet.Range' }).waitFor();

  // A here-document spans several lines with a > prompt.
  await type(page, "cat > note.txt <<'EOF'");
  assert.equal((await page.locator('.terminal-input .prompt').textContent()).trim(), '>');
  await type(page, 'hello');
  await type(page, 'EOF');
  await type(page, 'cat note.txt');
  await page.locator('.terminal .output', { hasText: /^hello$/ }).waitFor();

  // History: ↑ brings back the last command.
  await page.getByTestId('console-input').press('ArrowUp');
  assert.equal(await page.getByTestId('console-input').inputValue(), 'cat note.txt');
  await page.getByTestId('console-input').fill('');

  // Time runs at 600×.
  const before = await page.getByTestId('sim-clock').textContent();
  await page.getByTestId('time-play-600').click();
  await page.waitForFunction((start) => document.querySelector('[data-testid=sim-clock]').textContent !== start, before);
  await page.getByTestId('time-pause').click();
  const paused = await page.getByTestId('sim-clock').textContent();
  assert.notEqual(paused, before);
  await page.getByTestId('time-step-minute').click();
  assert.notEqual(await page.getByTestId('sim-clock').textContent(), paused);
  await screenshot(page, '03-sandbox-console');

  // The world survives a reload.
  await page.reload();
  await page.getByTestId('console-input').waitFor();
  assert.equal(await page.getByTestId('count-vpcs').textContent(), '2');
  await type(page, 'echo $VPC_ID');
  await page.locator('.terminal .output', { hasText: /^vpc-[0-9a-f]{17}$/ }).first().waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});
