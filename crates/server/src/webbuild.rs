//! Builds the web app before serving when it is missing or older than its sources, so that one
//! command starts everything on a fresh checkout. Progress goes to the terminal.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

fn newest(dir: &Path) -> Option<SystemTime> {
    let mut best: Option<SystemTime> = None;
    let entries = std::fs::read_dir(dir).ok()?;
    for e in entries.flatten() {
        let p = e.path();
        let t = if p.is_dir() {
            newest(&p)
        } else {
            e.metadata().ok().and_then(|m| m.modified().ok())
        };
        best = best.max(t);
    }
    best
}

/// Whether `web/dist` needs (re)building.
pub fn stale(web: &Path, dist: &Path) -> bool {
    let built = std::fs::metadata(dist.join("index.html"))
        .and_then(|m| m.modified())
        .ok();
    let Some(built) = built else { return true };
    let sources = [
        web.join("src"),
        web.join("index.html"),
        web.join("package.json"),
        web.join("../openapi/openapi.json"),
    ];
    sources
        .iter()
        .filter_map(|p| {
            if p.is_dir() {
                newest(p)
            } else {
                std::fs::metadata(p).and_then(|m| m.modified()).ok()
            }
        })
        .any(|t| t > built)
}

/// Runs `npm ci` (when `node_modules` is missing) and `npm run build` in `web/`.
pub fn ensure_built(web: &Path, dist: &Path) -> Result<(), String> {
    if !web.join("package.json").is_file() || !stale(web, dist) {
        return Ok(());
    }
    let run = |args: &[&str]| -> Result<(), String> {
        eprintln!("» web: npm {}", args.join(" "));
        let status = Command::new("npm")
            .args(args)
            .current_dir(web)
            .status()
            .map_err(|e| {
                format!(
                    "cannot run npm ({e}); install Node.js 20+ or set web.build_on_start = false"
                )
            })?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("npm {} failed ({status})", args.join(" ")))
        }
    };
    if !web.join("node_modules").is_dir() {
        run(&["ci", "--no-audit", "--no-fund"])?;
    }
    run(&["run", "build"])?;
    eprintln!("» web: built into {}", dist.display());
    Ok(())
}
