# A first Fargate service: a cluster, a public network, a task definition that
# pulls nginx from Docker Hub, and a service that keeps two tasks running over two AZs.

VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUB_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/28 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUB_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.16/28 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW --query Return
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB_A --query AssociationState.State --output text
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB_C --query AssociationState.State --output text
SG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $VPC --query GroupId --output text)

aws ecs create-cluster --cluster-name learn --query 'cluster.[clusterName,status]' --output text
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,essential=true,portMappings=[{containerPort=80}]' --query taskDefinition.taskDefinitionArn --output text

# Without a public IP the task cannot reach Docker Hub, even in a public subnet.
aws ecs run-task --cluster learn --launch-type FARGATE --task-definition web --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$SG]}" --query 'tasks[0].lastStatus' --output text
sim advance 2m
aws ecs list-tasks --cluster learn --desired-status STOPPED --query 'length(taskArns)'
TASK=$(aws ecs list-tasks --cluster learn --desired-status STOPPED --query 'taskArns[0]' --output text)
aws ecs describe-tasks --cluster learn --tasks $TASK --query 'tasks[0].[lastStatus,stopCode]' --output text
aws ecs describe-tasks --cluster learn --tasks $TASK --query 'tasks[0].stoppedReason' --output text

aws ecs create-service --cluster learn --service-name web --task-definition web:1 --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PUB_A,$PUB_C],securityGroups=[$SG],assignPublicIp=ENABLED}" --query 'service.[serviceName,status,desiredCount,runningCount]' --output text
sim advance 15s
aws ecs describe-services --cluster learn --services web --query 'services[0].[runningCount,pendingCount]' --output text
sim advance 1m
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount,pendingCount,deployments[0].rolloutState]' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].events[*].message' --output text
aws ecs describe-tasks --cluster learn --tasks $(aws ecs list-tasks --cluster learn --service-name web --query 'taskArns' --output text) --query 'sort(tasks[*].availabilityZone)' --output text

# Each task holds an address: a /28 has 11, so 10 are left in each subnet.
aws ec2 describe-subnets --subnet-ids $PUB_A $PUB_C --query 'Subnets[*].AvailableIpAddressCount' --output text

# A stopped task is replaced by the service scheduler.
VICTIM=$(aws ecs list-tasks --cluster learn --service-name web --query 'taskArns[0]' --output text)
aws ecs stop-task --cluster learn --task $VICTIM --query 'task.desiredStatus' --output text
sim advance 2m
aws ecs describe-services --cluster learn --services web --query 'services[0].[runningCount,pendingCount]' --output text

# Scale out beyond what the subnets hold: 22 addresses, 24 tasks.
aws ecs update-service --cluster learn --service web --desired-count 24 --query service.desiredCount
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount]' --output text
aws ecs list-tasks --cluster learn --desired-status STOPPED --service-name web --query 'length(taskArns)'
aws ecs describe-tasks --cluster learn --tasks $(aws ecs list-tasks --cluster learn --desired-status STOPPED --service-name web --query 'taskArns[-1]' --output text) --query 'tasks[0].stoppedReason' --output text

aws ecs update-service --cluster learn --service web --desired-count 0 --query service.desiredCount
sim advance 2m
aws ecs delete-service --cluster learn --service web --query service.status --output text
aws ecs delete-cluster --cluster learn
sim advance 1m
aws ecs delete-cluster --cluster learn --query cluster.status --output text
