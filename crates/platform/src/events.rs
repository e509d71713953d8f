//! The live event bus: domain changes that dashboards show without a reload (a call finished,
//! a balance ran low). In one process it is a broadcast channel; on PostgreSQL every event is also
//! relayed through `NOTIFY switchboard_events`, and each node re-broadcasts the events other nodes
//! published, so a dashboard connected to any node sees changes made on every node.

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

/// The PostgreSQL channel events travel on between nodes.
pub const CHANNEL: &str = "switchboard_events";

/// One live event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LiveEvent {
    /// Tenant the event belongs to; subscribers only see their tenant's.
    pub tenant_id: Uuid,
    /// `call.updated`, `credits.low`, ...
    pub kind: String,
    /// The id of the changed resource.
    pub resource_id: Uuid,
}

/// Publish/subscribe for live events. Slow subscribers miss old events rather than slowing
/// publishers (bounded buffer).
#[derive(Debug, Clone)]
pub struct Bus {
    tx: broadcast::Sender<LiveEvent>,
    relay: Option<mpsc::Sender<LiveEvent>>,
    node: Uuid,
}

#[derive(Serialize, Deserialize)]
struct Relayed {
    node: Uuid,
    event: LiveEvent,
}

impl Default for Bus {
    fn default() -> Self {
        Self::new()
    }
}

impl Bus {
    /// A bus keeping the last 1,024 events for slow subscribers.
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        Self {
            tx,
            relay: None,
            node: Uuid::now_v7(),
        }
    }

    /// A bus that also relays events to and from the other nodes on the same PostgreSQL
    /// database: notifications go out over `pool`, and one dedicated connection to `url` (outside
    /// the pool) listens. Must be called inside the Tokio runtime (it starts two tasks).
    pub fn with_postgres(pool: sqlx::PgPool, url: String) -> Self {
        let mut bus = Self::new();
        let (relay_tx, relay_rx) = mpsc::channel(4096);
        bus.relay = Some(relay_tx);
        tokio::spawn(notify_loop(pool.clone(), bus.node, relay_rx));
        tokio::spawn(listen_loop(url, bus.node, bus.tx.clone()));
        bus
    }

    /// Publishes an event (nobody listening is fine). Never blocks: when the relay falls behind
    /// by thousands of events, other nodes miss some (dashboards refetch on the next one).
    pub fn publish(&self, tenant_id: Uuid, kind: &str, resource_id: Uuid) {
        let event = LiveEvent {
            tenant_id,
            kind: kind.to_string(),
            resource_id,
        };
        if let Some(relay) = &self.relay
            && relay.try_send(event.clone()).is_err()
        {
            tracing::warn!("live event relay is full; an event stays on this node");
        }
        let _ = self.tx.send(event);
    }

    /// Subscribes to every event; filter by tenant on the receiving side.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}

async fn notify_loop(pool: sqlx::PgPool, node: Uuid, mut rx: mpsc::Receiver<LiveEvent>) {
    while let Some(event) = rx.recv().await {
        let payload = serde_json::to_string(&Relayed { node, event }).unwrap_or_default();
        if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&pool)
            .await
        {
            tracing::warn!(error = %e, "relaying a live event failed");
        }
    }
}

async fn listen_loop(url: String, node: Uuid, tx: broadcast::Sender<LiveEvent>) {
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect(&url).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "live event listener cannot connect; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "LISTEN failed; retrying");
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            continue;
        }
        loop {
            match listener.recv().await {
                Ok(n) => {
                    if let Ok(r) = serde_json::from_str::<Relayed>(n.payload())
                        && r.node != node
                    {
                        let _ = tx.send(r.event);
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "live event listener lost its connection");
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    break;
                }
            }
        }
    }
}
