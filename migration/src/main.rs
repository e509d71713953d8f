//! `migration` binary: `up`, `down`, `status`, `fresh` against `DATABASE_URL`.

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::Database;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("migration failed: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "sqlite://data/switchboard.db?mode=rwc".to_string());
    if let Some(path) = url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or_default();
        if let Some(dir) = std::path::Path::new(file).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
    }
    let db = Database::connect(&url).await?;
    let cmd = std::env::args().nth(1).unwrap_or_else(|| "up".into());
    match cmd.as_str() {
        "up" => Migrator::up(&db, None).await?,
        "down" => Migrator::down(&db, Some(1)).await?,
        "fresh" => Migrator::fresh(&db).await?,
        "status" => {
            for m in Migrator::get_migration_with_status(&db).await? {
                println!("{:<50} {}", m.name(), m.status());
            }
        }
        other => {
            return Err(format!("unknown command {other:?}: use up, down, status or fresh").into());
        }
    }
    println!("migration {cmd}: ok");
    Ok(())
}
