//! Parcels at the depot: envois (a sender's shipment) and their colis (pieces), priced from the
//! tariff grid, tracked by code, labelled, loaded on departures and handed over to the
//! recipient against a delivery code. A transporteur sees and changes only its own envois.

mod codes;
mod delivery;
mod intake;
mod lifecycle;
mod loading;
mod print;
mod status;
pub mod tariffs;
mod view;

pub use codes::{
    colis_code, new_delivery_code, new_tracking_code, normalize_delivery_code, normalize_tracking,
    ParcelCode,
};
pub use delivery::{
    check_payment, deliver, new_delivery_code_for, pay, DeliverArgs, NewDeliveryCode,
    NewDeliveryCodeArgs, PayEnvoiArgs, PayReceipt,
};
pub use intake::{
    carriers, quote, register, ColisInput, IntakeReceipt, NewSender, ParcelCarrier, ParcelQuote,
    PieceQuote, QuoteArgs, RegisterEnvoiArgs,
};
pub(crate) use lifecycle::accept_paid_envoi;
pub use lifecycle::{cancel, mark_lost, package, CancelEnvoiArgs, MarkLostArgs};
pub(crate) use loading::dispatch_loaded;
pub use loading::{
    dispatch, load, manifest, manifest_pdf, unload, LoadArgs, ParcelManifest, ParcelManifestEntry,
    UnloadArgs,
};
pub use print::{labels_pdf, waybill_pdf, LabelsArgs, WaybillArgs};
pub use status::{ColisStatus, EnvoiStatus, PaymentMode};
pub use tariffs::{ListTariffsArgs, SetTariffArgs, Tariff, TariffRef};
pub use view::{
    find, get, Colis, Envoi, EnvoiRef, EnvoiSummary, FindEnvoisArgs, LoadedOn, StatusChange,
};

use sqlx::SqliteConnection;

use crate::auth::{Role, Session};
use crate::error::{Error, Result};
use crate::i18n::Message;
use crate::trajets;

/// Refuses parcel work to an agent whose agency does not take parcels (a carrier's own depot
/// always does); administrators and transporteurs may.
pub(crate) async fn ensure_takes_parcels(
    conn: &mut SqliteConnection,
    session: &Session,
) -> Result<()> {
    if session.role != Role::Agent {
        return Ok(());
    }
    let takes: Option<bool> = match session.agence_id {
        Some(agence) => sqlx::query_scalar(
            "SELECT accepts_parcels = 1 OR transporteur_id IS NOT NULL FROM agences WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(agence)
        .fetch_optional(&mut *conn)
        .await?,
        None => None,
    };
    if takes == Some(true) {
        Ok(())
    } else {
        Err(Error::new(
            crate::error::ErrorCode::Forbidden,
            Message::ParcelsNotTaken,
        ))
    }
}

/// The carrier whose envois the caller is limited to: a transporteur's own, else none.
pub(crate) async fn own_carrier(
    conn: &mut SqliteConnection,
    session: &Session,
) -> Result<Option<i64>> {
    match session.role {
        Role::Transporteur => trajets::carrier_for(conn, session, None).await.map(Some),
        _ => Ok(None),
    }
}

/// The envoi a code names, with its id, if the caller may see it (another carrier's envoi is
/// "not found", as for trajets).
pub(crate) async fn envoi_id_for(
    conn: &mut SqliteConnection,
    session: &Session,
    field: &'static str,
    code: &str,
) -> Result<(i64, ParcelCode)> {
    // An agency that does not take parcels has no business reading senders' and recipients' data.
    ensure_takes_parcels(conn, session).await?;
    let code = ParcelCode::parse(code)
        .ok_or_else(|| Error::invalid(field, Message::TrackingCodeInvalid))?;
    let found: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, transporteur_id FROM envois WHERE tracking_code = ? AND deleted_at IS NULL",
    )
    .bind(code.tracking_code())
    .fetch_optional(&mut *conn)
    .await?;
    let own = own_carrier(conn, session).await?;
    match found {
        Some((id, carrier)) if own.is_none_or(|own| own == carrier) => Ok((id, code)),
        _ => Err(Error::not_found(Message::EnvoiNotFound).at(field)),
    }
}
