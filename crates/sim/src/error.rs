//! The error every API call can return: AWS's error code and message, as the
//! service would send them and the CLI would print them.

use std::fmt;

/// Which side of the call a failure belongs to: the CLI maps this to its exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The service rejected the request (CLI exit status 254).
    Service,
    /// The request never reached the service: bad syntax or parameters (exit status 252).
    Client,
}

/// An error as AWS reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub fault: Fault,
}

impl ApiError {
    pub fn service(code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            code: code.into(),
            message: message.into(),
            fault: Fault::Service,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// A domain error type that knows its AWS error code; its `Display` is the message.
pub trait AwsErrorCode: fmt::Display {
    fn code(&self) -> &'static str;
}

/// Every domain error converts into an [`ApiError`] the same way.
pub fn to_api_error<E: AwsErrorCode>(err: E) -> ApiError {
    ApiError::service(err.code(), err.to_string())
}
