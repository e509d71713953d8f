//! One routes file per area. Each handler extracts, calls one domain function, maps to a DTO.

pub mod admin;
pub mod agents;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod calls;
pub mod chats;
pub mod contacts;
pub mod credits;
pub mod health;
pub mod integrations;
pub mod invitations;
pub mod me;
pub mod media;
pub mod numbers;
pub mod plans;
pub mod public;
pub mod roles;
pub mod simulator;
pub mod tenant;
pub mod tenants;
pub mod twilio;
pub mod users;

use actix_web::HttpResponse;

/// 204 No Content.
pub(crate) fn no_content() -> HttpResponse {
    HttpResponse::NoContent().finish()
}
