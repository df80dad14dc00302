# FireLens: the app's logs go to a Fluent Bit log router in the same task,
# whose cloudwatch_logs output writes them with the task role (not the
# execution role). What goes wrong shows in the router's own log.

SUBNET=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1a --query 'Subnets[0].SubnetId' --output text)
aws ecr create-repository --repository-name app --query repository.repositoryName --output text
sim push-image app:3.1.0 > /dev/null
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
aws iam create-role --role-name appTaskRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws logs create-log-group --log-group-name /ecs/firelens
aws ecs create-cluster --cluster-name learn --query cluster.clusterName --output text
sim sample firelens > app.json
aws ecs register-task-definition --cli-input-json file://app.json --query 'taskDefinition.containerDefinitions[*].[name,logConfiguration.logDriver]' --output text

# The task role may not write logs: the app's lines never arrive.
aws ecs run-task --cluster learn --task-definition app-firelens --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'length(tasks)'
sim advance 2m
aws logs describe-log-groups --log-group-name-prefix /ecs/app --query 'length(logGroups)'
aws logs tail /ecs/firelens --since 5m --format short

# Allowed: the router creates /ecs/app (auto_create_group) and a stream per container and task.
aws iam put-role-policy --role-name appTaskRole --policy-name firelens --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":"*"}]}'
aws ecs run-task --cluster learn --task-definition app-firelens --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'length(tasks)'
sim advance 2m
aws logs describe-log-streams --log-group-name /ecs/app --query 'logStreams[*].logStreamName' --output text
aws logs tail /ecs/app --since 5m --format short
