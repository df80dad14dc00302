# Blue/green with CodeDeploy, a failed deployment rolled back automatically.
# The AppSpec of the new revision gives the replacement task set the VPC's
# default security group, which does not let the load balancer in: its
# targets fail their health checks, a CloudWatch alarm on the green target
# group's UnHealthyHostCount goes into ALARM during the canary, CodeDeploy
# stops the deployment and sends all traffic back to the original task set.
# Then the same mistake caught earlier: a smoke-test hook that fails.

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
aws cloudwatch put-metric-alarm --alarm-name web-green-unhealthy --namespace AWS/ApplicationELB --metric-name UnHealthyHostCount --dimensions Name=TargetGroup,Value=targetgroup/web-green/${TG2##*/} Name=LoadBalancer,Value=app/web/${LB##*/} --statistic Maximum --period 60 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
aws deploy create-deployment-group --application-name web --deployment-group-name web-bg --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-config-name CodeDeployDefault.ECSCanary10Percent15Minutes --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --load-balancer-info "{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"web\"},{\"name\":\"web-green\"}],\"prodTrafficRoute\":{\"listenerArns\":[\"$PROD\"]},\"testTrafficRoute\":{\"listenerArns\":[\"$TEST\"]}}]}" --blue-green-deployment-configuration '{"terminateBlueInstancesOnDeploymentSuccess":{"action":"TERMINATE","terminationWaitTimeInMinutes":60}}' --alarm-configuration 'enabled=true,alarms=[{name=web-green-unhealthy}]' --auto-rollback-configuration enabled=true,events=DEPLOYMENT_FAILURE,DEPLOYMENT_STOP_ON_ALARM --query 'length(deploymentGroupId)'
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision
DEFAULT_SG=$(aws ec2 describe-security-groups --filters Name=vpc-id,Values=$VPC Name=group-name,Values=default --query 'SecurityGroups[0].GroupId' --output text)
cat > deployment.json <<JSON
{
  "applicationName": "web",
  "deploymentGroupName": "web-bg",
  "revision": {
    "revisionType": "AppSpecContent",
    "appSpecContent": {
      "content": "{\"version\": 0.0, \"Resources\": [{\"TargetService\": {\"Type\": \"AWS::ECS::Service\", \"Properties\": {\"TaskDefinition\": \"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2\", \"LoadBalancerInfo\": {\"ContainerName\": \"web\", \"ContainerPort\": 80}, \"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"Subnets\": [\"$PUB_A\", \"$PUB_C\"], \"SecurityGroups\": [\"$DEFAULT_SG\"], \"AssignPublicIp\": \"ENABLED\"}}}}}]}"
    }
  }
}
JSON
sim load --target web --rps 50
DEPLOYMENT=$(aws deploy create-deployment --cli-input-json file://deployment.json --query deploymentId --output text)
sim advance 1m
aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.status' --output text
aws elbv2 describe-listeners --listener-arns $PROD --query 'Listeners[0].DefaultActions[0].ForwardConfig.TargetGroups[].Weight' --output text
sim advance 2m
aws elbv2 describe-target-health --target-group-arn $TG2 --query 'TargetHealthDescriptions[].TargetHealth.[State,Reason]' --output text
sim advance 2m
aws cloudwatch describe-alarms --alarm-names web-green-unhealthy --query 'MetricAlarms[0].StateValue' --output text
aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.[status,errorInformation.code]' --output text
aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.errorInformation.message' --output text
ROLLBACK=$(aws deploy get-deployment --deployment-id $DEPLOYMENT --query 'deploymentInfo.rollbackInfo.rollbackDeploymentId' --output text)
aws deploy get-deployment --deployment-id $ROLLBACK --query 'deploymentInfo.[status,creator,rollbackInfo.rollbackTriggeringDeploymentId == `'$DEPLOYMENT'`]' --output text
aws elbv2 describe-listeners --listener-arns $PROD $TEST --query 'Listeners[].DefaultActions[0].TargetGroupArn == [`'$TG'`, `'$TG'`]'
aws ecs describe-services --cluster learn --services web --query 'services[0].[taskDefinition,length(taskSets)]' --output text
aws deploy get-deployment-target --deployment-id $DEPLOYMENT --target-id learn:web --query 'deploymentTarget.ecsTarget.lifecycleEvents[].[lifecycleEventName,status]' --output text

# The same revision with a smoke test on the test listener: the hook fails
# before any production traffic moves, and the deployment rolls back.
aws cloudwatch set-alarm-state --alarm-name web-green-unhealthy --state-value OK --state-reason "reset for the next try"
cat > deployment.json <<'JSON'
{
  "applicationName": "web",
  "deploymentGroupName": "web-bg",
  "revision": {
    "revisionType": "AppSpecContent",
    "appSpecContent": {
      "content": "{\"version\": 0.0, \"Resources\": [{\"TargetService\": {\"Type\": \"AWS::ECS::Service\", \"Properties\": {\"TaskDefinition\": \"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2\", \"LoadBalancerInfo\": {\"ContainerName\": \"web\", \"ContainerPort\": 80}}}}], \"Hooks\": [{\"AfterAllowTestTraffic\": \"SmokeTest\"}]}"
    }
  }
}
JSON
SECOND=$(aws deploy create-deployment --cli-input-json file://deployment.json --query deploymentId --output text)
sim advance 1m
sim hooks
HOOK=$(aws deploy get-deployment-target --deployment-id $SECOND --target-id learn:web --query 'deploymentTarget.ecsTarget.lifecycleEvents[?status==`InProgress`].lifecycleEventName' --output text)
echo waiting on $HOOK
aws deploy put-lifecycle-event-hook-execution-status --deployment-id $SECOND --lifecycle-event-hook-execution-id not-an-id --status Failed
aws deploy put-lifecycle-event-hook-execution-status --deployment-id $SECOND --lifecycle-event-hook-execution-id 1234 --status Maybe
sim lambda SmokeTest fails
sim advance 1m
aws deploy get-deployment --deployment-id $SECOND --query 'deploymentInfo.[status,errorInformation.code,rollbackInfo.rollbackDeploymentId != null]' --output text
aws deploy get-deployment --deployment-id $SECOND --query 'deploymentInfo.errorInformation.message' --output text
aws deploy get-deployment-target --deployment-id $SECOND --target-id learn:web --query 'deploymentTarget.ecsTarget.lifecycleEvents[].[lifecycleEventName,status]' --output text
aws elbv2 describe-listeners --listener-arns $PROD $TEST --query 'Listeners[].DefaultActions[0].TargetGroupArn == [`'$TG'`, `'$TG'`]'

# Fixed: the smoke test passes, all at once this time (the deployment's own configuration).
sim lambda SmokeTest succeeds
THIRD=$(aws deploy create-deployment --cli-input-json file://deployment.json --deployment-config-name CodeDeployDefault.ECSAllAtOnce --query deploymentId --output text)
sim advance 1m
aws deploy get-deployment --deployment-id $THIRD --query 'deploymentInfo.[status,deploymentConfigName]' --output text
aws elbv2 describe-listeners --listener-arns $PROD --query 'Listeners[0].DefaultActions[0].TargetGroupArn == `'$TG2'`'
# Stopped during the termination wait (blue still runs), with rollback: traffic returns to blue.
aws deploy stop-deployment --deployment-id $THIRD --auto-rollback-enabled
aws deploy get-deployment --deployment-id $THIRD --query 'deploymentInfo.[status,errorInformation.code]' --output text
aws elbv2 describe-listeners --listener-arns $PROD --query 'Listeners[0].DefaultActions[0].TargetGroupArn == `'$TG'`'
aws deploy list-deployments --application-name web --query 'length(deployments)'
