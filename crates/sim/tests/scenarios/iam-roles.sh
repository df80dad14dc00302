# The task execution role (used by the ECS agent: pull images, write logs)
# versus the task role (used by the application).

cat > ecs-tasks-trust.json <<'EOF'
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" }
  ]
}
EOF
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document file://ecs-tasks-trust.json --query Role.Arn --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
aws iam list-attached-role-policies --role-name ecsTaskExecutionRole
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document file://ecs-tasks-trust.json
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/NoSuchPolicy
aws iam create-role --role-name app-task-role --assume-role-policy-document file://ecs-tasks-trust.json --query Role.RoleName --output text
aws iam put-role-policy --role-name app-task-role --policy-name read-uploads --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}'
aws iam delete-role --role-name app-task-role
aws iam create-role --role-name broken --assume-role-policy-document '{not json'
