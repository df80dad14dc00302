# Container health checks: a task reports HEALTHY once its start period and a
# first interval have passed; without a health check it stays UNKNOWN; a failing
# check (sim fail health) makes it UNHEALTHY and a service replaces it.

SUBNET=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1c --query 'Subnets[0].SubnetId' --output text)
aws ecs create-cluster --query cluster.clusterName --output text
aws ecs register-task-definition --family checked --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginx","healthCheck":{"command":["CMD-SHELL","curl -f http://localhost/ || exit 1"],"interval":10,"startPeriod":20}}]' --query 'taskDefinition.containerDefinitions[0].healthCheck'
aws ecs register-task-definition --family unchecked --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginx"}]' --query taskDefinition.revision
CHECKED=$(aws ecs run-task --launch-type FARGATE --task-definition checked --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'tasks[0].taskArn' --output text)
UNCHECKED=$(aws ecs run-task --launch-type FARGATE --task-definition unchecked --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'tasks[0].taskArn' --output text)
sim advance 30s
aws ecs describe-tasks --tasks $CHECKED $UNCHECKED --query 'tasks[*].[lastStatus,healthStatus]' --output text
sim advance 30s
aws ecs describe-tasks --tasks $CHECKED $UNCHECKED --query 'tasks[*].[lastStatus,healthStatus,containers[0].healthStatus]' --output text

# A failing health check: retries (3) failures after the start period make the
# container UNHEALTHY. A standalone task keeps running regardless ...
sim fail health nginx
sim advance 40s
aws ecs describe-tasks --tasks $CHECKED --query 'tasks[0].[lastStatus,healthStatus,containers[0].healthStatus]' --output text

# ... but a service stops the task and starts a replacement, which fails too.
aws ecs create-service --service-name checked --task-definition checked --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query service.serviceName --output text
sim advance 2m
aws ecs list-tasks --service-name checked --desired-status STOPPED --query 'length(taskArns)'
FIRST=$(aws ecs list-tasks --service-name checked --desired-status STOPPED --query 'taskArns[0]' --output text)
aws ecs describe-tasks --tasks $FIRST --query 'tasks[0].[lastStatus,stopCode,stoppedReason,healthStatus]' --output text
aws ecs describe-services --services checked --query 'reverse(services[0].events[*].message)'

# Fixed: the next task passes its checks and the service settles.
sim recover image nginx
sim advance 2m
aws ecs list-tasks --service-name checked --query 'length(taskArns)'
aws ecs describe-tasks --tasks $(aws ecs list-tasks --service-name checked --query 'taskArns[0]' --output text) --query 'tasks[0].[lastStatus,healthStatus]' --output text
