//! Image references and the docker CLI's habits that both the learner's local
//! Docker (`console/docker.rs`) and a CodeBuild build's (`codebuild/runner.rs`)
//! follow: a reference without a tag means `:latest`, a believable image
//! size, and what `docker login` was asked for.

/// `name` → `name:latest`; a reference with a tag or digest stays as it is.
pub(crate) fn normalise(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    if last.contains(':') || last.contains('@') {
        reference.to_string()
    } else {
        format!("{reference}:latest")
    }
}

/// A believable compressed size for an image, from what it is probably based on.
pub(crate) fn size_for(reference: &str, digest: &str) -> u64 {
    let mb = |n: u64| n * 1024 * 1024;
    let base = match reference {
        r if r.contains("alpine") => mb(8),
        r if r.contains("nginx") => mb(67),
        r if r.contains("fluent") => mb(95),
        r if r.contains("node") || r.contains("front") => mb(180),
        r if r.contains("python") || r.contains("back") || r.contains("api") => mb(150),
        _ => mb(120),
    };
    let jitter = u64::from_str_radix(digest.get(7..11).unwrap_or("0"), 16).unwrap_or(0) * 256;
    base + jitter
}

/// `docker login`'s server and password: the server is the one argument that
/// is not an option or an option's value; the password comes from
/// `--password-stdin` or `-p`.
pub(crate) fn login_request(args: &[String], stdin: Option<String>) -> (String, String) {
    let mut server = String::new();
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-u" | "--username" | "-p" | "--password" => {
                rest.next();
            }
            flag if flag.starts_with('-') => {}
            other => server = other.to_string(),
        }
    }
    let password = if args.iter().any(|a| a == "--password-stdin") {
        stdin.unwrap_or_default()
    } else {
        args.windows(2)
            .find(|w| w[0] == "-p" || w[0] == "--password")
            .map(|w| w[1].clone())
            .unwrap_or_default()
    };
    (server, password)
}
