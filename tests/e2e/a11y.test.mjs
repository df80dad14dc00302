// Accessibility: axe-core on every route and on the sandbox with a blue/green
// deployment under way (diagram, panel, form, charts, events), in both
// languages and both themes. No serious or critical violation is allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, guardedPage, settle, typeLine, screenshot } from './support.mjs';

const require = createRequire(import.meta.url);
const AXE = await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let server, base, browser;

before(async () => {
  ({ server, base } = await startServer());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Serious and critical violations on the page as it is now, one line each. */
async function violations(page, where) {
  // Evaluated through the debugger protocol, so the page's policy does not apply to axe itself.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × e.g. ${v.nodes[0].target.join(' ')} ${v.nodes[0].html.slice(0, 160)} — ${v.help}`);
  });
  return result.map((line) => `${where}: ${line}`);
}

const DEPLOYMENT = [
  'VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)',
  'IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)',
  'aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC',
  'A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)',
  'C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)',
  'RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)',
  'aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW',
  'aws ec2 associate-route-table --route-table-id $RT --subnet-id $A',
  'aws ec2 associate-route-table --route-table-id $RT --subnet-id $C',
  'SG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $VPC --query GroupId --output text)',
  'aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0',
  "LB=$(aws elbv2 create-load-balancer --name web --subnets $A $C --security-groups $SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
  "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)",
  "aws elbv2 create-target-group --name web-green --protocol HTTP --port 80 --vpc-id $VPC --target-type ip",
  "PROD=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].ListenerArn' --output text)",
  "aws iam create-role --role-name ecsCodeDeployRole --assume-role-policy-document '{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"codedeploy.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'",
  'aws ecs create-cluster --cluster-name learn',
  "aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.26,portMappings=[{containerPort=80}]'",
  'aws ecs create-service --cluster learn --service-name web --task-definition web:1 --desired-count 2 --launch-type FARGATE --deployment-controller type=CODE_DEPLOY --network-configuration "awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80',
  'sim advance 3m',
  'aws deploy create-application --application-name web --compute-platform ECS',
  'aws deploy create-deployment-group --application-name web --deployment-group-name web-bg --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-config-name CodeDeployDefault.ECSLinear10PercentEvery1Minutes --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --load-balancer-info "{\\"targetGroupPairInfoList\\":[{\\"targetGroups\\":[{\\"name\\":\\"web\\"},{\\"name\\":\\"web-green\\"}],\\"prodTrafficRoute\\":{\\"listenerArns\\":[\\"$PROD\\"]}}]}"',
  "aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]'",
  'aws deploy create-deployment --application-name web --deployment-group-name web-bg --revision \'{"revisionType":"AppSpecContent","appSpecContent":{"content":"{\\"version\\":0.0,\\"Resources\\":[{\\"TargetService\\":{\\"Type\\":\\"AWS::ECS::Service\\",\\"Properties\\":{\\"TaskDefinition\\":\\"web:2\\",\\"LoadBalancerInfo\\":{\\"ContainerName\\":\\"web\\",\\"ContainerPort\\":80}}}}]}"}}\'',
  'sim load --target web --rps 20',
  'sim advance 4m',
];

test('every route and a busy sandbox have no serious or critical accessibility violations', async () => {
  const { context, page, problems } = await guardedPage(browser, { locale: 'en-US' });
  const found = [];
  await page.goto(base);
  await page.locator('main h1').waitFor();
  found.push(...(await violations(page, 'home (en, light)')));
  await page.goto(`${base}#/lessons`);
  await page.getByTestId('lesson-map').waitFor();
  found.push(...(await violations(page, 'lesson map')));
  await page.goto(`${base}#/lessons/vpc-cidr`);
  await page.getByTestId('lesson-panel').waitFor();
  found.push(...(await violations(page, 'lesson')));
  await page.goto(`${base}#/no-such-page`);
  await page.getByTestId('not-found').waitFor();
  found.push(...(await violations(page, 'not found')));

  await page.goto(`${base}#/sandbox`);
  await page.getByTestId('sim-clock').waitFor();
  for (const line of DEPLOYMENT) await typeLine(page, line);
  await page.getByTestId('diagram').waitFor();
  found.push(...(await violations(page, 'sandbox console')));
  await page.locator('[data-task]').first().click();
  await page.getByTestId('resource-panel').locator('h2').waitFor();
  await page.getByTestId('tab-charts').click();
  await page.getByTestId('chart').first().waitFor();
  found.push(...(await violations(page, 'sandbox charts + task panel')));
  await page.getByTestId('tab-events').click();
  found.push(...(await violations(page, 'sandbox events')));
  await screenshot(page, '06-a11y-sandbox-deployment');

  // Japanese and the dark theme, on the busy sandbox.
  await page.getByTestId('lang-ja').click();
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('tab-charts').click();
  found.push(...(await violations(page, 'sandbox charts (ja, dark)')));
  await page.goto(`${base}#/`);
  await page.locator('main h1').waitFor();
  found.push(...(await violations(page, 'home (ja, dark)')));

  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});
