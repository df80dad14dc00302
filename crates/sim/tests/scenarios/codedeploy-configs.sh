# CodeDeploy deployment configurations: the predefined ECS ones (canary,
# linear, all at once) and a custom canary; names starting with
# CodeDeployDefault. are reserved.

aws deploy list-deployment-configs --query "deploymentConfigsList[?starts_with(@, 'CodeDeployDefault.ECS')]" --output text
aws deploy get-deployment-config --deployment-config-name CodeDeployDefault.ECSCanary10Percent5Minutes --query 'deploymentConfigInfo.[computePlatform,trafficRoutingConfig]'
aws deploy get-deployment-config --deployment-config-name CodeDeployDefault.ECSLinear10PercentEvery1Minutes --query 'deploymentConfigInfo.trafficRoutingConfig' --output json
aws deploy get-deployment-config --deployment-config-name CodeDeployDefault.OneAtATime --query 'deploymentConfigInfo.[computePlatform,minimumHealthyHosts]' --output text

aws deploy create-deployment-config --deployment-config-name canary25-45 --compute-platform ECS --traffic-routing-config 'type=TimeBasedCanary,timeBasedCanary={canaryPercentage=25,canaryInterval=45}' --query 'length(deploymentConfigId)'
aws deploy get-deployment-config --deployment-config-name canary25-45 --query 'deploymentConfigInfo.trafficRoutingConfig.timeBasedCanary' --output text
aws deploy list-deployment-configs --query 'deploymentConfigsList[-1]' --output text

# Errors.
aws deploy create-deployment-config --deployment-config-name canary25-45 --compute-platform ECS --traffic-routing-config type=AllAtOnce
aws deploy create-deployment-config --deployment-config-name CodeDeployDefault.Mine --compute-platform ECS --traffic-routing-config type=AllAtOnce
aws deploy create-deployment-config --deployment-config-name linear0 --compute-platform ECS --traffic-routing-config 'type=TimeBasedLinear,timeBasedLinear={linearPercentage=0,linearInterval=1}'
aws deploy create-deployment-config --deployment-config-name canary-only-type --compute-platform ECS --traffic-routing-config type=TimeBasedCanary
aws deploy get-deployment-config --deployment-config-name nope
aws deploy delete-deployment-config --deployment-config-name CodeDeployDefault.ECSAllAtOnce
aws deploy delete-deployment-config --deployment-config-name canary25-45
aws deploy get-deployment-config --deployment-config-name canary25-45
