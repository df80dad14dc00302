# Container health checks: a task reports HEALTHY once its start period and a
# first interval have passed; without a health check it stays UNKNOWN.

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
