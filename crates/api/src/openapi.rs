//! The OpenAPI document: routes and their entries are one declaration (see [`crate::routes`]);
//! this adds the document's info, security schemes and the `ErrorCode` list.

use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{InfoBuilder, OpenApi, RefOr, Schema};

use crate::error::ERROR_CODES;

/// Adds info, tags, security schemes and the error-code list to the collected paths.
pub fn decorate(mut api: OpenApi) -> OpenApi {
    api.info = InfoBuilder::new()
        .title("Switchboard API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Multi-tenant platform for AI voice and chat agents. JSON under /api/v1, cursor-paginated lists, \
             one error envelope (see ErrorBody and ErrorCode). Authenticate with the session cookie (web app; \
             writes need the x-csrf-token header from GET /api/v1/me) or `Authorization: Bearer <API key>`.",
        ))
        .build();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
        "sb_session",
        "Session cookie set by POST /api/v1/auth/login. Cookie-authenticated writes also need the x-csrf-token header.",
    ))));
    components.add_security_scheme(
        "api_key",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("sb_<prefix>_<secret>")
                .description(Some("Tenant API key"))
                .build(),
        ),
    );
    components.add_security_scheme(
        "internal_token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("The server's internal monitoring token (health only)"))
                .build(),
        ),
    );
    let codes = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "Every error code the API answers. Codes are stable; messages are not.",
        ))
        .enum_values(Some(ERROR_CODES.iter().copied()))
        .build();
    components
        .schemas
        .insert("ErrorCode".into(), RefOr::T(Schema::Object(codes)));
    let tags = [
        ("public", "Read before sign-in: branding, first-run set-up"),
        ("auth", "Registration, sign-in, passwords"),
        ("me", "The signed-in user and tenant switching"),
        ("team", "Members, invitations, roles and permissions"),
        ("api_keys", "API keys for integrators"),
        (
            "settings",
            "The acting tenant's settings, branding and domains",
        ),
        ("tenants", "Sub-tenants and plans"),
        ("agents", "Call and chat agents, versions and roll-back"),
        ("billing", "Credits and the credit ledger"),
        ("calls", "Calls, transcripts, recordings and exports"),
        (
            "numbers",
            "Phone numbers: search, buy, assign to agents, release",
        ),
        (
            "contacts",
            "Caller lookup by phone number and defaults for unknown callers",
        ),
        ("webhooks", "Events from providers (signed)"),
        ("audit", "The audit log"),
        ("admin", "Platform administration"),
        ("health", "Health for load balancers and operators"),
    ];
    api.tags = Some(
        tags.iter()
            .map(|(n, d)| TagBuilder::new().name(*n).description(Some(*d)).build())
            .collect(),
    );
    api
}
