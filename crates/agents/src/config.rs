//! An agent's configuration: what a published version freezes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::{Validate, ValidationError};

/// Where the agent's calls run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Runtime {
    /// Switchboard's own voice runtime (speech recognition, the conversation engine, speech synthesis).
    #[default]
    Builtin,
    /// Delegated to ElevenLabs Conversational AI.
    Elevenlabs,
}

/// Languages the agent speaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
pub struct Languages {
    /// Main language as a BCP 47 tag, e.g. `en-US` or `de-AT`.
    #[validate(custom(function = "language_tag"))]
    pub primary: String,
    /// Further languages the agent may switch to.
    #[validate(
        length(max = 20, message = "at most 20 languages"),
        custom(function = "language_tags")
    )]
    #[serde(default)]
    pub allowed: Vec<String>,
}

/// The voice used for speech synthesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
pub struct Voice {
    /// Speech provider, e.g. `elevenlabs` or `offline`.
    #[validate(length(min = 1, max = 40, message = "1 to 40 characters"))]
    pub provider: String,
    /// The provider's voice id.
    #[validate(length(min = 1, max = 100, message = "1 to 100 characters"))]
    pub voice_id: String,
}

/// Language-model settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
pub struct LlmSettings {
    /// `openai_compatible` (OpenAI, Mistral, Groq, vLLM, Ollama ...) or `offline`.
    #[validate(length(min = 1, max = 40, message = "1 to 40 characters"))]
    pub provider: String,
    /// Model name, e.g. `gpt-4o-mini`.
    #[validate(length(min = 1, max = 100, message = "1 to 100 characters"))]
    pub model: String,
    /// Sampling temperature, 0 to 2.
    #[validate(range(min = 0.0, max = 2.0, message = "between 0 and 2"))]
    pub temperature: f32,
    /// Most tokens per reply, 1 to 32,000.
    #[validate(range(min = 1, max = 32000, message = "between 1 and 32000"))]
    pub max_tokens: u32,
}

/// Everything that defines how an agent behaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
pub struct AgentConfig {
    /// Languages.
    #[validate(nested)]
    pub languages: Languages,
    /// Voice (call agents).
    #[validate(nested)]
    pub voice: Voice,
    /// Instructions for the model; may use `{{variables}}` such as `{{contact.name}}`.
    #[validate(length(max = 20000, message = "at most 20000 characters"))]
    pub system_prompt: String,
    /// What the agent says first; may use `{{variables}}`.
    #[validate(length(max = 2000, message = "at most 2000 characters"))]
    pub first_message: String,
    /// Model settings.
    #[validate(nested)]
    pub llm: LlmSettings,
    /// Calls end after this many seconds (30 to 7200).
    #[validate(range(min = 30, max = 7200, message = "between 30 and 7200 seconds"))]
    pub max_call_duration_secs: u32,
    /// Whether calls are recorded.
    pub recording: bool,
    /// Knowledge bases the agent may consult.
    #[validate(length(max = 20, message = "at most 20 knowledge bases"))]
    #[serde(default)]
    pub knowledge_base_ids: Vec<Uuid>,
    /// Which runtime handles calls.
    #[serde(default)]
    pub runtime: Runtime,
    /// Default values for prompt variables, e.g. `{ "company": "Acme" }`.
    #[validate(custom(function = "variables"))]
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

impl Default for AgentConfig {
    fn default() -> Self {
        Self {
            languages: Languages {
                primary: "en-US".into(),
                allowed: vec![],
            },
            voice: Voice {
                provider: "offline".into(),
                voice_id: "default".into(),
            },
            system_prompt: "You are a friendly, concise assistant for {{company}}.".into(),
            first_message: "Hello, thanks for calling {{company}}. How can I help?".into(),
            llm: LlmSettings {
                provider: "offline".into(),
                model: "offline".into(),
                temperature: 0.7,
                max_tokens: 400,
            },
            max_call_duration_secs: 600,
            recording: true,
            knowledge_base_ids: vec![],
            runtime: Runtime::Builtin,
            variables: BTreeMap::from([("company".to_string(), "our company".to_string())]),
        }
    }
}

/// Checks a BCP 47 language tag of the common shapes: `en`, `en-US`, `es-419`, `zh-Hant-TW`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or_default();
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    parts.all(|p| {
        (p.len() == 2 && p.chars().all(|c| c.is_ascii_uppercase()))
            || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
            || (p.len() == 4
                && p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && p.chars().skip(1).all(|c| c.is_ascii_lowercase()))
    })
}

fn err(code: &'static str, message: &'static str) -> ValidationError {
    let mut e = ValidationError::new(code);
    e.message = Some(message.into());
    e
}

fn language_tag(tag: &str) -> Result<(), ValidationError> {
    if is_language_tag(tag) {
        Ok(())
    } else {
        Err(err("language_tag", "a language tag such as en-US or de-AT"))
    }
}

fn language_tags(tags: &[String]) -> Result<(), ValidationError> {
    tags.iter().try_for_each(|t| language_tag(t))
}

fn variables(v: &BTreeMap<String, String>) -> Result<(), ValidationError> {
    if v.len() > 50 {
        return Err(err("too_many", "at most 50 variables"));
    }
    let ok = v.iter().all(|(k, val)| {
        !k.is_empty()
            && k.len() <= 64
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            && val.len() <= 1000
    });
    if ok {
        Ok(())
    } else {
        Err(err(
            "variable",
            "names of letters, digits, _ or . (≤ 64), values ≤ 1000 characters",
        ))
    }
}

/// Replaces `{{name}}` with `values[name]`, leaving unknown variables as they are.
pub fn render(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = after[..end].trim();
                match values.get(key) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_of_common_shapes_are_accepted() {
        for ok in ["en", "en-US", "de-AT", "es-419", "zh-Hant-TW"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "EN-us", "english", "en_US", "en-usa"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn the_default_config_is_valid_and_bad_fields_are_named() {
        assert!(AgentConfig::default().validate().is_ok());
        let mut c = AgentConfig::default();
        c.llm.temperature = 3.0;
        c.languages.primary = "english".into();
        let e = crate::AgentError::from_validation(&c.validate().err().unwrap_or_default());
        let d = switchboard_core::ErrorCode::details(&e).unwrap_or_default();
        assert!(d["fields"]["llm.temperature"].is_array(), "{d}");
        assert!(d["fields"]["languages.primary"].is_array(), "{d}");
    }

    #[test]
    fn variables_are_rendered_and_unknown_ones_kept() {
        let v = BTreeMap::from([("contact.name".to_string(), "Ada".to_string())]);
        assert_eq!(
            render("Hi {{contact.name}}, {{ missing }}!", &v),
            "Hi Ada, {{ missing }}!"
        );
        assert_eq!(render("no vars {{", &v), "no vars {{");
    }
}
