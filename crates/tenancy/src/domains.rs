//! Custom domains for white-label tenants. A domain is added unverified with a token the tenant
//! publishes as a DNS TXT record (`_switchboard.<domain>`); platform staff confirm it (automatic DNS
//! checks need network access the embedded default does not assume).

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use switchboard_core::{Page, PageParams, TenantCtx, new_id, now};
use switchboard_db::entity::tenant_domain::{self, Column, Entity};
use switchboard_db::scoped;
use switchboard_platform::audit;
use uuid::Uuid;

use crate::TenancyError;

/// A domain row.
pub type Domain = tenant_domain::Model;

fn clean(domain: &str) -> Result<String, TenancyError> {
    let d = domain.trim().trim_end_matches('.').to_lowercase();
    let labels: Vec<&str> = d.split('.').collect();
    let ok = d.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if ok {
        Ok(d)
    } else {
        Err(TenancyError::invalid(
            "domain",
            "must be a domain name like app.example.com",
        ))
    }
}

/// The acting tenant's domains.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    page: &PageParams,
) -> Result<Page<Domain>, TenancyError> {
    let rows = switchboard_db::paged(scoped::<Entity>(ctx.tenant_id), Column::Id, page)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// Adds an unverified domain to the acting tenant.
pub async fn add(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    domain: &str,
) -> Result<Domain, TenancyError> {
    let domain = clean(domain)?;
    let row = tenant_domain::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(ctx.tenant_id),
        domain: Set(domain.clone()),
        verification_token: Set(format!("switchboard-verify={}", new_id().simple())),
        verified_at: Set(None),
        created_at: Set(now()),
    };
    let d = Entity::insert(row)
        .exec_with_returning(db)
        .await
        .map_err(|e| {
            if switchboard_db::is_unique_violation(&e) {
                TenancyError::DomainTaken
            } else {
                e.into()
            }
        })?;
    audit::record(
        db,
        ctx,
        "domain.added",
        "domain",
        Some(d.id.to_string()),
        Some(serde_json::json!({ "domain": domain })),
    )
    .await?;
    Ok(d)
}

async fn find(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Domain, TenancyError> {
    scoped::<Entity>(ctx.tenant_id)
        .filter(Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(TenancyError::DomainNotFound)
}

/// Removes one of the acting tenant's domains.
pub async fn remove(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<(), TenancyError> {
    let d = find(db, ctx, id).await?;
    Entity::delete_by_id(d.id).exec(db).await?;
    audit::record(
        db,
        ctx,
        "domain.removed",
        "domain",
        Some(d.id.to_string()),
        Some(serde_json::json!({ "domain": d.domain })),
    )
    .await?;
    Ok(())
}

/// Marks one of the acting tenant's domains verified (platform staff acting on the tenant).
pub async fn mark_verified(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Domain, TenancyError> {
    let d = find(db, ctx, id).await?;
    let mut active = d.into_active_model();
    active.verified_at = Set(Some(now()));
    let d = active.update(db).await?;
    audit::record(
        db,
        ctx,
        "domain.verified",
        "domain",
        Some(d.id.to_string()),
        None,
    )
    .await?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names_are_normalised_and_checked() {
        assert_eq!(
            clean(" App.Example.COM. ").ok().as_deref(),
            Some("app.example.com")
        );
        for bad in [
            "localhost",
            "-a.example.com",
            "a..b",
            "exa mple.com",
            "http://x.com",
        ] {
            assert!(clean(bad).is_err(), "{bad}");
        }
    }
}
