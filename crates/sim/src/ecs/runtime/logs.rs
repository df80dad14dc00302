//! Where a task's container output goes: the awslogs driver into CloudWatch Logs, or FireLens routing.

use super::*;

impl World {
    /// Why an `awslogs` container cannot start logging, if it cannot.
    pub(super) fn log_group_problem(
        &self,
        td: &TaskDefinition,
        container: &crate::ecs::ContainerDefinition,
        task_id: &str,
    ) -> Option<String> {
        let config = container
            .log_configuration
            .as_ref()
            .filter(|c| c.log_driver == "awslogs")?;
        let group = config.option("awslogs-group").unwrap_or_default();
        if self.logs.groups.contains_key(group) {
            return None;
        }
        if config.option("awslogs-create-group") != Some("true") {
            return Some("ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1".into());
        }
        // Creating the group needs logs:CreateLogGroup, which the managed execution policy lacks.
        let role_arn = td.execution_role_arn.clone().unwrap_or_default();
        let allowed = self
            .iam
            .role_by_arn(&role_arn)
            .is_some_and(|r| r.allows("logs:CreateLogGroup"));
        if allowed {
            return None;
        }
        let role = role_arn.rsplit('/').next().unwrap_or_default();
        Some(format!(
            "ResourceInitializationError: failed to validate logger args: create log group has been retried 1 times: failed to create Cloudwatch log group: AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{role}/{task_id} is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:{}:{}:log-group:{group}:log-stream: because no identity-based policy allows the logs:CreateLogGroup action : exit status 1",
            self.account_id, self.region, self.account_id
        ))
    }

    /// Container lines in CloudWatch Logs (awslogs), creating the group when the driver may.
    pub(super) fn write_container_logs(
        &mut self,
        task: &Task,
        lines: impl Fn(&str) -> Vec<String>,
    ) {
        let Some(td) = self
            .ecs
            .task_definitions
            .get(&task.task_definition_arn)
            .cloned()
        else {
            return;
        };
        for container in td.containers() {
            if container
                .log_configuration
                .as_ref()
                .is_some_and(|c| c.log_driver == "awsfirelens")
            {
                let routed = lines(container.image());
                self.route_through_firelens(task, &td, container, routed);
                continue;
            }
            let Some(config) = container
                .log_configuration
                .as_ref()
                .filter(|c| c.log_driver == "awslogs")
            else {
                continue;
            };
            let group = config
                .option("awslogs-group")
                .unwrap_or_default()
                .to_string();
            if !self.logs.groups.contains_key(&group)
                && config.option("awslogs-create-group") == Some("true")
            {
                let input = crate::logs::LogsInput {
                    log_group_name: Some(group.clone()),
                    ..Default::default()
                };
                let _ = self.logs.create_log_group(self.now, input);
            }
            let stream = match config.option("awslogs-stream-prefix") {
                Some(prefix) => format!("{prefix}/{}/{}", container.name(), task.id),
                None => format!("{}/{}", container.name(), task.id),
            };
            for (i, line) in lines(container.image()).into_iter().enumerate() {
                self.logs
                    .write(&group, &stream, self.now.plus(Duration(i as u64 / 4)), line);
            }
        }
    }

    /// Where a container's `awslogs` lines go: its group and stream.
    pub(super) fn awslogs_destination(
        task: &Task,
        container: &crate::ecs::ContainerDefinition,
    ) -> Option<(String, String)> {
        let config = container
            .log_configuration
            .as_ref()
            .filter(|c| c.log_driver == "awslogs")?;
        let group = config.option("awslogs-group")?.to_string();
        let stream = match config.option("awslogs-stream-prefix") {
            Some(prefix) => format!("{prefix}/{}/{}", container.name(), task.id),
            None => format!("{}/{}", container.name(), task.id),
        };
        Some((group, stream))
    }

    /// A container with the `awsfirelens` driver: its lines go to the log
    /// router (Fluent Bit), whose `cloudwatch_logs` output writes them with the
    /// **task role** over the task's network path. What goes wrong shows in
    /// the router's own log, as Fluent Bit prints it.
    pub(super) fn route_through_firelens(
        &mut self,
        task: &Task,
        td: &TaskDefinition,
        container: &crate::ecs::ContainerDefinition,
        lines: Vec<String>,
    ) {
        let Some(config) = container.log_configuration.as_ref() else {
            return;
        };
        if lines.is_empty() {
            return;
        }
        let router = td.containers().iter().find(|c| c.is_log_router());
        let router_log = router.and_then(|r| Self::awslogs_destination(task, r));
        let complain = |world: &mut World, messages: Vec<String>| {
            if let Some((group, stream)) = &router_log {
                for message in messages {
                    world.logs.write(group, stream, world.now, message);
                }
            }
        };
        // Fluent Bit's C plugin (cloudwatch_logs) and the older Go one (cloudwatch) take the same options.
        let output = config.option("Name").unwrap_or_default().to_string();
        if output != "cloudwatch_logs" && output != "cloudwatch" {
            complain(
                self,
                vec![format!("[ info] [output:{output}:{output}.0] worker #0 started (this playground keeps only the cloudwatch_logs output's lines)")],
            );
            return;
        }
        let plugin = format!("[output:{output}:{output}.0]");
        let group = config
            .option("log_group_name")
            .unwrap_or_default()
            .to_string();
        let prefix = config.option("log_stream_prefix");
        let fixed_stream = config.option("log_stream_name");
        let region = config.option("region").unwrap_or_default().to_string();
        // The plugin refuses to start without these (and the router, essential, would stop the task).
        let missing = if group.is_empty() {
            Some("'log_group_name' is a required field".to_string())
        } else if region.is_empty() {
            Some("'region' is a required parameter".to_string())
        } else if prefix.is_some() == fixed_stream.is_some() {
            Some("Either 'log_stream_name' or 'log_stream_prefix' is required".to_string())
        } else {
            None
        };
        if let Some(message) = missing {
            complain(
                self,
                vec![
                    format!("[error] {plugin} {message}"),
                    format!("[error] [output] failed to initialize '{output}' plugin"),
                ],
            );
            return;
        }
        let stream = match fixed_stream {
            Some(name) => name.to_string(),
            None => format!(
                "{}{}-firelens-{}",
                prefix.unwrap_or_default(),
                container.name(),
                task.id
            ),
        };
        let role = td
            .task_role_arn
            .as_deref()
            .and_then(|arn| self.iam.role_by_arn(arn))
            .filter(|r| r.trusts("ecs-tasks.amazonaws.com"));
        // The router sends from the task's interface (its ENI, or its instance's in bridge mode).
        let reachable = self.task_interface(task).is_none_or(|from| {
            self.ec2
                .reachable(&from, &crate::ec2::Node::AwsService("logs".into()), 443)
        });
        let role_name = td
            .task_role_arn
            .as_deref()
            .map(|a| a.rsplit('/').next().unwrap_or(a))
            .unwrap_or_default();
        let denied = |action: &str, resource: String| {
            format!(
                "[error] {plugin} {} API responded with error='AccessDeniedException', message='User: arn:aws:sts::{}:assumed-role/{role_name}/{} is not authorized to perform: logs:{} on resource: {resource}'",
                action, self.account_id, task.id, action
            )
        };
        let stream_arn = format!(
            "arn:aws:logs:{region}:{}:log-group:{group}:log-stream:{stream}",
            self.account_id
        );
        let auto_create = config
            .option("auto_create_group")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "on" | "yes"));
        let errors: Vec<String> = if region != self.region {
            vec![format!("[ info] {plugin} the log group is in {region}; this playground keeps {}'s logs only", self.region)]
        } else if !reachable {
            vec![
                format!(
                    "[error] [http_client] broken connection to logs.{region}.amazonaws.com:443 ?"
                ),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if role.is_none() {
            vec![
                "[error] [aws_credentials] Failed to retrieve credentials for AWS Profile default (the task has no task role to sign with)".to_string(),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if !role
            .is_some_and(|r| r.allows("logs:CreateLogStream") && r.allows("logs:PutLogEvents"))
        {
            vec![
                denied("CreateLogStream", stream_arn),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if !self.logs.groups.contains_key(&group) && !auto_create {
            vec![
                format!("[error] {plugin} CreateLogStream API responded with error='ResourceNotFoundException', message='The specified log group does not exist.'"),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if !self.logs.groups.contains_key(&group)
            && !role.is_some_and(|r| r.allows("logs:CreateLogGroup"))
        {
            vec![
                denied(
                    "CreateLogGroup",
                    format!(
                        "arn:aws:logs:{region}:{}:log-group:{group}",
                        self.account_id
                    ),
                ),
                format!("[error] {plugin} Failed to create log group"),
            ]
        } else {
            Vec::new()
        };
        if !errors.is_empty() {
            complain(self, errors);
            return;
        }
        if !self.logs.groups.contains_key(&group) {
            let input = crate::logs::LogsInput {
                log_group_name: Some(group.clone()),
                ..Default::default()
            };
            let _ = self.logs.create_log_group(self.now, input);
        }
        for (i, line) in lines.into_iter().enumerate() {
            self.logs
                .write(&group, &stream, self.now.plus(Duration(i as u64 / 4)), line);
        }
    }
}
