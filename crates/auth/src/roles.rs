//! Built-in roles and tenant-defined custom role templates.

use std::collections::BTreeSet;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use switchboard_core::{Permission, Role, TenantCtx, TenantKind, new_id, now};
use switchboard_db::entity::{custom_role, membership};
use switchboard_db::scoped;
use switchboard_platform::audit;
use uuid::Uuid;

use crate::{Auth, AuthError};

/// A custom role row.
pub type CustomRole = custom_role::Model;

/// Parses a stored comma-separated permission list (unknown names are dropped).
pub fn parse_permissions(s: &str) -> BTreeSet<Permission> {
    s.split(',')
        .filter_map(|p| Permission::parse(p.trim()))
        .collect()
}

/// Joins permissions for storage.
pub fn join_permissions(p: &BTreeSet<Permission>) -> String {
    p.iter().map(|p| p.name()).collect::<Vec<_>>().join(",")
}

/// Built-in roles a member of a tenant of `kind` can be given.
pub fn assignable(kind: TenantKind) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|r| r.tenant_kind() == kind)
        .collect()
}

/// Checks that a requested permission set is known and grantable: a principal may only hand out
/// permissions it holds itself, and platform-only permissions only on the platform tenant.
pub fn check_grantable(
    ctx: &TenantCtx,
    names: &[String],
    field: &'static str,
) -> Result<BTreeSet<Permission>, AuthError> {
    let mut out = BTreeSet::new();
    for n in names {
        let p = Permission::parse(n)
            .ok_or_else(|| AuthError::invalid(field, format!("unknown permission {n:?}")))?;
        if !ctx.can(p) {
            return Err(AuthError::invalid(
                field,
                format!("you cannot grant {n:?}: you do not hold it"),
            ));
        }
        if p.platform_only() && ctx.tenant_kind != TenantKind::Platform {
            return Err(AuthError::invalid(
                field,
                format!("{n:?} is reserved to the platform"),
            ));
        }
        out.insert(p);
    }
    Ok(out)
}

fn clean_role_name(name: &str) -> Result<String, AuthError> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 60 {
        return Err(AuthError::invalid("name", "must be 1 to 60 characters"));
    }
    if Role::parse(n).is_some() {
        return Err(AuthError::invalid("name", "is the name of a built-in role"));
    }
    Ok(n.to_string())
}

impl Auth {
    /// The acting tenant's custom roles, oldest first.
    pub async fn list_roles(&self, ctx: &TenantCtx) -> Result<Vec<CustomRole>, AuthError> {
        Ok(scoped::<custom_role::Entity>(ctx.tenant_id)
            .order_by_asc(custom_role::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// One custom role of the acting tenant.
    pub async fn get_role(&self, ctx: &TenantCtx, id: Uuid) -> Result<CustomRole, AuthError> {
        scoped::<custom_role::Entity>(ctx.tenant_id)
            .filter(custom_role::Column::Id.eq(id))
            .one(&self.db)
            .await?
            .ok_or(AuthError::RoleNotFound)
    }

    /// Creates a custom role template.
    pub async fn create_role(
        &self,
        ctx: &TenantCtx,
        name: &str,
        permissions: &[String],
    ) -> Result<CustomRole, AuthError> {
        let name = clean_role_name(name)?;
        let perms = check_grantable(ctx, permissions, "permissions")?;
        let row = custom_role::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(ctx.tenant_id),
            name: Set(name),
            permissions: Set(join_permissions(&perms)),
            created_at: Set(now()),
            updated_at: Set(now()),
        };
        let role = custom_role::Entity::insert(row)
            .exec_with_returning(&self.db)
            .await
            .map_err(|e| {
                if switchboard_db::is_unique_violation(&e) {
                    AuthError::RoleNameTaken
                } else {
                    e.into()
                }
            })?;
        audit::record(
            &self.db,
            ctx,
            "role.created",
            "role",
            Some(role.id.to_string()),
            Some(serde_json::json!({ "name": role.name, "permissions": role.permissions })),
        )
        .await?;
        Ok(role)
    }

    /// Renames a custom role or changes its permissions (members holding it change at once).
    pub async fn update_role(
        &self,
        ctx: &TenantCtx,
        id: Uuid,
        name: Option<&str>,
        permissions: Option<&[String]>,
    ) -> Result<CustomRole, AuthError> {
        let role = self.get_role(ctx, id).await?;
        let mut active = role.into_active_model();
        if let Some(n) = name {
            active.name = Set(clean_role_name(n)?);
        }
        if let Some(p) = permissions {
            active.permissions = Set(join_permissions(&check_grantable(ctx, p, "permissions")?));
        }
        active.updated_at = Set(now());
        let role = active.update(&self.db).await.map_err(|e| {
            if switchboard_db::is_unique_violation(&e) {
                AuthError::RoleNameTaken
            } else {
                e.into()
            }
        })?;
        audit::record(
            &self.db,
            ctx,
            "role.updated",
            "role",
            Some(role.id.to_string()),
            Some(serde_json::json!({ "name": role.name, "permissions": role.permissions })),
        )
        .await?;
        Ok(role)
    }

    /// Deletes a custom role that no member holds.
    pub async fn delete_role(&self, ctx: &TenantCtx, id: Uuid) -> Result<(), AuthError> {
        let role = self.get_role(ctx, id).await?;
        let holders = scoped::<membership::Entity>(ctx.tenant_id)
            .filter(membership::Column::CustomRoleId.eq(id))
            .count(&self.db)
            .await?;
        if holders > 0 {
            return Err(AuthError::invalid(
                "id",
                format!("{holders} member(s) still hold this role"),
            ));
        }
        custom_role::Entity::delete_by_id(role.id)
            .exec(&self.db)
            .await?;
        audit::record(
            &self.db,
            ctx,
            "role.deleted",
            "role",
            Some(role.id.to_string()),
            Some(serde_json::json!({ "name": role.name })),
        )
        .await?;
        Ok(())
    }

    /// Validates a role assignment (built-in name or custom role id) for the acting tenant.
    pub(crate) async fn check_assignment(
        &self,
        ctx: &TenantCtx,
        role: Option<&str>,
        custom_role_id: Option<Uuid>,
    ) -> Result<(Option<Role>, Option<Uuid>), AuthError> {
        match (role, custom_role_id) {
            (_, Some(id)) => {
                let r = self
                    .get_role(ctx, id)
                    .await
                    .map_err(|_| AuthError::invalid("custom_role_id", "no such role"))?;
                Ok((None, Some(r.id)))
            }
            (Some(name), None) => {
                let r = Role::parse(name)
                    .ok_or_else(|| AuthError::invalid("role", format!("unknown role {name:?}")))?;
                if !assignable(ctx.tenant_kind).contains(&r) {
                    return Err(AuthError::invalid(
                        "role",
                        format!(
                            "{name} cannot be given in a {} tenant",
                            ctx.tenant_kind.as_str()
                        ),
                    ));
                }
                if !r.permissions().iter().all(|p| ctx.can(*p)) {
                    return Err(AuthError::invalid(
                        "role",
                        "you cannot give a role with more rights than yours",
                    ));
                }
                Ok((Some(r), None))
            }
            (None, None) => Err(AuthError::invalid(
                "role",
                "give a role or a custom_role_id",
            )),
        }
    }
}
