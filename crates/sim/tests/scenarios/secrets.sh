# Container secrets: a task reads Secrets Manager secrets and Parameter Store
# parameters once, when it starts, with its execution role and over its own
# network path (private subnets with endpoints for ECR and S3, no NAT). Each
# missing piece stops the task with ResourceInitializationError; a running
# task keeps the value it started with after the secret is rotated.

VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
aws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames
PRIV_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PRIV_RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 associate-route-table --route-table-id $PRIV_RT --subnet-id $PRIV_A > /dev/null
TASK_SG=$(aws ec2 create-security-group --group-name ecs-task --description "ECS tasks" --vpc-id $VPC --query GroupId --output text)
VPCE_SG=$(aws ec2 create-security-group --group-name vpce --description "VPC endpoints" --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $VPCE_SG --protocol tcp --port 443 --source-group $TASK_SG --query Return
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $PRIV_A --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.dkr --subnet-ids $PRIV_A --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids $PRIV_RT --query VpcEndpoint.State --output text
aws ecr create-repository --repository-name api --query repository.repositoryName --output text
sim push-image api:1.0 > /dev/null
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
aws iam create-role --role-name apiTaskRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam put-role-policy --role-name apiTaskRole --policy-name ecs-exec --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssmmessages:*"],"Resource":"*"}]}'
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ssmmessages --subnet-ids $PRIV_A --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
aws ecs create-cluster --cluster-name app --query cluster.clusterName --output text
sim advance 2m

# The secret and a parameter.
SECRET=$(aws secretsmanager create-secret --name prod/db-password --secret-string 'first-password' --query ARN --output text)
aws secretsmanager create-secret --name prod/db-password --secret-string again
aws secretsmanager describe-secret --secret-id prod/db-password --query '[Name,length(VersionIdsToStages)]' --output text
aws secretsmanager get-secret-value --secret-id prod/db-password --query SecretString --output text
aws secretsmanager get-secret-value --secret-id prod/nope
aws ssm put-parameter --name /app/db-host --value db.internal --type String --query Version
aws ssm put-parameter --name /app/db-host --value db2.internal --type String
aws ssm put-parameter --name /app/api-key --value k-123 --type SecureString --query Version
aws ssm get-parameter --name /app/api-key --query 'Parameter.Value!=`k-123`'
aws ssm get-parameter --name /app/api-key --with-decryption --query Parameter.Value --output text
aws ssm get-parameters --names /app/db-host /app/missing --query '[Parameters[0].Value,InvalidParameters[0]]' --output text
aws ssm put-parameter --name aws-thing --value x --type String
aws ssm get-parameter --name /app/missing

aws ecs register-task-definition --family api --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --task-role-arn arn:aws:iam::123456789012:role/apiTaskRole --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions "[{\"name\":\"api\",\"image\":\"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.0\",\"secrets\":[{\"name\":\"DB_PASSWORD\",\"valueFrom\":\"$SECRET\"},{\"name\":\"DB_HOST\",\"valueFrom\":\"/app/db-host\"}]}]" --query taskDefinition.revision
NET="awsvpcConfiguration={subnets=[$PRIV_A],securityGroups=[$TASK_SG]}"

# No path to Secrets Manager from the private subnet.
T=$(aws ecs run-task --cluster app --task-definition api --launch-type FARGATE --network-configuration $NET --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster app --tasks $T --query 'tasks[0].[lastStatus,stopCode]' --output text
aws ecs describe-tasks --cluster app --tasks $T --query 'tasks[0].stoppedReason' --output text

# The endpoint: now the execution role is asked, and the managed policy does not cover secrets.
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.secretsmanager --subnet-ids $PRIV_A --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
sim advance 2m
T=$(aws ecs run-task --cluster app --task-definition api --launch-type FARGATE --network-configuration $NET --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster app --tasks $T --query 'tasks[0].stoppedReason' --output text

# Allowed to read the secret; the parameter comes next, and there is no path to ssm.
aws iam put-role-policy --role-name ecsTaskExecutionRole --policy-name read-secrets --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"*"}]}'
T=$(aws ecs run-task --cluster app --task-definition api --launch-type FARGATE --network-configuration $NET --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster app --tasks $T --query 'tasks[0].stoppedReason' --output text
aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ssm --subnet-ids $PRIV_A --security-group-ids $VPCE_SG --query VpcEndpoint.State --output text
sim advance 2m
T=$(aws ecs run-task --cluster app --task-definition api --launch-type FARGATE --network-configuration $NET --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster app --tasks $T --query 'tasks[0].stoppedReason' --output text
aws iam put-role-policy --role-name ecsTaskExecutionRole --policy-name read-parameters --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameters"],"Resource":"*"}]}'
T=$(aws ecs run-task --cluster app --task-definition api --launch-type FARGATE --network-configuration $NET --enable-execute-command --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster app --tasks $T --query 'tasks[0].lastStatus' --output text

# A parameter that does not exist, and a JSON key the secret does not have.
aws ecs register-task-definition --family worker --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions '[{"name":"worker","image":"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.0","secrets":[{"name":"TOKEN","valueFrom":"/app/token"}]}]' --query taskDefinition.revision
W=$(aws ecs run-task --cluster app --task-definition worker --launch-type FARGATE --network-configuration $NET --query 'tasks[0].taskArn' --output text)
aws ecs register-task-definition --family keyed --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions "[{\"name\":\"keyed\",\"image\":\"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/api:1.0\",\"secrets\":[{\"name\":\"USER\",\"valueFrom\":\"$SECRET:username::\"}]}]" --query taskDefinition.revision
K=$(aws ecs run-task --cluster app --task-definition keyed --launch-type FARGATE --network-configuration $NET --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster app --tasks $W --query 'tasks[0].stoppedReason' --output text
aws ecs describe-tasks --cluster app --tasks $K --query 'tasks[0].stoppedReason' --output text

# Rotation: the running task keeps what it read; a new task reads the new value.
aws secretsmanager put-secret-value --secret-id prod/db-password --secret-string 'second-password' --query VersionStages --output text
aws ecs execute-command --cluster app --task $T --container api --interactive --command env
T2=$(aws ecs run-task --cluster app --task-definition api --launch-type FARGATE --network-configuration $NET --enable-execute-command --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs execute-command --cluster app --task $T2 --container api --interactive --command env
