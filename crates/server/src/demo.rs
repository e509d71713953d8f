//! Demo data: an agency with two customers and a person for every role, so the web app is not
//! empty on a first run. Idempotent: running it twice changes nothing.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use switchboard_api::AppState;
use switchboard_core::{Role, TenantCtx, TenantKind};
use switchboard_db::entity::tenant;
use switchboard_tenancy::tenants::{self, NewTenant};

/// The password of every demo account.
pub const PASSWORD: &str = "demo-switchboard-2026";

/// Who the demo creates: (email, name, role, tenant key).
pub const PEOPLE: &[(&str, &str, Role, &str)] = &[
    (
        "admin@demo.switchboard.local",
        "Pat Platform",
        Role::PlatformAdmin,
        "platform",
    ),
    (
        "support@demo.switchboard.local",
        "Sam Support",
        Role::Support,
        "platform",
    ),
    (
        "agency@demo.switchboard.local",
        "Ada Agency",
        Role::AgencyAdmin,
        "agency",
    ),
    (
        "admin@acme.demo.switchboard.local",
        "Alex Acme",
        Role::CustomerAdmin,
        "acme",
    ),
    (
        "user@acme.demo.switchboard.local",
        "Uma Acme",
        Role::CustomerUser,
        "acme",
    ),
    (
        "admin@bluebird.demo.switchboard.local",
        "Blake Bluebird",
        Role::CustomerAdmin,
        "bluebird",
    ),
    (
        "user@bluebird.demo.switchboard.local",
        "Bea Bluebird",
        Role::CustomerUser,
        "bluebird",
    ),
];

const AGENCY: &str = "Northwind Voice Agency";

async fn find_or_create(
    state: &AppState,
    ctx: &TenantCtx,
    name: &str,
    kind: TenantKind,
    plan: &str,
) -> anyhow::Result<tenant::Model> {
    if let Some(t) = tenant::Entity::find()
        .filter(tenant::Column::Name.eq(name))
        .filter(tenant::Column::DeletedAt.is_null())
        .one(&state.db)
        .await?
    {
        return Ok(t);
    }
    Ok(tenants::create(
        &state.db,
        ctx,
        NewTenant {
            name: name.into(),
            kind,
            parent_id: None,
            plan_code: Some(plan.into()),
        },
    )
    .await?)
}

/// Loads the demo data and returns the accounts as (email, role) for printing.
pub async fn load(state: &AppState) -> anyhow::Result<Vec<(String, String)>> {
    let platform_ctx = TenantCtx::system(state.platform_id, TenantKind::Platform);
    let agency = find_or_create(
        state,
        &platform_ctx,
        AGENCY,
        TenantKind::Agency,
        "enterprise",
    )
    .await?;
    let agency_ctx = TenantCtx::system(agency.id, TenantKind::Agency);
    let acme = find_or_create(
        state,
        &agency_ctx,
        "Acme Dental",
        TenantKind::Customer,
        "professional",
    )
    .await?;
    let bluebird = find_or_create(
        state,
        &agency_ctx,
        "Bluebird Plumbing",
        TenantKind::Customer,
        "starter",
    )
    .await?;
    // Demo customers get credits to call with (once, however often the demo loads).
    for t in [acme.id, bluebird.id] {
        switchboard_billing::ledger::apply(
            &state.db,
            t,
            switchboard_billing::ledger::EntryType::Bonus,
            100,
            &format!("demo:{t}"),
            "Demo credits",
            None,
        )
        .await?;
    }
    front_desk(state, acme.id).await?;
    let mut out = Vec::new();
    for (email, name, role, key) in PEOPLE {
        let tenant_id = match *key {
            "platform" => state.platform_id,
            "agency" => agency.id,
            "acme" => acme.id,
            _ => bluebird.id,
        };
        state
            .auth
            .provision_member(tenant_id, email, name, PASSWORD, *role)
            .await?;
        out.push((email.to_string(), role.name().to_string()));
    }
    Ok(out)
}

/// Acme's "Front desk" call agent (published) answering a free simulator number, so a simulated
/// call can be made straight away (Simulator in the web app).
async fn front_desk(state: &AppState, tenant_id: uuid::Uuid) -> anyhow::Result<()> {
    use switchboard_agents::agents::{self, Filter};
    use switchboard_agents::config::AgentConfig;
    let ctx = TenantCtx::system(tenant_id, TenantKind::Customer);
    let existing = agents::list(
        &state.db,
        &ctx,
        &Filter {
            q: Some("Front desk".into()),
            kind: None,
            status: None,
        },
        &switchboard_core::PageParams {
            limit: 1,
            after: None,
        },
    )
    .await?;
    if !existing.items.is_empty() {
        return Ok(());
    }
    let config = AgentConfig {
        first_message: "Hello, thanks for calling {{company}}. How can I help?".into(),
        variables: [("company".to_string(), "Acme Dental".to_string())].into(),
        ..Default::default()
    };
    let agent = agents::create(
        &state.db,
        &ctx,
        "Front desk",
        switchboard_agents::agents::AgentKind::Call,
        config,
    )
    .await?;
    agents::publish(&state.db, &ctx, agent.row.id, Some("demo".into())).await?;
    switchboard_telephony::numbers::request(
        &state.db,
        &ctx,
        &switchboard_telephony::numbers::NewNumber {
            carrier: "simulator".into(),
            phone_number: "+12125550123".into(),
            agent_id: Some(agent.row.id),
            friendly_name: Some("Acme main line".into()),
        },
    )
    .await?;
    state.job_wake.notify_one();
    Ok(())
}
