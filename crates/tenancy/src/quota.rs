//! Quota checks, made where the counted thing is created.

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{TenancyError, plans, tenants};

/// A counted resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Members plus pending invitations.
    Seats,
    /// Agents.
    Agents,
    /// Phone numbers.
    PhoneNumbers,
    /// Concurrent calls.
    ConcurrentCalls,
}

impl Limit {
    fn name(self) -> &'static str {
        match self {
            Limit::Seats => "seats",
            Limit::Agents => "agents",
            Limit::PhoneNumbers => "phone_numbers",
            Limit::ConcurrentCalls => "concurrent_calls",
        }
    }
}

/// Fails with `quota_exceeded` when adding one more of `limit` would pass the tenant's plan.
/// `current` is how many the tenant has now.
pub async fn ensure_room(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    limit: Limit,
    current: u64,
) -> Result<(), TenancyError> {
    let tenant = tenants::by_id(db, tenant_id).await?;
    let plan = plans::get(db, tenant.plan_id).await?;
    let q = plans::Quotas::of(&plan);
    let max = match limit {
        Limit::Seats => q.seats,
        Limit::Agents => q.agents,
        Limit::PhoneNumbers => q.phone_numbers,
        Limit::ConcurrentCalls => q.concurrent_calls,
    };
    if max >= 0 && current >= max as u64 {
        return Err(TenancyError::QuotaExceeded {
            limit: limit.name(),
            max: i64::from(max),
        });
    }
    Ok(())
}
