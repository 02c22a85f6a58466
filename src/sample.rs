//! The built-in example: the seed samples, compiled in.

/// (file name, contents) of every seed sample, in the order a user would paste them.
pub const SEED: &[(&str, &str)] = &[
    (
        "listener-login.log",
        include_str!("../samples/seed/listener-login.log"),
    ),
    (
        "ctisvr-login.log",
        include_str!("../samples/seed/ctisvr-login.log"),
    ),
    (
        "listener-ready.log",
        include_str!("../samples/seed/listener-ready.log"),
    ),
    (
        "ctisvr-ready.log",
        include_str!("../samples/seed/ctisvr-ready.log"),
    ),
    (
        "opc-ready.log",
        include_str!("../samples/seed/opc-ready.log"),
    ),
    (
        "rttest-agent-status.txt",
        include_str!("../samples/seed/rttest-agent-status.txt"),
    ),
    (
        "initialize-response.json",
        include_str!("../samples/seed/initialize-response.json"),
    ),
];
