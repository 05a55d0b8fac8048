//! Running one test of the current test binary in a child process with its own environment:
//! what the client reads from the environment (proxies, tokens, base URLs) is read when the
//! process or the client starts, and a test thread cannot change it safely for itself alone.

use std::process::Command;

/// The variable that tells a child test it is the child (the same test run directly returns).
pub const CHILD_VARIABLE: &str = "DIXA_TEST_CHILD";

/// Whether this is the child process started by [`run`] for `test`.
pub fn is_child(test: &str) -> bool {
    std::env::var(CHILD_VARIABLE).is_ok_and(|name| name == test)
}

/// Runs the ignored test `test` of this binary in a child process with `set` added to and
/// `remove` taken from the environment; panics with the child's output unless it passed.
pub fn run(test: &str, set: &[(&str, &str)], remove: &[&str]) {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args(["--exact", test, "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_VARIABLE, test);
    for name in remove {
        command.env_remove(name);
    }
    command.envs(set.iter().copied());
    let output = command.output().expect("the test binary runs");
    let log = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "child test {test} failed:\n{log}");
    assert!(log.contains("1 passed"), "child test {test} ran no test:\n{log}");
}
