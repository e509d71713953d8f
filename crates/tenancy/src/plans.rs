//! Plans are data: the four built-in ones are seeded at start; platform admins add custom ones.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use switchboard_core::{TenantCtx, new_id, now};
use switchboard_db::entity::plan::{self, Column, Entity};
use switchboard_platform::audit;
use uuid::Uuid;

use crate::TenancyError;

/// A plan row.
pub type Plan = plan::Model;

/// Plan limits. `-1` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
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
    /// Seats (members plus pending invitations).
    pub seats: i32,
}

impl Quotas {
    /// Reads a plan's limits.
    pub fn of(p: &Plan) -> Self {
        Self {
            agents: p.max_agents,
            phone_numbers: p.max_phone_numbers,
            concurrent_calls: p.max_concurrent_calls,
            included_minutes: p.included_minutes,
            knowledge_storage_mb: p.knowledge_storage_mb,
            seats: p.max_seats,
        }
    }

    fn check(&self) -> Result<(), TenancyError> {
        for (field, v) in [
            ("quotas.agents", self.agents),
            ("quotas.phone_numbers", self.phone_numbers),
            ("quotas.concurrent_calls", self.concurrent_calls),
            ("quotas.included_minutes", self.included_minutes),
            ("quotas.knowledge_storage_mb", self.knowledge_storage_mb),
            ("quotas.seats", self.seats),
        ] {
            if v < -1 {
                return Err(TenancyError::invalid(
                    field,
                    "must be -1 (unlimited) or more",
                ));
            }
        }
        Ok(())
    }
}

/// The built-in plans: (code, name, quotas).
pub const BUILTIN: &[(&str, &str, Quotas)] = &[
    (
        "starter",
        "Starter",
        Quotas {
            agents: 3,
            phone_numbers: 1,
            concurrent_calls: 2,
            included_minutes: 100,
            knowledge_storage_mb: 50,
            seats: 3,
        },
    ),
    (
        "professional",
        "Professional",
        Quotas {
            agents: 20,
            phone_numbers: 10,
            concurrent_calls: 10,
            included_minutes: 2000,
            knowledge_storage_mb: 1024,
            seats: 15,
        },
    ),
    (
        "enterprise",
        "Enterprise",
        Quotas {
            agents: 200,
            phone_numbers: 100,
            concurrent_calls: 100,
            included_minutes: 20000,
            knowledge_storage_mb: 10240,
            seats: 200,
        },
    ),
    (
        "custom",
        "Custom",
        Quotas {
            agents: -1,
            phone_numbers: -1,
            concurrent_calls: -1,
            included_minutes: -1,
            knowledge_storage_mb: -1,
            seats: -1,
        },
    ),
];

/// Inserts missing built-in plans. Safe to run at every start.
pub async fn ensure_builtin(db: &impl ConnectionTrait) -> Result<(), TenancyError> {
    for (code, name, q) in BUILTIN {
        if Entity::find()
            .filter(Column::Code.eq(*code))
            .one(db)
            .await?
            .is_some()
        {
            continue;
        }
        insert(db, code, name, true, q).await?;
    }
    Ok(())
}

async fn insert(
    db: &impl ConnectionTrait,
    code: &str,
    name: &str,
    builtin: bool,
    q: &Quotas,
) -> Result<Plan, TenancyError> {
    let row = plan::ActiveModel {
        id: Set(new_id()),
        code: Set(code.to_string()),
        name: Set(name.to_string()),
        builtin: Set(builtin),
        max_agents: Set(q.agents),
        max_phone_numbers: Set(q.phone_numbers),
        max_concurrent_calls: Set(q.concurrent_calls),
        included_minutes: Set(q.included_minutes),
        knowledge_storage_mb: Set(q.knowledge_storage_mb),
        max_seats: Set(q.seats),
        created_at: Set(now()),
        updated_at: Set(now()),
    };
    Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| {
            if switchboard_db::is_unique_violation(&e) {
                TenancyError::PlanCodeTaken
            } else {
                e.into()
            }
        })
}

/// All plans, built-in first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Plan>, TenancyError> {
    Ok(Entity::find()
        .order_by_desc(Column::Builtin)
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

/// A plan by code.
pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> Result<Plan, TenancyError> {
    Entity::find()
        .filter(Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or(TenancyError::PlanNotFound)
}

/// A plan by id.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Plan, TenancyError> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(TenancyError::PlanNotFound)
}

fn check_code(code: &str) -> Result<(), TenancyError> {
    let ok = (2..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(TenancyError::invalid(
            "code",
            "2 to 40 characters: a-z, 0-9, _ or -",
        ))
    }
}

/// Creates a custom plan (platform admins).
pub async fn create(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    code: &str,
    name: &str,
    quotas: Quotas,
) -> Result<Plan, TenancyError> {
    check_code(code)?;
    let name = crate::clean_name("name", name)?;
    quotas.check()?;
    let plan = insert(db, code, &name, false, &quotas).await?;
    audit::record(
        db,
        ctx,
        "plan.created",
        "plan",
        Some(plan.id.to_string()),
        Some(serde_json::json!({ "code": code })),
    )
    .await?;
    Ok(plan)
}

/// Changes a plan's name or limits (platform admins).
pub async fn update(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
    name: Option<&str>,
    quotas: Option<Quotas>,
) -> Result<Plan, TenancyError> {
    let plan = get(db, id).await?;
    let mut active = plan.into_active_model();
    if let Some(n) = name {
        active.name = Set(crate::clean_name("name", n)?);
    }
    if let Some(q) = quotas {
        q.check()?;
        active.max_agents = Set(q.agents);
        active.max_phone_numbers = Set(q.phone_numbers);
        active.max_concurrent_calls = Set(q.concurrent_calls);
        active.included_minutes = Set(q.included_minutes);
        active.knowledge_storage_mb = Set(q.knowledge_storage_mb);
        active.max_seats = Set(q.seats);
    }
    active.updated_at = Set(now());
    let plan = active.update(db).await?;
    audit::record(
        db,
        ctx,
        "plan.updated",
        "plan",
        Some(plan.id.to_string()),
        None,
    )
    .await?;
    Ok(plan)
}
