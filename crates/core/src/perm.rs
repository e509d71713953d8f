//! Roles and permissions: the one table that says which built-in role may do what.
//!
//! Permissions are named `area:action`. Built-in roles map to fixed sets; tenants may define
//! custom role templates from any subset a tenant role may hold (never the platform-only ones).

use serde::{Deserialize, Serialize};

macro_rules! permissions {
    ($( $variant:ident = $name:literal, $group:literal, $desc:literal; )+) => {
        /// A named permission. Handlers declare the one they need.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum Permission {
            $( #[doc = $desc] #[serde(rename = $name)] $variant, )+
        }

        impl Permission {
            /// Every permission, in declaration order.
            pub const ALL: &'static [Permission] = &[ $( Permission::$variant, )+ ];

            /// Wire name, e.g. `agents:read`.
            pub fn name(self) -> &'static str {
                match self { $( Permission::$variant => $name, )+ }
            }

            /// Area the permission belongs to (for grouping in the UI).
            pub fn group(self) -> &'static str {
                match self { $( Permission::$variant => $group, )+ }
            }

            /// What the permission allows, for people.
            pub fn description(self) -> &'static str {
                match self { $( Permission::$variant => $desc, )+ }
            }

            /// Parses a wire name.
            pub fn parse(s: &str) -> Option<Permission> {
                match s { $( $name => Some(Permission::$variant), )+ _ => None }
            }
        }
    };
}

permissions! {
    TenantsRead = "tenants:read", "tenants", "See sub-tenants (agencies and customers)";
    TenantsWrite = "tenants:write", "tenants", "Create, rename, suspend and delete sub-tenants";
    PlansRead = "plans:read", "tenants", "See plans and their quotas";
    PlansWrite = "plans:write", "tenants", "Create and change plans";
    SettingsRead = "settings:read", "settings", "See tenant settings, branding and domains";
    SettingsWrite = "settings:write", "settings", "Change tenant settings, branding and domains";
    UsersRead = "users:read", "team", "See team members";
    UsersWrite = "users:write", "team", "Change members' roles, suspend or remove members";
    RolesRead = "roles:read", "team", "See built-in and custom roles";
    RolesWrite = "roles:write", "team", "Create and change custom roles";
    InvitationsRead = "invitations:read", "team", "See invitations";
    InvitationsWrite = "invitations:write", "team", "Invite people and revoke invitations";
    ApiKeysRead = "api_keys:read", "developers", "See API keys";
    ApiKeysWrite = "api_keys:write", "developers", "Create and revoke API keys";
    WebhooksRead = "webhooks:read", "developers", "See outbound webhooks and deliveries";
    WebhooksWrite = "webhooks:write", "developers", "Manage outbound webhooks";
    AgentsRead = "agents:read", "agents", "See agents and their versions";
    AgentsWrite = "agents:write", "agents", "Create, change and publish agents";
    KnowledgeRead = "knowledge:read", "agents", "See knowledge bases";
    KnowledgeWrite = "knowledge:write", "agents", "Upload and manage knowledge bases";
    NumbersRead = "numbers:read", "telephony", "See phone numbers";
    NumbersWrite = "numbers:write", "telephony", "Buy, assign and release phone numbers";
    CallsRead = "calls:read", "telephony", "See calls, transcripts and recordings";
    CallsWrite = "calls:write", "telephony", "Place outbound and simulated calls";
    ContactsRead = "contacts:read", "campaigns", "See contacts";
    ContactsWrite = "contacts:write", "campaigns", "Import and edit contacts";
    CampaignsRead = "campaigns:read", "campaigns", "See campaigns";
    CampaignsWrite = "campaigns:write", "campaigns", "Create and run campaigns";
    BillingRead = "billing:read", "billing", "See credits, usage and invoices";
    BillingWrite = "billing:write", "billing", "Buy credits and change subscriptions";
    AnalyticsRead = "analytics:read", "analytics", "See dashboards and reports";
    SupportRead = "support:read", "support", "See support tickets";
    SupportWrite = "support:write", "support", "Open and answer support tickets";
    AuditRead = "audit:read", "audit", "Read the audit log";
    SystemRead = "system:read", "system", "See system health, settings and the email outbox";
    SystemWrite = "system:write", "system", "Change system settings and provider keys";
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Permission {
    /// True for permissions only the platform tenant's staff may hold.
    pub fn platform_only(self) -> bool {
        matches!(
            self,
            Permission::PlansWrite | Permission::SystemRead | Permission::SystemWrite
        )
    }

    /// True for permissions that only read.
    pub fn is_read(self) -> bool {
        self.name().ends_with(":read")
    }
}

/// A built-in role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the platform: every permission on every tenant.
    PlatformAdmin,
    /// Reads any tenant to help it (every read is audited); answers tickets; changes nothing else.
    Support,
    /// Runs an agency and its customers.
    AgencyAdmin,
    /// Runs one customer tenant.
    CustomerAdmin,
    /// Uses a customer tenant's agents, calls and contacts.
    CustomerUser,
}

impl Role {
    /// Every built-in role.
    pub const ALL: &'static [Role] = &[
        Role::PlatformAdmin,
        Role::Support,
        Role::AgencyAdmin,
        Role::CustomerAdmin,
        Role::CustomerUser,
    ];

    /// Wire name.
    pub fn name(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::Support => "support",
            Role::AgencyAdmin => "agency_admin",
            Role::CustomerAdmin => "customer_admin",
            Role::CustomerUser => "customer_user",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.name() == s)
    }

    /// What the role is for.
    pub fn description(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "Runs the platform: every permission on every tenant",
            Role::Support => "Reads any tenant's data to help it; every access is audited",
            Role::AgencyAdmin => "Runs an agency, its branding and its customers",
            Role::CustomerAdmin => "Runs a customer account: team, billing, settings, agents",
            Role::CustomerUser => "Works with agents, calls, contacts and campaigns",
        }
    }

    /// The tenant kind a member with this role must belong to.
    pub fn tenant_kind(self) -> crate::TenantKind {
        match self {
            Role::PlatformAdmin | Role::Support => crate::TenantKind::Platform,
            Role::AgencyAdmin => crate::TenantKind::Agency,
            Role::CustomerAdmin | Role::CustomerUser => crate::TenantKind::Customer,
        }
    }

    /// Whether members with this role may act on tenants below their own.
    pub fn acts_below(self) -> bool {
        matches!(
            self,
            Role::PlatformAdmin | Role::Support | Role::AgencyAdmin
        )
    }

    /// The role → permission table.
    pub fn permissions(self) -> Vec<Permission> {
        use Permission as P;
        match self {
            Role::PlatformAdmin => P::ALL.to_vec(),
            Role::Support => P::ALL
                .iter()
                .copied()
                .filter(|p| p.is_read() || *p == P::SupportWrite)
                .collect(),
            Role::AgencyAdmin => P::ALL
                .iter()
                .copied()
                .filter(|p| !p.platform_only())
                .collect(),
            Role::CustomerAdmin => P::ALL
                .iter()
                .copied()
                .filter(|p| !p.platform_only() && *p != P::TenantsWrite && *p != P::TenantsRead)
                .collect(),
            Role::CustomerUser => vec![
                P::AgentsRead,
                P::AgentsWrite,
                P::KnowledgeRead,
                P::KnowledgeWrite,
                P::NumbersRead,
                P::CallsRead,
                P::CallsWrite,
                P::ContactsRead,
                P::ContactsWrite,
                P::CampaignsRead,
                P::CampaignsWrite,
                P::AnalyticsRead,
                P::SupportRead,
                P::SupportWrite,
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_at_least_thirty_permissions_with_unique_names() {
        assert!(Permission::ALL.len() >= 30);
        let mut names: Vec<_> = Permission::ALL.iter().map(|p| p.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.name()), Some(*p));
        }
    }

    #[test]
    fn support_reads_everything_but_writes_only_tickets() {
        let perms = Role::Support.permissions();
        assert!(perms.contains(&Permission::AuditRead));
        assert!(perms.contains(&Permission::SupportWrite));
        assert!(!perms.contains(&Permission::UsersWrite));
        assert!(
            perms
                .iter()
                .all(|p| p.is_read() || *p == Permission::SupportWrite)
        );
    }

    #[test]
    fn only_platform_roles_hold_platform_permissions() {
        for role in [Role::AgencyAdmin, Role::CustomerAdmin, Role::CustomerUser] {
            assert!(
                role.permissions().iter().all(|p| !p.platform_only()),
                "{role:?}"
            );
        }
        assert!(
            !Role::CustomerUser
                .permissions()
                .contains(&Permission::UsersRead)
        );
        assert!(
            !Role::CustomerUser
                .permissions()
                .contains(&Permission::ApiKeysRead)
        );
    }
}
