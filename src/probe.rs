//! Calling the entry-point API from the page: why a call the browser blocked most likely failed.

use crate::har::url::split;

/// The likely cause of a call that got no HTTP answer in the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockedCause {
    /// An `https:` page may not call an `http:` URL.
    MixedContent,
    /// The browser says it has no network.
    Offline,
    /// Another origin that does not allow this page (no `Access-Control-Allow-Origin`), or a
    /// DNS/connection failure: the browser does not tell these apart.
    CorsOrConnection,
    /// Same origin, so not CORS: the server could not be reached.
    Connection,
}

impl BlockedCause {
    /// One sentence for the user.
    pub fn explain(self) -> &'static str {
        match self {
            BlockedCause::MixedContent => "Mixed content: this page is served over https and the browser refuses to call an http:// address from it. Use the https address of the ECE web server, or open this page over http.",
            BlockedCause::Offline => "The browser reports it is offline: no request was sent.",
            BlockedCause::CorsOrConnection => "Most likely CORS: the ECE web server answered without allowing this page's origin (no Access-Control-Allow-Origin), so the browser hid the answer. It can also be a DNS or connection failure — the browser does not say which. The curl/PowerShell command below tells them apart; serving this page from the ECE web server avoids CORS entirely.",
            BlockedCause::Connection => "The server could not be reached (same origin, so not CORS): check the address, DNS and that the ECE web server is up.",
        }
    }
}

/// Scheme and authority (`https://host:port`) of a URL, lower-cased.
fn origin(url: &str) -> String {
    let p = split(url);
    format!(
        "{}://{}",
        p.scheme.to_ascii_lowercase(),
        p.host.to_ascii_lowercase()
    )
}

/// Why a call from the page at `page_url` to `target_url` got no answer.
pub fn diagnose_blocked(page_url: &str, target_url: &str, online: bool) -> BlockedCause {
    if !online {
        return BlockedCause::Offline;
    }
    let page = split(page_url);
    let target = split(target_url);
    if page.scheme.eq_ignore_ascii_case("https") && target.scheme.eq_ignore_ascii_case("http") {
        return BlockedCause::MixedContent;
    }
    if origin(page_url) == origin(target_url) {
        return BlockedCause::Connection;
    }
    BlockedCause::CorsOrConnection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_mixed_content_offline_cors_and_connection_apart() {
        let t = "http://ece.example.com/system/egain/chat/entrypoint/initialize/1001";
        assert_eq!(
            diagnose_blocked("https://tools.example.com/ece/", t, true),
            BlockedCause::MixedContent
        );
        assert_eq!(
            diagnose_blocked("https://tools.example.com/ece/", t, false),
            BlockedCause::Offline
        );
        assert_eq!(
            diagnose_blocked("http://127.0.0.1:8080/", t, true),
            BlockedCause::CorsOrConnection
        );
        assert_eq!(
            diagnose_blocked("http://ECE.example.com/ece-triage/", t, true),
            BlockedCause::Connection
        );
        assert!(BlockedCause::CorsOrConnection.explain().contains("CORS"));
    }
}
