# The benchmark world: two Fargate services of 100 tasks, each behind its own
# ALB, with daily load curves (read by examples/model_bench.rs and the wasm bench).
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $RT --subnet-id $A
aws ec2 associate-route-table --route-table-id $RT --subnet-id $C
SG=$(aws ec2 create-security-group --group-name all --description all --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 0-65535 --cidr 10.0.0.0/16
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0
aws ecs create-cluster --cluster-name bench
aws ecs register-task-definition --family app --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=app,image=nginx,portMappings=[{containerPort=80}]'
LB1=$(aws elbv2 create-load-balancer --name one --subnets $A $C --security-groups $SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG1=$(aws elbv2 create-target-group --name one --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB1 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG1
LB2=$(aws elbv2 create-load-balancer --name two --subnets $A $C --security-groups $SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG2=$(aws elbv2 create-target-group --name two --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB2 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG2
sim advance 2m
aws ecs create-service --cluster bench --service-name one --task-definition app --desired-count 100 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG1,containerName=app,containerPort=80
aws ecs create-service --cluster bench --service-name two --task-definition app --desired-count 100 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}" --load-balancers targetGroupArn=$TG2,containerName=app,containerPort=80
sim load --target one --daily 4000
sim load --target two --daily 2000
