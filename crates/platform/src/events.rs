//! The live event bus: domain changes that dashboards show without a reload (a call finished,
//! a balance ran low). In one process it is a broadcast channel; across several server processes
//! the same events are to be relayed through PostgreSQL LISTEN/NOTIFY.

use serde::Serialize;
use tokio::sync::broadcast;
use uuid::Uuid;

/// One live event.
#[derive(Debug, Clone, Serialize)]
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
        Self { tx }
    }

    /// Publishes an event (nobody listening is fine).
    pub fn publish(&self, tenant_id: Uuid, kind: &str, resource_id: Uuid) {
        let _ = self.tx.send(LiveEvent {
            tenant_id,
            kind: kind.to_string(),
            resource_id,
        });
    }

    /// Subscribes to every event; filter by tenant on the receiving side.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}
