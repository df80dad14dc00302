# Faults and how the service scheduler reacts: a container that exits, an
# Availability Zone outage, an image that crashes, an image that can't be pulled.

VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)
SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC --query 'join(`,`, sort(Subnets[?AvailabilityZone!=`ap-northeast-1d`].SubnetId))' --output text)
aws ecs create-cluster --cluster-name faults --query cluster.clusterName --output text
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]' --query taskDefinition.revision
aws ecs create-service --cluster faults --service-name web --task-definition web --desired-count 4 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],assignPublicIp=ENABLED}" --query service.serviceName --output text
sim advance 2m
aws ecs describe-tasks --cluster faults --tasks $(aws ecs list-tasks --cluster faults --query taskArns --output text) --query 'sort(tasks[*].availabilityZone)' --output text

# One container exits: ECS stops the task and starts a replacement.
sim fail task $(aws ecs list-tasks --cluster faults --query 'taskArns[0]' --output text)
sim advance 2m
aws ecs describe-services --cluster faults --services web --query 'services[0].[runningCount,pendingCount]' --output text
aws ecs describe-tasks --cluster faults --tasks $(aws ecs list-tasks --cluster faults --desired-status STOPPED --query 'taskArns[0]' --output text) --query 'tasks[0].[stopCode,stoppedReason,containers[0].exitCode]' --output text

# A zone goes down: its tasks stop and the replacements go to the zone that is up.
sim fail az ap-northeast-1a
sim advance 3m
aws ecs describe-tasks --cluster faults --tasks $(aws ecs list-tasks --cluster faults --query taskArns --output text) --query 'sort(tasks[*].availabilityZone)' --output text
sim recover az ap-northeast-1a

# An image that crashes a few seconds after it starts keeps the scheduler busy.
sim fail crash nginx:1.27
sim advance 2m
aws ecs list-tasks --cluster faults --service-name web --desired-status STOPPED --query 'length(taskArns)'
aws ecs describe-services --cluster faults --services web --query 'length(services[0].events[?contains(message, `has started`)])'
sim recover image nginx:1.27

# A new revision whose image cannot be pulled: tasks never start (the throttle slows the retries).
sim fail image nginx:broken
aws ecs register-task-definition --family broken --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:broken' --query taskDefinition.revision
aws ecs create-service --cluster faults --service-name broken --task-definition broken --desired-count 1 --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],assignPublicIp=ENABLED}" --query service.serviceName --output text
sim advance 10m
aws ecs describe-services --cluster faults --services broken --query 'services[0].[runningCount,deployments[0].failedTasks]' --output text
aws ecs describe-services --cluster faults --services broken --query 'services[0].events[?contains(message, `consistently`)] | [0].message' --output text
aws ecs describe-tasks --cluster faults --tasks $(aws ecs list-tasks --cluster faults --service-name broken --desired-status STOPPED --query 'taskArns[0]' --output text) --query 'tasks[0].stoppedReason' --output text

# A sidecar (essential false) that crashes exits on its own: the task runs on without it.
aws ecs register-task-definition --family sidecar --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"app","image":"nginx:1.27"},{"name":"xray","image":"amazon/aws-xray-daemon:3","essential":false}]' --query taskDefinition.revision
SIDE=$(aws ecs run-task --cluster faults --task-definition sidecar --launch-type FARGATE --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],assignPublicIp=ENABLED}" --query 'tasks[0].taskArn' --output text)
sim advance 1m
sim fail crash amazon/aws-xray-daemon:3
sim advance 1m
aws ecs describe-tasks --cluster faults --tasks $SIDE --query 'tasks[0].[lastStatus,containers[0].[name,lastStatus],containers[1].[name,lastStatus,exitCode]]' --output json
sim cost
