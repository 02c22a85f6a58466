//! The JSON report: one serde model shared by the CLI and the page.
