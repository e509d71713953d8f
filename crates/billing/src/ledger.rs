//! The credit ledger. Append-only; every entry names its source (`signup:<tenant>`,
//! `call:<id>`, `adjustment:<key>`), unique per tenant, so each source applies at most once however
//! often it is delivered. The ledger row is written first and the balance row updated last in the
//! same short transaction, so concurrent applications of one source charge once and the balance
//! row is locked for the shortest time.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::{credit_account, credit_entry};
use switchboard_db::scoped;
use switchboard_platform::audit;
use uuid::Uuid;

use crate::BillingError;

/// A ledger entry.
pub type Entry = credit_entry::Model;

/// Credits given when a tenant registers.
pub const SIGNUP_BONUS: i64 = 15;
/// Below this balance the tenant is flagged as low.
pub const LOW_BALANCE: i64 = 5;

/// Kinds of ledger entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryType {
    /// Free credits (registration, promotions).
    Bonus,
    /// Bought credits.
    Purchase,
    /// Spent on calls and chats.
    Usage,
    /// Manual correction by platform staff.
    Adjustment,
    /// Money returned.
    Refund,
}

impl EntryType {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bonus => "bonus",
            Self::Purchase => "purchase",
            Self::Usage => "usage",
            Self::Adjustment => "adjustment",
            Self::Refund => "refund",
        }
    }
}

/// Outcome of applying a source.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The entry (the earlier one when the source was applied before).
    pub entry: Entry,
    /// False when the source had already been applied: nothing changed.
    pub created: bool,
}

/// Applies `amount` credits (negative for usage) from a source, at most once per source. Safe to
/// call concurrently and repeatedly with the same source.
pub async fn apply(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    entry_type: EntryType,
    amount: i64,
    source_ref: &str,
    description: &str,
    created_by: Option<Uuid>,
) -> Result<Applied, BillingError> {
    let txn = switchboard_db::write_txn(db).await?;
    let applied = apply_in(
        &txn,
        tenant_id,
        entry_type,
        amount,
        source_ref,
        description,
        created_by,
    )
    .await?;
    txn.commit().await?;
    Ok(applied)
}

/// [`apply`] inside the caller's transaction (so a domain change and its credits commit together).
pub async fn apply_in(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    entry_type: EntryType,
    amount: i64,
    source_ref: &str,
    description: &str,
    created_by: Option<Uuid>,
) -> Result<Applied, BillingError> {
    let id = new_id();
    let row = credit_entry::ActiveModel {
        id: Set(id),
        tenant_id: Set(tenant_id),
        entry_type: Set(entry_type.as_str().to_string()),
        amount: Set(amount),
        balance_after: Set(0),
        source_ref: Set(source_ref.to_string()),
        description: Set(description.to_string()),
        created_by: Set(created_by),
        created_at: Set(now()),
    };
    let inserted = match credit_entry::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                credit_entry::Column::TenantId,
                credit_entry::Column::SourceRef,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await
    {
        Ok(n) => n,
        Err(sea_orm::DbErr::RecordNotInserted) => 0,
        Err(e) => return Err(e.into()),
    };
    if inserted == 0 {
        let entry = scoped::<credit_entry::Entity>(tenant_id)
            .filter(credit_entry::Column::SourceRef.eq(source_ref))
            .one(db)
            .await?
            .ok_or_else(|| {
                BillingError::Db(sea_orm::DbErr::RecordNotFound("ledger entry".into()))
            })?;
        return Ok(Applied {
            entry,
            created: false,
        });
    }
    // The balance row last: create it on first use, then add in one statement.
    credit_account::Entity::insert(credit_account::ActiveModel {
        tenant_id: Set(tenant_id),
        balance: Set(0),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(credit_account::Column::TenantId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    .or_else(|e| {
        if matches!(e, sea_orm::DbErr::RecordNotInserted) {
            Ok(0)
        } else {
            Err(e)
        }
    })?;
    credit_account::Entity::update_many()
        .col_expr(
            credit_account::Column::Balance,
            Expr::col(credit_account::Column::Balance).add(amount),
        )
        .col_expr(credit_account::Column::UpdatedAt, Expr::value(now()))
        .filter(credit_account::Column::TenantId.eq(tenant_id))
        .exec(db)
        .await?;
    let balance = balance(db, tenant_id).await?;
    credit_entry::Entity::update_many()
        .col_expr(credit_entry::Column::BalanceAfter, Expr::value(balance))
        .filter(credit_entry::Column::Id.eq(id))
        .exec(db)
        .await?;
    let entry = credit_entry::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| BillingError::Db(sea_orm::DbErr::RecordNotFound("ledger entry".into())))?;
    Ok(Applied {
        entry,
        created: true,
    })
}

/// Current balance (0 for a tenant that never had credits).
pub async fn balance(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<i64, BillingError> {
    Ok(credit_account::Entity::find_by_id(tenant_id)
        .one(db)
        .await?
        .map(|a| a.balance)
        .unwrap_or(0))
}

/// Fails with `insufficient_credits` when the tenant cannot start new billable work.
pub async fn ensure_can_spend(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> Result<(), BillingError> {
    if balance(db, tenant_id).await? > 0 {
        Ok(())
    } else {
        Err(BillingError::InsufficientCredits)
    }
}

/// The acting tenant's ledger, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    page: &PageParams,
) -> Result<Page<Entry>, BillingError> {
    let rows = switchboard_db::paged(
        scoped::<credit_entry::Entity>(ctx.tenant_id),
        credit_entry::Column::Id,
        page,
    )
    .all(db)
    .await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// Gives a newly registered tenant its free credits (once).
pub async fn grant_signup_bonus(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> Result<Applied, BillingError> {
    apply_in(
        db,
        tenant_id,
        EntryType::Bonus,
        SIGNUP_BONUS,
        &format!("signup:{tenant_id}"),
        "Welcome credits",
        None,
    )
    .await
}

/// A manual correction by platform staff, with a reason, audited on the tenant. `key` makes a
/// retried request (same Idempotency-Key) apply once.
pub async fn adjust(
    db: &DatabaseConnection,
    ctx: &TenantCtx,
    tenant_id: Uuid,
    amount: i64,
    reason: &str,
    key: &str,
) -> Result<Applied, BillingError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(BillingError::Invalid {
            field: "reason",
            message: "must be 1 to 500 characters".into(),
        });
    }
    if amount == 0 || amount.abs() > 1_000_000 {
        return Err(BillingError::Invalid {
            field: "amount",
            message: "must be non-zero and at most 1,000,000 credits either way".into(),
        });
    }
    let txn = switchboard_db::write_txn(db).await?;
    let applied = apply_in(
        &txn,
        tenant_id,
        EntryType::Adjustment,
        amount,
        &format!("adjustment:{key}"),
        reason,
        ctx.user_id(),
    )
    .await?;
    if applied.created {
        audit::record_on(&txn, ctx, tenant_id, "credits.adjusted", "credit_ledger", Some(applied.entry.id.to_string()),
            Some(serde_json::json!({ "amount": amount, "reason": reason, "balance_after": applied.entry.balance_after }))).await?;
    }
    txn.commit().await?;
    Ok(applied)
}
