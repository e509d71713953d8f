//! Cross-cutting request handling: request ids, security headers, the error envelope for
//! framework responses, and the principal (session or API key) with CSRF and Origin checks.

use actix_session::SessionExt;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{ErrorHandlerResponse, Next};
use actix_web::{HttpMessage, HttpResponse, web};
use switchboard_auth::{AuthError, sessions};
use switchboard_core::TenantCtx;

use crate::error::{ApiError, REQUEST_ID, envelope};
use crate::state::AppState;

/// The request id, kept in request extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// How the principal authenticated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Session cookie.
    Session,
    /// Bearer API key.
    ApiKey,
}

/// The outcome of reading credentials, left in request extensions for the extractors.
#[derive(Clone, Debug)]
pub struct PrincipalSlot(pub Result<(TenantCtx, Via), ApiError>);

/// Gives every request an id (the caller's `x-request-id` when sane), runs the request inside
/// that id's scope so errors can quote it, and adds security headers to every response.
pub async fn request_id_and_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 100
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(String::from)
        .unwrap_or_else(|| switchboard_core::new_id().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let tls = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.cfg.tls);
    let is_docs = req.path().starts_with("/docs");
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let _enter = span.enter();
    let mut res = REQUEST_ID.scope(id.clone(), next.call(req)).await?;
    let h = res.headers_mut();
    let set = |h: &mut actix_web::http::header::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
    };
    if let Ok(v) = HeaderValue::from_str(&id) {
        h.insert(HeaderName::from_static("x-request-id"), v);
    }
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "cross-origin-resource-policy", "same-origin");
    set(
        h,
        "permissions-policy",
        "microphone=(self), camera=(), geolocation=(), payment=()",
    );
    set(h, "x-frame-options", "DENY");
    // Swagger UI needs inline scripts and styles; the SPA does not.
    let csp = if is_docs {
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    } else {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self' ws: wss:; media-src 'self' blob:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    };
    set(h, "content-security-policy", csp);
    if tls {
        set(
            h,
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        );
    }
    Ok(res)
}

/// Gives framework-made error responses (unknown route, wrong method, empty 4xx/5xx) the
/// envelope. Responses that already have a body are left alone.
pub fn envelope_for_empty_errors<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let empty = matches!(
        res.response().body().size(),
        actix_web::body::BodySize::None | actix_web::body::BodySize::Sized(0)
    );
    if !empty {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("route_not_found", "no such route"),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", "this route does not take this method")
        }
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "send application/json"),
        s if s.is_server_error() => (
            "internal",
            "something went wrong on our side; the request id identifies it",
        ),
        _ => ("bad_request", "the request is not valid"),
    };
    let rid = res
        .request()
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let (req, old) = res.into_parts();
    let mut new = HttpResponse::build(status);
    for (k, v) in old.headers() {
        if k != header::CONTENT_LENGTH && k != header::CONTENT_TYPE {
            new.insert_header((k.clone(), v.clone()));
        }
    }
    let body = new.json(envelope(code, message, None, rid));
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, body).map_into_right_body(),
    ))
}

fn client_ip(req: &ServiceRequest, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        req.connection_info()
            .realip_remote_addr()
            .map(|s| s.split(':').next().unwrap_or(s).to_string())
    } else {
        req.peer_addr().map(|a| a.ip().to_string())
    }
}

fn origin_allowed(state: &AppState, req: &ServiceRequest, origin: &str) -> bool {
    let origin = origin.trim_end_matches('/');
    if state.cfg.public_url.trim_end_matches('/') == origin
        || state.cfg.allowed_origins.iter().any(|o| o == origin)
    {
        return true;
    }
    // Same origin as the Host the request was sent to (white-label domains, local runs).
    let info = req.connection_info();
    let same = format!("{}://{}", info.scheme(), info.host());
    same == origin
}

/// Reads the session or API key, checks CSRF and Origin for cookie-authenticated writes, and
/// leaves the principal for the extractors. Requests without credentials pass untouched.
pub async fn principal(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<BoxBody, BoxBody>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next
            .call(req)
            .await?
            .map_body(|_, b| EitherBody::right(b.boxed())));
    };
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let deny = |req: ServiceRequest, e: ApiError| {
        Ok(req.error_response(e).map_body(|_, b| EitherBody::left(b)))
    };

    if unsafe_method
        && let Some(origin) = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
        && origin != "null"
        && !origin_allowed(&state, &req, origin)
    {
        let e = ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "this origin may not send requests here",
        );
        return deny(req, e);
    }

    let ip = client_ip(&req, state.cfg.trust_proxy);
    let ua = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|s| s.trim().to_string());

    if let Some(token) = bearer {
        let slot = state
            .auth
            .ctx_for_api_key(&token, ip, ua)
            .await
            .map(|c| (c, Via::ApiKey))
            .map_err(ApiError::from);
        req.extensions_mut().insert(PrincipalSlot(slot));
        return Ok(next
            .call(req)
            .await?
            .map_body(|_, b| EitherBody::right(b.boxed())));
    }

    let session = req.get_session();
    let uid = session.get::<uuid::Uuid>(sessions::USER_KEY).ok().flatten();
    if let Some(uid) = uid {
        let tid = session
            .get::<uuid::Uuid>(sessions::TENANT_KEY)
            .ok()
            .flatten();
        let iat = session
            .get::<i64>(sessions::SIGNED_IN_KEY)
            .ok()
            .flatten()
            .unwrap_or(0);
        let now = switchboard_core::now().timestamp();
        if now - iat > state.cfg.session_absolute_secs {
            session.purge();
            req.extensions_mut().insert(PrincipalSlot(Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "your session has expired: sign in again",
            ))));
        } else {
            // The idle timeout is extended by state changes; touching the state at most every
            // five minutes keeps active sessions alive without a database write per request.
            let seen = session
                .get::<i64>(sessions::SEEN_KEY)
                .ok()
                .flatten()
                .unwrap_or(0);
            if now - seen > 300 {
                let _ = session.insert(sessions::SEEN_KEY, now);
            }
            let slot = match state.auth.ctx_for_user(uid, tid, ip, ua).await {
                Ok(ctx) => Ok((ctx, Via::Session)),
                Err(e) => {
                    session.purge();
                    Err(match e {
                        AuthError::Tenancy(_) | AuthError::UserNotFound => {
                            ApiError::unauthenticated()
                        }
                        other => ApiError::from(other),
                    })
                }
            };
            // A cookie-authenticated write without the session's CSRF token does not
            // authenticate: endpoints that need the principal answer csrf_failed, public ones
            // (sign-in, registration) are unaffected by a stale cookie.
            let slot = match slot {
                Ok(p) if unsafe_method => {
                    let expected = session
                        .get::<String>(sessions::CSRF_KEY)
                        .ok()
                        .flatten()
                        .unwrap_or_default();
                    let given = req
                        .headers()
                        .get("x-csrf-token")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    if expected.is_empty() || !constant_eq(expected.as_bytes(), given.as_bytes()) {
                        Err(ApiError::new(
                            StatusCode::FORBIDDEN,
                            "csrf_failed",
                            "missing or wrong x-csrf-token header",
                        ))
                    } else {
                        Ok(p)
                    }
                }
                other => other,
            };
            req.extensions_mut().insert(PrincipalSlot(slot));
        }
    }
    Ok(next
        .call(req)
        .await?
        .map_body(|_, b| EitherBody::right(b.boxed())))
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
