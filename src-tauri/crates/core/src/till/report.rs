//! A till session's figures: sales and refunds per payment method, cancellations, the cash
//! the drawer should hold. Live while open (X report); frozen at closing (Z report).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::{visible_row, SessionRow, TillSession, TillSessionRef, TillStatus};
use crate::auth::Session;
use crate::desk::Desk;
use crate::documents::{self, PaperFormat, TillMethodLine, TillReportDocument};
use crate::domain::Money;
use crate::error::{Error, Result};
use crate::payments::PaymentMethod;
use crate::tickets::{self, PrintedDocument};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TillMethodFigures {
    pub method: PaymentMethod,
    pub sales_count: i64,
    pub sales_amount: Money,
    pub refunds_count: i64,
    pub refunds_amount: Money,
    /// Sales minus refunds, in minor units (may be negative).
    pub net: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TillReport {
    pub session: TillSession,
    /// One line per method: cash, mobile money, card.
    pub methods: Vec<TillMethodFigures>,
    /// Reservations this clerk cancelled while the till was open.
    pub cancellations_count: i64,
    /// Opening float + cash sales − cash refunds.
    pub expected_cash: Money,
    /// Provider payments started in this session still waiting for an answer.
    pub pending_payments: i64,
    pub generated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TillReportPdfArgs {
    pub session_uid: String,
    pub paper: PaperFormat,
}

/// The figures of a session as they stand at `now`.
pub(crate) async fn figures(
    conn: &mut SqliteConnection,
    row: &SessionRow,
    now: DateTime<Utc>,
) -> Result<TillReport> {
    let sales: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT method, COUNT(*), COALESCE(SUM(amount), 0) FROM paiements \
         WHERE cash_session_id = ? AND status IN ('completed', 'refunded') AND deleted_at IS NULL GROUP BY method",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let refunds: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT method, COUNT(*), COALESCE(SUM(amount), 0) FROM payment_refunds \
         WHERE cash_session_id = ? AND status = 'completed' AND deleted_at IS NULL GROUP BY method",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let until = row.closed_at.unwrap_or(now);
    let cancellations_count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM annulations WHERE cancelled_by = ? AND cancelled_at >= ? AND cancelled_at <= ? AND deleted_at IS NULL",
    )
    .bind(row.compte_id)
    .bind(row.opened_at)
    .bind(until)
    .fetch_one(&mut *conn)
    .await?;
    let pending_payments: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM paiements WHERE cash_session_id = ? AND status = 'pending' AND deleted_at IS NULL",
    )
    .bind(row.id)
    .fetch_one(&mut *conn)
    .await?;
    let pick = |rows: &[(String, i64, i64)], method: PaymentMethod| {
        rows.iter()
            .find(|(m, _, _)| m == method.as_str())
            .map(|(_, count, amount)| (*count, *amount))
            .unwrap_or((0, 0))
    };
    let mut methods = Vec::new();
    for method in PaymentMethod::ALL {
        let (sales_count, sales_amount) = pick(&sales, method);
        let (refunds_count, refunds_amount) = pick(&refunds, method);
        methods.push(TillMethodFigures {
            method,
            sales_count,
            sales_amount: Money::parse("sales_amount", sales_amount)?,
            refunds_count,
            refunds_amount: Money::parse("refunds_amount", refunds_amount)?,
            net: sales_amount - refunds_amount,
        });
    }
    let (_, cash_sales) = pick(&sales, PaymentMethod::Cash);
    let (_, cash_refunds) = pick(&refunds, PaymentMethod::Cash);
    Ok(TillReport {
        session: row.view()?,
        methods,
        cancellations_count,
        // A drawer cannot hold less than nothing: a negative figure would mean refunds beyond
        // float and sales, which the refund rules prevent.
        expected_cash: Money::parse(
            "expected_cash",
            (row.opening_float + cash_sales - cash_refunds).max(0),
        )?,
        pending_payments,
        generated_at: now,
    })
}

/// A session's report: frozen as closed, or live while open.
pub async fn report(desk: &Desk, session: &Session, args: TillSessionRef) -> Result<TillReport> {
    let mut conn = desk.pool().acquire().await?;
    let row = visible_row(&mut conn, session, &args.session_uid).await?;
    if row.status == "closed" {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT closing_report FROM cash_sessions WHERE id = ?")
                .bind(row.id)
                .fetch_one(&mut *conn)
                .await?;
        if let Some(stored) = stored {
            return serde_json::from_str(&stored).map_err(Error::internal);
        }
    }
    figures(&mut conn, &row, desk.clock().now()).await
}

/// The report as a PDF in the documents folder (`tills/`).
pub async fn report_pdf(
    desk: &Desk,
    session: &Session,
    args: TillReportPdfArgs,
) -> Result<PrintedDocument> {
    let report = report(
        desk,
        session,
        TillSessionRef {
            session_uid: args.session_uid,
        },
    )
    .await?;
    let locale = {
        let mut conn = desk.pool().acquire().await?;
        tickets::document_locale(&mut conn).await?
    };
    let s = &report.session;
    let document = TillReportDocument {
        session_uid: s.uid.clone(),
        clerk_name: s.clerk_name.clone(),
        agency: s.agency.clone(),
        opened_at: s.opened_at,
        closed_at: s.closed_at,
        opening_float: s.opening_float.minor_units(),
        lines: report
            .methods
            .iter()
            .map(|m| TillMethodLine {
                method: m.method.label(locale),
                sales_count: m.sales_count,
                sales_amount: m.sales_amount.minor_units(),
                refunds_count: m.refunds_count,
                refunds_amount: m.refunds_amount.minor_units(),
            })
            .collect(),
        cancellations_count: report.cancellations_count,
        expected_cash: report.expected_cash.minor_units(),
        counted_cash: s.counted_cash.map(Money::minor_units),
        difference: s.difference,
        notes: s.notes.clone(),
        generated_at: desk.clock().now(),
        locale,
    };
    let bytes = documents::till_report_pdf(&document, args.paper)?;
    let kind = if s.status == TillStatus::Closed {
        "Z"
    } else {
        "X"
    };
    let name = format!(
        "caisse-{kind}-{}-{}.pdf",
        s.opened_at.format("%Y%m%d-%H%M"),
        &s.uid[..8.min(s.uid.len())]
    );
    let path = tickets::write_document(&desk.documents_dir().join("tills"), &name, &bytes)?;
    Ok(PrintedDocument { path })
}
