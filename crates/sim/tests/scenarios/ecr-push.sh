# Pushing images to a private ECR repository the way the notes do it:
# build, tag with the repository URI, log in with get-login-password, push.

aws ecr create-repository --repository-name ecr-learn-app --image-scanning-configuration scanOnPush=true --query 'repository.[repositoryName,repositoryUri,imageTagMutability]' --output text
aws ecr create-repository --repository-name ecr-learn-app
aws ecr create-repository --repository-name Bad_Name
REGISTRY=123456789012.dkr.ecr.ap-northeast-1.amazonaws.com

docker build -t ecr-learn-app:frontend-1.0 .
docker tag ecr-learn-app:frontend-1.0 $REGISTRY/ecr-learn-app:frontend-1.0
docker push $REGISTRY/ecr-learn-app:frontend-1.0
aws ecr get-login-password --region ap-northeast-1 | docker login --username AWS --password-stdin $REGISTRY
docker push $REGISTRY/ecr-learn-app:frontend-1.0
docker tag ecr-learn-app:frontend-1.0 $REGISTRY/no-such-repo:v1
docker push $REGISTRY/no-such-repo:v1

# The backend in the same repository, under another tag.
sim push-image ecr-learn-app:backend-1.0 --size-mb 150
aws ecr describe-images --repository-name ecr-learn-app --query 'imageDetails[*].[imageTags[0],imageSizeInBytes]' --output text
aws ecr list-images --repository-name ecr-learn-app --query 'length(imageIds)'

# Immutable tags cannot be pushed twice.
aws ecr create-repository --repository-name immutable-app --image-tag-mutability IMMUTABLE --query repository.imageTagMutability --output text
sim push-image immutable-app:v1
sim push-image immutable-app:v1
aws ecr delete-repository --repository-name immutable-app
aws ecr delete-repository --repository-name immutable-app --force --query repository.repositoryName --output text

# Promoting the image that passed staging: the same digest gets the prod tag (no rebuild).
MANIFEST=$(aws ecr batch-get-image --repository-name ecr-learn-app --image-ids imageTag=backend-1.0 --query 'images[0].imageManifest' --output text)
aws ecr put-image --repository-name ecr-learn-app --image-tag backend-prod --image-manifest "$MANIFEST" --query image.imageId.imageTag --output text
aws ecr describe-images --repository-name ecr-learn-app --image-ids imageTag=backend-prod --query 'imageDetails[0].imageTags' --output text
aws ecr put-image --repository-name ecr-learn-app --image-tag backend-prod --image-manifest "$MANIFEST"
aws ecr batch-get-image --repository-name ecr-learn-app --image-ids imageTag=nope --query failures
aws ecr create-repository --repository-name prod-app --query repository.repositoryName --output text
aws ecr put-image --repository-name prod-app --image-tag v1 --image-manifest "$MANIFEST"
aws ecr put-image --repository-name prod-app --image-tag v1 --image-manifest "not json"
