# Task definitions: revisions, Fargate sizes, network modes and the errors AWS gives.

sim sample web > web.json
aws ecs register-task-definition --cli-input-json file://web.json --query 'taskDefinition.[family,revision,status,networkMode,cpu,memory]' --output text
aws ecs register-task-definition --cli-input-json file://web.json --query 'taskDefinition.taskDefinitionArn' --output text
aws ecs register-task-definition --cli-input-json file://web.json --query 'taskDefinition.revision'
aws ecs deregister-task-definition --task-definition web:3 --query 'taskDefinition.status' --output text
aws ecs register-task-definition --cli-input-json file://web.json --query 'taskDefinition.revision'
aws ecs list-task-definitions --family-prefix web --query 'taskDefinitionArns' --output text

# A Fargate size that does not exist, and one that does.
cat > fargate.json <<'EOF'
{
  "family": "sizes",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": "256",
  "memory": "4096",
  "containerDefinitions": [{ "name": "app", "image": "nginx", "essential": true }]
}
EOF
aws ecs register-task-definition --cli-input-json file://fargate.json
aws ecs register-task-definition --cli-input-json file://fargate.json --memory 2048 --query 'taskDefinition.[cpu,memory]' --output text

# awsvpc: host and container ports must match; a missing hostPort takes the containerPort.
aws ecs register-task-definition --family ports --network-mode awsvpc --container-definitions '[{"name":"app","image":"nginx","memory":512,"portMappings":[{"containerPort":80,"hostPort":8080}]}]'
aws ecs register-task-definition --family ports --network-mode awsvpc --container-definitions 'name=app,image=nginx,memory=512,portMappings=[{containerPort=80}]' --query 'taskDefinition.containerDefinitions[0].portMappings[0]'
# bridge mode: host port 0 means an ephemeral port.
aws ecs register-task-definition --family dynamic --network-mode bridge --container-definitions 'name=app,image=nginx,memoryReservation=256,portMappings=[{containerPort=80,hostPort=0}]' --query 'taskDefinition.containerDefinitions[0].portMappings[0].hostPort'
aws ecs register-task-definition --family nomem --container-definitions name=app,image=nginx

# Pasting describe-task-definition output back in is refused by the CLI itself.
aws ecs describe-task-definition --task-definition web:1 --query taskDefinition > described.json
aws ecs register-task-definition --cli-input-json file://described.json
aws ecs register-task-definition --family typed --container-definitions '[{"name":"app","image":"nginx","memory":"lots"}]'
aws ecs describe-task-definition --task-definition nope:1
