# Added to the benchmark world for Model III: target tracking on both
# services' CPU (target 60 %, 50–150 tasks), and a third service deployed
# blue/green (below).
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/bench/one --scalable-dimension ecs:service:DesiredCount --min-capacity 50 --max-capacity 150
aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/bench/two --scalable-dimension ecs:service:DesiredCount --min-capacity 50 --max-capacity 150
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/bench/one --scalable-dimension ecs:service:DesiredCount --policy-name cpu60 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration TargetValue=60,PredefinedMetricSpecification={PredefinedMetricType=ECSServiceAverageCPUUtilization}
aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/bench/two --scalable-dimension ecs:service:DesiredCount --policy-name cpu60 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration TargetValue=60,PredefinedMetricSpecification={PredefinedMetricType=ECSServiceAverageCPUUtilization}
# And a third service deployed blue/green by CodeDeploy every hour (linear
# 10 % a minute, blue kept five minutes), behind its own ALB with a test listener.
LB3=$(aws elbv2 create-load-balancer --name three --subnets $A $C --security-groups $SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
BLUE3=$(aws elbv2 create-target-group --name three-blue --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-target-group --name three-green --protocol HTTP --port 80 --vpc-id $VPC --target-type ip > /dev/null
PROD3=$(aws elbv2 create-listener --load-balancer-arn $LB3 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$BLUE3 --query 'Listeners[0].ListenerArn' --output text)
TEST3=$(aws elbv2 create-listener --load-balancer-arn $LB3 --protocol HTTP --port 8080 --default-actions Type=forward,TargetGroupArn=$BLUE3 --query 'Listeners[0].ListenerArn' --output text)
aws iam create-role --role-name codedeploy --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"codedeploy.amazonaws.com"},"Action":"sts:AssumeRole"}]}' > /dev/null
aws ecs create-service --cluster bench --service-name three --task-definition app --desired-count 10 --launch-type FARGATE --deployment-controller type=CODE_DEPLOY --network-configuration "awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$BLUE3,containerName=app,containerPort=80 > /dev/null
aws deploy create-application --application-name three --compute-platform ECS > /dev/null
aws deploy create-deployment-group --application-name three --deployment-group-name bg --service-role-arn arn:aws:iam::123456789012:role/codedeploy --deployment-config-name CodeDeployDefault.ECSLinear10PercentEvery1Minutes --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=three,clusterName=bench --load-balancer-info "{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"three-blue\"},{\"name\":\"three-green\"}],\"prodTrafficRoute\":{\"listenerArns\":[\"$PROD3\"]},\"testTrafficRoute\":{\"listenerArns\":[\"$TEST3\"]}}]}" --blue-green-deployment-configuration '{"terminateBlueInstancesOnDeploymentSuccess":{"action":"TERMINATE","terminationWaitTimeInMinutes":5}}' > /dev/null
cat > bluegreen.json <<'JSON'
{"applicationName": "three", "deploymentGroupName": "bg", "revision": {"revisionType": "AppSpecContent", "appSpecContent": {"content": "{\"version\": 0.0, \"Resources\": [{\"TargetService\": {\"Type\": \"AWS::ECS::Service\", \"Properties\": {\"TaskDefinition\": \"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/app:1\", \"LoadBalancerInfo\": {\"ContainerName\": \"app\", \"ContainerPort\": 80}}}}]}"}}}
JSON
sim load --target three --daily 500
