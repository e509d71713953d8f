//! Team members of a tenant: list, change role, suspend, remove. Seats are counted here.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter,
};
use switchboard_core::{Page, PageParams, TenantCtx};
use switchboard_db::entity::{membership, user};
use switchboard_db::scoped;
use switchboard_platform::audit;
use uuid::Uuid;

use crate::{Auth, AuthError, sessions, users::User};

/// Membership is active.
pub const ACTIVE: &str = "active";
/// Membership is suspended: the member cannot act on the tenant.
pub const SUSPENDED: &str = "suspended";

/// A member as listed: the membership, the user, and the role's display label.
#[derive(Debug, Clone)]
pub struct Member {
    /// Membership row.
    pub membership: membership::Model,
    /// The person.
    pub user: User,
    /// Built-in role name or custom role name.
    pub role_label: String,
}

/// Seats in use: members plus pending invitations.
pub async fn seats_used(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<u64, AuthError> {
    let members = scoped::<membership::Entity>(tenant_id).count(db).await?;
    let pending = crate::invitations::pending_count(db, tenant_id).await?;
    Ok(members + pending)
}

/// A change to a membership.
#[derive(Debug, Clone, Default)]
pub struct MemberChange {
    /// New built-in role.
    pub role: Option<String>,
    /// New custom role.
    pub custom_role_id: Option<Uuid>,
    /// `active` or `suspended`.
    pub status: Option<String>,
}

impl Auth {
    async fn to_member(&self, m: membership::Model) -> Result<Member, AuthError> {
        let user = user::Entity::find_by_id(m.user_id)
            .one(&self.db)
            .await?
            .ok_or(AuthError::UserNotFound)?;
        let role_label = self
            .effective_role(&m)
            .await
            .map(|r| r.label)
            .unwrap_or_default();
        Ok(Member {
            membership: m,
            user,
            role_label,
        })
    }

    /// The acting tenant's members, newest first.
    pub async fn list_members(
        &self,
        ctx: &TenantCtx,
        page: &PageParams,
    ) -> Result<Page<Member>, AuthError> {
        let rows = switchboard_db::paged(
            scoped::<membership::Entity>(ctx.tenant_id),
            membership::Column::Id,
            page,
        )
        .all(&self.db)
        .await?;
        let page = Page::from_rows(rows, page.limit, |r| r.id);
        let mut items = Vec::with_capacity(page.items.len());
        for m in page.items {
            items.push(self.to_member(m).await?);
        }
        Ok(Page {
            items,
            next_cursor: page.next_cursor,
        })
    }

    async fn find_membership(
        &self,
        ctx: &TenantCtx,
        user_id: Uuid,
    ) -> Result<membership::Model, AuthError> {
        scoped::<membership::Entity>(ctx.tenant_id)
            .filter(membership::Column::UserId.eq(user_id))
            .one(&self.db)
            .await?
            .ok_or(AuthError::UserNotFound)
    }

    /// One member of the acting tenant, by user id.
    pub async fn get_member(&self, ctx: &TenantCtx, user_id: Uuid) -> Result<Member, AuthError> {
        let m = self.find_membership(ctx, user_id).await?;
        self.to_member(m).await
    }

    /// Changes a member's role or status. Suspension ends the member's sessions at once.
    pub async fn update_member(
        &self,
        ctx: &TenantCtx,
        user_id: Uuid,
        change: MemberChange,
    ) -> Result<Member, AuthError> {
        let m = self.find_membership(ctx, user_id).await?;
        if ctx.user_id() == Some(user_id) {
            return Err(AuthError::Forbidden(
                "you cannot change your own role or status".into(),
            ));
        }
        let mut active = m.into_active_model();
        if change.role.is_some() || change.custom_role_id.is_some() {
            let (role, custom) = self
                .check_assignment(ctx, change.role.as_deref(), change.custom_role_id)
                .await?;
            active.role = Set(role.map(|r| r.name().to_string()));
            active.custom_role_id = Set(custom);
        }
        let mut suspended = false;
        if let Some(s) = change.status.as_deref() {
            if s != ACTIVE && s != SUSPENDED {
                return Err(AuthError::invalid("status", "must be active or suspended"));
            }
            suspended = s == SUSPENDED;
            active.status = Set(s.to_string());
        }
        let m = active.update(&self.db).await?;
        if suspended {
            sessions::revoke_user(&self.db, user_id).await?;
        }
        audit::record(&self.db, ctx, if suspended { "member.suspended" } else { "member.updated" }, "user", Some(user_id.to_string()),
            Some(serde_json::json!({ "role": change.role, "custom_role_id": change.custom_role_id, "status": change.status }))).await?;
        self.to_member(m).await
    }

    /// Removes a member from the acting tenant (the account stays) and ends their sessions.
    pub async fn remove_member(&self, ctx: &TenantCtx, user_id: Uuid) -> Result<(), AuthError> {
        let m = self.find_membership(ctx, user_id).await?;
        if ctx.user_id() == Some(user_id) {
            return Err(AuthError::Forbidden("you cannot remove yourself".into()));
        }
        membership::Entity::delete_by_id(m.id)
            .exec(&self.db)
            .await?;
        sessions::revoke_user(&self.db, user_id).await?;
        audit::record(
            &self.db,
            ctx,
            "member.removed",
            "user",
            Some(user_id.to_string()),
            None,
        )
        .await?;
        Ok(())
    }
}
