//! Calls that got no usable answer: network failures (by the browser's error code), redirects
//! (to a login page or elsewhere), HTTP 4xx/5xx, HTML where JSON/XML was expected.

use super::answer::{AnswerExplanation, AnswerKind, Failure, NextStep};
use super::xml;

/// What a Chrome/Firefox network error string points to.
pub fn explain_network_error(error: Option<&str>) -> AnswerExplanation {
    let e = error.unwrap_or("").trim();
    let u = e.to_ascii_uppercase();
    let has = |ks: &[&str]| ks.iter().any(|k| u.contains(k));
    let (failure, headline, net_steps): (Failure, String, Vec<&str>) = if e.is_empty() {
        (
            Failure::Unknown,
            "no HTTP answer (status 0): the request failed before the server answered — CORS, DNS, offline or blocked by the client; the capture does not say which".into(),
            vec!["Open the browser console: a CORS message ('blocked by CORS policy') or a net::ERR_* code names the cause."],
        )
    } else if has(&["NAME_NOT_RESOLVED", "UNKNOWN_HOST", "NAME_RESOLUTION"]) {
        (
            Failure::Dns,
            format!("no HTTP answer: DNS — the host name does not resolve ({e})"),
            vec!["Check the host name in the entry point URL and the DNS (nslookup <host>) from the customer's network."],
        )
    } else if has(&["INTERNET_DISCONNECTED", "NETWORK_CHANGED", "OFFLINE"]) {
        (
            Failure::Offline,
            format!("no HTTP answer: the browser was offline ({e})"),
            vec!["Retry with a working network connection."],
        )
    } else if has(&["BLOCKED_BY_CLIENT"]) {
        (
            Failure::BlockedByClient,
            format!("no HTTP answer: blocked by the browser itself, usually an ad/privacy blocker extension ({e})"),
            vec!["Retry with extensions disabled (private window) or allow the ECE host in the blocker."],
        )
    } else if has(&["BLOCKED_BY_RESPONSE", "BLOCKED_BY_ORB", "CORB"]) {
        (
            Failure::BlockedByPolicy,
            format!("no usable answer: the browser blocked the response by policy (CORP/ORB) ({e})"),
            vec!["Check the response's Content-Type and Cross-Origin-Resource-Policy headers on the ECE web server / proxy."],
        )
    } else if has(&["CERT", "SSL", "INSECURE", "SEC_ERROR"]) {
        (
            Failure::Tls,
            format!("no HTTP answer: TLS/certificate problem ({e})"),
            vec!["Check the ECE web server's certificate (name, chain, expiry) as the customer's browser sees it."],
        )
    } else if has(&[
        "CONNECTION_REFUSED",
        "CONNECTION_TIMED_OUT",
        "CONNECTION_RESET",
        "ADDRESS_UNREACHABLE",
        "TIMED_OUT",
        "CONNECTION_CLOSED",
        "EMPTY_RESPONSE",
        "NET_RESET",
        "NET_TIMEOUT",
    ]) {
        (
            Failure::Unreachable,
            format!("no HTTP answer: the ECE web server could not be reached ({e})"),
            vec!["Check that the web server / load balancer is up and reachable on that port from the customer's network (firewall, proxy)."],
        )
    } else if has(&["PROXY", "TUNNEL"]) {
        (
            Failure::Proxy,
            format!("no HTTP answer: proxy failure ({e})"),
            vec!["Check the customer's proxy settings and the proxy's access to the ECE host."],
        )
    } else if has(&["ABORTED", "BINDING_ABORTED"]) {
        (
            Failure::Aborted,
            format!("request cancelled by the page or a navigation ({e}) — usually not a server problem"),
            vec!["Ignore it unless it is the only initialize call: then the page navigated away or a script cancelled it."],
        )
    } else if has(&["ERR_FAILED", "CORS"]) {
        (
            Failure::Cors,
            format!("no usable answer: the browser rejected it — with {e} this is usually CORS (the answer lacked Access-Control-Allow-Origin for this page's origin)"),
            vec![
                "Open the browser console: 'has been blocked by CORS policy' confirms it.",
                "When the chat is embedded on another site, the ECE web server/proxy must allow that site's origin.",
                "A curl of the same URL succeeds even when CORS blocks the browser: it does not test CORS.",
            ],
        )
    } else {
        (
            Failure::Unknown,
            format!("no HTTP answer: network-level failure ({e})"),
            vec!["Look the error code up in the browser's net-error list; check the console."],
        )
    };
    let mut exp = AnswerExplanation::new(AnswerKind::NetworkFailure, headline);
    exp.failure = Some(failure);
    exp.customer_sees = Some("Usually the template's 'chat unavailable' / technical-problem text, or a blank chat window: the chat library gets no answer (null).".into());
    // The CORS origin step rests on TechNote 222773; the others are this tool's advice.
    exp.next_steps = net_steps
        .into_iter()
        .map(|t| {
            if t.contains("must allow that site's origin") {
                NextStep::new(t, "TN222773")
            } else {
                NextStep::suggested(t)
            }
        })
        .collect();
    exp
}

/// Explains a 3xx answer, noticing redirects to a login page (SSO, proxy authentication).
pub fn explain_redirect(status: u16, location: Option<&str>) -> AnswerExplanation {
    let loc = location.unwrap_or("").trim();
    if looks_like_login_url(loc) {
        let mut exp = AnswerExplanation::new(
            AnswerKind::LoginPage,
            format!(
                "HTTP {status}: redirected to a login page ({}) instead of the chat answer",
                strip_query(loc)
            ),
        );
        exp.customer_sees = Some("A login page, or a chat window that never loads: the chat library cannot read a login page.".into());
        exp.next_steps = vec![NextStep::suggested("The customer-facing chat URLs (/system/templates/chat/..., /system/egain/chat/...) must be reachable without login: check the SSO/reverse-proxy/WAF rules in front of the ECE web server.")];
        return exp;
    }
    let mut exp = AnswerExplanation::new(
        AnswerKind::Redirect,
        if loc.is_empty() {
            format!("HTTP {status}: redirect without a target in the capture")
        } else {
            format!("HTTP {status}: redirect to {}", strip_query(loc))
        },
    );
    if status == 304 {
        exp.headline = "HTTP 304: not modified — the browser used its cached copy".into();
    } else {
        exp.next_steps = vec![NextStep::suggested("An API call should not be redirected: check the base URL (http vs https, host name, context root /system) and any proxy rules.")];
    }
    exp
}

fn strip_query(u: &str) -> &str {
    u.split(['?', '#']).next().unwrap_or(u)
}

fn looks_like_login_url(u: &str) -> bool {
    let l = strip_query(u).to_ascii_lowercase();
    [
        "login",
        "logon",
        "signin",
        "sign-in",
        "/sso",
        "saml",
        "oauth",
        "/auth",
        "adfs",
        "/idp/",
        "authorize",
        "okta",
        "siteminder",
        "/cas/",
    ]
    .iter()
    .any(|k| l.contains(k))
}

pub(super) fn looks_like_login_page(body: &str) -> bool {
    let l = body.to_ascii_lowercase();
    l.contains("type=\"password\"")
        || l.contains("type='password'")
        || l.contains("type=password")
        || l.contains("samlrequest")
        || l.contains("samlresponse")
        || (l.contains("<form")
            && (l.contains("login") || l.contains("sign in") || l.contains("signin")))
}

pub(super) fn html_title(body: &str) -> Option<String> {
    let l = body.to_ascii_lowercase();
    let s = l.find("<title")?;
    let s = s + l[s..].find('>')? + 1;
    let e = s + l[s..].find("</title")?;
    let t = xml::unescape(body.get(s..e)?.trim());
    (!t.is_empty()).then(|| t.chars().take(120).collect())
}

pub(super) fn is_html(content_type: Option<&str>, body: &str) -> bool {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let head = body
        .trim_start()
        .get(..body.trim_start().len().min(200))
        .unwrap_or("")
        .to_ascii_lowercase();
    ct.contains("html")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<head")
}

pub(super) fn explain_http_error(
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> AnswerExplanation {
    let title = if is_html(content_type, body) {
        html_title(body)
    } else {
        None
    };
    let (what, http_steps): (&str, &[&str]) = match status {
        400 => ("bad request — the server rejected the request (malformed entry point id or parameters)", &["Check the entry point id in the URL (digits) and the query parameters."]),
        401 | 407 => ("authentication required — something in front of ECE (proxy, SSO, WAF) demands a login", &["Customer-facing chat URLs must not require authentication: check proxy/SSO rules for /system/egain/chat/ and /system/templates/chat/."]),
        403 => ("forbidden — the web server, a proxy or a WAF refused the request", &["Check access rules (IP allow lists, WAF, reverse proxy) for /system/egain/chat/ on the ECE web server."]),
        404 => ("not found — wrong path or context root, or the web server does not relay /system/egain/ to the application server", &["Check the URL: https://<web server>/system/egain/chat/entrypoint/initialize/<id>; check the web server's redirector/relay to the application server."]),
        405 => ("method not allowed", &["Check which method the page used; the initialize call is a GET."]),
        408 | 504 => ("timeout — the web server or proxy gave up waiting for the ECE application server", &["Check the application server is up and responsive; check the web server → application server path."]),
        429 => ("too many requests — rate limited by a proxy/WAF", &["Check rate limiting in front of ECE; pages polling availability too often can trigger it."]),
        500 => ("server error — the ECE application server failed to answer; the status does not say why", &["Check the ECE application server logs at that time for the exception.", "An inactive entry point is not what a 500 means: it shows a 'no service available' page (UWIM 4.4 Admin Guide to Chat)."]),
        502 | 503 => ("the web server or load balancer could not reach a working ECE application server (down, restarting, or not relaying)", &["Check the ECE application server services and the web server's relay/load balancer health checks."]),
        s if s >= 500 => ("server error", &["Check the ECE application server and web server logs at that time."]),
        _ => ("client error", &["Check the URL and the request headers."]),
    };
    let mut exp = AnswerExplanation::new(
        AnswerKind::HttpError,
        format!(
            "HTTP {status}: {what}{}",
            title
                .map(|t| format!(" (page title: \"{t}\")"))
                .unwrap_or_default()
        ),
    );
    exp.customer_sees = Some("The template's 'chat unavailable' / technical-problem text (the chat library receives null).".into());
    exp.next_steps = http_steps
        .iter()
        .map(|t| {
            if t.contains("UWIM 4.4") {
                NextStep::new(*t, "UWIM44")
            } else if status == 502 || status == 503 || status == 504 {
                NextStep::new(*t, "docwiki-chat-failures")
            } else {
                NextStep::suggested(*t)
            }
        })
        .collect();
    if looks_like_login_page(body) {
        exp.notes
            .push("the error page contains a login form".into());
    }
    exp
}
