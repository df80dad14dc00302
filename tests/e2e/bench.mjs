// Browser benchmarks of the built site, reported and never asserted (wall-clock
// figures on a shared machine vary run to run): time to interactive on a first
// visit, and frame times while a world of 200 running tasks behind an ALB plays
// at 600× with the diagram on screen — with how much simulated time the frame
// budget let through. Run by `cargo xtask bench`.
import { startServer, launchBrowser } from './support.mjs';

const WORLD = [
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

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (v) => `${v.toFixed(1)} ms`;

const { server, base } = await startServer();
const browser = await launchBrowser();
try {
  // Time to interactive: a first visit (empty storage) until the console takes
  // input, timed in the page when the input enters the DOM (Playwright notices
  // it a poll later), with the wasm download and instantiation as a breakdown.
  const first = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ locale: 'en-US' });
    await context.addInitScript(() => {
      const times = (window.__benchTimes = {});
      const instantiate = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = async function (...args) {
        times.instantiateStart = performance.now();
        const result = await instantiate.apply(this, args);
        times.instantiateEnd = performance.now();
        return result;
      };
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="console-input"]')) {
          times.interactive = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(`${base}#/sandbox`);
    await page.getByTestId('console-input').waitFor();
    first.push(
      await page.evaluate(() => {
        const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
        return { ...window.__benchTimes, wasmLoaded: wasm ? wasm.responseEnd : NaN };
      }),
    );
    await context.close();
  }
  first.sort((a, b) => a.interactive - b.interactive);
  const median = first[Math.floor(first.length / 2)];
  console.log(
    `time to interactive (first visit to #/sandbox, ${first.length} runs): median ${ms(median.interactive)}, range ${ms(first[0].interactive)}–${ms(first[first.length - 1].interactive)}; ` +
      `median run: wasm downloaded ${ms(median.wasmLoaded)}, instantiated ${ms(median.instantiateStart)}–${ms(median.instantiateEnd)}, first render done ${ms(median.interactive)}`,
  );

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
  for (const speed of [60, 600]) {
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
      `frame time at ${speed}× with ${tasks} tasks drawn (${frames.length} frames over 5 s): ` +
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
