//! Serves the built web app from `web/dist`, answering unknown non-API paths with `index.html`
//! so client-side routes survive a reload.

use actix_web::dev::{ServiceFactory, ServiceRequest};
use actix_web::{App, HttpRequest, HttpResponse, web};

/// Mounts the web app (or a short notice when it is not built) at `/`.
pub fn mount<T>(app: App<T>, dist: Option<std::path::PathBuf>) -> App<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    match dist.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => {
            let index = dir.join("index.html");
            app.service(
                actix_files::Files::new("/", dir)
                    .index_file("index.html")
                    .use_etag(true)
                    .default_handler(web::to(move |req: HttpRequest| {
                        let index = index.clone();
                        async move { spa_fallback(req, &index).await }
                    })),
            )
        }
        None => app.default_service(web::to(|| async {
            HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .body("The web app is not built. Run `cargo run` from the repository (it builds web/ first), or `just web`.\nThe API is at /api/v1 and its documentation at /docs.\n")
        })),
    }
}

async fn spa_fallback(req: HttpRequest, index: &std::path::Path) -> HttpResponse {
    let path = req.path();
    if path.starts_with("/api/")
        || path.starts_with("/webhooks/")
        || path.starts_with("/media/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
    {
        return HttpResponse::NotFound().finish();
    }
    match actix_files::NamedFile::open(index) {
        Ok(f) => f.into_response(&req),
        Err(_) => HttpResponse::NotFound().finish(),
    }
}
