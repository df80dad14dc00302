# Blue/green with CodeDeploy, a canary deployment: the replacement (green)
# task set starts behind the second target group, the test listener (8080)
# reaches it first, a simulated smoke-test hook passes, then production
# traffic moves 10 % → 100 % five minutes later (ECSCanary10Percent5Minutes),
# the original (blue) task set is kept for the termination wait, and goes.

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
TG2=$(aws elbv2 create-target-group --name web-green --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
PROD=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].ListenerArn' --output text)
TEST=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 8080 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].ListenerArn' --output text)
aws iam create-role --role-name ecsCodeDeployRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"codedeploy.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.Arn --output text
aws ecs create-cluster --cluster-name learn --query cluster.status --output text
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.26,portMappings=[{containerPort=80}]' --query taskDefinition.revision
aws ecs create-service --cluster learn --service-name web --task-definition web:1 --desired-count 2 --launch-type FARGATE --deployment-controller type=CODE_DEPLOY --network-configuration "awsvpcConfiguration={subnets=[$PUB_A,$PUB_C],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80 --query 'service.deploymentController'
sim advance 3m
aws deploy create-application --application-name web --compute-platform ECS --query 'length(applicationId)'
aws deploy create-deployment-group --application-name web --deployment-group-name web-bg --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-config-name CodeDeployDefault.ECSCanary10Percent5Minutes --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --load-balancer-info "{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"web\"},{\"name\":\"web-green\"}],\"prodTrafficRoute\":{\"listenerArns\":[\"$PROD\"]},\"testTrafficRoute\":{\"listenerArns\":[\"$TEST\"]}}]}" --blue-green-deployment-configuration '{"terminateBlueInstancesOnDeploymentSuccess":{"action":"TERMINATE","terminationWaitTimeInMinutes":10},"deploymentReadyOption":{"actionOnTimeout":"CONTINUE_DEPLOYMENT"}}' --auto-rollback-configuration enabled=true,events=DEPLOYMENT_FAILURE --query 'length(deploymentGroupId)'

# The new revision and its AppSpec (YAML, as in appspec.yaml), sent inline:
# the whole CreateDeployment input as YAML, the AppSpec a literal block in it.
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision
cat > deployment.yaml <<'YAML'
applicationName: web
deploymentGroupName: web-bg
revision:
  revisionType: AppSpecContent
  appSpecContent:
    content: |
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2"
              LoadBalancerInfo:
                ContainerName: "web"
                ContainerPort: 80
      Hooks:
        - AfterAllowTestTraffic: "SmokeTest"
YAML
sim lambda SmokeTest succeeds
sim load --target web --rps 100
DEPLOYMENT=$(aws deploy create-deployment --cli-input-yaml file://deployment.yaml --query deploymentId --output text)
aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.[status,deploymentConfigName,creator]' --output text
# One deployment at a time per deployment group.
aws deploy create-deployment --cli-input-yaml file://deployment.yaml

sim advance 1m
aws deploy get-deployment-target --deployment-id $DEPLOYMENT --target-id learn:web --query 'deploymentTarget.ecsTarget.lifecycleEvents[].[lifecycleEventName,status,startTime]' --output text
aws ecs describe-services --cluster learn --services web --query 'services[0].taskSets[].[status,taskDefinition,runningCount,stabilityStatus]' --output text
aws elbv2 describe-listeners --listener-arns $TEST --query 'Listeners[0].DefaultActions[0].TargetGroupArn' --output text
aws elbv2 describe-listeners --listener-arns $PROD --query 'Listeners[0].DefaultActions[0].ForwardConfig.TargetGroups[].Weight' --output text
aws deploy get-deployment-target --deployment-id $DEPLOYMENT --target-id learn:web --query 'deploymentTarget.ecsTarget.taskSetsInfo[].[taskSetLabel,trafficWeight,targetGroup.name]' --output text

# Five minutes into the canary all production traffic moves to green.
sim advance 5m
aws deploy get-deployment-target --deployment-id $DEPLOYMENT --target-id learn:web --query 'deploymentTarget.ecsTarget.taskSetsInfo[].[taskSetLabel,trafficWeight]' --output text
aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.[status,instanceTerminationWaitTimeStarted]' --output text
aws elbv2 describe-listeners --listener-arns $PROD --query 'Listeners[0].DefaultActions[0].TargetGroupArn' --output text
# Each target group's share of the requests, minute by minute: 10 % on green during the canary.
GREEN=$(aws cloudwatch list-metrics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=TargetGroup --query 'Metrics[?starts_with(Dimensions[0].Value, `targetgroup/web-green/`)].Dimensions | [0]' --output json)
BLUE=$(aws cloudwatch list-metrics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=TargetGroup --query 'Metrics[?starts_with(Dimensions[0].Value, `targetgroup/web/`)].Dimensions | [0]' --output json)
aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions "$GREEN" --start-time 2026-01-01T00:03:00Z --end-time 2026-01-01T00:10:00Z --period 60 --statistics Sum --query 'Datapoints[].[Timestamp,Sum]' --output text
aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions "$BLUE" --start-time 2026-01-01T00:03:00Z --end-time 2026-01-01T00:10:00Z --period 60 --statistics Sum --query 'Datapoints[].[Timestamp,Sum]' --output text

# The termination wait: blue still runs until it ends (or continue-deployment ends it).
aws deploy continue-deployment --deployment-id $DEPLOYMENT --deployment-wait-type READY_WAIT
aws deploy continue-deployment --deployment-id $DEPLOYMENT --deployment-wait-type TERMINATION_WAIT
aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.status' --output text
sim advance 2m
aws ecs describe-services --cluster learn --services web --query 'services[0].[taskDefinition,length(taskSets),taskSets[0].status,loadBalancers[0].targetGroupArn == `'$TG2'`]' --output text
aws deploy list-deployments --application-name web --deployment-group-name web-bg --include-only-statuses Succeeded --query 'length(deployments)'
aws deploy stop-deployment --deployment-id $DEPLOYMENT
