//! Tenants: the platform (exactly one), agencies under it, customers under an agency or directly
//! under the platform. Deletion is soft. Visibility: a tenant sees itself and its children; the
//! platform sees everything.

use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter,
};
use switchboard_core::{Page, PageParams, TenantCtx, TenantKind, new_id, now};
use switchboard_db::entity::tenant::{self, Column, Entity};
use switchboard_platform::audit;
use uuid::Uuid;

use crate::{TenancyError, plans};

/// A tenant row.
pub type Tenant = tenant::Model;

/// `active`, `suspended` or `deleted`.
pub const ACTIVE: &str = "active";
/// Suspended: members cannot sign in, keys stop working.
pub const SUSPENDED: &str = "suspended";
/// Soft-deleted.
pub const DELETED: &str = "deleted";

/// The kind of a tenant row.
pub fn kind(t: &Tenant) -> TenantKind {
    TenantKind::parse(&t.kind).unwrap_or(TenantKind::Customer)
}

/// Makes a URL-safe slug from a name plus a short random suffix.
fn slugify(name: &str) -> String {
    let mut s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s = s.trim_matches('-');
    let base: String = s.chars().take(30).collect();
    let suffix = &new_id().simple().to_string()[24..30];
    if base.is_empty() {
        format!("t-{suffix}")
    } else {
        format!("{}-{suffix}", base.trim_end_matches('-'))
    }
}

/// Finds any non-deleted tenant by id, without a visibility check (internal use).
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Tenant, TenancyError> {
    Entity::find_by_id(id)
        .filter(Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(TenancyError::TenantNotFound)
}

/// The non-deleted tenants among `ids`, by id, in one query (internal use).
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<std::collections::HashMap<Uuid, Tenant>, TenancyError> {
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids))
        .filter(Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect())
}

/// The tenant and its ancestors, nearest first (customer, agency, platform).
pub async fn lineage(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<Tenant>, TenancyError> {
    let mut out = Vec::new();
    let mut next = Some(id);
    while let Some(id) = next {
        if out.len() >= 4 {
            break;
        }
        let t = by_id(db, id).await?;
        next = t.parent_id;
        out.push(t);
    }
    Ok(out)
}

/// [`lineage`] as `(id, kind)` pairs, nearest first (what inherited secrets are looked up by).
pub async fn lineage_kinds(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<(Uuid, String)>, TenancyError> {
    Ok(lineage(db, id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.kind))
        .collect())
}

/// Finds a non-deleted tenant by slug.
pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Tenant, TenancyError> {
    Entity::find()
        .filter(Column::Slug.eq(slug))
        .filter(Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(TenancyError::TenantNotFound)
}

/// The platform tenant, created (with the built-in plans) when missing.
pub async fn ensure_platform(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Tenant, TenancyError> {
    plans::ensure_builtin(db).await?;
    if let Some(t) = Entity::find()
        .filter(Column::Kind.eq("platform"))
        .one(db)
        .await?
    {
        return Ok(t);
    }
    let plan = plans::by_code(db, "custom").await?;
    insert(db, None, TenantKind::Platform, name, plan.id).await
}

async fn insert(
    db: &impl ConnectionTrait,
    parent_id: Option<Uuid>,
    kind: TenantKind,
    name: &str,
    plan_id: Uuid,
) -> Result<Tenant, TenancyError> {
    let row = tenant::ActiveModel {
        id: Set(new_id()),
        parent_id: Set(parent_id),
        kind: Set(kind.as_str().to_string()),
        name: Set(name.to_string()),
        slug: Set(slugify(name)),
        status: Set(ACTIVE.to_string()),
        plan_id: Set(plan_id),
        created_at: Set(now()),
        updated_at: Set(now()),
        deleted_at: Set(None),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

/// Whether a tenant may act on `target`: itself, its children, or anything for the platform.
pub fn may_act_on(actor_tenant: &Tenant, target: &Tenant) -> bool {
    actor_tenant.id == target.id
        || target.parent_id == Some(actor_tenant.id)
        || kind(actor_tenant) == TenantKind::Platform
}

/// Finds a tenant the context may see (itself or below), else `tenant_not_found`.
pub async fn get_visible(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
) -> Result<Tenant, TenancyError> {
    let target = by_id(db, id).await?;
    let visible = target.id == ctx.tenant_id
        || target.parent_id == Some(ctx.tenant_id)
        || ctx.tenant_kind == TenantKind::Platform;
    if visible {
        Ok(target)
    } else {
        Err(TenancyError::TenantNotFound)
    }
}

/// Input for creating a sub-tenant.
#[derive(Debug, Clone)]
pub struct NewTenant {
    /// Display name.
    pub name: String,
    /// Agency or customer.
    pub kind: TenantKind,
    /// Parent (defaults to the acting tenant).
    pub parent_id: Option<Uuid>,
    /// Plan code (defaults to `starter`).
    pub plan_code: Option<String>,
}

/// Creates an agency (platform only) or a customer (under the acting agency, or under the
/// platform or one of its agencies).
pub async fn create(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    input: NewTenant,
) -> Result<Tenant, TenancyError> {
    let name = crate::clean_name("name", &input.name)?;
    let parent = match input.parent_id {
        Some(p) => get_visible(db, ctx, p)
            .await
            .map_err(|_| TenancyError::invalid("parent_id", "no such tenant"))?,
        None => by_id(db, ctx.tenant_id).await?,
    };
    let parent_kind = kind(&parent);
    match (input.kind, parent_kind) {
        (TenantKind::Agency, TenantKind::Platform) => {}
        (TenantKind::Customer, TenantKind::Platform | TenantKind::Agency) => {}
        (TenantKind::Platform, _) => {
            return Err(TenancyError::invalid("kind", "must be agency or customer"));
        }
        (TenantKind::Agency, _) => {
            return Err(TenancyError::invalid(
                "kind",
                "agencies stand directly under the platform",
            ));
        }
        (TenantKind::Customer, TenantKind::Customer) => {
            return Err(TenancyError::invalid(
                "parent_id",
                "a customer cannot own tenants",
            ));
        }
    }
    if parent.status != ACTIVE {
        return Err(TenancyError::NotAllowed(
            "the parent tenant is suspended".into(),
        ));
    }
    let plan = plans::by_code(db, input.plan_code.as_deref().unwrap_or("starter"))
        .await
        .map_err(|_| TenancyError::invalid("plan_code", "no such plan"))?;
    let t = insert(db, Some(parent.id), input.kind, &name, plan.id).await?;
    audit::record(
        db,
        ctx,
        "tenant.created",
        "tenant",
        Some(t.id.to_string()),
        Some(serde_json::json!({ "name": t.name, "kind": t.kind, "parent_id": parent.id })),
    )
    .await?;
    Ok(t)
}

/// A customer tenant made by self-service registration (directly under the platform).
pub async fn create_self_service(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Tenant, TenancyError> {
    let name = crate::clean_name("company_name", name)?;
    let platform = Entity::find()
        .filter(Column::Kind.eq("platform"))
        .one(db)
        .await?
        .ok_or(TenancyError::TenantNotFound)?;
    let plan = plans::by_code(db, "starter").await?;
    insert(db, Some(platform.id), TenantKind::Customer, &name, plan.id).await
}

/// Filters for listing tenants.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Name contains (case-insensitive).
    pub q: Option<String>,
    /// Kind.
    pub kind: Option<TenantKind>,
    /// Status.
    pub status: Option<String>,
    /// Direct children of this tenant.
    pub parent_id: Option<Uuid>,
}

/// Lists tenants visible to the context (excluding itself), newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    filter: &Filter,
    page: &PageParams,
) -> Result<Page<Tenant>, TenancyError> {
    let mut q = Entity::find()
        .filter(Column::DeletedAt.is_null())
        .filter(Column::Id.ne(ctx.tenant_id));
    if ctx.tenant_kind != TenantKind::Platform {
        q = q.filter(Column::ParentId.eq(ctx.tenant_id));
    }
    if let Some(p) = filter.parent_id {
        q = q.filter(Column::ParentId.eq(p));
    }
    if let Some(k) = filter.kind {
        q = q.filter(Column::Kind.eq(k.as_str()));
    }
    if let Some(s) = &filter.status {
        q = q.filter(Column::Status.eq(s.as_str()));
    }
    if let Some(text) = filter.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q = q.filter(Column::Name.like(format!("%{}%", text.replace(['%', '_'], ""))));
    }
    let rows = switchboard_db::paged(q, Column::Id, page).all(db).await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// Lists tenants a member of `home` may switch to (itself first, then those below it).
pub async fn switchable(
    db: &impl ConnectionTrait,
    home: &Tenant,
    q: Option<&str>,
    page: &PageParams,
) -> Result<Page<Tenant>, TenancyError> {
    let mut sel = Entity::find().filter(Column::DeletedAt.is_null());
    if kind(home) != TenantKind::Platform {
        sel = sel.filter(Column::ParentId.eq(home.id).or(Column::Id.eq(home.id)));
    }
    if let Some(text) = q.map(str::trim).filter(|s| !s.is_empty()) {
        sel = sel.filter(Column::Name.like(format!("%{}%", text.replace(['%', '_'], ""))));
    }
    let rows = switchboard_db::paged(sel, Column::Id, page).all(db).await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// Changes name and/or plan of a visible tenant. Only a parent (or the platform) may change a
/// tenant's plan; a tenant may rename itself.
pub async fn update(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
    name: Option<&str>,
    plan_code: Option<&str>,
) -> Result<Tenant, TenancyError> {
    let t = get_visible(db, ctx, id).await?;
    let mut active = t.clone().into_active_model();
    if let Some(n) = name {
        active.name = Set(crate::clean_name("name", n)?);
    }
    if let Some(code) = plan_code {
        if t.id == ctx.tenant_id {
            return Err(TenancyError::NotAllowed(
                "a tenant cannot change its own plan".into(),
            ));
        }
        let plan = plans::by_code(db, code)
            .await
            .map_err(|_| TenancyError::invalid("plan_code", "no such plan"))?;
        active.plan_id = Set(plan.id);
    }
    active.updated_at = Set(now());
    let t = active.update(db).await?;
    audit::record(
        db,
        ctx,
        "tenant.updated",
        "tenant",
        Some(t.id.to_string()),
        Some(serde_json::json!({ "name": name, "plan_code": plan_code })),
    )
    .await?;
    Ok(t)
}

/// Sets the status of a tenant below the acting one (suspend, reactivate, delete).
pub async fn set_status(
    db: &impl ConnectionTrait,
    ctx: &TenantCtx,
    id: Uuid,
    status: &str,
) -> Result<Tenant, TenancyError> {
    let t = get_visible(db, ctx, id).await?;
    if t.id == ctx.tenant_id || kind(&t) == TenantKind::Platform {
        return Err(TenancyError::NotAllowed(
            "a tenant cannot change its own status".into(),
        ));
    }
    let mut active = t.into_active_model();
    active.status = Set(status.to_string());
    active.updated_at = Set(now());
    if status == DELETED {
        active.deleted_at = Set(Some(now()));
    }
    let t = active.update(db).await?;
    let action = match status {
        ACTIVE => "tenant.reactivated",
        SUSPENDED => "tenant.suspended",
        _ => "tenant.deleted",
    };
    audit::record(db, ctx, action, "tenant", Some(t.id.to_string()), None).await?;
    Ok(t)
}

/// Number of direct, non-deleted children.
pub async fn child_count(db: &impl ConnectionTrait, id: Uuid) -> Result<u64, TenancyError> {
    Ok(Entity::find()
        .filter(Column::ParentId.eq(id))
        .filter(Column::DeletedAt.is_null())
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe_and_unique_per_call() {
        let a = slugify("Acme Dental & Co.");
        assert!(a.starts_with("acme-dental-co-"), "{a}");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        assert_ne!(slugify("x"), slugify("x"));
        assert!(slugify("€€€").starts_with("t-"));
    }
}
