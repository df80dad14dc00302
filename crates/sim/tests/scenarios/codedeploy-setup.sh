# Blue/green with CodeDeploy, the setup: an ECS service with the CODE_DEPLOY
# deployment controller behind one target group, a second target group, a
# production and a test listener, a CodeDeploy application and a deployment
# group that binds them — with CodeDeploy's checks. (The deployments
# themselves come next.)

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
aws ecs describe-services --cluster learn --services web --query 'services[0].[runningCount,deploymentController.type]' --output text

# A CODE_DEPLOY service takes new revisions only through CodeDeploy.
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision
aws ecs update-service --cluster learn --service web --task-definition web:2
aws ecs update-service --cluster learn --service web --desired-count 3 --query service.desiredCount

aws deploy create-application --application-name web --compute-platform ECS --query 'length(applicationId)'
aws deploy create-deployment-group --application-name web --deployment-group-name web-bg --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-config-name CodeDeployDefault.ECSCanary10Percent5Minutes --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --load-balancer-info "{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"web\"},{\"name\":\"web-green\"}],\"prodTrafficRoute\":{\"listenerArns\":[\"$PROD\"]},\"testTrafficRoute\":{\"listenerArns\":[\"$TEST\"]}}]}" --blue-green-deployment-configuration '{"terminateBlueInstancesOnDeploymentSuccess":{"action":"TERMINATE","terminationWaitTimeInMinutes":60},"deploymentReadyOption":{"actionOnTimeout":"CONTINUE_DEPLOYMENT"}}' --auto-rollback-configuration enabled=true,events=DEPLOYMENT_FAILURE,DEPLOYMENT_STOP_ON_ALARM --query 'length(deploymentGroupId)'
aws deploy get-deployment-group --application-name web --deployment-group-name web-bg --query 'deploymentGroupInfo.[computePlatform,deploymentConfigName,deploymentStyle.deploymentType,ecsServices[0].serviceName]' --output text
aws deploy list-deployment-groups --application-name web --query deploymentGroups --output text
aws deploy get-application --application-name web --query 'application.[applicationName,computePlatform]' --output text

# CodeDeploy's checks.
aws deploy create-application --application-name web --compute-platform ECS
aws deploy create-deployment-group --application-name web --deployment-group-name again --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --load-balancer-info "{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"web\"},{\"name\":\"web-green\"}],\"prodTrafficRoute\":{\"listenerArns\":[\"$PROD\"]}}]}"
aws deploy create-deployment-group --application-name web --deployment-group-name norole --service-role-arn arn:aws:iam::123456789012:role/nope --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn
aws deploy create-deployment-group --application-name web --deployment-group-name inplace --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-style deploymentType=IN_PLACE,deploymentOption=WITHOUT_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn
aws deploy create-deployment-group --application-name nope --deployment-group-name x --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole
aws ecs create-service --cluster learn --service-name rolling --task-definition web:1 --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}" --query service.deploymentController.type --output text
aws deploy create-deployment-group --application-name web --deployment-group-name rolling --service-role-arn arn:aws:iam::123456789012:role/ecsCodeDeployRole --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=rolling,clusterName=learn
aws ecs create-service --cluster learn --service-name nolb --task-definition web:1 --desired-count 1 --launch-type FARGATE --deployment-controller type=CODE_DEPLOY --network-configuration "awsvpcConfiguration={subnets=[$PUB_A],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}"
aws deploy delete-application --application-name web
aws deploy list-deployment-groups --application-name web
