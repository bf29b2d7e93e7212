//! The HTTP server around [`super::handle`]: axum on tokio, GET and HEAD only, bounded in
//! request size, time and concurrent work, with the usual security headers on every response.

use super::{App, Request, Response};
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request line longer than this is refused (414): the longest permalink is about 1 KB.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Work on one page stops being waited for after this long (503).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Responses kept, by path and query: pages are deterministic, so a repeated request (a
/// shared permalink, a reload) is served without recomputing the robustness analysis.
const CACHE_ENTRIES: usize = 64;
/// Bodies above this are not cached (a .docx, a synthèse).
const CACHE_MAX_BODY: usize = 512 * 1024;

struct Shared {
    app: App,
    /// Pages computed at once; others wait (the work is CPU-bound).
    permits: tokio::sync::Semaphore,
    cache: Mutex<VecDeque<(String, Response)>>,
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let shared = Arc::new(Shared {
        app,
        permits: tokio::sync::Semaphore::new(workers),
        cache: Mutex::new(VecDeque::new()),
    });
    let router = axum::Router::new()
        .fallback(move |method: Method, uri: Uri, headers: HeaderMap| {
            let shared = Arc::clone(&shared);
            async move { respond(shared, method, uri, headers).await }
        })
        // Pages take no body: anything beyond a few bytes is refused before it is read.
        .layer(axum::extract::DefaultBodyLimit::max(1024));
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn respond(
    shared: Arc<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> axum::response::Response {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let path = uri.path().to_owned();
    let query = uri.query().unwrap_or("").to_owned();
    // A status decided here is still a page in the reader's language (the catalogues' words);
    // only the language is read from the query, so a long one is cut first.
    let mut cut = query.len().min(MAX_URI_BYTES);
    while !query.is_char_boundary(cut) {
        cut -= 1;
    }
    let lang_query = query[..cut].to_owned();
    let status_accept = accept.clone();
    let app = Arc::clone(&shared);
    let plain = move |status: StatusCode| -> Response {
        let req = Request {
            path: "",
            query: &lang_query,
            accept_language: status_accept.as_deref(),
        };
        super::status_response(&app.app, &req, status.as_u16())
    };
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut r = into_http(plain(StatusCode::METHOD_NOT_ALLOWED), false);
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if path.len() + query.len() > MAX_URI_BYTES {
        return into_http(plain(StatusCode::URI_TOO_LONG), head);
    }
    let key = format!("{path}?{query}\u{0}{}", accept.as_deref().unwrap_or(""));
    if let Some(hit) = cached(&shared, &key) {
        return into_http(hit, head);
    }
    let Ok(permit) = tokio::time::timeout(REQUEST_TIMEOUT, shared.permits.acquire()).await else {
        return into_http(plain(StatusCode::SERVICE_UNAVAILABLE), head);
    };
    let work = {
        let shared = Arc::clone(&shared);
        tokio::task::spawn_blocking(move || {
            let req = Request {
                path: &path,
                query: &query,
                accept_language: accept.as_deref(),
            };
            super::handle(&shared.app, &req)
        })
    };
    let response = match tokio::time::timeout(REQUEST_TIMEOUT, work).await {
        Ok(Ok(r)) => r,
        // A panic in a page is a 500 for that request only; the server goes on.
        Ok(Err(_)) => plain(StatusCode::INTERNAL_SERVER_ERROR),
        Err(_) => plain(StatusCode::SERVICE_UNAVAILABLE),
    };
    drop(permit);
    if response.status < 500 && response.body.len() <= CACHE_MAX_BODY {
        store(&shared, key, response.clone());
    }
    into_http(response, head)
}

fn cached(shared: &Shared, key: &str) -> Option<Response> {
    let cache = shared.cache.lock().ok()?;
    cache.iter().find(|(k, _)| k == key).map(|(_, r)| r.clone())
}

fn store(shared: &Shared, key: String, response: Response) {
    if let Ok(mut cache) = shared.cache.lock() {
        if cache.iter().any(|(k, _)| *k == key) {
            return;
        }
        if cache.len() >= CACHE_ENTRIES {
            cache.pop_front();
        }
        cache.push_back((key, response));
    }
}

/// The response with its headers: type, policy, and the usual protections.
fn into_http(r: Response, head: bool) -> axum::response::Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let length = r.body.len();
    let mut out = axum::response::Response::new(if head {
        Body::empty()
    } else {
        Body::from(r.body)
    });
    *out.status_mut() = status;
    let h = out.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(r.content_type),
    );
    if head {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    if let Ok(v) = HeaderValue::from_str(&r.csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if let Some(name) = &r.filename
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
        ("cache-control", "no-cache"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    out
}
