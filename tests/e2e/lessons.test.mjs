// Lessons through the built site: the map lists the written lessons with
// progress, the player's goals tick the moment the console meets them, a
// quiz is answered, hints and the solution help, progress survives a reload;
// lesson 2 done from start to finish with forms and quizzes alone, and
// lesson 11 (blue/green) typed into the console, with a reload half-way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, guardedPage, settle, screenshot, typeLine, pasteInto, openForm, choose, run } from './support.mjs';

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
  await basics.getByText('0 of 6 steps').waitFor();
  await page.getByTestId('lesson-ecs-basics').click();
  await page.getByTestId('lesson-panel').waitFor();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 1 of 6');
  assert.equal(await page.getByTestId('goal').getAttribute('data-met'), 'false');

  // A hint, then the goal ticks as soon as the console creates the cluster.
  await page.getByTestId('show-hint').click();
  await page.locator('.hint', { hasText: '--cluster-name' }).waitFor();
  await typeLine(page, 'aws ecs create-cluster --cluster-name learn');
  await page.locator('[data-testid=goal][data-met=true]').waitFor();
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();

  // Step 2 by running the reference solution.
  await page.getByTestId('step-next').click();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 2 of 6');
  await page.getByTestId('show-solution').click();
  await page.locator('pre.solution', { hasText: 'register-task-definition' }).waitFor();
  await page.getByTestId('apply-solution').click();
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();

  // Step 3 needs time to pass: the task starts, then runs.
  await page.getByTestId('step-next').click();
  await page.getByTestId('apply-solution').click();
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();
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
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 4 of 6');
  await page.goto(`${base}#/lessons`);
  await page.locator('.lesson-map li', { has: page.getByTestId('lesson-ecs-basics') }).getByText('4 of 6 steps').waitFor();

  assert.deepEqual(problems, []);
  await context.close();
});

test('a learner completes lesson 2 (VPC and CIDR) with forms, not the console', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(`${base}#/lessons/vpc-cidr`);
  await page.getByTestId('lesson-panel').waitFor();
  const answer = async (label) => {
    await page.getByTestId('quiz').getByLabel(label, { exact: true }).check();
    await page.getByTestId('quiz-check').click();
    await page.locator('.quiz-result.correct').waitFor();
  };
  const goalsMet = async (n) => {
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid=goal][data-met=true]').length === count,
      n,
    );
  };

  // 1: which range suits a VPC.
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 1 of 5');
  await answer('10.0.0.0/24');
  // 2: the VPC, with the Create VPC form.
  await page.getByTestId('step-next').click();
  let form = await openForm(page, 'create-vpc');
  await form.getByTestId('field-cidr').fill('10.0.0.0/24');
  await run(form);
  await goalsMet(1);
  // 3: four /26 subnets over two zones, one form each.
  await page.getByTestId('step-next').click();
  for (const [cidr, az] of [
    ['10.0.0.0/26', 'ap-northeast-1a'],
    ['10.0.0.64/26', 'ap-northeast-1c'],
    ['10.0.0.128/26', 'ap-northeast-1a'],
    ['10.0.0.192/26', 'ap-northeast-1c'],
  ]) {
    form = await openForm(page, 'create-subnet');
    await choose(form, 'vpc', '10.0.0.0/24');
    await form.getByTestId('field-cidr').fill(cidr);
    await choose(form, 'az', az);
    await run(form);
  }
  await goalsMet(2);
  await screenshot(page, '07-lesson-2-subnets-by-form');
  // 4 and 5: reserved addresses, overlaps.
  await page.getByTestId('step-next').click();
  await answer('59');
  await page.getByTestId('step-next').click();
  await answer('It fails with InvalidSubnet.Conflict');
  await page.getByTestId('lesson-finished').waitFor();
  await page.getByTestId('recheck-passed').getByText('does not depend on luck').waitFor();

  // Finished, and still finished after a reload.
  await page.reload();
  await page.getByTestId('lesson-panel').waitFor();
  await page.getByTestId('lesson-finished').waitFor();
  await page.goto(`${base}#/lessons`);
  await page.locator('.lesson-map li', { has: page.getByTestId('lesson-vpc-cidr') }).getByText('Completed').waitFor();

  // The progress as a file, taken to another browser: loaded there, merged.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  assert.equal(download.suggestedFilename(), 'ecs-playground-progress.json');
  const file = await download.path();
  const other = await guardedPage(browser, { locale: 'en-US' });
  await other.page.goto(`${base}#/lessons`);
  const row = other.page.locator('.lesson-map li', { has: other.page.getByTestId('lesson-vpc-cidr') });
  await row.getByText('0 of 5 steps').waitFor();
  await other.page.getByTestId('progress-import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{not json') });
  await other.page.getByTestId('progress-import-error').getByText('it is not a progress file of this app').waitFor();
  await row.getByText('0 of 5 steps').waitFor();
  // The same refusal in Japanese is Japanese throughout.
  await other.page.getByTestId('lang-ja').click();
  await other.page.getByTestId('progress-import').setInputFiles({ name: 'broken2.json', mimeType: 'application/json', buffer: Buffer.from('[]') });
  await other.page.getByTestId('progress-import-error').getByText('このアプリの進み具合のファイルではありません').waitFor();
  assert.doesNotMatch(await other.page.getByTestId('progress-import-error').textContent(), /not a progress file/);
  await other.page.getByTestId('lang-en').click();
  await other.page.getByTestId('progress-import').setInputFiles(file);
  await other.page.getByTestId('progress-imported').waitFor();
  await row.getByText('Completed').waitFor();
  await other.page.reload();
  await row.getByText('Completed').waitFor();
  assert.deepEqual(other.problems, []);
  await other.context.close();

  assert.deepEqual(problems, []);
  await context.close();
});

/** Answers the current step's quiz by trying its choices in turn until one is right. */
async function answerQuiz(page) {
  const choices = page.getByTestId('quiz').locator('input[type=radio]');
  const n = await choices.count();
  for (let i = 0; i < n; i++) {
    await choices.nth(i).check();
    await page.getByTestId('quiz-check').click();
    await page.locator('.quiz-result').waitFor();
    if (await page.locator('.quiz-result.correct').count()) return;
  }
  assert.fail('no choice of the quiz was right');
}

/**
 * Copies the current step's solution and pastes it into the console as one
 * block, as a learner pastes from a lesson: every line runs in turn
 * (here-documents too) and the last one waits for Enter.
 */
async function pasteSolution(page) {
  await page.getByTestId('show-solution').click();
  const text = (await page.locator('pre.solution').textContent()).replace(/\n$/, '');
  await page.getByTestId('show-solution').click();
  await pasteInto(page, text);
  const input = page.getByTestId('console-input');
  assert.equal(await input.inputValue(), text.split('\n').at(-1), 'the last line waits in the input');
  await input.press('Enter');
}

test('a learner completes lesson 11 (blue/green) by running and pasting its code blocks, and a reload keeps the progress', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(`${base}#/lessons/blue-green`);
  await page.getByTestId('lesson-panel').waitFor();
  const total = Number((await page.getByTestId('step-count').textContent()).match(/of (\d+)/)[1]);
  for (let step = 1; step <= total; step++) {
    assert.equal(await page.getByTestId('step-count').textContent(), `Step ${step} of ${total}`);
    if (await page.getByTestId('quiz').count()) {
      await answerQuiz(page);
    } else if (await page.getByTestId('predict').count()) {
      // Predict, then watch: the clock runs and the real number is shown.
      await page.getByTestId('predict-guess').fill('50');
      await page.getByTestId('predict-watch').click();
      await page.getByTestId('predict-result').waitFor();
    } else {
      if (step === 1) {
        // A common mistake first: the group without its deployment configuration.
        // The panel names the mistake the moment the world shows it; "reset step" undoes it.
        await pasteInto(page, [
          'aws deploy create-application --application-name web --compute-platform ECS',
          'aws deploy create-deployment-group --application-name web --deployment-group-name web-bg --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --load-balancer-info "{\\"targetGroupPairInfoList\\":[{\\"targetGroups\\":[{\\"name\\":\\"web-blue\\"},{\\"name\\":\\"web-green\\"}],\\"prodTrafficRoute\\":{\\"listenerArns\\":[\\"$PROD\\"]},\\"testTrafficRoute\\":{\\"listenerArns\\":[\\"$TEST\\"]}}]}" --blue-green-deployment-configuration \'{"terminateBlueInstancesOnDeploymentSuccess":{"action":"TERMINATE","terminationWaitTimeInMinutes":5}}\' --auto-rollback-configuration enabled=true,events=DEPLOYMENT_FAILURE',
          '',
        ].join('\n'));
        await page.getByTestId('near-miss').getByText('Left out --deployment-config-name').waitFor();
        await screenshot(page, '08a-near-miss-recognised');
        await page.getByTestId('step-reset').click();
        assert.equal(await page.getByTestId('near-miss').count(), 0);
        // The lesson's own code block, run with its button: two commands, two results.
        const block = page.getByTestId('lesson-panel').locator('.code-block').first();
        assert.match(await block.locator('pre').textContent(), /^aws deploy create-application[^\n]*\naws deploy create-deployment-group/);
        await block.getByTestId('code-run').click();
        const log = page.getByTestId('terminal-log');
        await log.locator('.line.input', { hasText: '$ aws deploy create-application' }).waitFor();
        await log.locator('.line.input', { hasText: '$ aws deploy create-deployment-group' }).waitFor();
        assert.equal(await log.locator('.line.error').count(), 0, await log.textContent());
      } else {
        await pasteSolution(page);
      }
      await page.waitForFunction(() => {
        const goals = document.querySelectorAll('[data-testid=goal]');
        return goals.length > 0 && [...goals].every((g) => g.dataset.met === 'true');
      });
    }
    await page.getByTestId('step-status').waitFor();
    if (step === 2) {
      // Half-way: the progress and the account survive a reload.
      await page.reload();
      await page.getByTestId('lesson-panel').waitFor();
      assert.equal(await page.getByTestId('step-count').textContent(), `Step 2 of ${total}`);
      await page.getByTestId('step-status').getByText('This step is complete.').waitFor();
    }
    if (step < total) await page.getByTestId('step-next').click();
  }
  await page.getByTestId('lesson-finished').waitFor();
  // Finished only after the re-check on a second seed.
  await page.getByTestId('recheck-passed').getByText('second seed').waitFor();
  await screenshot(page, '08-lesson-11-by-pasting');
  await page.goto(`${base}#/lessons`);
  await page.locator('.lesson-map li', { has: page.getByTestId('lesson-blue-green') })
    .getByText('Completed').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a study group: the facilitator link, projector mode, and comparing with the reference', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  // The facilitator's link puts everyone at step 3 of lesson 2, with steps 1–2 done for them.
  await page.goto(`${base}#/lessons/vpc-cidr?step=3&seed=2026`);
  await page.getByTestId('lesson-panel').waitFor();
  await page.getByTestId('console-input').waitFor();
  await settle(page);
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 3 of 5');
  await page.locator('.notice').getByText("Starting at step 3 from the facilitator's link").waitFor();
  // The address no longer carries the link, so a reload does not start over.
  assert.equal(new URL(page.url()).hash, '#/lessons/vpc-cidr');
  // Step 2's VPC is there (made by the reference solution), so this step's goals are within reach.
  await typeLine(page, "aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'length(Vpcs)'");
  await page.getByTestId('terminal-log').getByText(/^1$/).last().waitFor();

  // The panel offers the same link for this step.
  await page.getByTestId('study-group').locator('summary').click();
  const link = await page.getByTestId('facilitator-link').inputValue();
  assert.match(link, /#\/lessons\/vpc-cidr\?step=3&seed=2026$/);

  // Compared with the reference before and after the step's solution.
  await page.getByTestId('compare-run').click();
  assert.equal(await page.getByTestId('compare-result').getAttribute('data-same'), 'false');
  await page.getByTestId('compare-result').getByText('10.0.0.64/26').first().waitFor();
  await page.getByTestId('apply-solution').click();
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();
  await page.getByTestId('compare-run').click();
  await page.locator('[data-testid=compare-result][data-same=true]').waitFor();

  // Projector mode: large text and high contrast, kept across a reload.
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  await page.getByTestId('projector-toggle').click();
  assert.equal(await page.locator('html').getAttribute('data-projector'), 'true');
  assert.ok((await size()) > normal * 1.3, 'larger text');
  await screenshot(page, '09-study-group-projector');
  await page.reload();
  await page.getByTestId('lesson-panel').waitFor();
  assert.equal(await page.locator('html').getAttribute('data-projector'), 'true');
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 3 of 5');
  await page.getByTestId('projector-toggle').click();
  assert.equal(await page.locator('html').getAttribute('data-projector'), 'false');

  assert.deepEqual(problems, []);
  await context.close();
});

test('skipping ahead says what is missing and catches up; restarting a lesson can be undone', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  await page.goto(`${base}#/lessons/ecs-basics`);
  await page.getByTestId('console-input').waitFor();
  await settle(page);
  // Step 1 (create a cluster) skipped: step 2 says so instead of failing mysteriously.
  await page.getByTestId('step-next').click();
  await page.getByTestId('skipped-steps').getByText('Earlier steps are not done yet (1)').waitFor();
  await page.getByTestId('catch-up').click();
  await settle(page);
  assert.equal(await page.getByTestId('skipped-steps').count(), 0);
  await page.getByTestId('step-prev').click();
  await page.locator('[data-testid=goal][data-met=true]').waitFor();
  await page.getByTestId('step-next').click();
  await page.getByTestId('apply-solution').click();
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();
  // Restarting keeps the account as a snapshot first; Undo brings it and the progress back.
  await page.getByTestId('lesson-reset').click();
  await settle(page);
  await page.getByTestId('restart-kept').waitFor();
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 1 of 6');
  assert.equal(await page.getByTestId('goal').getAttribute('data-met'), 'false');
  await page.getByTestId('restart-undo').click();
  await settle(page);
  assert.equal(await page.getByTestId('restart-kept').count(), 0);
  assert.equal(await page.getByTestId('step-count').textContent(), 'Step 2 of 6');
  await page.getByTestId('step-status').getByText('This step is complete.').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone (390x844): a two-row header, tabs that do not wrap, and a lesson step done from its code block', async () => {
  for (const locale of ['ja-JP', 'en-US']) {
    const { context, page, problems } = await guardedPage(browser, { locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${base}#/lessons/ecs-basics`);
    await page.getByTestId('console-input').waitFor();
    await settle(page);
    // Nothing is wider than the screen, and the header takes two rows, not three.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling');
    const header = await page.locator('.app-header').boundingBox();
    assert.ok(header.height < 110, `the header is ${header.height}px tall`);
    // Each tab's label stays on one line.
    for (const tab of await page.locator('.dock-tabs [role="tab"]').all()) {
      const box = await tab.boundingBox();
      assert.ok(box.height < 44, `a tab wraps (${box.height}px)`);
    }
    // The console, below the step's text, is one tap away.
    await page.getByTestId('to-console').click();
    await page.waitForFunction(() => {
      const box = document.getElementById('console-input').getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight - 50;
    });
    // The step's code block runs in the console and the goal ticks.
    await page.locator('.lesson-body').getByTestId('code-run').first().click();
    await settle(page);
    await page.locator('[data-testid=goal][data-met=true]').waitFor();
    await screenshot(page, `11-phone-lesson-${locale}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
