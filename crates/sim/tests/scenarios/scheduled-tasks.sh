# A batch job as a task (seed 004): it starts, does its work and exits with
# code 0. EventBridge Scheduler runs it on a schedule — once its role may
# call ecs:RunTask and pass the task definition's roles.

SUBNET=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1a --query 'Subnets[0].SubnetId' --output text)
aws ecs create-cluster --cluster-name batch --query cluster.status --output text
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
aws ecs register-task-definition --family report --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions '[{"name":"report","image":"public.ecr.aws/docker/library/busybox:1.36","command":["sh","-c","echo building the daily report && sleep 45"]}]' --query taskDefinition.taskDefinitionArn --output text

# Run once by hand: RUNNING for 45 seconds, then STOPPED with exit code 0.
TASK=$(aws ecs run-task --cluster batch --task-definition report --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'tasks[0].taskArn' --output text)
sim advance 1m
aws ecs describe-tasks --cluster batch --tasks $TASK --query 'tasks[0].[lastStatus,containers[0].lastStatus]' --output text
sim advance 1m
aws ecs describe-tasks --cluster batch --tasks $TASK --query 'tasks[0].[lastStatus,stopCode,stoppedReason,containers[0].exitCode]' --output text

# A schedule every hour at minute 0, Tokyo time. Its role is trusted by the scheduler but may do nothing yet.
aws iam create-role --role-name schedulerEcsRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.Arn --output text
cat > target.json <<JSON
{"Arn":"arn:aws:ecs:ap-northeast-1:123456789012:cluster/batch","RoleArn":"arn:aws:iam::123456789012:role/schedulerEcsRole","EcsParameters":{"TaskDefinitionArn":"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/report:1","LaunchType":"FARGATE","TaskCount":1,"NetworkConfiguration":{"awsvpcConfiguration":{"Subnets":["$SUBNET"],"AssignPublicIp":"ENABLED"}}}}
JSON
aws scheduler create-schedule --name hourly-report --schedule-expression "cron(0 * * * ? *)" --schedule-expression-timezone Asia/Tokyo --flexible-time-window Mode=OFF --target file://target.json
aws scheduler create-schedule --name hourly-report --schedule-expression "cron(0 * * * ? *)" --flexible-time-window Mode=OFF --target file://target.json
aws scheduler create-schedule --name bad --schedule-expression "rate(5 minute)" --flexible-time-window Mode=OFF --target file://target.json
aws scheduler create-schedule --name bad --schedule-expression "rate(5 minutes)" --flexible-time-window Mode=FLEXIBLE --target file://target.json
aws scheduler get-schedule --name hourly-report --query '[State,ScheduleExpression,ScheduleExpressionTimezone,FlexibleTimeWindow.Mode,Target.EcsParameters.TaskCount]' --output text
sim advance 60m
aws cloudwatch get-metric-statistics --namespace AWS/Scheduler --metric-name TargetErrorCount --start-time 2026-01-01T00:00:00Z --end-time 2026-01-01T02:00:00Z --period 3600 --statistics Sum --query 'Datapoints[0].Sum'
aws ecs list-tasks --cluster batch --family report --desired-status STOPPED --query 'length(taskArns)'

# Allow RunTask on the family and PassRole for the execution role: the next hour runs the job.
aws iam put-role-policy --role-name schedulerEcsRole --policy-name run-report --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/report:*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringLike":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}'
sim advance 60m
aws ecs list-tasks --cluster batch --family report --desired-status STOPPED --query 'length(taskArns)'
aws ecs describe-tasks --cluster batch --tasks $(aws ecs list-tasks --cluster batch --family report --desired-status STOPPED --query 'taskArns[0]' --output text) --query 'tasks[0].[createdAt,startedBy,stopCode,containers[0].exitCode]' --output text
aws ecs list-tasks --cluster batch --family report --query 'length(taskArns)'

# A one-time schedule that deletes itself once it has run; and a disabled one that never runs.
aws scheduler create-schedule --name once --schedule-expression "at(2026-01-01T02:30:00)" --flexible-time-window Mode=OFF --action-after-completion DELETE --target file://target.json
aws scheduler create-schedule --name paused --schedule-expression "rate(1 minute)" --state DISABLED --flexible-time-window Mode=OFF --target file://target.json
aws scheduler list-schedules --query 'Schedules[*].[Name,State]' --output text
sim advance 30m
aws scheduler list-schedules --query 'Schedules[*].Name' --output text
aws scheduler delete-schedule --name paused
aws scheduler delete-schedule --name paused
aws cloudwatch get-metric-statistics --namespace AWS/Scheduler --metric-name InvocationAttemptCount --start-time 2026-01-01T00:00:00Z --end-time 2026-01-01T03:00:00Z --period 10800 --statistics Sum --query 'Datapoints[0].Sum'
