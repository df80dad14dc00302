# Target tracking on a service's average CPU: the policy creates AWS's two
# alarms (AlarmHigh: 3 of 3 minutes above the target; AlarmLow: 15 of 15
# minutes below 90 % of it), scales out from the running count when load
# rises, and scales in only after the long quiet window.

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
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PUB_A,$PUB_C],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80 --query service.desiredCount
sim advance 3m

aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 6 > /dev/null
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{"TargetValue": 50.0, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}' --query 'length(Alarms)'
aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-service/learn/web --query 'MetricAlarms[*].[ComparisonOperator,Threshold,EvaluationPeriods,DatapointsToAlarm,MetricName,StateValue]' --output text

# 120 requests a second: each 0.25-vCPU task serves 50 (model), so two are saturated (100 % CPU).
sim load --target web --rps 120
sim advance 2m
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
sim advance 1m
aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-service/learn/web --state-value ALARM --query 'MetricAlarms[*].StateReason' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id service/learn/web --query 'ScalingActivities[0].[Description,Cause,StatusCode]' --output text

# Four tasks run at about 60 %: still above 50, so three minutes later ceil(4 × 60.8 / 50) = 5.
sim advance 6m
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount]' --output text
sim advance 3m
aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=learn Name=ServiceName,Value=web --start-time 2026-01-01T00:14:00Z --end-time 2026-01-01T00:15:00Z --period 60 --statistics Average --query 'Datapoints[0].Average'
aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-service/learn/web --query 'MetricAlarms[*].StateValue' --output text

# The load stops: nothing happens for 15 minutes, then the service scales in.
sim load --target web --stop
sim advance 14m
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
sim advance 2m
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id service/learn/web --query 'ScalingActivities[*].Description' --output text

# Errors: an unknown service, min above max, a policy without a target.
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/nope --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 2
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --min-capacity 5 --max-capacity 2
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/other --scalable-dimension ecs:service:DesiredCount --policy-name x --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration TargetValue=50
aws cloudwatch put-metric-alarm --alarm-name bad --metric-name CPUUtilization --namespace AWS/ECS --statistic Average --period 30 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanThreshold

# A minimum above the current count scales out at once; deleting the policy removes its alarms.
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --min-capacity 3 > /dev/null
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling delete-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name cpu50
aws cloudwatch describe-alarms --query 'length(MetricAlarms)'

# Step scaling: the learner's own alarm invokes the policy; the step depends on how far past the threshold the metric is.
POLICY=$(aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name cpu-steps --policy-type StepScaling --step-scaling-policy-configuration '{"AdjustmentType": "ChangeInCapacity", "Cooldown": 120, "StepAdjustments": [{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 20, "ScalingAdjustment": 1}, {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 3}]}' --query PolicyARN --output text)
aws cloudwatch put-metric-alarm --alarm-name web-cpu-high --metric-name CPUUtilization --namespace AWS/ECS --dimensions Name=ClusterName,Value=learn Name=ServiceName,Value=web --statistic Average --period 60 --evaluation-periods 2 --threshold 60 --comparison-operator GreaterThanThreshold --alarm-actions $POLICY
# DescribeScalingPolicies lists the alarm that triggers the step policy.
aws application-autoscaling describe-scaling-policies --service-namespace ecs --policy-names cpu-steps --query 'ScalingPolicies[0].Alarms[*].AlarmName' --output text
sim advance 3m
aws ecs describe-services --cluster learn --services web --query 'services[0].[desiredCount,runningCount]' --output text
# 3 tasks serve 150 a second; 200 saturates them (CPU 100 = threshold + 40): the +3 step.
sim load --target web --rps 200
sim advance 2m
aws cloudwatch describe-alarms --alarm-names web-cpu-high --query 'MetricAlarms[0].StateValue' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id service/learn/web --query 'ScalingActivities[0].Cause' --output text
aws application-autoscaling describe-scaling-policies --service-namespace ecs --query 'ScalingPolicies[*].[PolicyName,PolicyType]' --output text
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name gaps --policy-type StepScaling --step-scaling-policy-configuration '{"AdjustmentType": "ChangeInCapacity", "StepAdjustments": [{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1}, {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 2}]}'

# Scheduled actions: at 09:00 Tokyo time (00:00 UTC) on weekdays the minimum becomes 5;
# a one-off at(…) lowers the range to 1–3 later, so the service scales in. Cooldowns do not apply.
aws application-autoscaling delete-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name cpu-steps
sim load --target web --stop
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 8 > /dev/null
aws application-autoscaling put-scheduled-action --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --scheduled-action-name morning --schedule "cron(0 9 ? * MON-FRI *)" --timezone Asia/Tokyo --scalable-target-action MinCapacity=5,MaxCapacity=8
aws application-autoscaling put-scheduled-action --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --scheduled-action-name cap --schedule "at(2026-01-02T01:30:00)" --scalable-target-action MinCapacity=1,MaxCapacity=3
aws application-autoscaling describe-scheduled-actions --service-namespace ecs --query 'ScheduledActions[*].[ScheduledActionName,Schedule,Timezone]' --output text
aws ecs update-service --cluster learn --service web --desired-count 2 --query service.desiredCount
sim advance 23h
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
sim advance 1h
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id service/learn/web --query 'ScalingActivities[0:2].[StartTime,Description,Cause]' --output text
sim advance 90m
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling describe-scalable-targets --service-namespace ecs --query 'ScalableTargets[0].[MinCapacity,MaxCapacity]' --output text
aws application-autoscaling put-scheduled-action --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --scheduled-action-name bad --schedule "cron(0 9 * * * *)" --scalable-target-action MinCapacity=1
aws application-autoscaling put-scheduled-action --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --scheduled-action-name bad --schedule "rate(1 day)" --timezone Asia/Tokio --scalable-target-action MinCapacity=1

# Target tracking on requests per target: ALBRequestCountPerTarget names its target group by a
# resource label, app/<load balancer>/<id>/targetgroup/<target group>/<id>.
aws application-autoscaling delete-scheduled-action --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --scheduled-action-name morning
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 10 > /dev/null
LABEL=$(aws cloudwatch list-metrics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=TargetGroup --query "join('/', [Metrics[0].Dimensions[?Name=='LoadBalancer'].Value | [0], Metrics[0].Dimensions[?Name=='TargetGroup'].Value | [0]])" --output text)
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name requests --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration "{\"TargetValue\": 1000, \"PredefinedMetricSpecification\": {\"PredefinedMetricType\": \"ALBRequestCountPerTarget\", \"ResourceLabel\": \"$LABEL\"}}" --query 'length(Alarms)'
aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-service/learn/web-AlarmHigh --query 'MetricAlarms[0].[MetricName,Statistic,Dimensions[0].Name,Threshold]' --output text
# 100 requests a second over 3 tasks: 2,000 per target per minute, twice the target.
sim load --target web --rps 100
sim advance 3m
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name bad-label --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{"TargetValue": 1000, "PredefinedMetricSpecification": {"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": "web"}}'

# Two target tracking policies: scale-out when either wants it, scale-in only when both do.
# At 90 requests a second the requests policy sees 900 per target (not below 0.9 × 1,000),
# so the CPU policy, whose AlarmLow fires (CPU ~31 % < 0.9 × 90), cannot scale in on its own.
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name cpu90 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{"TargetValue": 90.0, "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}' --query 'length(Alarms)'
sim load --target web --rps 90
sim advance 20m
aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-service/learn/web --state-value ALARM --query 'MetricAlarms[*].[MetricName,ComparisonOperator]' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
sim load --target web --stop
sim advance 16m
aws ecs describe-services --cluster learn --services web --query 'services[0].desiredCount'
