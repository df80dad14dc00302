// The learner's path through the forms on the built site: the study notes'
// VPC (public and private subnets in two AZs, an internet gateway, a public
// route table, security groups for the ALB and the tasks) built with forms
// alone, a task definition registered by pasting JSON, a blue/green service
// behind an ALB, CodeDeploy's role, application and deployment group; then a
// canary deployment (a form) watched at 600× until the traffic chart shows all
// production traffic on green, and a load ramp that makes target tracking (set
// up with forms) raise the desired count. A screenshot of each step is saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, guardedPage, settle, screenshot, typeLine, openForm, choose, tick, run } from './support.mjs';

let server, base, browser;

before(async () => {
  ({ server, base } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const TASK_DEFINITION = JSON.stringify({
  family: 'web',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    { name: 'web', image: 'nginx:1.26', essential: true, portMappings: [{ containerPort: 80, protocol: 'tcp' }] },
  ],
}, null, 2);

test('a learner builds the study notes\' VPC and a blue/green service with forms, deploys a canary and scales under load', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US', viewport: { width: 1440, height: 1000 } });
  await page.goto(`${base}#/sandbox`);
  await page.getByTestId('console-input').waitFor();
  await page.getByTestId('sandbox-reset').click();
  await page.getByTestId('diagram-empty').waitFor();

  // The VPC: its CLI equivalent is shown before it runs.
  let form = await openForm(page, 'create-vpc');
  await form.getByTestId('field-name').fill('study');
  await form.getByTestId('field-cidr').fill('10.0.0.0/16');
  assert.equal(
    await form.getByTestId('form-cli').textContent(),
    "aws ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=study}]'",
  );
  await run(form);

  form = await openForm(page, 'create-subnet');
  // A mistake first: the model's error is shown beside the CIDR field.
  await form.getByTestId('field-cidr').fill('10.1.0.0/24');
  await form.getByTestId('form-run').click();
  await form.getByTestId('error-cidr').getByText('InvalidSubnet.Range').waitFor();
  for (const [name, az, cidr] of [
    ['public-a', 'ap-northeast-1a', '10.0.0.0/24'],
    ['public-c', 'ap-northeast-1c', '10.0.1.0/24'],
    ['private-a', 'ap-northeast-1a', '10.0.10.0/24'],
    ['private-c', 'ap-northeast-1c', '10.0.11.0/24'],
  ]) {
    await choose(form, 'vpc', 'study');
    await form.getByTestId('field-name').fill(name);
    await form.getByTestId('field-az').selectOption(az);
    await form.getByTestId('field-cidr').fill(cidr);
    await run(form);
  }

  form = await openForm(page, 'create-internet-gateway');
  await form.getByTestId('field-name').fill('study-igw');
  await run(form);
  form = await openForm(page, 'attach-internet-gateway');
  await choose(form, 'igw', 'study-igw');
  await choose(form, 'vpc', 'study');
  await run(form);

  form = await openForm(page, 'create-route-table');
  await form.getByTestId('field-name').fill('public');
  await choose(form, 'vpc', 'study');
  await run(form);
  form = await openForm(page, 'create-route');
  await choose(form, 'rt', 'public');
  await choose(form, 'target', 'study-igw');
  await run(form);
  form = await openForm(page, 'associate-route-table');
  for (const subnet of ['public-a', 'public-c']) {
    await choose(form, 'rt', 'public');
    await choose(form, 'subnet', subnet);
    await run(form);
  }

  form = await openForm(page, 'create-security-group');
  await form.getByTestId('field-name').fill('alb');
  await form.getByTestId('field-description').fill('HTTP from anywhere');
  await choose(form, 'vpc', 'study');
  const albSg = (await run(form)).GroupId;
  await form.getByTestId('field-name').fill('task');
  await form.getByTestId('field-description').fill('HTTP from the ALB only');
  const taskSg = (await run(form)).GroupId;
  form = await openForm(page, 'authorize-security-group-ingress');
  await choose(form, 'sg', albSg);
  await run(form);
  await choose(form, 'sg', taskSg);
  // The source by the group's name, as the learner knows it: the command gets its id.
  await form.getByTestId('field-source').fill('alb');
  await settle(page);
  assert.match(await form.getByTestId('form-cli').textContent(), new RegExp(`--source-group ${albSg}$`));
  await run(form);

  // The diagram draws the VPC with its four subnets, two of them public.
  const vpc = page.locator('.vpc', { hasText: '10.0.0.0/16' });
  assert.equal(await vpc.locator('[data-subnet]').count(), 4);
  assert.equal(await vpc.locator('.subnet.public').count(), 2);
  await screenshot(page, '05-forms-vpc');

  // A task definition pasted as JSON.
  form = await openForm(page, 'register-task-definition');
  await form.getByTestId('td-json').fill(TASK_DEFINITION);
  await form.getByTestId('td-json-status').getByText('Valid JSON.').waitFor();
  await form.getByTestId('form-run').click();
  await form.getByTestId('form-done').getByText('task-definition/web:1').waitFor();

  form = await openForm(page, 'create-cluster');
  await form.getByTestId('field-name').fill('learn');
  await run(form);

  form = await openForm(page, 'create-target-group');
  for (const name of ['web', 'web-green']) {
    await form.getByTestId('field-name').fill(name);
    await choose(form, 'vpc', 'study');
    await run(form);
  }
  form = await openForm(page, 'create-load-balancer');
  await form.getByTestId('field-name').fill('web');
  await tick(form, 'subnets', ['public-a', 'public-c']);
  await tick(form, 'security_groups', [`alb (${albSg}`]);
  await run(form);
  form = await openForm(page, 'create-listener');
  for (const port of ['80', '8080']) {
    await form.getByTestId('field-port').fill(port);
    await choose(form, 'target_group', 'web (');
    await run(form);
  }

  form = await openForm(page, 'create-service');
  await choose(form, 'cluster', 'learn');
  await form.getByTestId('field-name').fill('web');
  await form.getByTestId('field-deployment_type').selectOption('CODE_DEPLOY');
  await tick(form, 'subnets', ['public-a', 'public-c']);
  await tick(form, 'security_groups', [`task (${taskSg}`]);
  await form.getByTestId('field-public_ip').selectOption('ENABLED');
  await choose(form, 'target_group', 'web (');
  assert.match(await form.getByTestId('form-cli').textContent(), /--load-balancers targetGroupArn=arn:aws:elasticloadbalancing:[^,]+,containerName=web,containerPort=80/);
  await run(form);
  await form.getByTestId('form-close').click();
  await page.getByTestId('time-until-steady').click();
  await page.waitForFunction(() => document.querySelectorAll('.vpc .task.healthy').length === 2);
  await screenshot(page, '06-forms-service');

  // CodeDeploy's side, with forms too: the role, the application, the deployment group.
  form = await openForm(page, 'create-role');
  await form.getByTestId('field-name').fill('ecsCodeDeployRole');
  await form.getByTestId('field-trusted').selectOption('codedeploy.amazonaws.com');
  await form.getByTestId('field-policy').selectOption('arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS');
  await run(form);
  form = await openForm(page, 'create-application');
  await form.getByTestId('field-name').fill('web');
  await run(form);
  form = await openForm(page, 'create-deployment-group');
  await form.getByTestId('field-name').fill('web-bg');
  await choose(form, 'role', 'ecsCodeDeployRole');
  await choose(form, 'service', 'learn/web');
  await choose(form, 'blue', 'web (');
  await choose(form, 'green', 'web-green (');
  await choose(form, 'production', 'web:80');
  await choose(form, 'test', 'web:8080');
  await form.getByTestId('field-config').selectOption('CodeDeployDefault.ECSCanary10Percent5Minutes');
  await run(form);

  // The next revision: start from web:1 in the editor, change the image, register.
  form = await openForm(page, 'register-task-definition');
  await form.getByTestId('td-start-from').selectOption('web:1');
  await form.getByTestId('td-load').click();
  const json = await form.getByTestId('td-json').inputValue();
  await form.getByTestId('td-json').fill(json.replace('nginx:1.26', 'nginx:1.27'));
  await form.getByTestId('form-run').click();
  await form.getByTestId('form-done').getByText('task-definition/web:2').waitFor();
  assert.equal(await page.getByTestId('td-diff-lines').locator('ins').count(), 1);
  await screenshot(page, '07-forms-revision-diff');
  await form.getByTestId('form-close').click();

  await typeLine(page, 'sim load --target web --rps 100');
  form = await openForm(page, 'create-deployment');
  await choose(form, 'group', 'web/web-bg');
  await choose(form, 'task_definition', 'web:2');
  const deployment = await run(form);
  assert.match(deployment.deploymentId, /^d-[0-9A-Z]{9}$/);
  await form.getByTestId('form-close').click();

  // At 600× the traffic chart moves production from blue to green.
  await page.getByTestId('tab-charts').click();
  await page.getByTestId('time-play-600').click();
  const traffic = page.getByTestId('chart').filter({ hasText: 'Traffic shifting' });
  await traffic.waitFor();
  try {
    await traffic.locator('tr', { hasText: 'production → green' }).filter({ hasText: '100%' }).waitFor({ timeout: 20_000 });
  } catch (e) {
    await screenshot(page, '08-forms-canary-traffic-failed');
    assert.fail(`the traffic chart did not reach 100 % green: ${await traffic.textContent()}`);
  }
  await page.getByTestId('time-pause').click();
  await screenshot(page, '08-forms-canary-traffic');

  // A load ramp with target tracking on CPU (set up with forms): the desired count rises.
  form = await openForm(page, 'register-scalable-target');
  await choose(form, 'service', 'learn/web');
  await form.getByTestId('field-min').fill('2');
  await form.getByTestId('field-max').fill('10');
  await run(form);
  form = await openForm(page, 'put-scaling-policy');
  await choose(form, 'service', 'learn/web');
  await form.getByTestId('field-name').fill('cpu50');
  await run(form);
  await form.getByTestId('form-close').click();
  await typeLine(page, 'sim load --target web --stages "2m:200,3m:2000"');
  await page.getByTestId('tab-charts').click();
  await page.getByTestId('time-play-600').click();
  const scaling = page.getByTestId('chart').filter({ hasText: 'Autoscaling' });
  await scaling.locator('tr', { hasText: /Setting desired count to \d+/ }).first().waitFor({ timeout: 30_000 });
  await page.getByTestId('time-pause').click();
  await typeLine(page, "aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'");
  const desired = Number(await page.locator('.terminal .output').last().textContent());
  assert.ok(desired > 2, `desired count rose above 2 (it is ${desired})`);
  await screenshot(page, '09-forms-scaling');

  assert.deepEqual(problems, []);
  await context.close();
});
