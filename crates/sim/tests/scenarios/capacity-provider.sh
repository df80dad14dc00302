# EC2 capacity that grows and shrinks by itself (notes 002 and 003, "way 2"):
# a launch template whose user data names the cluster, an Auto Scaling group,
# and a capacity provider with managed scaling. Tasks that find no room wait
# in PROVISIONING; CapacityProviderReservation goes above 100 and the group
# grows; when the service scales in, empty instances go after 15 minutes.

A=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1a --query 'Subnets[0].SubnetId' --output text)
C=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1c --query 'Subnets[0].SubnetId' --output text)
aws iam create-role --role-name ecsInstanceRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.RoleName --output text
aws iam attach-role-policy --role-name ecsInstanceRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role
aws iam create-instance-profile --instance-profile-name ecsInstanceRole --query InstanceProfile.Arn --output text
aws iam add-role-to-instance-profile --instance-profile-name ecsInstanceRole --role-name ecsInstanceRole
aws iam add-role-to-instance-profile --instance-profile-name ecsInstanceRole --role-name ecsInstanceRole
aws ecs create-cluster --cluster-name learn --query cluster.status --output text

cat > user-data.sh <<EOF
#!/bin/bash
echo ECS_CLUSTER=learn >> /etc/ecs/ecs.config
EOF
UD=$(base64 -w0 user-data.sh)
aws ec2 create-launch-template --launch-template-name ecs-learn --launch-template-data "{\"ImageId\":\"ami-0e4a4c2d2f8d1b7a4\",\"InstanceType\":\"t3.small\",\"IamInstanceProfile\":{\"Name\":\"ecsInstanceRole\"},\"UserData\":\"$UD\"}" --query LaunchTemplate.LaunchTemplateName --output text
aws autoscaling create-auto-scaling-group --auto-scaling-group-name ecs-learn --launch-template LaunchTemplateName=ecs-learn,Version='$Latest' --min-size 0 --max-size 4 --desired-capacity 5 --vpc-zone-identifier "$A,$C"
aws autoscaling create-auto-scaling-group --auto-scaling-group-name ecs-learn --launch-template LaunchTemplateName=ecs-learn,Version='$Latest' --min-size 0 --max-size 4 --desired-capacity 0 --vpc-zone-identifier "$A,$C"
ASG=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ecs-learn --query 'AutoScalingGroups[0].AutoScalingGroupARN' --output text)
aws ecs create-capacity-provider --name ecs-learn --auto-scaling-group-provider "autoScalingGroupArn=$ASG,managedScaling={status=ENABLED,targetCapacity=100}"
aws ecs create-capacity-provider --name learn-asg --auto-scaling-group-provider "autoScalingGroupArn=$ASG,managedScaling={status=ENABLED,targetCapacity=100},managedTerminationProtection=ENABLED"
aws ecs create-capacity-provider --name learn-asg --auto-scaling-group-provider "autoScalingGroupArn=$ASG,managedScaling={status=ENABLED,targetCapacity=100}" --query 'capacityProvider.autoScalingGroupProvider.managedScaling' --output json
aws ecs put-cluster-capacity-providers --cluster learn --capacity-providers learn-asg FARGATE --default-capacity-provider-strategy capacityProvider=learn-asg,weight=1 --query 'cluster.capacityProviders'
aws ecs describe-capacity-providers --query 'capacityProviders[*].name' --output text

# A bridge-mode service of five 512 MiB tasks (three fit on a t3.small): no instance yet, so the tasks wait.
aws ecs register-task-definition --family web --network-mode bridge --requires-compatibilities EC2 --container-definitions 'name=web,image=nginx:1.27,memory=512,portMappings=[{containerPort=80,hostPort=0}]' --query taskDefinition.revision
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 5 --capacity-provider-strategy capacityProvider=learn-asg,weight=1 --query service.desiredCount
aws ecs run-task --cluster learn --task-definition web --capacity-provider-strategy capacityProvider=learn-asg,weight=1 capacityProvider=FARGATE,weight=1
sim advance 30s
aws ecs describe-services --cluster learn --services web --query 'services[0].[runningCount,pendingCount]' --output text
aws ecs describe-tasks --cluster learn --tasks $(aws ecs list-tasks --cluster learn --service-name web --query 'taskArns[0]' --output text) --query 'tasks[0].[lastStatus,capacityProviderName]' --output text

# Managed scaling: the reservation goes to 200 % (tasks waiting, no instance), the group grows, instances boot and join.
sim advance 90s
aws cloudwatch get-metric-statistics --namespace AWS/ECS/ManagedScaling --metric-name CapacityProviderReservation --dimensions Name=CapacityProviderName,Value=learn-asg Name=ClusterName,Value=learn --start-time 2026-01-01T00:00:00Z --end-time 2026-01-01T00:03:00Z --period 60 --statistics Maximum --query 'sort_by(Datapoints,&Timestamp)[*].Maximum' --output text
aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ecs-learn --query 'AutoScalingGroups[0].[DesiredCapacity,length(Instances)]' --output text
sim advance 3m
aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ecs-learn --query 'AutoScalingGroups[0].Instances[*].[AvailabilityZone,LifecycleState]' --output text
aws ecs list-container-instances --cluster learn --query 'length(containerInstanceArns)'
aws ecs describe-services --cluster learn --services web --query 'services[0].[runningCount,pendingCount]' --output text
sim advance 5m
aws ecs describe-services --cluster learn --services web --query 'services[0].[runningCount,pendingCount]' --output text
aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ecs-learn --query 'AutoScalingGroups[0].DesiredCapacity'

# Scale the service in: the reservation falls below 100 %, and after 15 minutes the empty instances go.
aws ecs update-service --cluster learn --service web --desired-count 0 --query service.desiredCount
sim advance 10m
aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ecs-learn --query 'AutoScalingGroups[0].DesiredCapacity'
sim advance 10m
aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ecs-learn --query 'AutoScalingGroups[0].[DesiredCapacity,length(Instances)]' --output text
aws ecs list-container-instances --cluster learn --query 'length(containerInstanceArns)'

# Clean up in order: the service uses the provider, the cluster uses it, the provider uses the group.
aws ecs delete-capacity-provider --capacity-provider learn-asg
aws autoscaling delete-auto-scaling-group --auto-scaling-group-name ecs-learn
aws ecs put-cluster-capacity-providers --cluster learn --capacity-providers FARGATE --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1 --query 'cluster.capacityProviders' --output text
aws ecs delete-service --cluster learn --service web --query service.status --output text
aws ecs put-cluster-capacity-providers --cluster learn --capacity-providers FARGATE --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1 --query 'cluster.capacityProviders' --output text
aws ecs delete-capacity-provider --capacity-provider learn-asg --query capacityProvider.name --output text
aws autoscaling delete-auto-scaling-group --auto-scaling-group-name ecs-learn
aws autoscaling describe-auto-scaling-groups --query 'AutoScalingGroups[*].[AutoScalingGroupName,Status]' --output text
sim advance 1m
aws autoscaling describe-auto-scaling-groups --query 'length(AutoScalingGroups)'
