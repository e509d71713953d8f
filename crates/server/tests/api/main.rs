//! API integration tests: the real app on a fresh database per test (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` is set). One binary with modules keeps link time down.

mod access_matrix;
mod agents;
mod api_keys;
mod audit;
mod auth_flows;
mod chats;
mod contacts;
mod contract;
mod credits;
mod elevenlabs;
mod elevenlabs_sync;
mod errors;
mod jobs;
mod live_nodes;
mod numbers;
mod simulator;
mod team;
mod tenancy;
mod twilio;
