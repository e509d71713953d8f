//! Keyset pagination: opaque cursors and the page envelope. Ids are UUIDv7, so ordering by id
//! is ordering by creation time and one `(tenant_id, id)` index serves every list.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Default and maximum page sizes.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest page a client may ask for.
pub const MAX_LIMIT: u64 = 100;

/// A position in a list ordered by `id DESC` (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// Id of the last item seen.
    pub id: Uuid,
}

impl Cursor {
    /// Encodes the cursor as an opaque URL-safe string.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    /// Decodes a cursor made by [`Cursor::encode`]; `None` when it is not one.
    pub fn decode(s: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(s).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// Validated paging input.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageParams {
    /// Items per page, 1..=MAX_LIMIT.
    pub limit: u64,
    /// Where to continue from.
    pub after: Option<Cursor>,
}

impl PageParams {
    /// Builds params from raw query values; `Err` names the bad parameter.
    pub fn parse(limit: Option<u64>, cursor: Option<&str>) -> Result<Self, &'static str> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err("limit");
        }
        let after = match cursor {
            None | Some("") => None,
            Some(c) => Some(Cursor::decode(c).ok_or("cursor")?),
        };
        Ok(Self { limit, after })
    }
}

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items, newest first.
    pub items: Vec<T>,
    /// Cursor for the next page, when there is one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only signals that more exist.
    pub fn from_rows(mut rows: Vec<T>, limit: u64, key: impl Fn(&T) -> Uuid) -> Self {
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| Cursor { id: key(r) }.encode())
        } else {
            None
        };
        Self {
            items: rows,
            next_cursor,
        }
    }

    /// Maps the items, keeping the cursor.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_encoding() {
        let c = Cursor { id: Uuid::now_v7() };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("not-a-cursor"), None);
    }

    #[test]
    fn limits_outside_the_range_are_refused() {
        assert_eq!(PageParams::parse(Some(0), None).err(), Some("limit"));
        assert_eq!(PageParams::parse(Some(101), None).err(), Some("limit"));
        assert_eq!(PageParams::parse(None, Some("%%")).err(), Some("cursor"));
        assert_eq!(PageParams::parse(None, None).map(|p| p.limit), Ok(50));
    }

    #[test]
    fn an_extra_row_yields_a_next_cursor() {
        let rows: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let page = Page::from_rows(rows.clone(), 2, |r| *r);
        assert_eq!(page.items.len(), 2);
        let c = Cursor::decode(page.next_cursor.as_deref().unwrap_or("")).map(|c| c.id);
        assert_eq!(c, Some(rows[1]));
        let last = Page::from_rows(rows, 3, |r| *r);
        assert!(last.next_cursor.is_none());
    }
}
