//! Paginators against a local HTTP server (127.0.0.1): they stop at the last
//! page by the totals, at a short page, when the service repeats a page, and
//! after `max_pages`; errors end the stream.

use std::sync::{Arc, Mutex};

use aliyun_live::Client;
use aliyun_live::runtime::RetryConfig;
use aliyun_live::runtime::credentials::StaticCredentials;
use futures_util::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

type Responder = Arc<dyn Fn(u32) -> (u16, String) + Send + Sync>;

/// Serves `respond(page_number)` for each request; records page numbers.
async fn server(respond: Responder) -> (String, Arc<Mutex<Vec<u32>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let respond = respond.clone();
            let seen = seen2.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).into_owned();
                let line = head.lines().next().unwrap_or_default().to_owned();
                let page = line
                    .split(['?', '&', ' '])
                    .find_map(|kv| kv.strip_prefix("PageNum="))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                seen.lock().unwrap().push(page);
                let (status, body) = respond(page);
                let resp = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), seen)
}

fn client(endpoint: &str) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .credentials(StaticCredentials::new("id", "secret"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

fn page(ids: &[u32], extra: &str) -> String {
    let items: Vec<String> = ids
        .iter()
        .map(|i| format!(r#"{{"AppName":"app{i}"}}"#))
        .collect();
    format!(
        r#"{{"RequestId":"r","LiveAppRecordList":{{"LiveAppRecord":[{}]}}{extra}}}"#,
        items.join(",")
    )
}

#[tokio::test]
async fn stops_at_total_pages() {
    let (url, seen) = server(Arc::new(|p| {
        let ids: Vec<u32> = (0..5).map(|i| p * 10 + i).collect();
        (200, page(&ids, r#","TotalPage":3,"TotalNum":15"#))
    }))
    .await;
    let items: Vec<_> = client(&url)
        .describe_live_record_config()
        .domain_name("d")
        .page_size(5)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 15);
    assert_eq!(items[0].app_name.as_deref(), Some("app10"));
    assert_eq!(items[14].app_name.as_deref(), Some("app34"));
    assert_eq!(*seen.lock().unwrap(), [1, 2, 3]);
}

#[tokio::test]
async fn stops_at_total_items_and_short_page() {
    // TotalNum only (no TotalPage): 7 items over pages of 5.
    let (url, seen) = server(Arc::new(|p| {
        let ids: Vec<u32> = if p == 1 {
            (0..5).collect()
        } else {
            (5..7).collect()
        };
        (200, page(&ids, r#","TotalNum":7"#))
    }))
    .await;
    let pages: Vec<_> = client(&url)
        .describe_live_record_config()
        .domain_name("d")
        .page_size(5)
        .into_paginator()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(*seen.lock().unwrap(), [1, 2]);

    // No totals at all: a short page is the last one (default size 10).
    let (url, seen) = server(Arc::new(|p| {
        let n = if p < 3 { 10 } else { 4 };
        (200, page(&(p * 100..p * 100 + n).collect::<Vec<_>>(), ""))
    }))
    .await;
    let items: Vec<_> = client(&url)
        .describe_live_record_config()
        .domain_name("d")
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 24);
    assert_eq!(*seen.lock().unwrap(), [1, 2, 3]);
}

#[tokio::test]
async fn repeated_page_and_max_pages_end_the_stream() {
    // The service ignores PageNum and always sends the same full page.
    let (url, seen) = server(Arc::new(|_| (200, page(&[1, 2, 3, 4, 5], "")))).await;
    let pages: Vec<_> = client(&url)
        .describe_live_record_config()
        .domain_name("d")
        .page_size(5)
        .into_paginator()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1, "the repeated page is not yielded");
    assert_eq!(seen.lock().unwrap().len(), 2);

    // Distinct full pages forever: max_pages caps it.
    let (url, seen) = server(Arc::new(|p| {
        (200, page(&(p * 5..p * 5 + 5).collect::<Vec<_>>(), ""))
    }))
    .await;
    let pages: Vec<_> = client(&url)
        .describe_live_record_config()
        .domain_name("d")
        .page_size(5)
        .into_paginator()
        .max_pages(4)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 4);
    assert_eq!(*seen.lock().unwrap(), [1, 2, 3, 4]);
}

#[tokio::test]
async fn starts_at_the_requested_page_and_errors_end_the_stream() {
    let (url, seen) = server(Arc::new(|p| {
        if p == 3 {
            (
                500,
                r#"{"Code":"InternalError","Message":"boom","RequestId":"x"}"#.to_owned(),
            )
        } else {
            (
                200,
                page(
                    &[1, 2, 3, 4, 5],
                    &format!(r#","PageNum":{p},"TotalPage":9"#),
                )
                .replace("app", &format!("p{p}-")),
            )
        }
    }))
    .await;
    let mut stream = std::pin::pin!(
        client(&url)
            .describe_live_record_config()
            .domain_name("d")
            .page_num(2)
            .page_size(5)
            .into_paginator()
            .pages()
    );
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.page_num, Some(2));
    let err = stream.try_next().await.unwrap_err();
    assert_eq!(err.code(), Some("InternalError"));
    assert!(
        stream.try_next().await.unwrap().is_none(),
        "an error ends the stream"
    );
    assert_eq!(*seen.lock().unwrap(), [2, 3]);
}

#[tokio::test]
async fn invalid_input_is_the_only_item() {
    let client = client("http://127.0.0.1:9");
    let mut s = std::pin::pin!(
        client
            .describe_live_record_config()
            .page_size(5)
            .into_paginator()
            .items()
    );
    let err = s.try_next().await.unwrap_err();
    assert!(
        matches!(err, aliyun_live::Error::Validation(ref v) if v.param == "DomainName"),
        "{err}"
    );
    assert!(s.try_next().await.unwrap().is_none());
}
