//! The `aliyun-live-emulator` binary: `listening on` line, serving, faults
//! from the command line, clean shutdown on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::*;

struct Server {
    child: Child,
    endpoint: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aliyun-live-emulator"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let endpoint = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    assert!(!endpoint.ends_with(":0"), "{endpoint}");
    Server { child, endpoint }
}

async fn send(endpoint: &str, secret: &str, key_id: &str) -> (u16, serde_json::Value) {
    let mut p = common("DescribeLiveRecordConfig", time::OffsetDateTime::now_utc());
    p.retain(|(k, _)| k != "AccessKeyId");
    p.push(("AccessKeyId".into(), key_id.into()));
    p.push(("DomainName".into(), "x.example.com".into()));
    let p = sign("GET", secret, p);
    let resp = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
        .get(format!("{endpoint}/?{}", encode(&p)))
        .send()
        .await
        .expect("sent");
    let status = resp.status().as_u16();
    (
        status,
        serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json"),
    )
}

#[cfg(unix)]
fn sigterm(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[tokio::test]
async fn serves_with_default_credentials_and_stops_on_sigterm() {
    let mut server = spawn(&[]);
    // testid/testsecret by default: the request authenticates and fails only on the domain.
    let (status, body) = send(&server.endpoint, SECRET, ID).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (404, Some("InvalidDomain.NotFound")),
        "{body}"
    );
    #[cfg(unix)]
    {
        sigterm(&server.child);
        let exit = server.child.wait().expect("exits");
        assert!(exit.success(), "clean exit on SIGTERM: {exit:?}");
    }
}

#[tokio::test]
async fn explicit_credentials_and_faults() {
    let server = spawn(&[
        "--access-key-id",
        "k1",
        "--access-key-secret",
        "s1",
        "--access-key-id",
        "k2",
        "--access-key-secret",
        "s2",
        "--fault",
        "throttling:count=1",
    ]);
    let (status, body) = send(&server.endpoint, "s1", "k1").await;
    assert_eq!((status, body["Code"].as_str()), (503, Some("Throttling")));
    let (status, body) = send(&server.endpoint, "s2", "k2").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (404, Some("InvalidDomain.NotFound")),
        "{body}"
    );
    let (_, body) = send(&server.endpoint, SECRET, ID).await;
    assert_eq!(
        body["Code"], "InvalidAccessKeyId.NotFound",
        "defaults only apply when no pair is given"
    );
}

#[test]
fn rejects_bad_arguments() {
    for args in [
        &["--access-key-id", "only"][..],
        &["--fault", "meteor"][..],
        &["--listen", "not-an-address"][..],
        &["--fixed-time", "yesterday"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_aliyun-live-emulator"))
            .args(args)
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(out.stdout.is_empty(), "{args:?} must not claim to listen");
        assert!(!out.stderr.is_empty(), "{args:?} explains itself");
    }
}
