//! The built-in simulated carrier: numbers are free and never leave the installation (US/Canada
//! numbers in the 555-01XX block reserved for fiction, so they can never ring a real phone), and
//! calls run over the same webhook and media path as Twilio's.

use crate::carrier::{
    AvailableNumber, Carrier, CarrierCall, CarrierError, NewCall, NumberSearch, OwnedNumber,
    VoiceHooks,
};

const NAME: &str = "simulator";

/// The simulated carrier (stateless: what it owns is in our own tables).
#[derive(Debug, Clone, Default)]
pub struct Simulator;

/// Whether `e164` is one of the simulator's fictional numbers (`+1 NXX 555 01XX`).
pub fn is_simulated_number(e164: &str) -> bool {
    let d = e164.strip_prefix("+1").unwrap_or_default();
    d.len() == 10 && d.chars().all(|c| c.is_ascii_digit()) && &d[3..8] == "55501"
}

#[async_trait::async_trait]
impl Carrier for Simulator {
    fn name(&self) -> &'static str {
        NAME
    }

    async fn search_numbers(&self, q: &NumberSearch) -> Result<Vec<AvailableNumber>, CarrierError> {
        let country = q.country.to_ascii_uppercase();
        if country != "US" && country != "CA" {
            return Err(CarrierError::Refused {
                carrier: NAME,
                status: 400,
                code: 0,
                message: "the simulator has US and Canadian numbers (country US or CA)".into(),
            });
        }
        let area = q
            .area_code
            .as_deref()
            .filter(|a| {
                a.len() == 3 && a.chars().all(|c| c.is_ascii_digit()) && !a.starts_with(['0', '1'])
            })
            .unwrap_or(if country == "CA" { "416" } else { "415" });
        let contains: String = q
            .contains
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let limit = q.limit.unwrap_or(20).clamp(1, 50) as usize;
        Ok((0..100)
            .map(|n| format!("+1{area}55501{n:02}"))
            .filter(|e| contains.is_empty() || e.contains(&contains))
            .take(limit)
            .map(|e| AvailableNumber {
                friendly_name: format!("({}) {}-{}", &e[2..5], &e[5..8], &e[8..]),
                phone_number: e,
                locality: Some("Simulated".into()),
                region: None,
                country: country.clone(),
            })
            .collect())
    }

    async fn buy_number(
        &self,
        e164: &str,
        _hooks: &VoiceHooks,
    ) -> Result<OwnedNumber, CarrierError> {
        if !is_simulated_number(e164) {
            return Err(CarrierError::Refused {
                carrier: NAME,
                status: 400,
                code: 0,
                message: format!("{e164} is not a simulator number (+1 NXX 555-01XX)"),
            });
        }
        Ok(OwnedNumber {
            sid: format!("SIMPN{}", &e164[2..]),
            phone_number: e164.to_string(),
        })
    }

    async fn configure_number(&self, _sid: &str, _hooks: &VoiceHooks) -> Result<(), CarrierError> {
        Ok(())
    }

    async fn release_number(&self, _sid: &str) -> Result<(), CarrierError> {
        Ok(())
    }

    async fn create_call(&self, _call: &NewCall) -> Result<String, CarrierError> {
        Err(CarrierError::NotConfigured(
            "the simulator places calls through the simulated caller (POST /api/v1/simulator/calls)"
                .into(),
        ))
    }

    async fn hangup_call(&self, _sid: &str) -> Result<(), CarrierError> {
        Ok(())
    }

    async fn fetch_call(&self, sid: &str) -> Result<CarrierCall, CarrierError> {
        Err(CarrierError::Refused {
            carrier: NAME,
            status: 404,
            code: 0,
            message: format!("no simulated call {sid}"),
        })
    }
}

/// Starts a simulated inbound call to one of the tenant's simulator numbers: the call is recorded
/// and admitted exactly as a Twilio call (refused with the reason on record when the account is
/// suspended, out of credits, at its concurrent-call quota, or the number has no agent). The
/// caller then connects to the media endpoint (see [`crate::media::caller`]).
pub async fn start_call(
    db: &sea_orm::DatabaseConnection,
    ctx: &switchboard_core::TenantCtx,
    number_id: uuid::Uuid,
    from: Option<&str>,
) -> Result<(crate::calls::Call, Option<&'static str>), crate::TelephonyError> {
    use crate::TelephonyError;
    let number = crate::numbers::get(db, ctx, number_id).await?;
    if number.carrier != "simulator" {
        return Err(TelephonyError::Invalid {
            field: "number_id",
            message: "simulated calls go to simulator numbers".into(),
        });
    }
    if number.status != crate::numbers::status::ACTIVE {
        return Err(TelephonyError::NumberState(number.status));
    }
    let from = match from.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) if is_simulated_number(f) => f.to_string(),
        Some(f) => crate::contacts::to_e164("from", f, None)?,
        None => "+15555550100".to_string(),
    };
    let version = match number.agent_id {
        Some(a) => switchboard_agents::agents::current_version(db, a)
            .await
            .unwrap_or(0),
        None => 0,
    };
    let sid = format!("SIMCA{}", switchboard_core::new_id().simple());
    let call = crate::calls::upsert(
        db,
        &crate::calls::ProviderCall {
            tenant_id: ctx.tenant_id,
            agent_id: number.agent_id,
            agent_version: version,
            provider: "simulator",
            provider_call_id: &sid,
            runtime: "builtin",
        },
    )
    .await?;
    crate::voice::set_parties(db, &call, "inbound", &from, &number.e164).await?;
    if let Some((_, reason)) = crate::voice::admit(db, &number, &call).await? {
        crate::voice::refuse_call(db, &call, reason).await?;
        let c = crate::calls::get(db, ctx, call.id).await?;
        return Ok((c, Some(reason)));
    }
    crate::voice::advance(db, &call, "in_progress", None).await?;
    crate::voice::mark_answered(db, &call).await?;
    Ok((crate::calls::get(db, ctx, call.id).await?, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn numbers_are_fictional_searchable_and_free() {
        let s = Simulator;
        let found = s
            .search_numbers(&NumberSearch {
                country: "us".into(),
                area_code: Some("212".into()),
                contains: Some("07".into()),
                limit: Some(5),
            })
            .await
            .unwrap_or_default();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].phone_number, "+12125550107");
        assert_eq!(found[0].friendly_name, "(212) 555-0107");
        assert!(is_simulated_number("+12125550107"));
        assert!(!is_simulated_number("+14155552671"));
        let hooks = VoiceHooks {
            voice_url: String::new(),
            status_url: String::new(),
        };
        assert!(s.buy_number("+12125550107", &hooks).await.is_ok());
        assert!(s.buy_number("+14155552671", &hooks).await.is_err());
        assert!(
            s.search_numbers(&NumberSearch {
                country: "DE".into(),
                ..Default::default()
            })
            .await
            .is_err()
        );
    }
}
