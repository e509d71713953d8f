//! Outgoing email. Every message is first written to the outbox table, so nothing is ever
//! silently dropped: with SMTP configured it is then delivered (status `sent` or `failed`), without
//! SMTP it stays `kept` and platform admins read it in the web app.

use std::sync::Arc;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, IntoActiveModel,
};
use switchboard_core::{Page, PageParams, new_id, now};
use switchboard_db::entity::email_outbox::{self, Column, Entity};
use uuid::Uuid;

use crate::PlatformError;

/// SMTP settings (from the `email` config section).
#[derive(Clone)]
pub struct SmtpConfig {
    /// Server host name.
    pub host: String,
    /// Port (587 STARTTLS, 465 TLS, 25/1025 plain for local relays).
    pub port: u16,
    /// `starttls`, `tls` or `none`.
    pub security: String,
    /// Login, when the server needs one.
    pub username: Option<String>,
    /// Password (never printed).
    pub password: Option<String>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// A message to send.
#[derive(Debug, Clone)]
pub struct Email {
    /// Tenant the message concerns, if any.
    pub tenant_id: Option<Uuid>,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body (always present).
    pub body_text: String,
    /// HTML body.
    pub body_html: Option<String>,
    /// What the message is (`verify_email`, `password_reset`, `invitation`, ...).
    pub kind: &'static str,
}

/// Sends email through the outbox.
#[derive(Clone)]
pub struct Mailer {
    from: String,
    smtp: Option<Arc<AsyncSmtpTransport<Tokio1Executor>>>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from)
            .field("smtp", &self.smtp.is_some())
            .finish()
    }
}

impl Mailer {
    /// A mailer that keeps every message in the outbox.
    pub fn outbox_only(from: impl Into<String>) -> Self {
        Self {
            from: from.into(),
            smtp: None,
        }
    }

    /// A mailer that delivers over SMTP (and still records every message in the outbox).
    pub fn smtp(from: impl Into<String>, cfg: &SmtpConfig) -> Result<Self, String> {
        let builder = match cfg.security.as_str() {
            "tls" => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host).map_err(|e| e.to_string())?
            }
            "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)
                .map_err(|e| e.to_string())?,
            "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host),
            other => return Err(format!("email.smtp_security: unknown value {other:?}")),
        };
        let mut builder = builder.port(cfg.port);
        if let (Some(u), Some(p)) = (&cfg.username, &cfg.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        let from = from.into();
        from.parse::<Mailbox>()
            .map_err(|e| format!("email.from: {e}"))?;
        Ok(Self {
            from,
            smtp: Some(Arc::new(builder.build())),
        })
    }

    /// Whether SMTP delivery is configured.
    pub fn delivers(&self) -> bool {
        self.smtp.is_some()
    }

    /// Records the message in the outbox, then delivers it when SMTP is configured. Delivery
    /// failures are recorded on the outbox row, not returned: the request that caused the email
    /// has already succeeded.
    pub async fn send(&self, db: &DatabaseConnection, email: Email) -> Result<Uuid, PlatformError> {
        let id = new_id();
        let row = email_outbox::ActiveModel {
            id: Set(id),
            tenant_id: Set(email.tenant_id),
            to_email: Set(email.to.clone()),
            subject: Set(email.subject.clone()),
            body_text: Set(email.body_text.clone()),
            body_html: Set(email.body_html.clone()),
            kind: Set(email.kind.to_string()),
            status: Set(if self.smtp.is_some() {
                "queued"
            } else {
                "kept"
            }
            .to_string()),
            error: Set(None),
            attempts: Set(0),
            created_at: Set(now()),
            sent_at: Set(None),
        };
        let model = Entity::insert(row).exec_with_returning(db).await?;
        if let Some(smtp) = &self.smtp {
            let result = self.deliver(smtp, &email).await;
            let mut active = model.into_active_model();
            active.attempts = Set(1);
            match result {
                Ok(()) => {
                    active.status = Set("sent".into());
                    active.sent_at = Set(Some(now()));
                }
                Err(e) => {
                    tracing::warn!(outbox_id = %id, error = %e, "email delivery failed");
                    active.status = Set("failed".into());
                    active.error = Set(Some(e));
                }
            }
            active.update(db).await?;
        }
        Ok(id)
    }

    async fn deliver(
        &self,
        smtp: &AsyncSmtpTransport<Tokio1Executor>,
        email: &Email,
    ) -> Result<(), String> {
        let from: Mailbox = self.from.parse().map_err(|e| format!("from: {e}"))?;
        let to: Mailbox = email.to.parse().map_err(|e| format!("to: {e}"))?;
        let builder = Message::builder()
            .from(from)
            .to(to)
            .subject(email.subject.clone());
        let msg = match &email.body_html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                email.body_text.clone(),
                html.clone(),
            )),
            None => builder.body(email.body_text.clone()),
        }
        .map_err(|e| e.to_string())?;
        smtp.send(msg).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// One outbox message.
pub type OutboxMessage = email_outbox::Model;

/// Lists outbox messages, newest first (platform-wide; platform admins only).
pub async fn list(
    db: &DatabaseConnection,
    page: &PageParams,
) -> Result<Page<OutboxMessage>, PlatformError> {
    let rows = switchboard_db::paged(Entity::find(), Column::Id, page)
        .all(db)
        .await?;
    Ok(Page::from_rows(rows, page.limit, |r| r.id))
}

/// Reads one outbox message.
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<OutboxMessage, PlatformError> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(PlatformError::NotFound)
}
