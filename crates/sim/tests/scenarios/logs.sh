# Container logs with the awslogs driver: the log group must exist (or the
# driver may create it, if the execution role allows it), then `aws logs tail`.

aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
SUBNET=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1a --query 'Subnets[0].SubnetId' --output text)
aws ecs create-cluster --query cluster.clusterName --output text
sim sample web > web.json
aws ecs register-task-definition --cli-input-json file://web.json --query taskDefinition.revision

# No log group yet: the task cannot start.
aws ecs run-task --launch-type FARGATE --task-definition web --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'tasks[0].lastStatus' --output text
sim advance 2m
aws ecs describe-tasks --tasks $(aws ecs list-tasks --desired-status STOPPED --query 'taskArns[0]' --output text) --query 'tasks[0].stoppedReason' --output text

aws logs create-log-group --log-group-name /ecs/web
aws logs create-log-group --log-group-name /ecs/web
aws ecs run-task --launch-type FARGATE --task-definition web --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'tasks[0].lastStatus' --output text
sim advance 2m
aws logs describe-log-streams --log-group-name /ecs/web --query 'length(logStreams)'
aws logs tail /ecs/web --since 5m
aws logs describe-log-groups --query 'logGroups[*].[logGroupName,storedBytes]' --output text
aws logs tail /ecs/missing
aws logs put-retention-policy --log-group-name /ecs/web --retention-in-days 14
aws logs put-retention-policy --log-group-name /ecs/web --retention-in-days 15
