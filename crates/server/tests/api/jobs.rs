//! The durable job queue on the real database: one claimer wins, leases expire to another node,
//! failures back off and end.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use switchboard_db::entity::job;
use switchboard_platform::jobs::{self, NewJob, status};
use switchboard_test_support::spawn_app;

#[actix_web::test]
async fn one_claimer_wins_leases_expire_and_failures_back_off_then_stop() {
    let app = spawn_app().await;
    let db = &app.state.db;
    let kind = "test.noop"; // no worker of the server runs this kind
    let j = jobs::enqueue(
        db,
        NewJob {
            tenant_id: None,
            kind,
            payload: serde_json::json!({}),
            max_attempts: 2,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));

    let claims = futures_claims(db, kind).await;
    assert_eq!(
        claims.iter().filter(|c| c.is_some()).count(),
        1,
        "{claims:?}"
    );
    let (winner, claimed) = claims
        .into_iter()
        .enumerate()
        .find_map(|(i, c)| c.map(|c| (format!("w{i}"), c)))
        .unwrap_or_else(|| panic!("nobody claimed"));
    assert_eq!((claimed.id, claimed.attempts), (j.id, 1));
    assert!(
        !jobs::progress(db, j.id, "someone-else", &serde_json::json!({ "n": 1 }))
            .await
            .unwrap_or(true)
    );
    assert!(
        jobs::progress(db, j.id, &winner, &serde_json::json!({ "n": 1 }))
            .await
            .unwrap_or(false)
    );

    // The winner's node dies: once its lease runs out another node takes the job.
    job::Entity::update_many()
        .col_expr(
            job::Column::LockedUntil,
            Expr::value(Some(switchboard_core::now() - chrono::Duration::seconds(1))),
        )
        .filter(job::Column::Id.eq(j.id))
        .exec(db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let again = jobs::claim(db, "w-late", &[kind])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("the expired job was not taken again"));
    assert_eq!(again.attempts, 2);
    // The old owner can no longer report or finish it.
    assert!(
        !jobs::progress(db, j.id, &winner, &serde_json::json!({}))
            .await
            .unwrap_or(true)
    );

    // First failure of a 3-attempt job backs off; the last attempt's failure is final.
    let k = jobs::enqueue(
        db,
        NewJob {
            tenant_id: None,
            kind,
            payload: serde_json::json!({}),
            max_attempts: 3,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let _ = jobs::claim(db, "w", &[kind]).await;
    let k1 = job::Entity::find_by_id(k.id).one(db).await.ok().flatten();
    let k1 = k1.unwrap_or_else(|| panic!("gone"));
    jobs::fail(db, &k1, "w", "boom", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let k2 = job::Entity::find_by_id(k.id)
        .one(db)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!(k2.status, status::QUEUED);
    assert!(k2.run_at > switchboard_core::now() + chrono::Duration::seconds(20));
    assert_eq!(k2.last_error.as_deref(), Some("boom"));
    // Not due yet: nobody gets it (only the expired job above is left, and it is running).
    assert!(
        jobs::claim(db, "w", &[kind])
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );
    jobs::fail(db, &again, "w-late", "no retry helps", false)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ended = job::Entity::find_by_id(j.id)
        .one(db)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!(ended.status, status::FAILED);
    assert!(ended.finished_at.is_some());
}

async fn futures_claims(
    db: &sea_orm::DatabaseConnection,
    kind: &'static str,
) -> Vec<Option<job::Model>> {
    let mut set = tokio::task::JoinSet::new();
    for i in 0..8 {
        let db = db.clone();
        set.spawn(async move {
            (
                i,
                jobs::claim(&db, &format!("w{i}"), &[kind])
                    .await
                    .unwrap_or_else(|e| panic!("{e}")),
            )
        });
    }
    let mut out = vec![None; 8];
    while let Some(r) = set.join_next().await {
        let (i, c) = r.unwrap_or_else(|e| panic!("{e}"));
        out[i] = c;
    }
    out
}
