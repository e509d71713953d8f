//! `switchboard`: `serve` (default), `migrate`, `openapi`, `demo`.

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};
use switchboard_server::config::Settings;
use switchboard_server::{demo, webbuild};

#[derive(Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Switchboard: AI voice and chat agents for businesses and agencies"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Start the platform: API, Swagger UI at /docs, the web app at / (default).
    Serve {
        /// Load the demo agency, customers and users first (idempotent).
        #[arg(long)]
        demo: bool,
    },
    /// Apply or inspect database migrations against DATABASE_URL.
    Migrate {
        /// up, down (one step), status or fresh (drop everything, then up).
        #[arg(default_value = "up")]
        action: String,
    },
    /// Print the OpenAPI document (or write it to a file).
    Openapi {
        /// Output file; standard output when absent.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Load the demo data and print the sign-in details.
    Demo,
}

fn init_tracing(s: Option<&Settings>) {
    let level = std::env::var("RUST_LOG")
        .ok()
        .or_else(|| s.map(|s| s.log.level.clone()))
        .unwrap_or_else(|| "info".into());
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if s.is_some_and(|s| s.log.format == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn print_demo(accounts: &[(String, String)]) {
    println!("\nDemo accounts (password: {}):", demo::PASSWORD);
    for (email, role) in accounts {
        println!("  {role:<15} {email}");
    }
    println!();
}

#[actix_web::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = Cli::parse();
    if let Some(Cmd::Openapi { out }) = &cli.command {
        let json = switchboard_api::openapi_document()
            .to_pretty_json()
            .unwrap_or_default()
            + "\n";
        match out {
            Some(path) => {
                if let Err(e) = std::fs::write(path, json) {
                    eprintln!("cannot write {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
            None => print!("{json}"),
        }
        return;
    }
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("switchboard: {e}");
            std::process::exit(2);
        }
    };
    init_tracing(Some(&settings));
    if let Err(e) = run(cli.command.unwrap_or(Cmd::Serve { demo: false }), settings).await {
        eprintln!("switchboard: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cmd: Cmd, settings: Settings) -> anyhow::Result<()> {
    match cmd {
        Cmd::Migrate { action } => {
            let db = switchboard_db::connect(&settings.database.url.0, 2).await?;
            match action.as_str() {
                "up" => Migrator::up(&db, None).await?,
                "down" => Migrator::down(&db, Some(1)).await?,
                "fresh" => Migrator::fresh(&db).await?,
                "status" => {
                    for m in Migrator::get_migration_with_status(&db).await? {
                        println!("{:<50} {}", m.name(), m.status());
                    }
                }
                other => {
                    anyhow::bail!("unknown migrate action {other:?}: use up, down, status or fresh")
                }
            }
            println!("migrate {action}: done");
        }
        Cmd::Demo => {
            let (state, _) = switchboard_server::prepare(&settings).await?;
            print_demo(&demo::load(&state).await?);
        }
        Cmd::Serve { demo: with_demo } => {
            if settings.web.build_on_start {
                let dist = if settings.web.dist_dir.is_empty() {
                    "web/dist".into()
                } else {
                    std::path::PathBuf::from(&settings.web.dist_dir)
                };
                if let Err(e) = webbuild::ensure_built(std::path::Path::new("web"), &dist) {
                    tracing::warn!("the web app could not be built ({e}); serving the API only");
                }
            }
            let running = switchboard_server::build(&settings).await?;
            if with_demo {
                print_demo(&demo::load(&running.state).await?);
            }
            let url = settings.public_url();
            println!("Switchboard is running: {url}  (API {url}/api/v1, Swagger UI {url}/docs)");
            let still_needed = !running.state.auth.has_platform_admin().await?;
            if let (Some(link), true) = (&running.setup_link, still_needed) {
                println!(
                    "No administrator yet. Create the first one here (link works once): {link}"
                );
            }
            running.server.await?;
        }
        Cmd::Openapi { .. } => {}
    }
    Ok(())
}
