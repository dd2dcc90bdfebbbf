//! Exports: one report table as CSV, or the whole activity report as a printable PDF with its
//! charts. Both are written to the documents folder and logged; their figures are those of the
//! report commands, computed by the same functions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cancellations;
use super::cash_ups::{self, CashUpsReport};
use super::dashboard::{self, Headline};
use super::occupancy::{self, OccupancyDimension};
use super::parcels::{self, ParcelDimension};
use super::sales::{self, SalesDimension};
use super::{nested_scope_for, summary, Column, ReportFilter, ReportTable, Scope};
use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::documents::{self, ReportBook, ReportCell as Cell, ReportSection};
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::tickets::{self, PrintedDocument};

/// Which table a CSV export holds: a report and its breakdown, named as one word
/// (`sales_by_route`) so that the choice travels as a plain string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportTable {
    SalesByDay,
    SalesByAgency,
    SalesByClerk,
    SalesByCarrier,
    SalesByRoute,
    SalesByMethod,
    OccupancyByTrajet,
    OccupancyByRoute,
    OccupancyByDay,
    ParcelsByStatus,
    ParcelsByRoute,
    ParcelsByCarrier,
    ParcelsByAgency,
    ParcelsByDay,
    Cancellations,
    CashUps,
}

/// An [`ExportTable`] taken apart: which report, and which breakdown of it.
enum Table {
    Sales(SalesDimension),
    Occupancy(OccupancyDimension),
    Parcels(ParcelDimension),
    Cancellations,
    CashUps,
}

impl ExportTable {
    fn table(self) -> Table {
        use ExportTable as E;
        match self {
            E::SalesByDay => Table::Sales(SalesDimension::Day),
            E::SalesByAgency => Table::Sales(SalesDimension::Agency),
            E::SalesByClerk => Table::Sales(SalesDimension::Clerk),
            E::SalesByCarrier => Table::Sales(SalesDimension::Carrier),
            E::SalesByRoute => Table::Sales(SalesDimension::Route),
            E::SalesByMethod => Table::Sales(SalesDimension::Method),
            E::OccupancyByTrajet => Table::Occupancy(OccupancyDimension::Trajet),
            E::OccupancyByRoute => Table::Occupancy(OccupancyDimension::Route),
            E::OccupancyByDay => Table::Occupancy(OccupancyDimension::Day),
            E::ParcelsByStatus => Table::Parcels(ParcelDimension::Status),
            E::ParcelsByRoute => Table::Parcels(ParcelDimension::Route),
            E::ParcelsByCarrier => Table::Parcels(ParcelDimension::Carrier),
            E::ParcelsByAgency => Table::Parcels(ParcelDimension::Agency),
            E::ParcelsByDay => Table::Parcels(ParcelDimension::Day),
            E::Cancellations => Table::Cancellations,
            E::CashUps => Table::CashUps,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportCsvArgs {
    pub filter: ReportFilter,
    pub table: ExportTable,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportPdfArgs {
    pub filter: ReportFilter,
}

/// Writes one table as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheets read
/// accents; amounts with two decimals, weights in kilograms, occupancy in percent).
pub async fn csv(desk: &Desk, session: &Session, args: ExportCsvArgs) -> Result<PrintedDocument> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    summary::refresh(desk).await?;
    let locale = locale(desk).await?;
    let words = Labels::of(locale);
    let records = match args.table.table() {
        Table::Sales(by) => table_records(
            &sales::breakdown(desk, &scope, by).await?,
            words.sales_by(by),
            words,
        ),
        Table::Occupancy(by) => table_records(
            &occupancy::breakdown(desk, &scope, by).await?,
            words.occupancy_by(by),
            words,
        ),
        Table::Parcels(by) => table_records(
            &parcels::breakdown(desk, &scope, by).await?,
            words.parcels_by(by),
            words,
        ),
        Table::Cancellations => {
            let report = cancellations::report(desk, session, args.filter.clone()).await?;
            table_records(&report.by_reason, words.reason, words)
        }
        Table::CashUps => cash_up_records(
            &cash_ups::report(desk, session, args.filter.clone()).await?,
            words,
        ),
    };
    let mut writer = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for record in &records {
        writer.write_record(record).map_err(Error::internal)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| Error::internal(error.into_error()))?;
    let name = format!(
        "{}-{}-{}.csv",
        export_name(args.table),
        args.filter.from,
        args.filter.to
    );
    save(desk, session, &args.filter, &name, &bytes, "csv").await
}

/// Writes the activity report of the period as an A4 PDF with its charts.
pub async fn pdf(desk: &Desk, session: &Session, args: ExportPdfArgs) -> Result<PrintedDocument> {
    let scope = nested_scope_for(desk, session, &args.filter).await?;
    summary::refresh(desk).await?;
    let locale = locale(desk).await?;
    let words = Labels::of(locale);
    let now = desk.clock().now();
    let dashboard = dashboard::dashboard(desk, session, args.filter.clone()).await?;
    let mut sections = vec![comparison(&dashboard.current, &dashboard.previous, words)];
    let by_day = sales::breakdown(desk, &scope, SalesDimension::Day).await?;
    sections.push(ReportSection::Columns {
        title: words.collected_per_day.to_owned(),
        points: by_day
            .rows
            .iter()
            .map(|row| (short_day(&row.key), row.figures[2]))
            .collect(),
    });
    for by in [
        SalesDimension::Agency,
        SalesDimension::Carrier,
        SalesDimension::Route,
        SalesDimension::Method,
    ] {
        let table = sales::breakdown(desk, &scope, by).await?;
        sections.push(section(
            &table,
            words.sales_title(by),
            words.sales_by(by),
            Some(2),
            words,
            15,
        ));
    }
    let table = occupancy::breakdown(desk, &scope, OccupancyDimension::Route).await?;
    sections.push(section(
        &table,
        words.occupancy_title,
        words.route,
        Some(3),
        words,
        15,
    ));
    let table = parcels::breakdown(desk, &scope, ParcelDimension::Status).await?;
    sections.push(section(
        &table,
        words.parcels_title,
        words.status,
        Some(0),
        words,
        10,
    ));
    let table = cancellations::report(desk, session, args.filter.clone())
        .await?
        .by_reason;
    sections.push(section(
        &table,
        words.cancellations_title,
        words.reason,
        Some(0),
        words,
        10,
    ));
    sections.push(cash_up_section(
        &cash_ups::report(desk, session, args.filter.clone()).await?,
        words,
    ));
    let book = ReportBook {
        title: words.report_title.to_owned(),
        subtitle: subtitle(desk, &args.filter, &scope, words).await?,
        sections,
        generated_at: now,
        locale,
    };
    let bytes = documents::report_pdf(&book)?;
    let name = format!(
        "{}-{}-{}.pdf",
        words.file_stem, args.filter.from, args.filter.to
    );
    save(desk, session, &args.filter, &name, &bytes, "pdf").await
}

async fn locale(desk: &Desk) -> Result<Locale> {
    tickets::document_locale(&mut *desk.pool().acquire().await?).await
}

/// Writes the file into the documents folder's `reports` and logs who exported what.
async fn save(
    desk: &Desk,
    session: &Session,
    filter: &ReportFilter,
    name: &str,
    bytes: &[u8],
    format: &str,
) -> Result<PrintedDocument> {
    let path = tickets::write_document(&desk.documents_dir().join("reports"), name, bytes)?;
    let mut tx = desk.begin_write().await?;
    let details = serde_json::json!({ "file": name, "format": format, "filter": filter });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "report.exported",
        None,
        None,
        details,
        desk.clock().now(),
    )
    .await?;
    tx.commit().await?;
    Ok(PrintedDocument { path })
}

/// `sales-by-route`: the table's JSON name, as a file name.
fn export_name(table: ExportTable) -> String {
    serde_json::to_value(table)
        .ok()
        .and_then(|value| value.as_str().map(|name| name.replace('_', "-")))
        .unwrap_or_default()
}

/// A figure as a spreadsheet reads it: plain digits, a dot before decimals.
fn csv_figure(column: Column, value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    match column {
        Column::Collected | Column::Refunded | Column::Net | Column::Billed => {
            format!("{sign}{}.{:02}", magnitude / 100, magnitude % 100)
        }
        Column::Weight => format!("{sign}{}.{:03}", magnitude / 1000, magnitude % 1000),
        Column::OccupancyPermille => format!("{sign}{}.{}", magnitude / 10, magnitude % 10),
        _ => value.to_string(),
    }
}

/// A line's label as printed: "(aucune)" for none, payment methods and parcel statuses in words.
fn line_label(label: &str, words: &Labels) -> String {
    if label.is_empty() {
        return words.none.to_owned();
    }
    words
        .codes
        .iter()
        .find(|(code, _)| *code == label)
        .map_or_else(|| label.to_owned(), |(_, text)| (*text).to_owned())
}

fn table_records(table: &ReportTable, first: &str, words: &Labels) -> Vec<Vec<String>> {
    let mut records = vec![std::iter::once(first.to_owned())
        .chain(
            table
                .columns
                .iter()
                .map(|column| words.column(*column).to_owned()),
        )
        .collect::<Vec<_>>()];
    let figures = |values: &[i64]| -> Vec<String> {
        table
            .columns
            .iter()
            .zip(values)
            .map(|(column, value)| csv_figure(*column, *value))
            .collect()
    };
    for row in &table.rows {
        let label = line_label(&row.label, words);
        records.push(
            std::iter::once(label)
                .chain(figures(&row.figures))
                .collect(),
        );
    }
    records.push(
        std::iter::once(words.total.to_owned())
            .chain(figures(&table.totals))
            .collect(),
    );
    records
}

fn cash_up_records(report: &CashUpsReport, words: &Labels) -> Vec<Vec<String>> {
    let money = |value: i64| csv_figure(Column::Collected, value);
    let mut records = vec![words
        .cash_up_headings
        .iter()
        .map(|h| (*h).to_owned())
        .collect::<Vec<_>>()];
    for line in &report.lines {
        records.push(vec![
            line.session_uid.clone(),
            line.clerk.clone(),
            line.agency.clone(),
            line.opened_at.to_rfc3339(),
            line.closed_at.to_rfc3339(),
            money(line.opening_float),
            money(line.expected),
            money(line.counted),
            money(line.difference),
            line.notes.clone().unwrap_or_default(),
        ]);
    }
    let mut total = vec![words.total.to_owned(), report.sessions.to_string()];
    total.extend([String::new(), String::new(), String::new(), String::new()]);
    total.extend([
        money(report.expected),
        money(report.counted),
        money(report.difference),
        String::new(),
    ]);
    records.push(total);
    records
}

fn cell(column: Column, value: i64) -> Cell {
    match column {
        Column::Collected | Column::Refunded | Column::Billed => Cell::Amount(value),
        Column::Net => Cell::Signed(value),
        Column::Weight => Cell::Weight(value),
        Column::OccupancyPermille => Cell::Permille(value),
        _ => Cell::Count(value),
    }
}

/// A report table as a PDF section, its first `limit` lines and the rest noted.
fn section(
    table: &ReportTable,
    title: &str,
    first: &str,
    bar: Option<usize>,
    words: &Labels,
    limit: usize,
) -> ReportSection {
    let cells = |values: &[i64]| -> Vec<Cell> {
        table
            .columns
            .iter()
            .zip(values)
            .map(|(column, value)| cell(*column, *value))
            .collect()
    };
    let left_out = table.rows.len().saturating_sub(limit);
    ReportSection::Table {
        title: title.to_owned(),
        headings: std::iter::once(first.to_owned())
            .chain(
                table
                    .columns
                    .iter()
                    .map(|column| words.column(*column).to_owned()),
            )
            .collect(),
        rows: table
            .rows
            .iter()
            .take(limit)
            .map(|row| {
                let label = line_label(&row.label, words);
                (label, cells(&row.figures))
            })
            .collect(),
        totals: Some(cells(&table.totals)),
        bar,
        note: (left_out > 0 || table.truncated)
            .then(|| words.more_lines.replace("{}", &left_out.to_string())),
    }
}

/// Reads one figure of a period's headline, as a printed cell.
type HeadlineFigure = fn(&Headline) -> Cell;

fn comparison(current: &Headline, previous: &Headline, words: &Labels) -> ReportSection {
    let lines: [(&str, HeadlineFigure); 10] = [
        (words.net_revenue, |h| Cell::Signed(h.net_revenue)),
        (words.ticket_revenue, |h| Cell::Amount(h.ticket_revenue)),
        (words.parcel_revenue, |h| Cell::Amount(h.parcel_revenue)),
        (words.refunds, |h| Cell::Amount(h.refunds)),
        (words.tickets_sold, |h| Cell::Count(h.tickets_sold)),
        (words.seats_sold, |h| Cell::Count(h.seats_sold)),
        (words.occupancy, |h| Cell::Permille(h.occupancy_permille)),
        (words.parcels_taken, |h| Cell::Count(h.parcels_taken)),
        (words.parcels_delivered, |h| {
            Cell::Count(h.parcels_delivered)
        }),
        (words.cancellations, |h| Cell::Count(h.cancellations)),
    ];
    ReportSection::Comparison {
        title: words.headline_title.to_owned(),
        headings: words.comparison_headings.map(str::to_owned),
        lines: lines
            .into_iter()
            .map(|(label, figure)| (label.to_owned(), figure(current), figure(previous)))
            .collect(),
    }
}

fn cash_up_section(report: &CashUpsReport, words: &Labels) -> ReportSection {
    // The tills whose count differs from what they should hold: those are the ones to look at.
    let off: Vec<_> = report
        .lines
        .iter()
        .filter(|line| line.difference != 0)
        .collect();
    ReportSection::Table {
        title: words.cash_ups_title.to_owned(),
        headings: [
            words.clerk,
            words.cash_up_headings[6],
            words.counted,
            words.difference,
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: off
            .iter()
            .take(20)
            .map(|line| {
                (
                    format!(
                        "{} · {} · {}",
                        line.closed_at.format("%d/%m %H:%M"),
                        line.clerk,
                        line.agency
                    ),
                    vec![
                        Cell::Amount(line.expected),
                        Cell::Amount(line.counted),
                        Cell::Signed(line.difference),
                    ],
                )
            })
            .collect(),
        totals: Some(vec![
            Cell::Amount(report.expected),
            Cell::Amount(report.counted),
            Cell::Signed(report.difference),
        ]),
        bar: None,
        note: Some(
            words
                .cash_up_note
                .replace("{sessions}", &report.sessions.to_string())
                .replace("{off}", &off.len().to_string()),
        ),
    }
}

fn short_day(day: &str) -> String {
    // "2026-03-14" → "14/03"
    match (day.get(8..10), day.get(5..7)) {
        (Some(d), Some(m)) => format!("{d}/{m}"),
        _ => day.to_owned(),
    }
}

async fn subtitle(
    desk: &Desk,
    filter: &ReportFilter,
    scope: &Scope,
    words: &Labels,
) -> Result<String> {
    let mut parts = vec![words
        .period
        .replace("{from}", &filter.from.format("%d/%m/%Y").to_string())
        .replace("{to}", &filter.to.format("%d/%m/%Y").to_string())];
    if let Some(id) = scope.agency {
        let name: String = sqlx::query_scalar("SELECT name FROM agences WHERE id = ?")
            .bind(id)
            .fetch_one(desk.pool())
            .await?;
        parts.push(format!("{} {name}", words.agency));
    }
    if let Some(id) = scope.carrier {
        let name: Option<String> =
            sqlx::query_scalar("SELECT company_name FROM transporteurs WHERE id = ?")
                .bind(id)
                .fetch_one(desk.pool())
                .await?;
        parts.push(format!("{} {}", words.carrier, name.unwrap_or_default()));
    }
    if scope.departure_city.is_some() || scope.arrival_city.is_some() {
        let city = |c: &Option<String>| c.clone().unwrap_or_else(|| "*".to_owned());
        parts.push(format!(
            "{} {} → {}",
            words.route,
            city(&scope.departure_city),
            city(&scope.arrival_city)
        ));
    }
    parts.push(words.amounts_note.to_owned());
    Ok(parts.join(" · "))
}

/// The words of the exports, in the desk's document language.
struct Labels {
    report_title: &'static str,
    file_stem: &'static str,
    period: &'static str,
    total: &'static str,
    none: &'static str,
    more_lines: &'static str,
    headline_title: &'static str,
    comparison_headings: [&'static str; 4],
    net_revenue: &'static str,
    ticket_revenue: &'static str,
    parcel_revenue: &'static str,
    refunds: &'static str,
    tickets_sold: &'static str,
    seats_sold: &'static str,
    occupancy: &'static str,
    parcels_taken: &'static str,
    parcels_delivered: &'static str,
    cancellations: &'static str,
    collected_per_day: &'static str,
    occupancy_title: &'static str,
    parcels_title: &'static str,
    cancellations_title: &'static str,
    cash_ups_title: &'static str,
    cash_up_note: &'static str,
    cash_up_headings: [&'static str; 10],
    clerk: &'static str,
    counted: &'static str,
    difference: &'static str,
    day: &'static str,
    agency: &'static str,
    carrier: &'static str,
    route: &'static str,
    method: &'static str,
    status: &'static str,
    reason: &'static str,
    departure: &'static str,
    /// Payment methods and envoi statuses, as the lines of a table name them.
    codes: [(&'static str, &'static str); 8],
    /// "Amounts in CFA francs (XOF)".
    amounts_note: &'static str,
    /// Titles of the sales tables, in the order of [`SalesDimension`].
    sales_titles: [&'static str; 6],
    /// Column titles, in the order of [`Column`].
    columns: [&'static str; 15],
}

impl Labels {
    fn of(locale: Locale) -> &'static Self {
        match locale {
            Locale::Fr => &FR,
            Locale::En => &EN,
        }
    }

    fn column(&self, column: Column) -> &'static str {
        self.columns[column as usize]
    }

    fn sales_by(&self, by: SalesDimension) -> &'static str {
        match by {
            SalesDimension::Day => self.day,
            SalesDimension::Agency => self.agency,
            SalesDimension::Clerk => self.clerk,
            SalesDimension::Carrier => self.carrier,
            SalesDimension::Route => self.route,
            SalesDimension::Method => self.method,
        }
    }

    fn sales_title(&self, by: SalesDimension) -> &'static str {
        self.sales_titles[by as usize]
    }

    fn occupancy_by(&self, by: OccupancyDimension) -> &'static str {
        match by {
            OccupancyDimension::Trajet => self.departure,
            OccupancyDimension::Route => self.route,
            OccupancyDimension::Day => self.day,
        }
    }

    fn parcels_by(&self, by: ParcelDimension) -> &'static str {
        match by {
            ParcelDimension::Status => self.status,
            ParcelDimension::Route => self.route,
            ParcelDimension::Carrier => self.carrier,
            ParcelDimension::Agency => self.agency,
            ParcelDimension::Day => self.day,
        }
    }
}

static FR: Labels = Labels {
    report_title: "Rapport d'activité",
    file_stem: "rapport-activite",
    period: "Du {from} au {to}",
    total: "Total",
    none: "(aucune)",
    more_lines: "… et {} lignes de plus (export CSV pour la liste complète).",
    headline_title: "Chiffres clés",
    comparison_headings: ["", "Période", "Précédente", "Évolution"],
    net_revenue: "Encaissé net",
    ticket_revenue: "Encaissé billets",
    parcel_revenue: "Encaissé colis",
    refunds: "Remboursements",
    tickets_sold: "Billets vendus",
    seats_sold: "Places vendues",
    occupancy: "Taux de remplissage",
    parcels_taken: "Envois reçus",
    parcels_delivered: "Envois livrés",
    cancellations: "Annulations",
    collected_per_day: "Encaissé billets par jour",
    occupancy_title: "Remplissage par ligne",
    parcels_title: "Colis par statut",
    cancellations_title: "Annulations par motif",
    cash_ups_title: "Clôtures de caisse avec écart",
    cash_up_note: "{sessions} caisses clôturées, {off} avec un écart.",
    cash_up_headings: [
        "Session",
        "Caissier",
        "Agence",
        "Ouverture",
        "Clôture",
        "Fonds de caisse",
        "Attendu",
        "Compté",
        "Écart",
        "Notes",
    ],
    clerk: "Caissier",
    counted: "Compté",
    difference: "Écart",
    day: "Jour",
    agency: "Agence",
    carrier: "Transporteur",
    route: "Ligne",
    method: "Moyen de paiement",
    status: "Statut",
    reason: "Motif",
    departure: "Départ",
    codes: [
        ("cash", "Espèces"),
        ("mobile_money", "Mobile money"),
        ("card", "Carte"),
        ("pending", "En attente"),
        ("accepted", "Reçu"),
        ("in_transit", "En route"),
        ("delivered", "Livré"),
        ("cancelled", "Annulé"),
    ],
    amounts_note: "Montants en francs CFA (XOF)",
    sales_titles: [
        "Ventes par jour",
        "Ventes par agence",
        "Ventes par caissier",
        "Ventes par transporteur",
        "Ventes par ligne",
        "Ventes par moyen de paiement",
    ],
    columns: [
        "Billets",
        "Places",
        "Encaissé",
        "Remboursé",
        "Net",
        "Départs",
        "Places offertes",
        "Places prises",
        "Remplissage (%)",
        "Envois",
        "Colis",
        "Poids (kg)",
        "Facturé",
        "Livrés",
        "Annulations",
    ],
};

static EN: Labels = Labels {
    report_title: "Activity report",
    file_stem: "activity-report",
    period: "From {from} to {to}",
    total: "Total",
    none: "(none)",
    more_lines: "… and {} more lines (export the CSV for the full list).",
    headline_title: "Key figures",
    comparison_headings: ["", "Period", "Previous", "Change"],
    net_revenue: "Net collected",
    ticket_revenue: "Collected, tickets",
    parcel_revenue: "Collected, parcels",
    refunds: "Refunds",
    tickets_sold: "Tickets sold",
    seats_sold: "Seats sold",
    occupancy: "Occupancy",
    parcels_taken: "Parcels taken",
    parcels_delivered: "Parcels delivered",
    cancellations: "Cancellations",
    collected_per_day: "Ticket money collected per day",
    occupancy_title: "Occupancy by route",
    parcels_title: "Parcels by status",
    cancellations_title: "Cancellations by reason",
    cash_ups_title: "Cash-ups with a difference",
    cash_up_note: "{sessions} tills closed, {off} with a difference.",
    cash_up_headings: [
        "Session",
        "Clerk",
        "Agency",
        "Opened",
        "Closed",
        "Opening float",
        "Expected",
        "Counted",
        "Difference",
        "Notes",
    ],
    clerk: "Clerk",
    counted: "Counted",
    difference: "Difference",
    day: "Day",
    agency: "Agency",
    carrier: "Carrier",
    route: "Route",
    method: "Payment method",
    status: "Status",
    reason: "Reason",
    departure: "Departure",
    codes: [
        ("cash", "Cash"),
        ("mobile_money", "Mobile money"),
        ("card", "Card"),
        ("pending", "Pending"),
        ("accepted", "Accepted"),
        ("in_transit", "In transit"),
        ("delivered", "Delivered"),
        ("cancelled", "Cancelled"),
    ],
    amounts_note: "Amounts in CFA francs (XOF)",
    sales_titles: [
        "Sales by day",
        "Sales by agency",
        "Sales by clerk",
        "Sales by carrier",
        "Sales by route",
        "Sales by payment method",
    ],
    columns: [
        "Tickets",
        "Seats",
        "Collected",
        "Refunded",
        "Net",
        "Departures",
        "Seats offered",
        "Seats taken",
        "Occupancy (%)",
        "Envois",
        "Pieces",
        "Weight (kg)",
        "Billed",
        "Delivered",
        "Cancellations",
    ],
};
