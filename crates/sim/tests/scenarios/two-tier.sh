# The two-tier architecture from the notes: an internet-facing ALB in the
# public subnets → frontend tasks on 3000 in the private subnets; an internal
# ALB in the private subnets → backend tasks on 8080. Separate services, so
# they scale separately. First with the task security group missing the rule
# for the ALB — the "container massacre" — then fixed.

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

# Load balancers, target groups of type ip, listeners.
EXT_ALB=$(aws elbv2 create-load-balancer --name external-alb --type application --scheme internet-facing --subnets $PUB_A $PUB_C --security-groups $ALB_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
INT_ALB=$(aws elbv2 create-load-balancer --name backend-alb --type application --scheme internal --subnets $PRIV_A $PRIV_C --security-groups $INT_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
aws elbv2 create-load-balancer --name internal-alb --scheme internal --subnets $PRIV_A $PRIV_C --security-groups $INT_SG
aws elbv2 create-load-balancer --name one-subnet --subnets $PUB_A
FE_TG=$(aws elbv2 create-target-group --name fe-fargate-tasks --protocol HTTP --port 3000 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
BE_TG=$(aws elbv2 create-target-group --name be-fargate-tasks --protocol HTTP --port 8080 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 describe-target-groups --target-group-arns $FE_TG --query 'TargetGroups[0].[HealthCheckIntervalSeconds,HealthCheckTimeoutSeconds,HealthyThresholdCount,UnhealthyThresholdCount,Matcher.HttpCode]' --output text
aws elbv2 create-listener --load-balancer-arn $EXT_ALB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$FE_TG --query 'Listeners[0].Port'
aws elbv2 create-listener --load-balancer-arn $INT_ALB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$BE_TG --query 'Listeners[0].Port'
sim advance 2m

aws ecs create-cluster --cluster-name two-tier --query cluster.clusterName --output text
aws ecs create-service --cluster two-tier --service-name frontend --task-definition frontend --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PRIV_A,$PRIV_C],securityGroups=[$TASK_SG]}" --load-balancers targetGroupArn=$FE_TG,containerName=frontend,containerPort=3000 --query service.loadBalancers[0].containerPort
aws ecs create-service --cluster two-tier --service-name backend --task-definition backend --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PRIV_A,$PRIV_C],securityGroups=[$TASK_SG]}" --load-balancers targetGroupArn=$BE_TG,containerName=backend,containerPort=8080 --query service.loadBalancers[0].containerPort

# The frontend's tasks do not let the ALB in on 3000: they fail their health checks and are replaced, again and again.
sim advance 4m
aws elbv2 describe-target-health --target-group-arn $BE_TG --query 'TargetHealthDescriptions[*].TargetHealth.State' --output text
aws ecs describe-services --cluster two-tier --services frontend --query 'services[0].events[?contains(message, `unhealthy`)] | [0].message' --output text
aws ecs list-tasks --cluster two-tier --service-name frontend --desired-status STOPPED --query 'length(taskArns)'
sim reachability --from $PUB_A:$ALB_SG --to $PRIV_A:$TASK_SG --port 3000

# The fix: allow the ALB's security group on the container port.
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 3000 --source-group $ALB_SG --query Return
sim advance 7m
aws elbv2 describe-target-health --target-group-arn $FE_TG --query 'TargetHealthDescriptions[*].TargetHealth.State' --output text
aws ecs describe-services --cluster two-tier --services frontend backend --query 'services[*].[serviceName,runningCount,events[0].message]' --output text

# Scaling in drains a target for the deregistration delay (300 s) before the task stops.
aws ecs update-service --cluster two-tier --service backend --desired-count 1 --query service.desiredCount
sim advance 1m
aws elbv2 describe-target-health --target-group-arn $BE_TG --query 'sort(TargetHealthDescriptions[*].TargetHealth.State)' --output text
aws ecs describe-tasks --cluster two-tier --tasks $(aws ecs list-tasks --cluster two-tier --service-name backend --desired-status STOPPED --query 'taskArns[0]' --output text) --query 'tasks[0].lastStatus' --output text
sim advance 5m
aws elbv2 describe-target-health --target-group-arn $BE_TG --query 'TargetHealthDescriptions[*].TargetHealth.State' --output text

# A k6-style load test on the external ALB: ramp to 100 rps, then 800 rps, then stop.
# Two frontend tasks of 0.25 vCPU serve about 100 rps together; beyond that, 5xx.
sim load --target external-alb --stages "1m:100,5m:800,2m:0"
sim advance 8m
LB_DIM=$(aws cloudwatch list-metrics --namespace AWS/ApplicationELB --metric-name RequestCount --query 'Metrics[?length(Dimensions)==`1`] | [0].Dimensions[0].Value' --output text)
echo $LB_DIM
aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=LoadBalancer,Value=$LB_DIM --start-time 2026-01-01T00:19:00Z --end-time 2026-01-01T00:27:00Z --period 120 --statistics Sum --query 'Datapoints[*].[Timestamp,Sum]' --output text
aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name HTTPCode_Target_5XX_Count --dimensions Name=LoadBalancer,Value=$LB_DIM --start-time 2026-01-01T00:19:00Z --end-time 2026-01-01T00:27:00Z --period 480 --statistics Sum --query 'Datapoints[0].Sum'
aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetResponseTime --dimensions Name=LoadBalancer,Value=$LB_DIM --start-time 2026-01-01T00:19:00Z --end-time 2026-01-01T00:27:00Z --period 120 --extended-statistics p50 p95 p99 --query 'Datapoints[*].[Timestamp,ExtendedStatistics.p50,ExtendedStatistics.p95,ExtendedStatistics.p99]' --output text
aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=two-tier Name=ServiceName,Value=frontend --start-time 2026-01-01T00:19:00Z --end-time 2026-01-01T00:27:00Z --period 60 --statistics Average Maximum --query 'Datapoints[*].Average' --output text
aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=two-tier Name=ServiceName,Value=frontend --start-time yesterday --end-time 2026-01-01T00:27:00Z --period 60 --statistics Average
sim load --target external-alb --stop

# Each target group's share of a load balancer's requests (RequestCount by TargetGroup).
aws cloudwatch list-metrics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=TargetGroup --query "sort(Metrics[].Dimensions[?Name=='TargetGroup'][].Value)" --output text
