//! Requests signed by Alibaba Cloud's official Python SDK (aliyunsdkcore,
//! and the Live SDK's own request classes) against the emulator: an
//! independent implementation of the signature, checked both ways.
//!
//! Runs when `ALIYUN_PY` names a Python with `aliyun-python-sdk-core` and
//! `aliyun-python-sdk-live` installed (`.ci/run` sets it up in
//! `target/py-venv`); otherwise it says it skipped and passes.

use std::process::Command;

use aliyun_live_e2e::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, start_emulator};
use serde_json::Value;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python/sign_check.py");

fn python() -> Option<String> {
    std::env::var("ALIYUN_PY").ok().filter(|p| !p.is_empty())
}

/// Runs sign_check.py; returns its JSON line.
async fn sign_check(py: &str, args: Vec<String>) -> Value {
    let py = py.to_owned();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(&py);
        cmd.arg(SCRIPT).args(&args);
        // Only 127.0.0.1 is ever contacted: no proxy may intercept it.
        for var in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("NO_PROXY", "127.0.0.1").output()
    })
    .await
    .expect("the python task runs")
    .expect("python starts");
    assert!(
        out.status.success(),
        "sign_check.py failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "sign_check.py printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn args(
    live_class: bool,
    port: u16,
    secret: &str,
    method: &str,
    action: &str,
    params: &[&str],
) -> Vec<String> {
    let mut v = Vec::new();
    if live_class {
        v.push("--live-class".to_owned());
    }
    v.extend([
        port.to_string(),
        ACCESS_KEY_ID.to_owned(),
        secret.to_owned(),
        method.to_owned(),
        action.to_owned(),
    ]);
    v.extend(params.iter().map(|p| (*p).to_owned()));
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_signatures() {
    let Some(py) = python() else {
        eprintln!("SKIPPED official_python_sdk_signatures: ALIYUN_PY is not set (see .ci/run)");
        return;
    };
    let emu = start_emulator().await;
    let port = emu.addr().port();

    for (i, (live_class, method)) in [
        (false, "GET"),
        (false, "POST"),
        (true, "GET"),
        (true, "POST"),
    ]
    .into_iter()
    .enumerate()
    {
        let domain = format!("py{i}.example.com");
        let dn = format!("DomainName={domain}");
        // Accepted: the right secret. Characters that need careful encoding ride along.
        let r = sign_check(
            &py,
            args(
                live_class,
                port,
                ACCESS_KEY_SECRET,
                method,
                "AddLiveDomain",
                &[
                    &dn,
                    "LiveDomainType=liveVideo",
                    "Region=cn-shanghai",
                    "CheckUrl=http://a.example.com/s p*~?x=1&y='é'",
                ],
            ),
        )
        .await;
        assert_eq!(r["ok"], true, "{live_class} {method}: {r}");
        assert!(r["body"]["RequestId"].is_string(), "{r}");
        let r = sign_check(
            &py,
            args(
                live_class,
                port,
                ACCESS_KEY_SECRET,
                method,
                "DescribeLiveRecordConfig",
                &[&dn],
            ),
        )
        .await;
        assert_eq!(r["ok"], true, "{live_class} {method}: {r}");
        assert_eq!(r["body"]["TotalNum"], 0, "{r}");

        // Rejected: a wrong secret.
        let r = sign_check(
            &py,
            args(
                live_class,
                port,
                "not-the-secret",
                method,
                "DescribeLiveRecordConfig",
                &[&dn],
            ),
        )
        .await;
        assert_eq!(r["ok"], false, "{r}");
        assert_eq!(r["status"], 400, "{r}");
        let sdk_sts = r["sdk_string_to_sign"]
            .as_str()
            .expect("the SDK's StringToSign");
        assert!(sdk_sts.starts_with(&format!("{method}&%2F&")), "{r}");
        if live_class {
            // The SDK compared our "server string to sign" with its own and
            // found them equal, so it blames the secret.
            assert_eq!(r["code"], "InvalidAccessKeySecret", "{r}");
        } else {
            assert_eq!(r["code"], "SignatureDoesNotMatch", "{r}");
            let ours = r["message"]
                .as_str()
                .and_then(|m| m.split("server string to sign is:").nth(1));
            assert_eq!(
                ours,
                Some(sdk_sts),
                "the emulator canonicalizes exactly like the official SDK"
            );
        }
    }

    // The emulator saw every request, each with its own nonce; the rejected
    // ones were signature mismatches.
    let log = emu.requests().records();
    assert_eq!(log.len(), 12);
    let mismatches = log
        .iter()
        .filter(|r| r.code.as_deref() == Some("SignatureDoesNotMatch"))
        .count();
    assert_eq!(mismatches, 4);
    let mut nonces: Vec<_> = log.iter().filter_map(|r| r.nonce.clone()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 12);
}
