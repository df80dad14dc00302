# The network from the study notes: a 10.0.0.0/24 VPC split into four /26
# subnets over two Availability Zones (public and private), an internet
# gateway, route tables, a security group for the tasks, one for the VPC
# endpoints, and the four endpoints Fargate needs without a NAT gateway.

VPC_ID=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 \
  --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=ecs-learn-vpc}]' \
  --query Vpc.VpcId --output text)
echo $VPC_ID
aws ec2 modify-vpc-attribute --vpc-id $VPC_ID --enable-dns-support '{"Value":true}'
aws ec2 modify-vpc-attribute --vpc-id $VPC_ID --enable-dns-hostnames '{"Value":true}'
aws ec2 describe-vpc-attribute --vpc-id $VPC_ID --attribute enableDnsHostnames

IGW_ID=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW_ID --vpc-id $VPC_ID

# Four /26 subnets: the top two bits of the last octet choose the subnet.
PUBLIC_A=$(aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUBLIC_C=$(aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
PRIVATE_A=$(aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PRIVATE_C=$(aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.0.192/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)

# What AWS refuses: an overlap, a block outside the VPC, a /29.
aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.0.32/27 --availability-zone ap-northeast-1a
aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.1.0/26
aws ec2 create-subnet --vpc-id $VPC_ID --cidr-block 10.0.0.0/29
echo "exit status: $?"

PUBLIC_RT=$(aws ec2 create-route-table --vpc-id $VPC_ID --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $PUBLIC_RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW_ID
aws ec2 associate-route-table --route-table-id $PUBLIC_RT --subnet-id $PUBLIC_A --query AssociationState.State --output text
aws ec2 associate-route-table --route-table-id $PUBLIC_RT --subnet-id $PUBLIC_C --query AssociationState.State --output text
PRIVATE_RT=$(aws ec2 create-route-table --vpc-id $VPC_ID --query RouteTable.RouteTableId --output text)
aws ec2 associate-route-table --route-table-id $PRIVATE_RT --subnet-id $PRIVATE_A --query AssociationState.State --output text
aws ec2 associate-route-table --route-table-id $PRIVATE_RT --subnet-id $PRIVATE_C --query AssociationState.State --output text
aws ec2 describe-route-tables --route-table-ids $PUBLIC_RT --query 'RouteTables[0].Routes'

TASK_SG=$(aws ec2 create-security-group --group-name ecs-task-sg --description "ECS tasks" --vpc-id $VPC_ID --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 3000 --cidr 0.0.0.0/0 --query 'SecurityGroupRules[0].[IpProtocol,FromPort,CidrIpv4]' --output text
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 8080 --cidr 0.0.0.0/0 --query 'SecurityGroupRules[0].[IpProtocol,FromPort,CidrIpv4]' --output text
aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 8080 --cidr 0.0.0.0/0
ENDPOINT_SG=$(aws ec2 create-security-group --group-name vpc-endpoint-sg --description "VPC endpoints" --vpc-id $VPC_ID --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ENDPOINT_SG --protocol tcp --port 443 --source-group $TASK_SG --query 'Return'

aws ec2 create-vpc-endpoint --vpc-id $VPC_ID --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.dkr --subnet-ids $PRIVATE_A $PRIVATE_C --security-group-ids $ENDPOINT_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC_ID --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $PRIVATE_A $PRIVATE_C --security-group-ids $ENDPOINT_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC_ID --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.logs --subnet-ids $PRIVATE_A $PRIVATE_C --security-group-ids $ENDPOINT_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC_ID --vpc-endpoint-type Gateway --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids $PRIVATE_RT --query VpcEndpoint.State --output text
sim advance 2m
aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=$VPC_ID --query 'VpcEndpoints[*].[ServiceName,VpcEndpointType,State]' --output text

# Each interface endpoint took one address in each private subnet: 59 - 3 = 56.
aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC_ID --query 'Subnets[*].[CidrBlock,AvailabilityZone,AvailableIpAddressCount]' --output text
aws ec2 describe-route-tables --route-table-ids $PRIVATE_RT --query 'RouteTables[0].Routes[*].[DestinationCidrBlock || DestinationPrefixListId, GatewayId]' --output text
sim status

# Can a task in the private subnet reach ECR's API through the endpoint? And the internet?
sim reachability --from $PRIVATE_A:$TASK_SG --to service:ecr.api --port 443
sim reachability --from $PRIVATE_A:$TASK_SG --to internet --port 443
