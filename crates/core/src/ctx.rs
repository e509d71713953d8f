//! Who is acting, and on which tenant. Built by the API from a session or an API key; every
//! domain function takes it first.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Permission, Role};

/// The level of a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    /// The operator of the installation (exactly one).
    Platform,
    /// A white-label reseller that owns customers.
    Agency,
    /// A business running agents.
    Customer,
}

impl TenantKind {
    /// Wire/database name.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantKind::Platform => "platform",
            TenantKind::Agency => "agency",
            TenantKind::Customer => "customer",
        }
    }

    /// Parses a wire/database name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "platform" => Some(Self::Platform),
            "agency" => Some(Self::Agency),
            "customer" => Some(Self::Customer),
            _ => None,
        }
    }
}

/// Who performed an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in person.
    User {
        /// The user.
        id: Uuid,
        /// Their email, for audit labels.
        email: String,
    },
    /// An integrator's API key.
    ApiKey {
        /// The key.
        id: Uuid,
        /// The key's public prefix.
        prefix: String,
    },
    /// The platform itself (jobs, bootstrap).
    System,
}

impl Actor {
    /// `user`, `api_key` or `system`.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::ApiKey { .. } => "api_key",
            Actor::System => "system",
        }
    }

    /// The acting user or key id.
    pub fn id(&self) -> Option<Uuid> {
        match self {
            Actor::User { id, .. } | Actor::ApiKey { id, .. } => Some(*id),
            Actor::System => None,
        }
    }

    /// A readable label (email or key prefix).
    pub fn label(&self) -> String {
        match self {
            Actor::User { email, .. } => email.clone(),
            Actor::ApiKey { prefix, .. } => prefix.clone(),
            Actor::System => "system".into(),
        }
    }
}

/// The authenticated principal acting on one tenant.
#[derive(Debug, Clone)]
pub struct TenantCtx {
    /// The tenant acted on; every tenant-owned query is filtered by it.
    pub tenant_id: Uuid,
    /// Kind of the acted-on tenant.
    pub tenant_kind: TenantKind,
    /// The tenant the principal belongs to (differs when an admin acts below it).
    pub home_tenant_id: Uuid,
    /// Who acts.
    pub actor: Actor,
    /// Built-in role, when the principal has one (custom roles and keys have none).
    pub role: Option<Role>,
    /// Effective permissions.
    pub permissions: BTreeSet<Permission>,
    /// Client address, for the audit log.
    pub ip: Option<String>,
    /// Client user agent, for the audit log.
    pub user_agent: Option<String>,
}

impl TenantCtx {
    /// Whether the principal holds `p`.
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// True when the principal acts on a tenant other than its own.
    pub fn acting_below(&self) -> bool {
        self.tenant_id != self.home_tenant_id
    }

    /// True for platform staff acting as support (reads are audited).
    pub fn is_support(&self) -> bool {
        self.role == Some(Role::Support)
    }

    /// The acting user, if a person acts.
    pub fn user_id(&self) -> Option<Uuid> {
        match &self.actor {
            Actor::User { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// A context for work the platform does itself (bootstrap, jobs, tests).
    pub fn system(tenant_id: Uuid, tenant_kind: TenantKind) -> Self {
        Self {
            tenant_id,
            tenant_kind,
            home_tenant_id: tenant_id,
            actor: Actor::System,
            role: Some(Role::PlatformAdmin),
            permissions: Permission::ALL.iter().copied().collect(),
            ip: None,
            user_agent: None,
        }
    }
}
