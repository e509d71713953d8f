//! The HTTP layer: actix-web extractors, the one error mapping, DTOs, routes and the OpenAPI
//! document. No business logic lives here: handlers call the domain crates.

pub mod dto;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod session_store;
pub mod state;

use actix_session::SessionMiddleware;
use actix_session::config::{PersistentSession, TtlExtensionPolicy};
use actix_web::body::MessageBody;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, web};
use utoipa_actix_web::{AppExt, scope, service_config::ServiceConfig};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
pub use crate::state::{ApiConfig, AppState};

/// Registers every API route; used by the app and by [`openapi_document`].
pub fn api_routes(cfg: &mut ServiceConfig) {
    use routes::*;
    cfg.service(public::get_branding)
        .service(public::get_setup_status)
        .service(public::complete_setup)
        .service(auth::register)
        .service(auth::verify_email)
        .service(auth::resend_verification)
        .service(auth::login)
        .service(auth::logout)
        .service(auth::logout_all)
        .service(auth::forgot_password)
        .service(auth::reset_password)
        .service(auth::change_password)
        .service(me::get_me)
        .service(me::list_my_tenants)
        .service(me::switch_tenant)
        .service(users::list_users)
        .service(users::get_user)
        .service(users::update_user)
        .service(users::delete_user)
        .service(invitations::lookup_invitation)
        .service(invitations::accept_invitation)
        .service(invitations::list_invitations)
        .service(invitations::create_invitation)
        .service(invitations::delete_invitation)
        .service(roles::list_permissions)
        .service(roles::list_roles)
        .service(roles::create_role)
        .service(roles::get_role)
        .service(roles::update_role)
        .service(roles::delete_role)
        .service(api_keys::list_api_keys)
        .service(api_keys::create_api_key)
        .service(api_keys::get_api_key)
        .service(api_keys::delete_api_key)
        .service(tenant::get_current_tenant)
        .service(tenant::update_current_tenant)
        .service(tenant::get_tenant_branding)
        .service(tenant::put_tenant_branding)
        .service(tenant::list_domains)
        .service(tenant::create_domain)
        .service(tenant::delete_domain)
        .service(tenant::verify_domain)
        .service(integrations::get_elevenlabs_integration)
        .service(integrations::put_elevenlabs_integration)
        .service(integrations::delete_elevenlabs_integration)
        .service(integrations::sync_elevenlabs)
        .service(integrations::list_elevenlabs_sync_runs)
        .service(integrations::get_elevenlabs_sync_run)
        .service(integrations::get_twilio_integration)
        .service(integrations::put_twilio_integration)
        .service(integrations::delete_twilio_integration)
        .service(numbers::search_numbers)
        .service(numbers::list_numbers)
        .service(numbers::create_number)
        .service(numbers::get_number)
        .service(numbers::update_number)
        .service(numbers::release_number)
        .service(simulator::start_simulated_call)
        .service(simulator::place_call)
        .service(contacts::lookup_contact)
        .service(contacts::get_caller_defaults)
        .service(contacts::put_caller_defaults)
        .service(tenants::list_tenants)
        .service(tenants::create_tenant)
        .service(tenants::get_tenant)
        .service(tenants::update_tenant)
        .service(tenants::suspend_tenant)
        .service(tenants::reactivate_tenant)
        .service(tenants::delete_tenant)
        .service(plans::list_plans)
        .service(plans::create_plan)
        .service(plans::update_plan)
        .service(audit::list_audit_log)
        .service(audit::list_platform_audit_log)
        .service(admin::list_outbox)
        .service(admin::get_outbox_message)
        .service(agents::list_agents)
        .service(agents::create_agent)
        .service(agents::get_agent)
        .service(agents::update_agent)
        .service(agents::delete_agent)
        .service(agents::publish_agent)
        .service(agents::list_agent_versions)
        .service(agents::rollback_agent)
        .service(chats::start_chat)
        .service(chats::list_chats)
        .service(chats::get_chat)
        .service(chats::send_chat_message)
        .service(calls::list_calls)
        .service(calls::export_calls)
        .service(calls::live_calls)
        .service(calls::get_call)
        .service(calls::get_call_transcript)
        .service(calls::get_call_recording)
        .service(credits::get_credits)
        .service(credits::list_credit_ledger)
        .service(credits::create_credit_adjustment);
}

/// The OpenAPI document, without building the app's state.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .service(routes::health::health)
        .service(routes::health::health_detailed)
        .service(routes::calls::elevenlabs_webhook)
        .service(routes::calls::elevenlabs_initiation)
        .service(routes::twilio::twilio_voice)
        .service(routes::twilio::twilio_status)
        .service(routes::twilio::twilio_stream_status)
        .service(routes::media::media_stream)
        .service(scope::scope("/api/v1").configure(api_routes))
        .split_for_parts();
    openapi::decorate(api)
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let e = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "the request body is too large",
            )
        }
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(d) if d.is_data() => ApiError::new(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            format!("the body does not match the schema: {d}"),
        ),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body is not valid JSON: {err}"),
        ),
    };
    e.into()
}

fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_query",
        format!("the query string is not valid: {err}"),
    )
    .into()
}

fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such resource").into()
}

async fn api_not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(
        StatusCode::NOT_FOUND,
        "route_not_found",
        "no such route",
    ))
}

/// Builds the whole application: API, Swagger UI at `/docs`, OpenAPI at `/api/v1/openapi.json`,
/// health, and the web app (with SPA fallback) at `/`.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cfg = state.cfg.clone();
    // Swagger UI goes first so that `/api/v1/openapi.json` is matched before the API scope's
    // catch-all; the document is built from the same route declarations as the app.
    let app = App::new()
        .service(SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", openapi_document()))
        .service(web::redirect("/docs", "/docs/"))
        .into_utoipa_app()
        .app_data(web::Data::new(state.clone()))
        .app_data(
            web::JsonConfig::default()
                .limit(cfg.max_json_bytes)
                .error_handler(json_error),
        )
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .app_data(web::PayloadConfig::default().limit(cfg.max_json_bytes))
        .service(routes::health::health)
        .service(routes::health::health_detailed)
        .service(routes::calls::elevenlabs_webhook)
        .service(routes::calls::elevenlabs_initiation)
        .service(routes::twilio::twilio_voice)
        .service(routes::twilio::twilio_status)
        .service(routes::twilio::twilio_stream_status)
        .service(routes::media::media_stream)
        .service(
            scope::scope("/api/v1")
                .configure(api_routes)
                .default_service(web::to(api_not_found)),
        )
        .into_app();
    let key = Key::derive_from(cfg.cookie_secret.as_bytes());
    let session =
        SessionMiddleware::builder(session_store::DbSessionStore::new(state.db.clone()), key)
            .cookie_name("sb_session".into())
            .cookie_secure(cfg.tls)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .session_lifecycle(
                PersistentSession::default()
                    .session_ttl(actix_web::cookie::time::Duration::seconds(
                        cfg.session_idle_secs,
                    ))
                    .session_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
            )
            .build();
    let cors = cors(&cfg);
    let app = spa::mount(app, cfg.web_dist.clone());
    app.wrap(from_fn(middleware::principal))
        .wrap(session)
        .wrap(cors)
        .wrap(Compress::default())
        .wrap(ErrorHandlers::new().default_handler(middleware::envelope_for_empty_errors))
        .wrap(from_fn(middleware::request_id_and_headers))
}

fn cors(cfg: &ApiConfig) -> actix_cors::Cors {
    let mut c = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            "content-type",
            "authorization",
            "x-csrf-token",
            "x-request-id",
            "idempotency-key",
        ])
        .expose_headers(["x-request-id", "retry-after"])
        .supports_credentials()
        .max_age(3600);
    for o in &cfg.allowed_origins {
        c = c.allowed_origin(o);
    }
    c
}

mod spa;
