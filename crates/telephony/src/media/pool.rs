//! The threads calls run on. A media session wakes every 20 ms for the whole call; on the web
//! server's workers (one single-threaded event loop each, shared with every API request) a burst
//! of requests or many sessions landing on one worker delay frames. Sessions therefore run on a
//! work-stealing pool of their own, and only the websocket's reading stays on the web worker that
//! accepted it. The pool lives on a thread of its own and stops when the last handle is dropped.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::oneshot;

struct Stop(Option<oneshot::Sender<()>>);

impl Drop for Stop {
    fn drop(&mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(());
        }
    }
}

/// A handle to the media pool (cheap to clone).
#[derive(Clone)]
pub struct MediaPool {
    handle: tokio::runtime::Handle,
    threads: usize,
    _stop: Arc<Stop>,
}

impl std::fmt::Debug for MediaPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaPool")
            .field("threads", &self.threads)
            .finish()
    }
}

impl MediaPool {
    /// Starts a pool of `threads` workers (0: one per core).
    pub fn start(threads: usize) -> std::io::Result<Self> {
        let threads = if threads == 0 {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            threads
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("media")
            .enable_all()
            .build()?;
        let handle = rt.handle().clone();
        let (tx, rx) = oneshot::channel::<()>();
        // The runtime is owned and dropped by this thread, never inside async code.
        std::thread::Builder::new()
            .name("media-pool".into())
            .spawn(move || {
                rt.block_on(async {
                    let _ = rx.await;
                });
                rt.shutdown_background();
            })?;
        Ok(Self {
            handle,
            threads,
            _stop: Arc::new(Stop(Some(tx))),
        })
    }

    /// Worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `f` on the pool.
    pub fn spawn<F>(&self, f: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.handle.spawn(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_tasks_on_its_own_threads_and_stops_when_dropped() {
        let pool = MediaPool::start(2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pool.threads(), 2);
        let name = pool
            .spawn(async { std::thread::current().name().map(String::from) })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name.as_deref(), Some("media"));
        let handle = pool.handle.clone();
        drop(pool);
        // The pool shuts down: tasks spawned afterwards never complete.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let h = handle.spawn(async {});
            match tokio::time::timeout(std::time::Duration::from_millis(50), h).await {
                Ok(Err(e)) if e.is_cancelled() => break,
                _ if std::time::Instant::now() > deadline => panic!("the pool is still running"),
                _ => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            }
        }
    }
}
