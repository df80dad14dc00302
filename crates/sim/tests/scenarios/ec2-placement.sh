# The EC2 launch type: container instances in the default VPC, bridge-mode
# tasks with a static host port (one per instance) and with host port 0
# (dynamic ports, many per instance), and what happens when nothing fits.

aws ecs create-cluster --cluster-name ec2-learn --query cluster.clusterName --output text
sim add-instance --cluster ec2-learn --instance-type t3.small --count 2
aws ecs list-container-instances --cluster ec2-learn --query 'length(containerInstanceArns)'
aws ecs describe-container-instances --cluster ec2-learn --container-instances $(aws ecs list-container-instances --cluster ec2-learn --query 'containerInstanceArns' --output text) --query 'containerInstances[*].[remainingResources[0].integerValue,remainingResources[1].integerValue]' --output text

aws ecs register-task-definition --family static --network-mode bridge --container-definitions 'name=web,image=nginx,memory=256,portMappings=[{containerPort=80,hostPort=80}]' --query taskDefinition.revision
aws ecs run-task --cluster ec2-learn --task-definition static --count 3 --query '[length(tasks), failures[*].reason]' --output text

aws ecs register-task-definition --family dynamic --network-mode bridge --container-definitions 'name=web,image=nginx,memory=256,portMappings=[{containerPort=80,hostPort=0}]' --query taskDefinition.revision
aws ecs create-service --cluster ec2-learn --service-name dyn --task-definition dynamic --desired-count 4 --query service.launchType --output text
sim advance 2m
aws ecs describe-services --cluster ec2-learn --services dyn --query 'services[0].[runningCount,pendingCount]' --output text
aws ecs describe-tasks --cluster ec2-learn --tasks $(aws ecs list-tasks --cluster ec2-learn --service-name dyn --query taskArns --output text) --query 'sort(tasks[*].availabilityZone)' --output text

# Memory runs out: a t3.small registers 1932 MiB, room for 7 tasks of 256 MiB (1 static + 6 dynamic).
aws ecs update-service --cluster ec2-learn --service dyn --desired-count 16 --query service.desiredCount
sim advance 2m
aws ecs describe-services --cluster ec2-learn --services dyn --query 'services[0].[desiredCount,runningCount]' --output text
aws ecs describe-services --cluster ec2-learn --services dyn --query 'services[0].events[0].message' --output text

# An empty cluster has nothing to place on.
aws ecs create-cluster --cluster-name empty --query cluster.clusterName --output text
aws ecs run-task --cluster empty --task-definition dynamic

# Strategies and constraints: binpack fills one instance first; distinctInstance
# allows one task per instance; memberOf picks instances by attribute.
aws ecs create-cluster --cluster-name strategies --query cluster.clusterName --output text
sim add-instance --cluster strategies --instance-type m5.large --count 3 > /dev/null
aws ecs register-task-definition --family small --network-mode bridge --container-definitions 'name=app,image=nginx,memoryReservation=512' --query taskDefinition.revision
aws ecs create-service --cluster strategies --service-name packed --task-definition small --desired-count 6 --placement-strategy type=binpack,field=memory --query 'service.placementStrategy' --output text
sim advance 2m
aws ecs describe-container-instances --cluster strategies --container-instances $(aws ecs list-container-instances --cluster strategies --query containerInstanceArns --output text) --query 'sort(containerInstances[*].runningTasksCount)' --output text
aws ecs run-task --cluster strategies --task-definition small --count 4 --placement-constraints type=distinctInstance --query '[length(tasks), failures[0].reason]' --output text
aws ecs run-task --cluster strategies --task-definition small --placement-constraints 'type=memberOf,expression=attribute:ecs.instance-type =~ t3.*' --query 'failures[0].reason' --output text
aws ecs run-task --cluster strategies --task-definition small --placement-strategy type=binpack,field=instanceId
sim cost
