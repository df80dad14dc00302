# A Network Load Balancer in front of a Fargate service: no security groups of its
# own (the tasks' group admits the VPC range), TCP health checks with their
# own defaults, and TCP flows instead of HTTP requests: no 5xx of its own — a
# flow nothing can take is reset, and NetworkELB metrics count it.

VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW --query Return
aws ec2 associate-route-table --route-table-id $RT --subnet-id $A --query AssociationState.State
aws ec2 associate-route-table --route-table-id $RT --subnet-id $C --query AssociationState.State
SG=$(aws ec2 create-security-group --group-name app --description app --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 8080 --cidr 10.0.0.0/16 --query Return
aws ecs create-cluster --cluster-name c --query cluster.status
aws ecs register-task-definition --family app --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=app,image=nginx,portMappings=[{containerPort=8080}]' --query taskDefinition.revision
LB=$(aws elbv2 create-load-balancer --name net --type network --subnets $A $C --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name app --protocol TCP --port 8080 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 describe-target-groups --query 'TargetGroups[0].[HealthCheckProtocol,HealthCheckIntervalSeconds,HealthCheckTimeoutSeconds,HealthyThresholdCount,UnhealthyThresholdCount]' --output text
aws elbv2 create-listener --load-balancer-arn $LB --protocol TCP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].Protocol'
sim advance 3m
aws ecs create-service --cluster c --service-name app --task-definition app --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG,containerName=app,containerPort=8080 --query service.status
sim advance 5m
aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[*].TargetHealth.State' --output text
aws elbv2 describe-load-balancers --names net --query 'LoadBalancers[0].[Type,Scheme,SecurityGroups]' --output json

# 80 new flows a second: two tasks of 0.25 vCPU can serve 100 a second between them (model).
sim load --target net --rps 80
sim advance 5m
aws cloudwatch list-metrics --namespace AWS/NetworkELB --query 'sort(Metrics[*].MetricName)' --output text
aws cloudwatch list-metrics --namespace AWS/ApplicationELB --query 'length(Metrics)'
NLB=$(aws cloudwatch list-metrics --namespace AWS/NetworkELB --metric-name NewFlowCount --query 'Metrics[0].Dimensions[0].Value' --output text)
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name NewFlowCount --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:08:00Z --end-time 2026-01-01T00:13:00Z --period 300 --statistics Sum --query 'Datapoints[0].Sum'
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name ActiveFlowCount --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:08:00Z --end-time 2026-01-01T00:13:00Z --period 300 --statistics Average --query 'Datapoints[0].Average'
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name TCP_Target_Reset_Count --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:08:00Z --end-time 2026-01-01T00:13:00Z --period 300 --statistics Sum --query 'Datapoints[0].Sum'

# 300 a second overloads them: the targets reset what they cannot take (no HTTP 5xx on an NLB).
sim load --target net --rps 300
sim advance 5m
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name TCP_Target_Reset_Count --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:14:00Z --end-time 2026-01-01T00:18:00Z --period 240 --statistics Sum --query 'Datapoints[0].Sum'
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name TCP_ELB_Reset_Count --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:14:00Z --end-time 2026-01-01T00:18:00Z --period 240 --statistics Sum --query 'Datapoints[0].Sum'

# No targets at all: the load balancer resets every flow itself.
aws ecs update-service --cluster c --service app --desired-count 0 --query service.desiredCount
sim advance 10m
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name TCP_ELB_Reset_Count --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:27:00Z --end-time 2026-01-01T00:28:00Z --period 60 --statistics Sum --query 'Datapoints[0].Sum'
aws cloudwatch get-metric-statistics --namespace AWS/NetworkELB --metric-name ProcessedBytes --dimensions Name=LoadBalancer,Value=$NLB --start-time 2026-01-01T00:27:00Z --end-time 2026-01-01T00:28:00Z --period 60 --statistics Sum --query 'Datapoints[0].Sum'
