# ECS Exec into a task of the two-tier architecture: the frontend's tasks run
# in private subnets with VPC endpoints for ECR and S3 but no NAT. Exec needs
# the task started with it, a task role allowed the ssmmessages channels and
# a path to ssmmessages. From inside, curl shows what the network lets through.

VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
aws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUB_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUB_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
PRIV_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PRIV_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.192/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
PUB_RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $PUB_RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW --query Return
aws ec2 associate-route-table --route-table-id $PUB_RT --subnet-id $PUB_A > /dev/null
aws ec2 associate-route-table --route-table-id $PUB_RT --subnet-id $PUB_C > /dev/null
PRIV_RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 associate-route-table --route-table-id $PRIV_RT --subnet-id $PRIV_A > /dev/null
aws ec2 associate-route-table --route-table-id $PRIV_RT --subnet-id $PRIV_C > /dev/null

ALB_SG=$(aws ec2 create-security-group --group-name external-alb --description "external ALB" --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ALB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0 --query Return
INT_SG=$(aws ec2 create-security-group --group-name internal-alb --description "internal ALB" --vpc-id $VPC --query GroupId --output text)
TASK_SG=$(aws ec2 create-security-group --group-name ecs-task --description "ECS tasks" --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $INT_SG --protocol tcp --port 80 --source-group $TASK_SG --query Return
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 8080 --source-group $INT_SG --query Return
VPCE_SG=$(aws ec2 create-security-group --group-name vpce --description "VPC endpoints" --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $VPCE_SG --protocol tcp --port 443 --source-group $TASK_SG --query Return
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $PRIV_A $PRIV_C --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.dkr --subnet-ids $PRIV_A $PRIV_C --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids $PRIV_RT --query VpcEndpoint.State --output text

aws ecr create-repository --repository-name ecr-learn-app --query repository.repositoryName --output text
sim push-image ecr-learn-app:frontend-1.0 > /dev/null
sim push-image ecr-learn-app:backend-1.0 > /dev/null
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
REPO=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/ecr-learn-app
aws ecs register-task-definition --family frontend --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions "name=frontend,image=$REPO:frontend-1.0,portMappings=[{containerPort=3000}]" --query taskDefinition.revision
aws ecs register-task-definition --family backend --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions "name=backend,image=$REPO:backend-1.0,portMappings=[{containerPort=8080}]" --query taskDefinition.revision

EXT_ALB=$(aws elbv2 create-load-balancer --name external-alb --type application --scheme internet-facing --subnets $PUB_A $PUB_C --security-groups $ALB_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
INT_ALB=$(aws elbv2 create-load-balancer --name backend-alb --type application --scheme internal --subnets $PRIV_A $PRIV_C --security-groups $INT_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
FE_TG=$(aws elbv2 create-target-group --name fe-fargate-tasks --protocol HTTP --port 3000 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
BE_TG=$(aws elbv2 create-target-group --name be-fargate-tasks --protocol HTTP --port 8080 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $EXT_ALB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$FE_TG --query 'Listeners[0].Port'
aws elbv2 create-listener --load-balancer-arn $INT_ALB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$BE_TG --query 'Listeners[0].Port'
sim advance 2m

aws ecs create-cluster --cluster-name two-tier --query cluster.clusterName --output text
aws ecs create-service --cluster two-tier --service-name frontend --task-definition frontend --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PRIV_A,$PRIV_C],securityGroups=[$TASK_SG]}" --load-balancers targetGroupArn=$FE_TG,containerName=frontend,containerPort=3000 --query service.loadBalancers[0].containerPort
aws ecs create-service --cluster two-tier --service-name backend --task-definition backend --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PRIV_A,$PRIV_C],securityGroups=[$TASK_SG]}" --load-balancers targetGroupArn=$BE_TG,containerName=backend,containerPort=8080 --query service.loadBalancers[0].containerPort

sim advance 4m

aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 3000 --source-group $ALB_SG --query Return
sim advance 7m

# Not started with ECS Exec: the agent is not there.
FE_TASK=$(aws ecs list-tasks --cluster two-tier --service-name frontend --query 'taskArns[0]' --output text)
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "env"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --non-interactive --command "env"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --command "env"
aws ecs describe-tasks --cluster two-tier --tasks $FE_TASK --query 'tasks[0].[enableExecuteCommand,containers[0].managedAgents]' --output json

# Turning it on for the service changes nothing for running tasks without a new deployment.
aws ecs update-service --cluster two-tier --service frontend --enable-execute-command --query service.enableExecuteCommand
sim advance 1m
aws ecs describe-tasks --cluster two-tier --tasks $FE_TASK --query 'tasks[0].enableExecuteCommand'
aws ecs update-service --cluster two-tier --service frontend --force-new-deployment --query service.enableExecuteCommand
sim advance 7m
FE_TASK=$(aws ecs list-tasks --cluster two-tier --service-name frontend --query 'taskArns[0]' --output text)
aws ecs describe-tasks --cluster two-tier --tasks $FE_TASK --query 'tasks[0].[enableExecuteCommand,containers[0].managedAgents[0].[name,lastStatus]]' --output text

# No task role: the agent has no credentials to open its channels.
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "env"

# A task role that allows the channels, in a new revision; still no path to ssmmessages from the private subnets.
aws iam create-role --role-name frontendTaskRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.Arn --output text
aws iam put-role-policy --role-name frontendTaskRole --policy-name ecs-exec --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssmmessages:CreateControlChannel","ssmmessages:CreateDataChannel","ssmmessages:OpenControlChannel","ssmmessages:OpenDataChannel"],"Resource":"*"}]}'
# (describe-task-definition's output does not register as it is: it has read-only fields.)
aws ecs describe-task-definition --task-definition frontend --query taskDefinition > fe.json
aws ecs register-task-definition --cli-input-json file://fe.json --query taskDefinition.revision
aws ecs register-task-definition --family frontend --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --task-role-arn arn:aws:iam::123456789012:role/frontendTaskRole --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions "name=frontend,image=$REPO:frontend-1.0,portMappings=[{containerPort=3000}]" --query taskDefinition.[revision,taskRoleArn] --output text
aws ecs update-service --cluster two-tier --service frontend --task-definition frontend --query service.taskDefinition --output text
sim advance 7m
FE_TASK=$(aws ecs list-tasks --cluster two-tier --service-name frontend --query 'taskArns[0]' --output text)
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "env"

# The Session Manager endpoint, reachable from the tasks on 443.
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ssmmessages --subnet-ids $PRIV_A $PRIV_C --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
sim advance 2m
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "env"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container nope --interactive --command "env"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "/bin/sh"

# From inside: the backend's internal ALB answers; the internet does not (no NAT).
INT_DNS=$(aws elbv2 describe-load-balancers --names backend-alb --query 'LoadBalancers[0].DNSName' --output text)
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl -s http://$INT_DNS/"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl -s --max-time 5 https://example.com/"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "sh -c 'sh -c hostname'"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl localhost:3000"
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl localhost:9999"

# The frontend's group may reach the internal ALB; take that away and curl times out.
aws ec2 revoke-security-group-ingress --group-id $INT_SG --protocol tcp --port 80 --source-group $TASK_SG --query Return
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl http://$INT_DNS/"

# Session Manager keeps the history: who went into which container.
aws ssm describe-sessions --state History --query 'length(Sessions)'
aws ssm describe-sessions --state History --query 'Sessions[0].[Status,DocumentName]' --output text
RUNTIME=$(aws ecs describe-tasks --cluster two-tier --tasks $FE_TASK --query 'tasks[0].containers[0].runtimeId' --output text)
aws ssm describe-sessions --state History --filters key=Target,value=ecs:two-tier_${FE_TASK##*/}_$RUNTIME --query 'length(Sessions)'
aws ssm describe-sessions --state Active --query 'length(Sessions)'
aws ssm describe-sessions --state history

# Service Connect instead of the internal ALB: a namespace, the backend publishing backend:8080 from
# its named port mapping, the frontend as a client. Tasks started before have no proxy.
aws servicediscovery create-http-namespace --name two-tier --query 'length(OperationId)'
aws servicediscovery create-http-namespace --name two-tier
aws servicediscovery list-namespaces --query 'Namespaces[*].[Name,Type]' --output text
aws ecs update-service --cluster two-tier --service backend --service-connect-configuration 'enabled=true,namespace=two-tier,services=[{portName=api,clientAliases=[{port=8080,dnsName=backend}]}]'
aws ecs register-task-definition --family backend --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions "name=backend,image=$REPO:backend-1.0,portMappings=[{containerPort=8080,name=api}]" --query taskDefinition.revision
aws ecs update-service --cluster two-tier --service backend --task-definition backend --service-connect-configuration 'enabled=true,namespace=two-tier,services=[{portName=api,clientAliases=[{port=8080,dnsName=backend}]}]' --query 'service.deployments[0].[serviceConnectConfiguration.enabled,serviceConnectResources[0].discoveryName]' --output text
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl http://backend:8080/"
aws ecs update-service --cluster two-tier --service frontend --service-connect-configuration 'enabled=true,namespace=two-tier' --query 'service.deployments[0].serviceConnectConfiguration' --output json
sim advance 8m
FE_TASK=$(aws ecs list-tasks --cluster two-tier --service-name frontend --query 'taskArns[0]' --output text)
# The tasks share one security group, which lets 8080 in only from the internal ALB: the direct path is blocked.
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl http://backend:8080/"
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 8080 --source-group $TASK_SG --query Return
aws ecs execute-command --cluster two-tier --task $FE_TASK --container frontend --interactive --command "curl http://backend:8080/"
aws servicediscovery delete-namespace --id $(aws servicediscovery list-namespaces --query 'Namespaces[0].Id' --output text)
