//! The Switchboard server: configuration, start-up (migrations, first administrator, demo data),
//! background housekeeping and the HTTP server. The binary's subcommands live in `main.rs`.

pub mod config;
pub mod demo;
pub mod jobs;
pub mod startup;
pub mod webbuild;

pub use startup::{Running, build, prepare};
