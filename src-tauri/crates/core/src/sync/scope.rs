//! Data minimisation (docs/sync.md): which of head office's rows a desk downloads, by the agency
//! it serves. A desk serving the whole network (head office's own) downloads everything; an
//! agency's counter the departures from or to its city and what hangs on them; a carrier's depot
//! its carrier's departures and parcels. The filter applies to rows the desk does not hold yet:
//! a row it holds always receives its changes, and a row it keeps brings the rows it references
//! (pull closes over parents), so nothing on the desk ever points at a row that is not there.

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use ts_rs::TS;

use super::central::{unreachable, Central};
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::Message;

/// The agency a desk serves, as head office numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    agency: i64,
    /// Set when the agency is a carrier's depot: the desk sees that carrier's service only.
    carrier: Option<i64>,
}

/// An agency head office knows, for the administrator's choice of this desk's scope.
#[derive(Debug, Clone, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct CentralAgency {
    pub uid: String,
    pub name: String,
    pub city: String,
    /// The carrier whose depot this is, if it is one.
    pub carrier: Option<String>,
}

/// The agency this desk serves, as chosen when head office's address was set (`None`: the whole
/// network).
#[derive(Debug, Clone, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct ScopeView {
    pub agency_uid: String,
    /// "name (city)" as head office knew it when chosen.
    pub label: String,
}

/// Agencies at head office, by city then name. A database without them (not prepared for
/// sync, or no database named in the address) says so.
pub async fn central_agencies(central: &Central) -> Result<Vec<CentralAgency>> {
    sqlx::query_as(
        "SELECT CAST(a.uid AS CHAR) AS uid, a.name, a.city, c.company_name AS carrier \
         FROM agences a LEFT JOIN transporteurs c ON c.id = a.transporteur_id \
         WHERE a.deleted_at IS NULL ORDER BY a.city, a.name",
    )
    .fetch_all(central.pool())
    .await
    .map_err(|error| match error {
        sqlx::Error::Database(_) => {
            Error::new(ErrorCode::Unavailable, Message::CentralNotMigrated).at("url")
        }
        other => unreachable(other),
    })
}

pub async fn current(pool: &SqlitePool) -> Result<Option<ScopeView>> {
    Ok(sqlx::query_as(
        "SELECT scope_agency_uid AS agency_uid, scope_agency_label AS label FROM sync_status \
         WHERE scope_agency_uid IS NOT NULL",
    )
    .fetch_optional(pool)
    .await?)
}

/// Sets the agency this desk serves (`None`: the whole network), checked at head office. A
/// desk that already downloaded under another scope reads the change log again from its start,
/// so that the rows the new scope adds come down (rows it holds stay).
pub async fn choose(desk: &Desk, central: &Central, agency_uid: Option<&str>) -> Result<()> {
    let chosen = match agency_uid {
        None => None,
        Some(uid) => {
            let uid = uid.trim().to_lowercase();
            let found = central_agencies(central)
                .await?
                .into_iter()
                .find(|a| a.uid.eq_ignore_ascii_case(&uid))
                .ok_or_else(|| Error::invalid("agency", Message::SyncAgencyUnknown))?;
            Some(ScopeView {
                label: format!("{} ({})", found.name, found.city),
                agency_uid: found.uid.to_lowercase(),
            })
        }
    };
    let before = current(desk.pool()).await?.map(|s| s.agency_uid);
    let mut tx = desk.pool().begin().await?;
    sqlx::query("UPDATE sync_status SET scope_agency_uid = ?, scope_agency_label = ?")
        .bind(chosen.as_ref().map(|s| &s.agency_uid))
        .bind(chosen.as_ref().map(|s| &s.label))
        .execute(&mut *tx)
        .await?;
    if before != chosen.map(|s| s.agency_uid) {
        sqlx::query(
            "UPDATE sync_pull_state SET high_water = 0, bootstrap_target = NULL, bootstrap_done = 0",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sync_pull_gaps")
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

impl Scope {
    /// This desk's scope at head office; `None` when it serves the whole network.
    pub async fn read(desk: &Desk, central: &Central) -> Result<Option<Self>> {
        let Some(chosen) = current(desk.pool()).await? else {
            return Ok(None);
        };
        let found: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT CAST(id AS SIGNED), CAST(transporteur_id AS SIGNED) FROM agences \
             WHERE uid = ? AND deleted_at IS NULL",
        )
        .bind(&chosen.agency_uid)
        .fetch_optional(central.pool())
        .await
        .map_err(unreachable)?;
        let (agency, carrier) =
            found.ok_or_else(|| Error::new(ErrorCode::Unavailable, Message::SyncAgencyUnknown))?;
        Ok(Some(Self { agency, carrier }))
    }

    /// The condition (over alias `t`, in head office's SQL) a row of `table` the desk does not
    /// hold must meet to come down; `None` for tables every desk needs whole (reference data).
    pub fn condition(&self, table: &str) -> Option<String> {
        let agency = self.agency;
        Some(match table {
            "trajets" => self.trajet("t"),
            "reservations" => self.reservation("t"),
            "reservation_seats" | "annulations" | "payment_allocations" | "payment_refunds" => {
                format!(
                    "EXISTS (SELECT 1 FROM reservations r WHERE r.id = t.reservation_id AND ({}))",
                    self.reservation("r")
                )
            }
            "envois" => self.envoi("t"),
            "envoi_status_history" => format!(
                "EXISTS (SELECT 1 FROM envois e WHERE e.id = t.envoi_id AND ({}))",
                self.envoi("e")
            ),
            "colis" => self.colis("t"),
            "colis_status_history" => format!(
                "EXISTS (SELECT 1 FROM colis k WHERE k.id = t.colis_id AND ({}))",
                self.colis("k")
            ),
            "paiements" => format!(
                "EXISTS (SELECT 1 FROM cash_sessions s WHERE s.id = t.cash_session_id AND s.agence_id = {agency}) \
                 OR EXISTS (SELECT 1 FROM reservations r WHERE r.id = t.reservation_id AND ({})) \
                 OR EXISTS (SELECT 1 FROM envois e WHERE e.id = t.envoi_id AND ({}))",
                self.reservation("r"),
                self.envoi("e")
            ),
            "cash_sessions" => format!("t.agence_id = {agency}"),
            "comptes" => self.compte("t"),
            "utilisateurs" | "administrateurs" | "agents" => format!(
                "EXISTS (SELECT 1 FROM comptes a WHERE a.id = t.compte_id AND ({}))",
                self.compte("a")
            ),
            "revoked_tokens" => format!(
                "EXISTS (SELECT 1 FROM comptes a WHERE a.id = t.user_id AND ({}))",
                self.compte("a")
            ),
            _ => return None,
        })
    }

    /// Departures: a depot's carrier's own; an agency's from or to its city.
    fn trajet(&self, alias: &str) -> String {
        match self.carrier {
            Some(carrier) => format!("{alias}.transporteur_id = {carrier}"),
            None => {
                let city = format!(
                    "(SELECT c.city FROM agences c WHERE c.id = {})",
                    self.agency
                );
                format!("{alias}.departure_city = {city} OR {alias}.arrival_city = {city}")
            }
        }
    }

    /// Tickets on those departures, and any this agency sold.
    fn reservation(&self, alias: &str) -> String {
        format!(
            "{alias}.agence_id = {} OR EXISTS (SELECT 1 FROM trajets {alias}j WHERE {alias}j.id = {alias}.trajet_id AND ({}))",
            self.agency,
            self.trajet(&format!("{alias}j"))
        )
    }

    /// Shipments taken in here; a depot's carrier's; for an agency also those bound for its
    /// city or loaded on one of its departures.
    fn envoi(&self, alias: &str) -> String {
        let agency = self.agency;
        match self.carrier {
            Some(carrier) => {
                format!("{alias}.agence_id = {agency} OR {alias}.transporteur_id = {carrier}")
            }
            None => format!(
                "{alias}.agence_id = {agency} \
                 OR {alias}.destination_city = (SELECT c.city FROM agences c WHERE c.id = {agency}) \
                 OR EXISTS (SELECT 1 FROM colis {alias}k JOIN trajets {alias}j ON {alias}j.id = {alias}k.trajet_id \
                            WHERE {alias}k.envoi_id = {alias}.id AND ({}))",
                self.trajet(&format!("{alias}j"))
            ),
        }
    }

    /// Parcels of those shipments, and any loaded on those departures.
    fn colis(&self, alias: &str) -> String {
        format!(
            "EXISTS (SELECT 1 FROM envois {alias}e WHERE {alias}e.id = {alias}.envoi_id AND ({})) \
             OR EXISTS (SELECT 1 FROM trajets {alias}j WHERE {alias}j.id = {alias}.trajet_id AND ({}))",
            self.envoi(&format!("{alias}e")),
            self.trajet(&format!("{alias}j"))
        )
    }

    /// Accounts: this agency's staff and customers, administrators, and a depot's carrier.
    /// Other customers and other agencies' staff come down only as a row the desk keeps names
    /// them (the seller of a ticket on one of its departures).
    fn compte(&self, alias: &str) -> String {
        let carrier = match self.carrier {
            Some(carrier) => format!(
                " OR {alias}.id = (SELECT d.compte_id FROM transporteurs d WHERE d.id = {carrier})"
            ),
            None => String::new(),
        };
        format!(
            "{alias}.agence_id = {} OR {alias}.role_id IN (SELECT o.id FROM roles o WHERE o.name = 'admin'){carrier}",
            self.agency
        )
    }
}
