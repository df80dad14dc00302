# A rolling update (the ECS deployment controller): a new task definition
# revision becomes the PRIMARY deployment and replaces the old tasks within
# minimumHealthyPercent / maximumPercent, waiting for the load balancer's
# health checks; the deployment circuit breaker fails a broken revision and
# rolls back; a configuration with no room at all cannot move.

VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUB_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUB_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW --query Return
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB_A > /dev/null
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB_C > /dev/null
ALB_SG=$(aws ec2 create-security-group --group-name alb --description alb --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ALB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0 --query Return
TASK_SG=$(aws ec2 create-security-group --group-name task --description task --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 80 --source-group $ALB_SG --query Return
LB=$(aws elbv2 create-load-balancer --name web --subnets $PUB_A $PUB_C --security-groups $ALB_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --health-check-interval-seconds 10 --health-check-timeout-seconds 5 --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 modify-target-group-attributes --target-group-arn $TG --attributes Key=deregistration_delay.timeout_seconds,Value=30 --query 'Attributes[?Key==`deregistration_delay.timeout_seconds`].Value' --output text
aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].Port'

aws ecs create-cluster --cluster-name learn --query cluster.status --output text
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.26,portMappings=[{containerPort=80}]' --query taskDefinition.revision
aws ecs create-service --cluster learn --service-name web --task-definition web:1 --desired-count 4 --launch-type FARGATE --deployment-configuration 'minimumHealthyPercent=50,maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=true}' --network-configuration "awsvpcConfiguration={subnets=[$PUB_A,$PUB_C],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80 --query 'service.deploymentConfiguration'
sim advance 3m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,desiredCount,runningCount,rolloutState]' --output text

# Revision 2. min 50 % of 4 = 2 must stay healthy, max 200 % = 8 may run: 4 new start and 2 old stop at once.
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision
aws ecs update-service --cluster learn --service web --task-definition web:2 --query 'service.deployments[*].[status,taskDefinition,rolloutState]' --output text
sim advance 1s
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,desiredCount,runningCount,pendingCount]' --output text
sim advance 1m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,desiredCount,runningCount,pendingCount]' --output text
sim advance 2m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,rolloutState,rolloutStateReason]' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].[taskDefinition,runningCount]' --output text
aws ecs describe-tasks --cluster learn --tasks $(aws ecs list-tasks --cluster learn --service-name web --desired-status STOPPED --query 'taskArns' --output text) --query 'tasks[0].[stopCode,stoppedReason]' --output text

# Revision 3 pulls an image that does not exist: its tasks never start. The circuit
# breaker (threshold: half of 4, at least 3) fails it and rolls back to revision 2.
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.99,portMappings=[{containerPort=80}]' --query taskDefinition.revision
sim fail image nginx:1.99
aws ecs update-service --cluster learn --service web --task-definition web:3 --query 'service.taskDefinition' --output text
sim advance 30s
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,pendingCount,failedTasks,rolloutState]' --output text
sim advance 1m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,pendingCount,failedTasks,rolloutState,rolloutStateReason]' --output text
aws ecs describe-services --cluster learn --services web --query "services[0].events[?contains(message, 'failed') || contains(message, 'rolling back')].message" --output text
aws ecs list-tasks --cluster learn --service-name web --desired-status STOPPED --query 'length(taskArns)'
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,rolloutState]' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].events[0:2].message' --output text
aws elbv2 describe-target-health --target-group-arn $TG --query 'length(TargetHealthDescriptions[?TargetHealth.State==`healthy`])'

# --force-new-deployment replaces every task with the same revision.
aws ecs update-service --cluster learn --service web --force-new-deployment --query 'length(service.deployments)'
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,rolloutState]' --output text

# desired 3, min 75 % (3 must stay) and max 125 % (3 may run): no task can start or stop.
aws ecs update-service --cluster learn --service web --desired-count 3 --deployment-configuration minimumHealthyPercent=75,maximumPercent=125 --query 'service.deploymentConfiguration.[minimumHealthyPercent,maximumPercent]' --output text
sim advance 3m
aws ecs update-service --cluster learn --service web --force-new-deployment --query 'service.desiredCount'
sim advance 3m
aws ecs describe-services --cluster learn --services web --query 'services[0].events[0].message' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,runningCount,rolloutState]' --output text

# Errors: an unknown revision, a revision without the load balancer's container.
aws ecs update-service --cluster learn --service web --task-definition web:9
aws ecs register-task-definition --family other --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=api,image=nginx:1.27,portMappings=[{containerPort=8080}]' --query taskDefinition.revision
aws ecs update-service --cluster learn --service web --task-definition other:1

# CloudWatch alarms can fail a rolling deployment too (deploymentConfiguration.alarms):
# an alarm that goes into ALARM while the deployment is in progress fails it and rolls back.
aws ecs update-service --cluster learn --service web --desired-count 2 --deployment-configuration minimumHealthyPercent=100,maximumPercent=200 --query service.desiredCount
sim advance 3m
aws cloudwatch put-metric-alarm --alarm-name web-5xx --namespace AWS/ApplicationELB --metric-name HTTPCode_Target_5XX_Count --dimensions Name=LoadBalancer,Value=app/web/x --statistic Sum --period 60 --evaluation-periods 1 --threshold 10 --comparison-operator GreaterThanThreshold --treat-missing-data notBreaching
aws ecs update-service --cluster learn --service web --task-definition web:1 --deployment-configuration 'alarms={alarmNames=[web-5xx],enable=true,rollback=true}' --query 'service.deploymentConfiguration.alarms'
sim advance 20s
aws cloudwatch set-alarm-state --alarm-name web-5xx --state-value ALARM --state-reason "5xx after the deploy (set by hand)"
sim advance 10s
aws ecs describe-services --cluster learn --services web --query "services[0].events[?contains(message, 'failed') || contains(message, 'rolling back')] | [0:2].message" --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,rolloutState,rolloutStateReason]' --output text
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,rolloutState]' --output text

# The circuit breaker without rollback: the broken revision's deployment is FAILED
# and launches nothing more, but scaling the service to 0 still stops every task.
aws ecs update-service --cluster learn --service web --task-definition web:3 --deployment-configuration 'deploymentCircuitBreaker={enable=true,rollback=false},alarms={alarmNames=[web-5xx],enable=false,rollback=false}' --query service.desiredCount
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,rolloutState]' --output text
aws ecs update-service --cluster learn --service web --desired-count 0 --query service.desiredCount
sim advance 2m
aws ecs list-tasks --cluster learn --service-name web --query 'length(taskArns)'

# Lowering the desired count mid-deployment stops new tasks that have not started
# yet (maximumPercent is an upper limit). Those stops are the scheduler's, not
# failed starts: the circuit breaker does not count them and the deployment completes.
aws ecs update-service --cluster learn --service web --task-definition web:2 --desired-count 10 --deployment-configuration 'deploymentCircuitBreaker={enable=true,rollback=true},minimumHealthyPercent=100,maximumPercent=200' --query service.desiredCount
sim advance 5s
aws ecs update-service --cluster learn --service web --desired-count 2 --query service.desiredCount
sim advance 5s
aws ecs list-tasks --cluster learn --service-name web --query 'length(taskArns)'
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].deployments[*].[status,taskDefinition,runningCount,rolloutState]' --output text
