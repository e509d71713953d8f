//! Foundation schema: plans, tenants, branding, domains, users, memberships, custom roles,
//! sessions, API keys, invitations, one-time tokens, sign-in throttling, audit log, email outbox,
//! system settings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn ts(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone(name)
}

fn ts_null(name: &'static str) -> ColumnDef {
    timestamp_with_time_zone_null(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("plans")
                .col(pk_uuid("id"))
                .col(string_uniq("code"))
                .col(string("name"))
                .col(boolean("builtin"))
                .col(integer("max_agents"))
                .col(integer("max_phone_numbers"))
                .col(integer("max_concurrent_calls"))
                .col(integer("included_minutes"))
                .col(integer("knowledge_storage_mb"))
                .col(integer("max_seats"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("tenants")
                .col(pk_uuid("id"))
                .col(uuid_null("parent_id"))
                .col(string("kind"))
                .col(string("name"))
                .col(string_uniq("slug"))
                .col(string("status"))
                .col(uuid("plan_id"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .col(ts_null("deleted_at"))
                .foreign_key(&mut fk("tenants", "parent_id", "tenants"))
                .foreign_key(&mut fk("tenants", "plan_id", "plans"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("tenants", &["parent_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("tenant_branding")
                .col(pk_uuid("tenant_id"))
                .col(string_null("app_name"))
                .col(string_null("logo_url"))
                .col(string_null("primary_color"))
                .col(string_null("support_email"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("tenant_branding", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("tenant_domains")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string_uniq("domain"))
                .col(string("verification_token"))
                .col(ts_null("verified_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("tenant_domains", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("tenant_domains", &["tenant_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("users")
                .col(pk_uuid("id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(ts_null("email_verified_at"))
                .col(string("status"))
                .col(ts("password_changed_at"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("custom_roles")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("name"))
                .col(text("permissions"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("custom_roles", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("custom_roles", &["tenant_id", "name"], true))
            .await?;

        m.create_table(
            Table::create()
                .table("memberships")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(string_null("role"))
                .col(uuid_null("custom_role_id"))
                .col(string("status"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("memberships", "tenant_id", "tenants"))
                .foreign_key(&mut fk("memberships", "user_id", "users"))
                .foreign_key(&mut fk("memberships", "custom_role_id", "custom_roles"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("memberships", &["tenant_id", "user_id"], true))
            .await?;
        m.create_index(index("memberships", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key().take())
                .col(uuid_null("user_id"))
                .col(uuid_null("tenant_id"))
                .col(text("state"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["user_id"], false))
            .await?;
        m.create_index(index("sessions", &["tenant_id"], false))
            .await?;
        m.create_index(index("sessions", &["expires_at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("api_keys")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("name"))
                .col(string_uniq("prefix"))
                .col(string("secret_hash"))
                .col(text("scopes"))
                .col(uuid_null("created_by"))
                .col(ts_null("last_used_at"))
                .col(ts_null("expires_at"))
                .col(ts_null("revoked_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("api_keys", "tenant_id", "tenants"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("api_keys", &["tenant_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("invitations")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("email"))
                .col(string_null("role"))
                .col(uuid_null("custom_role_id"))
                .col(string_uniq("token_hash"))
                .col(uuid_null("invited_by"))
                .col(ts("expires_at"))
                .col(ts_null("accepted_at"))
                .col(ts_null("revoked_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("invitations", "tenant_id", "tenants"))
                .foreign_key(&mut fk("invitations", "custom_role_id", "custom_roles"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("invitations", &["tenant_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("used_tokens")
                .col(string("jti").primary_key().take())
                .col(string("purpose"))
                .col(ts("used_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("login_attempts")
                .col(pk_uuid("id"))
                .col(string("key"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_attempts", &["key", "created_at"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("audit_log")
                .col(pk_uuid("id"))
                .col(uuid("tenant_id"))
                .col(string("actor_type"))
                .col(uuid_null("actor_id"))
                .col(string("actor_label"))
                .col(string("action"))
                .col(string("resource_type"))
                .col(string_null("resource_id"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .col(text_null("details"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", &["tenant_id", "id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("email_outbox")
                .col(pk_uuid("id"))
                .col(uuid_null("tenant_id"))
                .col(string("to_email"))
                .col(string("subject"))
                .col(text("body_text"))
                .col(text_null("body_html"))
                .col(string("kind"))
                .col(string("status"))
                .col(text_null("error"))
                .col(integer("attempts"))
                .col(ts("created_at"))
                .col(ts_null("sent_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("system_settings")
                .col(string("key").primary_key().take())
                .col(text("value"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "system_settings",
            "email_outbox",
            "audit_log",
            "login_attempts",
            "used_tokens",
            "invitations",
            "api_keys",
            "sessions",
            "memberships",
            "custom_roles",
            "users",
            "tenant_domains",
            "tenant_branding",
            "tenants",
            "plans",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
