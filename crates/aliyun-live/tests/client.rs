//! The hand-written client wrapper: construction and configuration passthrough.

use aliyun_live::Client;
use aliyun_live::runtime::credentials::StaticCredentials;

#[test]
fn builder_passes_settings_to_the_runtime() {
    let c = Client::builder()
        .endpoint("http://127.0.0.1:8080")
        .region_id("cn-shanghai")
        .credentials(StaticCredentials::new("id", "secret"))
        .build()
        .unwrap();
    assert_eq!(c.runtime().endpoint(), "http://127.0.0.1:8080/");
    let c2 = c.clone().into_runtime().endpoint().to_owned();
    assert_eq!(c2, "http://127.0.0.1:8080/");
    // Debug never shows the secret.
    assert!(!format!("{c:?}").contains("secret"));
    let wrapped: Client = aliyun_live_runtime_client();
    assert_eq!(wrapped.runtime().endpoint(), "https://live.aliyuncs.com/");
}

fn aliyun_live_runtime_client() -> Client {
    aliyun_live::runtime::Client::builder()
        .credentials(StaticCredentials::new("id", "secret"))
        .build()
        .unwrap()
        .into()
}

#[test]
fn invalid_configuration_is_an_error() {
    let e = Client::builder()
        .configure(|b| b.endpoint(""))
        .build()
        .unwrap_err();
    assert!(matches!(e, aliyun_live::Error::Config(_)), "{e}");
    assert!(Client::builder().region_id(" ").build().is_err());
}
