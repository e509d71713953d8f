//! Wire types: what the API accepts and returns. Every field carries a `///` doc, which becomes
//! the description integrators read in Swagger.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use switchboard_auth::{api_keys::ApiKey, invitations, members::Member, roles::CustomRole};
use switchboard_db::entity::{audit_log, email_outbox, plan, tenant, tenant_domain};
use switchboard_tenancy::{branding, plans::Quotas};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::ApiError;

/// Paging parameters of every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 100 (default 50).
    pub limit: Option<u64>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// Validates into domain paging params.
    pub fn params(&self) -> Result<switchboard_core::PageParams, ApiError> {
        switchboard_core::PageParams::parse(self.limit, self.cursor.as_deref()).map_err(|field| {
            let mut e = ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                match field {
                    "limit" => "limit: must be between 1 and 100",
                    _ => "cursor: not a cursor this API made",
                },
            );
            e.details = Some(serde_json::json!({ "fields": { field: ["invalid"] } }));
            e
        })
    }
}

macro_rules! page_of {
    ($name:ident, $item:ty) => {
        #[doc = concat!("A page of `", stringify!($item), "`.")]
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name {
            /// The items, newest first.
            pub items: Vec<$item>,
            /// Pass as `cursor` to get the next page; null on the last page.
            pub next_cursor: Option<String>,
        }
        impl<T: Into<$item>> From<switchboard_core::Page<T>> for $name {
            fn from(p: switchboard_core::Page<T>) -> Self {
                Self {
                    items: p.items.into_iter().map(Into::into).collect(),
                    next_cursor: p.next_cursor,
                }
            }
        }
    };
}

/// A tenant.
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantDto {
    /// Id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// `platform`, `agency` or `customer`.
    pub kind: String,
    /// `active`, `suspended` or `deleted`.
    pub status: String,
    /// Owning tenant.
    pub parent_id: Option<Uuid>,
    /// URL-safe unique name; `<slug>.<base domain>` serves the tenant's branding.
    pub slug: String,
    /// Id of the tenant's plan.
    pub plan_id: Uuid,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<tenant::Model> for TenantDto {
    fn from(t: tenant::Model) -> Self {
        Self {
            id: t.id,
            name: t.name,
            kind: t.kind,
            status: t.status,
            parent_id: t.parent_id,
            slug: t.slug,
            plan_id: t.plan_id,
            created_at: t.created_at,
        }
    }
}
page_of!(TenantPage, TenantDto);

/// Plan limits; -1 means unlimited.
#[derive(Debug, Serialize, Deserialize, ToSchema, Clone, Copy)]
pub struct QuotasDto {
    /// Agents.
    pub agents: i32,
    /// Phone numbers.
    pub phone_numbers: i32,
    /// Concurrent calls.
    pub concurrent_calls: i32,
    /// Minutes included per month.
    pub included_minutes: i32,
    /// Knowledge-base storage in MiB.
    pub knowledge_storage_mb: i32,
    /// Seats: members plus pending invitations.
    pub seats: i32,
}

impl From<Quotas> for QuotasDto {
    fn from(q: Quotas) -> Self {
        Self {
            agents: q.agents,
            phone_numbers: q.phone_numbers,
            concurrent_calls: q.concurrent_calls,
            included_minutes: q.included_minutes,
            knowledge_storage_mb: q.knowledge_storage_mb,
            seats: q.seats,
        }
    }
}

impl From<QuotasDto> for Quotas {
    fn from(q: QuotasDto) -> Self {
        Self {
            agents: q.agents,
            phone_numbers: q.phone_numbers,
            concurrent_calls: q.concurrent_calls,
            included_minutes: q.included_minutes,
            knowledge_storage_mb: q.knowledge_storage_mb,
            seats: q.seats,
        }
    }
}

/// A plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDto {
    /// Id.
    pub id: Uuid,
    /// Stable code (`starter`, `professional`, `enterprise`, `custom`, or a custom plan's).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Built-in plans cannot be deleted.
    pub builtin: bool,
    /// Limits.
    pub quotas: QuotasDto,
}

impl From<plan::Model> for PlanDto {
    fn from(p: plan::Model) -> Self {
        let quotas = Quotas::of(&p).into();
        Self {
            id: p.id,
            code: p.code,
            name: p.name,
            builtin: p.builtin,
            quotas,
        }
    }
}

/// Branding fields; null inherits from the parent tenant, then the platform.
#[derive(Debug, Serialize, Deserialize, ToSchema, Default)]
pub struct BrandingDto {
    /// Product name shown in the app and in emails (≤ 60 characters).
    pub app_name: Option<String>,
    /// Logo image URL (http or https).
    pub logo_url: Option<String>,
    /// Primary colour as `#rrggbb`.
    pub primary_color: Option<String>,
    /// Support email shown to users.
    pub support_email: Option<String>,
}

impl From<branding::Branding> for BrandingDto {
    fn from(b: branding::Branding) -> Self {
        Self {
            app_name: b.app_name,
            logo_url: b.logo_url,
            primary_color: b.primary_color,
            support_email: b.support_email,
        }
    }
}

impl From<BrandingDto> for branding::Branding {
    fn from(b: BrandingDto) -> Self {
        Self {
            app_name: b.app_name,
            logo_url: b.logo_url,
            primary_color: b.primary_color,
            support_email: b.support_email,
        }
    }
}

/// Branding resolved for the host the request was sent to.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicBrandingDto {
    /// Tenant whose domain or subdomain was used; null on the platform's own host.
    pub tenant_id: Option<Uuid>,
    /// Product name.
    pub app_name: String,
    /// Logo URL.
    pub logo_url: Option<String>,
    /// Primary colour.
    pub primary_color: String,
    /// Support email.
    pub support_email: Option<String>,
}

impl From<branding::Resolved> for PublicBrandingDto {
    fn from(r: branding::Resolved) -> Self {
        Self {
            tenant_id: r.tenant_id,
            app_name: r.app_name,
            logo_url: r.logo_url,
            primary_color: r.primary_color,
            support_email: r.support_email,
        }
    }
}

/// A custom domain.
#[derive(Debug, Serialize, ToSchema)]
pub struct DomainDto {
    /// Id.
    pub id: Uuid,
    /// Host name.
    pub domain: String,
    /// Whether the domain is verified and serves the tenant's branding.
    pub verified: bool,
    /// Publish this value as a TXT record at `_switchboard.<domain>`.
    pub verification_token: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<tenant_domain::Model> for DomainDto {
    fn from(d: tenant_domain::Model) -> Self {
        Self {
            id: d.id,
            domain: d.domain,
            verified: d.verified_at.is_some(),
            verification_token: d.verification_token,
            created_at: d.created_at,
        }
    }
}
page_of!(DomainPage, DomainDto);

/// A team member.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    /// The user's id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Name.
    pub name: String,
    /// Built-in role name or custom role name.
    pub role: String,
    /// The custom role, when the member holds one.
    pub custom_role_id: Option<Uuid>,
    /// `active` or `suspended` in this tenant.
    pub status: String,
    /// Whether the email address is confirmed.
    pub email_verified: bool,
    /// When the person joined the tenant.
    pub joined_at: DateTime<Utc>,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        Self {
            id: m.user.id,
            email: m.user.email,
            name: m.user.name,
            role: m.role_label,
            custom_role_id: m.membership.custom_role_id,
            status: m.membership.status,
            email_verified: m.user.email_verified_at.is_some(),
            joined_at: m.membership.created_at,
        }
    }
}
page_of!(MemberPage, MemberDto);

/// An invitation.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationDto {
    /// Id.
    pub id: Uuid,
    /// Invited address.
    pub email: String,
    /// Built-in role given on acceptance.
    pub role: Option<String>,
    /// Custom role given on acceptance.
    pub custom_role_id: Option<Uuid>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    pub status: String,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<invitations::Invitation> for InvitationDto {
    fn from(i: invitations::Invitation) -> Self {
        Self {
            status: invitations::status(&i).to_string(),
            id: i.id,
            email: i.email,
            role: i.role,
            custom_role_id: i.custom_role_id,
            expires_at: i.expires_at,
            created_at: i.created_at,
        }
    }
}
page_of!(InvitationPage, InvitationDto);

/// A custom role template.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomRoleDto {
    /// Id.
    pub id: Uuid,
    /// Name (unique in the tenant).
    pub name: String,
    /// Permission names.
    pub permissions: Vec<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<CustomRole> for CustomRoleDto {
    fn from(r: CustomRole) -> Self {
        let permissions = switchboard_auth::roles::parse_permissions(&r.permissions)
            .iter()
            .map(|p| p.name().to_string())
            .collect();
        Self {
            id: r.id,
            name: r.name,
            permissions,
            created_at: r.created_at,
        }
    }
}

/// An API key (never with its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyDto {
    /// Id.
    pub id: Uuid,
    /// Label.
    pub name: String,
    /// Public start of the key (`sb_xxxxxxxx`), to recognise it.
    pub prefix: String,
    /// Permissions the key holds.
    pub scopes: Vec<String>,
    /// Last use, to a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// Revocation time.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<ApiKey> for ApiKeyDto {
    fn from(k: ApiKey) -> Self {
        let scopes = switchboard_auth::roles::parse_permissions(&k.scopes)
            .iter()
            .map(|p| p.name().to_string())
            .collect();
        Self {
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            scopes,
            last_used_at: k.last_used_at,
            expires_at: k.expires_at,
            revoked_at: k.revoked_at,
            created_at: k.created_at,
        }
    }
}
page_of!(ApiKeyPage, ApiKeyDto);

/// One audit entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    /// Id.
    pub id: Uuid,
    /// Tenant the action concerned.
    pub tenant_id: Uuid,
    /// `user`, `api_key` or `system`.
    pub actor_type: String,
    /// User or key id.
    pub actor_id: Option<Uuid>,
    /// Email or key prefix.
    pub actor_label: String,
    /// What happened, e.g. `user.invited`.
    pub action: String,
    /// Kind of resource.
    pub resource_type: String,
    /// Resource id.
    pub resource_id: Option<String>,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// Extra facts.
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<audit_log::Model> for AuditEntryDto {
    fn from(a: audit_log::Model) -> Self {
        Self {
            id: a.id,
            tenant_id: a.tenant_id,
            actor_type: a.actor_type,
            actor_id: a.actor_id,
            actor_label: a.actor_label,
            action: a.action,
            resource_type: a.resource_type,
            resource_id: a.resource_id,
            ip: a.ip,
            user_agent: a.user_agent,
            details: a.details.and_then(|d| serde_json::from_str(&d).ok()),
            created_at: a.created_at,
        }
    }
}
page_of!(AuditPage, AuditEntryDto);

/// An outbox message (list view).
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxItemDto {
    /// Id.
    pub id: Uuid,
    /// Tenant concerned.
    pub tenant_id: Option<Uuid>,
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// `verify_email`, `password_reset`, `invitation`, ...
    pub kind: String,
    /// `kept` (no SMTP), `queued`, `sent` or `failed`.
    pub status: String,
    /// Delivery error, if any.
    pub error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<email_outbox::Model> for OutboxItemDto {
    fn from(m: email_outbox::Model) -> Self {
        Self {
            id: m.id,
            tenant_id: m.tenant_id,
            to: m.to_email,
            subject: m.subject,
            kind: m.kind,
            status: m.status,
            error: m.error,
            created_at: m.created_at,
        }
    }
}
page_of!(OutboxPage, OutboxItemDto);

/// An outbox message with its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMessageDto {
    /// Summary fields.
    #[serde(flatten)]
    pub item: OutboxItemDto,
    /// Plain-text body.
    pub body_text: String,
    /// HTML body.
    pub body_html: Option<String>,
}

impl From<email_outbox::Model> for OutboxMessageDto {
    fn from(m: email_outbox::Model) -> Self {
        let (body_text, body_html) = (m.body_text.clone(), m.body_html.clone());
        Self {
            item: m.into(),
            body_text,
            body_html,
        }
    }
}
