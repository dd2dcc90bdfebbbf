//! Printing for parcels: one label per piece (label printer or A4) and the envoi's waybill, or
//! at intake the sender's receipt carrying the delivery code.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::codes::ParcelCode;
use super::envoi_id_for;
use super::status::PaymentMode;
use super::view::{self, Envoi};
use crate::audit;
use crate::auth::{password, Session};
use crate::desk::Desk;
use crate::documents::{self, LabelPaper, ParcelLabelDocument, WaybillDocument, WaybillPiece};
use crate::error::{Error, Result};
use crate::i18n::{Locale, Message};
use crate::payments::PaymentStatus;
use crate::tickets::{self, PrintedDocument};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LabelsArgs {
    /// The envoi's code (a label for every piece) or one piece's code.
    pub code: String,
    pub paper: LabelPaper,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct WaybillArgs {
    pub code: String,
    /// Given at intake only: prints the sender's receipt with this code (checked) instead of the
    /// waybill that travels with the parcel.
    #[serde(default)]
    pub delivery_code: Option<String>,
}

fn cash_to_collect(envoi: &Envoi) -> Option<i64> {
    (envoi.payment_mode == PaymentMode::OnDelivery && envoi.balance_due.minor_units() > 0)
        .then(|| envoi.balance_due.minor_units())
}

/// The labels of an envoi's pieces (or of one piece) as a PDF in the documents folder.
pub async fn labels_pdf(
    desk: &Desk,
    session: &Session,
    args: LabelsArgs,
) -> Result<PrintedDocument> {
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let (envoi_id, code) = envoi_id_for(&mut tx, session, "code", &args.code).await?;
    let envoi = view::by_id(&mut tx, envoi_id).await?;
    let locale = tickets::document_locale(&mut tx).await?;
    let currency = crate::config::text(&mut tx, "currency", "XOF").await?;
    let piece_count = envoi.colis.len() as i64;
    let labels: Vec<ParcelLabelDocument> = envoi
        .colis
        .iter()
        .filter(|c| match &code {
            ParcelCode::Envoi(_) => true,
            ParcelCode::Colis(_, number) => c.piece_number == *number,
        })
        .map(|c| ParcelLabelDocument {
            tracking_code: envoi.tracking_code.clone(),
            colis_code: c.code.clone(),
            piece_number: c.piece_number,
            piece_count,
            carrier: envoi.company_name.clone(),
            origin_city: envoi.origin_city.clone().unwrap_or_default(),
            destination_city: envoi.destination_city.clone(),
            sender_name: envoi.sender_name.clone(),
            sender_phone: envoi.sender_phone.clone(),
            recipient_name: envoi.recipient_name.clone(),
            recipient_phone: envoi.recipient_phone.clone(),
            description: c.description.clone(),
            weight_g: c.weight_g,
            fragile: c.fragile,
            express: c.express,
            collect_on_delivery_minor: cash_to_collect(&envoi),
            currency: currency.clone(),
            created_at: envoi.created_at,
            locale,
        })
        .collect();
    if labels.is_empty() {
        return Err(
            Error::not_found(Message::ColisNotFound(args.code.trim().to_owned())).at("code"),
        );
    }
    let bytes = documents::parcel_labels_pdf(&labels, args.paper)?;
    let suffix = match &code {
        ParcelCode::Envoi(_) => String::new(),
        ParcelCode::Colis(_, number) => format!("-{number}"),
    };
    let name = format!("etiquettes-{}{suffix}.pdf", envoi.tracking_code);
    let path = tickets::write_document(&desk.documents_dir().join("parcels"), &name, &bytes)?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "parcel.labels_print",
        Some("envois"),
        Some(&envoi.uid),
        serde_json::json!({ "labels": labels.len() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(PrintedDocument { path })
}

fn payment_terms(envoi: &Envoi, locale: Locale) -> String {
    let method = envoi
        .payment
        .as_ref()
        .filter(|p| p.status == PaymentStatus::Completed)
        .map(|p| p.method.label(locale));
    match (envoi.payment_mode, method, locale) {
        (PaymentMode::OnDelivery, _, Locale::Fr) if envoi.balance_due.minor_units() > 0 => {
            "À payer à la livraison (espèces)".into()
        }
        (PaymentMode::OnDelivery, _, Locale::En) if envoi.balance_due.minor_units() > 0 => {
            "To pay on delivery (cash)".into()
        }
        (_, Some(method), Locale::Fr) => format!("Payé ({method})"),
        (_, Some(method), Locale::En) => format!("Paid ({method})"),
        (_, None, Locale::Fr) => "En attente de paiement".into(),
        (_, None, Locale::En) => "Awaiting payment".into(),
    }
}

/// The envoi's waybill, or the sender's receipt with the delivery code, as a PDF.
pub async fn waybill_pdf(
    desk: &Desk,
    session: &Session,
    args: WaybillArgs,
) -> Result<PrintedDocument> {
    let (envoi_id, hash) = {
        let mut conn = desk.pool().acquire().await?;
        let (envoi_id, _) = envoi_id_for(&mut conn, session, "code", &args.code).await?;
        let hash: Option<String> =
            sqlx::query_scalar("SELECT delivery_code_hash FROM envois WHERE id = ?")
                .bind(envoi_id)
                .fetch_one(&mut *conn)
                .await?;
        (envoi_id, hash)
    };
    let delivery_code = match args.delivery_code.as_deref() {
        None => None,
        Some(typed) => {
            let code = super::normalize_delivery_code(typed)
                .ok_or_else(|| Error::invalid("delivery_code", Message::DeliveryCodeFormat))?;
            if !password::verify(code.clone(), hash).await? {
                return Err(Error::invalid(
                    "delivery_code",
                    Message::DeliveryCodeWrong(0),
                ));
            }
            Some(code)
        }
    };
    let now = desk.clock().now();
    let mut tx = desk.begin_write().await?;
    let envoi = view::by_id(&mut tx, envoi_id).await?;
    let locale = tickets::document_locale(&mut tx).await?;
    let currency = crate::config::text(&mut tx, "currency", "XOF").await?;
    let document = WaybillDocument {
        tracking_code: envoi.tracking_code.clone(),
        carrier: envoi.company_name.clone(),
        agency: envoi.agency.clone(),
        origin_city: envoi.origin_city.clone().unwrap_or_default(),
        destination_city: envoi.destination_city.clone(),
        sender_name: envoi.sender_name.clone(),
        sender_phone: envoi.sender_phone.clone(),
        recipient_name: envoi.recipient_name.clone(),
        recipient_phone: envoi.recipient_phone.clone(),
        pieces: envoi
            .colis
            .iter()
            .map(|c| WaybillPiece {
                colis_code: c.code.clone(),
                description: c.description.clone(),
                weight_g: c.weight_g,
                dimensions: match (c.length_cm, c.width_cm, c.height_cm) {
                    (Some(l), Some(w), Some(h)) => Some(format!("{l} × {w} × {h} cm")),
                    _ => None,
                },
                declared_value_minor: c.declared_value.map(|v| v.minor_units()),
                fragile: c.fragile,
                express: c.express,
                shipping_cost_minor: c.shipping_cost.minor_units(),
                status: c.status.label(locale).to_owned(),
            })
            .collect(),
        total_minor: envoi.total.minor_units(),
        currency,
        payment_terms: payment_terms(&envoi, locale),
        status: envoi.status.label(locale).to_owned(),
        created_at: envoi.created_at,
        created_by: envoi.created_by.clone(),
        delivery_code: delivery_code.clone(),
        locale,
    };
    let bytes = documents::waybill_pdf(&document)?;
    let kind = if delivery_code.is_some() {
        "recu"
    } else {
        "lettre-de-voiture"
    };
    let name = format!("{kind}-{}.pdf", envoi.tracking_code);
    let path = tickets::write_document(&desk.documents_dir().join("parcels"), &name, &bytes)?;
    audit::record(
        &mut tx,
        Some(session.compte_id),
        if delivery_code.is_some() {
            "parcel.receipt_print"
        } else {
            "parcel.waybill_print"
        },
        Some("envois"),
        Some(&envoi.uid),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(PrintedDocument { path })
}
