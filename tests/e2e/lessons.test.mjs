// A lesson through the built site: the map lists the written lessons with
// progress, the player's goals tick the moment the console meets them, a
// quiz is answered, hints and the solution help, progress survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, guardedPage, screenshot, typeLine } from './support.mjs';

let server, base, browser;

before(async () => {
  ({ server, base } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('a learner works through the first lesson', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(`${base}#/lessons`);
  const basics = page.locator('.lesson-map li', { has: page.getByTestId('lesson-ecs-basics') });
  await basics.getByText('0 of 5 steps').waitFor();
  await page.getByTestId('lesson-ecs-basics').click();
  await page.getByTestId('lesson-panel').waitFor();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 1 of 5');
  assert.equal(await page.getByTestId('goal').getAttribute('data-met'), 'false');

  // A hint, then the goal ticks as soon as the console creates the cluster.
  await page.getByTestId('show-hint').click();
  await page.locator('.hint', { hasText: '--cluster-name' }).waitFor();
  await typeLine(page, 'aws ecs create-cluster --cluster-name learn');
  await page.locator('[data-testid=goal][data-met=true]').waitFor();
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();

  // Step 2 by running the reference solution.
  await page.getByTestId('step-next').click();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 2 of 5');
  await page.getByTestId('show-solution').click();
  await page.locator('pre.solution', { hasText: 'register-task-definition' }).waitFor();
  await page.getByTestId('apply-solution').click();
  await page.locator('[data-testid=goal][data-met=true]').waitFor();

  // Step 3 needs time to pass: the task starts, then runs.
  await page.getByTestId('step-next').click();
  await page.getByTestId('apply-solution').click();
  await page.locator('[data-testid=goal][data-met=true]').waitFor();
  await screenshot(page, '05-lesson-goal-met');

  // Step 4 is a quiz.
  await page.getByTestId('step-next').click();
  await page.getByTestId('quiz').getByLabel('You (you launch and manage EC2 instances)').check();
  await page.getByTestId('quiz-check').click();
  await page.locator('.quiz-result.wrong').waitFor();
  await page.getByTestId('quiz').getByLabel('AWS', { exact: true }).check();
  await page.getByTestId('quiz-check').click();
  await page.locator('.quiz-result.correct').waitFor();

  // Progress survives a reload, on the step the learner was on.
  await page.reload();
  await page.getByTestId('lesson-panel').waitFor();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 4 of 5');
  await page.goto(`${base}#/lessons`);
  await page.locator('.lesson-map li', { has: page.getByTestId('lesson-ecs-basics') }).getByText('4 of 5 steps').waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});
