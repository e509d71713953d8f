//! Persistence: sea-orm entities, the connection, and helpers shared by the domain crates.
//!
//! Tenant-owned tables are read through [`scoped`] so that a query cannot forget its tenant.

pub mod entity;

use sea_orm::{
    ColumnTrait, ConnectOptions, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Select,
    SqlErr,
};
use uuid::Uuid;

pub use sea_orm;

/// Which database engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// Opens a pool for `url` (`sqlite://path?mode=rwc` or `postgres://…`), creating the SQLite
/// file's folder when needed.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or_default();
        if let Some(dir) = std::path::Path::new(file).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(e.to_string()))?;
        }
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(std::time::Duration::from_secs(10))
        .acquire_timeout(std::time::Duration::from_secs(10))
        .sqlx_logging(false);
    let db = sea_orm::Database::connect(opts).await?;
    if backend(&db) == Backend::Sqlite {
        use sea_orm::ConnectionTrait;
        // WAL lets readers run beside the single writer; the busy timeout makes writers queue
        // instead of failing with SQLITE_BUSY; foreign keys are off by default in SQLite.
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA foreign_keys = ON",
            "PRAGMA synchronous = NORMAL",
        ] {
            db.execute_unprepared(pragma).await?;
        }
    }
    Ok(db)
}

/// The engine behind a connection.
pub fn backend(db: &DatabaseConnection) -> Backend {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// Starts a select on a tenant-owned entity, already filtered to `tenant_id`.
pub fn scoped<E>(tenant_id: Uuid) -> Select<E>
where
    E: EntityTrait,
    E::Column: TenantColumn,
{
    E::find().filter(<E::Column as TenantColumn>::tenant().eq(tenant_id))
}

/// Implemented by the column enum of every tenant-owned entity.
pub trait TenantColumn: ColumnTrait {
    /// The `tenant_id` column.
    fn tenant() -> Self;
}

/// True when `err` is a unique-constraint violation (same on SQLite and PostgreSQL).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Adds keyset paging (`id DESC`, `limit + 1` rows) to a select.
pub fn paged<E>(
    select: Select<E>,
    id_col: E::Column,
    params: &switchboard_core::PageParams,
) -> Select<E>
where
    E: EntityTrait,
{
    use sea_orm::{QueryOrder, QuerySelect};
    let mut s = select;
    if let Some(after) = params.after {
        s = s.filter(id_col.lt(after.id));
    }
    s.order_by_desc(id_col).limit(params.limit + 1)
}

/// Starts a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so it waits its turn under the busy timeout instead of failing with
/// `SQLITE_BUSY` when it reads first and another writer committed meanwhile; on PostgreSQL it is
/// a plain transaction.
pub async fn write_txn(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    match backend(db) {
        Backend::Sqlite => {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
        }
        Backend::Postgres => db.begin().await,
    }
}
