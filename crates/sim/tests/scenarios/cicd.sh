# CI/CD from the notes (001): one CodeCommit repository with a branch per
# environment, a CodeBuild project per environment that builds the image,
# scans it with Trivy and pushes it to ECR. The build runs the buildspec from
# the branch with the project's service role.

aws ecr create-repository --repository-name web --query repository.repositoryName --output text
aws codecommit create-repository --repository-name app --query repositoryMetadata.cloneUrlHttp --output text
cat > Dockerfile <<'EOF'
FROM node:14
COPY . /app
CMD ["node", "/app/server.js"]
EOF
cat > buildspec.yml <<'EOF'
version: 0.2
env:
  variables:
    REPOSITORY_URI: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web
phases:
  pre_build:
    commands:
      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com
      - IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
  build:
    on-failure: ABORT
    commands:
      - docker build -t $REPOSITORY_URI:$IMAGE_TAG .
      - trivy image --exit-code 1 --severity CRITICAL --no-progress $REPOSITORY_URI:$IMAGE_TAG
  post_build:
    commands:
      - docker push $REPOSITORY_URI:$IMAGE_TAG
      - printf '[{"name":"web","imageUri":"%s"}]' $REPOSITORY_URI:$IMAGE_TAG > imagedefinitions.json
EOF
FIRST=$(aws codecommit put-file --repository-name app --branch-name main --file-path Dockerfile --file-content fileb://Dockerfile --commit-message "Dockerfile" --query commitId --output text)
aws codecommit put-file --repository-name app --branch-name main --file-path buildspec.yml --file-content fileb://buildspec.yml
SECOND=$(aws codecommit put-file --repository-name app --branch-name main --file-path buildspec.yml --file-content fileb://buildspec.yml --parent-commit-id $FIRST --query commitId --output text)
aws codecommit create-branch --repository-name app --branch-name staging --commit-id $SECOND
aws codecommit list-branches --repository-name app --query branches --output text

# The service role: trusted by CodeBuild, allowed to write logs, pull the repository and push to ECR.
aws iam create-role --role-name codebuild-app --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.Arn --output text
aws codebuild create-project --name app-staging --source type=CODECOMMIT,location=https://git-codecommit.ap-northeast-1.amazonaws.com/v1/repos/app --source-version refs/heads/staging --artifacts type=NO_ARTIFACTS --environment type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL --service-role arn:aws:iam::123456789012:role/ecsTaskExecutionRole
aws codebuild create-project --name app-staging --source type=CODECOMMIT,location=https://git-codecommit.ap-northeast-1.amazonaws.com/v1/repos/app --source-version refs/heads/staging --artifacts type=NO_ARTIFACTS --environment type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL --service-role arn:aws:iam::123456789012:role/codebuild-app --query project.arn --output text

# No permissions yet: the build cannot even write its logs.
B=$(aws codebuild start-build --project-name app-staging --query build.id --output text)
sim advance 2m
aws codebuild batch-get-builds --ids $B --query 'builds[0].[buildStatus,phases[-2].phaseType,phases[-2].phaseStatus]' --output text
aws codebuild batch-get-builds --ids $B --query 'builds[0].phases[?phaseStatus==`FAILED`].contexts[0].statusCode' --output text
aws iam put-role-policy --role-name codebuild-app --policy-name build --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","codecommit:GitPull","ecr:GetAuthorizationToken","ecr:BatchCheckLayerAvailability","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage"],"Resource":"*"}]}'

# Docker needs privileged mode.
B=$(aws codebuild start-build --project-name app-staging --query build.id --output text)
aws codebuild batch-get-builds --ids $B --query 'builds[0].[buildStatus,currentPhase]' --output text
sim advance 3m
aws codebuild batch-get-builds --ids $B --query 'builds[0].[buildStatus,resolvedSourceVersion==`'$SECOND'`]' --output text
aws codebuild batch-get-builds --ids $B --query 'builds[0].phases[?phaseStatus==`FAILED`].[phaseType,contexts[0].message]' --output text
aws codebuild update-project --name app-staging --environment type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL,privilegedMode=true --query project.environment.privilegedMode

# Trivy finds critical vulnerabilities in the end-of-life base image; with on-failure: ABORT the
# build stops there (by default POST_BUILD would still run, and push the image).
B=$(aws codebuild start-build --project-name app-staging --query build.id --output text)
sim advance 5m
aws codebuild batch-get-builds --ids $B --query 'builds[0].phases[?phaseStatus==`FAILED`].[phaseType,contexts[0].message]' --output text
aws logs tail /aws/codebuild/app-staging --since 4m
aws ecr list-images --repository-name web --query 'length(imageIds)'

# A supported base image and a non-root user, committed on main and promoted to staging.
cat > Dockerfile <<'EOF'
FROM node:20-slim
COPY . /app
USER node
CMD ["node", "/app/server.js"]
EOF
THIRD=$(aws codecommit put-file --repository-name app --branch-name main --file-path Dockerfile --file-content fileb://Dockerfile --parent-commit-id $SECOND --query commitId --output text)
aws codecommit merge-branches-by-fast-forward --repository-name app --source-commit-specifier main --destination-commit-specifier staging --target-branch staging --query 'commitId==`'$THIRD'`'
B=$(aws codebuild start-build --project-name app-staging --query build.id --output text)
sim advance 5m
aws codebuild batch-get-builds --ids $B --query 'builds[0].[buildStatus,currentPhase,length(phases)]' --output text
aws ecr describe-images --repository-name web --query 'sort_by(imageDetails,&imagePushedAt)[-1].[length(imageTags[0]),starts_with(`'$THIRD'`, imageTags[0])]' --output text

# Building the same commit again gives another digest: promote the tested image instead (lesson 6).
aws codebuild start-build --project-name app-staging --query build.buildNumber
sim advance 5m
aws ecr describe-images --repository-name web --query 'length(imageDetails)'
aws codebuild list-builds-for-project --project-name app-staging --query 'length(ids)'
aws codebuild start-build --project-name nope

# Production promotes instead of building: pull the tested image, tag it, push it (one digest, two tags).
cat > promote.yml <<'EOF'
version: 0.2
phases:
  pre_build:
    commands:
      - aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com
  build:
    commands:
      - docker pull 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:$SOURCE_TAG
      - docker tag 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:$SOURCE_TAG 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:prod
      - docker push 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:prod
EOF
aws codebuild create-project --name app-prod --source type=NO_SOURCE,buildspec="$(cat promote.yml)" --artifacts type=NO_ARTIFACTS --environment type=LINUX_CONTAINER,image=aws/codebuild/standard:7.0,computeType=BUILD_GENERAL1_SMALL,privilegedMode=true --service-role arn:aws:iam::123456789012:role/codebuild-app --query project.source.type --output text
TAG=$(aws ecr describe-images --repository-name web --query 'sort_by(imageDetails,&imagePushedAt)[-1].imageTags[0]' --output text)
B=$(aws codebuild start-build --project-name app-prod --environment-variables-override name=SOURCE_TAG,value=$TAG --query build.id --output text)
sim advance 3m
aws codebuild batch-get-builds --ids $B --query 'builds[0].phases[?phaseStatus==`FAILED`].contexts[0].message' --output text
aws iam put-role-policy --role-name codebuild-app --policy-name pull --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}'
B=$(aws codebuild start-build --project-name app-prod --environment-variables-override name=SOURCE_TAG,value=$TAG --query build.id --output text)
sim advance 3m
aws codebuild batch-get-builds --ids $B --query 'builds[0].buildStatus' --output text
aws ecr describe-images --repository-name web --image-ids imageTag=prod --query 'imageDetails[0].imageTags' --output text

