# Fargate Spot: a capacity provider strategy splits a service's tasks between
# FARGATE and FARGATE_SPOT (base first, then by weight); AWS reclaims Spot
# capacity with a two-minute notice and the service replaces the tasks.

VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUB_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUB_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW --query Return
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB_A --query AssociationState.State --output text
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PUB_C --query AssociationState.State --output text
SG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $VPC --query GroupId --output text)
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision

# A default strategy without a weight: weight defaults to 0, and nothing can launch.
aws ecs create-cluster --cluster-name learn --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE_SPOT --query 'cluster.defaultCapacityProviderStrategy'
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 5 --network-configuration "awsvpcConfiguration={subnets=[$PUB_A,$PUB_C],securityGroups=[$SG],assignPublicIp=ENABLED}"

# One task always on FARGATE (base 1), the rest 1:3 between FARGATE and FARGATE_SPOT.
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 5 --capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,weight=3 --network-configuration "awsvpcConfiguration={subnets=[$PUB_A,$PUB_C],securityGroups=[$SG],assignPublicIp=ENABLED}" --query 'service.[launchType,capacityProviderStrategy]'
sim advance 2m
aws ecs describe-tasks --cluster learn --tasks $(aws ecs list-tasks --cluster learn --service-name web --query taskArns --output text) --query 'sort(tasks[*].capacityProviderName)' --output text

# AWS wants the capacity back: the notice goes out, the service starts a replacement at once.
sim fail spot
aws ecs list-tasks --cluster learn --service-name web --desired-status STOPPED --query 'length(taskArns)'
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount,pendingCount]' --output text
sim advance 2m
STOPPED=$(aws ecs list-tasks --cluster learn --service-name web --desired-status STOPPED --query 'taskArns[0]' --output text)
aws ecs describe-tasks --cluster learn --tasks $STOPPED --query 'tasks[0].[lastStatus,stopCode,stoppedReason,capacityProviderName]' --output text
aws ecs describe-tasks --cluster learn --tasks $(aws ecs list-tasks --cluster learn --service-name web --query taskArns --output text) --query 'sort(tasks[*].capacityProviderName)' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount,pendingCount]' --output text

# Interrupting more than there are interrupts every Spot task; the FARGATE ones stay.
sim fail spot 10
sim fail spot
sim fail spot lots
sim advance 3m
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount]' --output text
aws ecs list-tasks --cluster learn --service-name web --desired-status STOPPED --query 'length(taskArns)'

# A strategy cannot use a provider the cluster does not have, nor sit beside a launch type.
aws ecs run-task --cluster learn --task-definition web --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$SG],assignPublicIp=ENABLED}"
aws ecs create-cluster --cluster-name plain --query cluster.clusterName --output text
aws ecs run-task --cluster plain --task-definition web --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1 --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$SG],assignPublicIp=ENABLED}"
aws ecs run-task --cluster learn --task-definition web --capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,base=1,weight=1 --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$SG],assignPublicIp=ENABLED}"

# run-task splits its own tasks the same way; Spot is billed at the discount.
aws ecs run-task --cluster learn --task-definition web --count 4 --capacity-provider-strategy capacityProvider=FARGATE,weight=1 capacityProvider=FARGATE_SPOT,weight=1 --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$SG],assignPublicIp=ENABLED}" --query 'sort(tasks[*].capacityProviderName)' --output text
sim advance 1h
sim cost
