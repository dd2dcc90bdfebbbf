//! The list of every command: name, who may call it, argument and result types, handler.
//! It feeds the Tauri handler, `billettigue-cli call` and `commands`, and the TypeScript bindings.

use super::session::{self, ChangePasswordArgs, LoginArgs, Me, SessionInfo};
use super::{parse_args, to_reply, Access, Caller, CommandSpec, Empty};
use crate::accounts::{
    self, AccountRef, AccountSummary, ChangeRoleArgs, CreateAccountArgs, ListAccountsArgs,
    ResetPasswordArgs,
};
use crate::agencies::{self, Agency, CreateAgencyArgs, SetAcceptsParcelsArgs};
use crate::audit::{self, AuditEntry, ListAuditArgs};
use crate::auth::Permission;
use crate::backup::{
    self, BackupCheck, BackupKind, BackupList, BackupOutcome, BackupProgress, CreateBackupArgs,
    RestoreArgs, RestoreReport, VerifyArgs,
};
use crate::config::{self, ConfigEntry, SetConfigArgs};
use crate::customers::{self, Customer, FindCustomerArgs, RegisterCustomerArgs};
use crate::departures::{self, BoardArgs, DepartureArgs, DeparturesOnArgs, Manifest};
use crate::host::{RecoveryRestoreArgs, RecoveryStatus, RecoveryStatusArgs};
use crate::maintenance::{self, MaintenanceReport};
use crate::parcels::{
    self, CancelEnvoiArgs, DeliverArgs, Envoi, EnvoiRef, EnvoiSummary, FindEnvoisArgs,
    IntakeReceipt, LabelsArgs, ListTariffsArgs, LoadArgs, MarkLostArgs, NewDeliveryCode,
    NewDeliveryCodeArgs, ParcelCarrier, ParcelManifest, ParcelQuote, PayEnvoiArgs, PayReceipt,
    QuoteArgs, RegisterEnvoiArgs, SetTariffArgs, Tariff, TariffRef, UnloadArgs, WaybillArgs,
};
use crate::payments::{
    self, ConfigureProviderArgs, ListPaymentsArgs, PaymentLogEntry, PaymentRef, PaymentView,
    ProviderSettingsView, ReconcileSummary, RefundDue, RefundRef, RetryArgs, RetryReceipt,
};
use crate::reports::cancellations::{self, CancellationsReport};
use crate::reports::cash_ups::{self, CashUpsReport};
use crate::reports::dashboard::{self, Dashboard};
use crate::reports::export::{self as report_export, ExportCsvArgs, ExportPdfArgs};
use crate::reports::occupancy::{self, HeatCell, OccupancyArgs};
use crate::reports::parcels::{
    self as parcel_reports, ParcelLine, ParcelReportArgs, ParcelRowsArgs,
};
use crate::reports::sales::{self as sales_reports, SaleLine, SalesReportArgs, SalesRowsArgs};
use crate::reports::sign_ins::{self, SignInReport};
use crate::reports::{ReportFilter, ReportTable};
use crate::sales::{
    self, CancelReservationArgs, CancelTrajetArgs, ChangeReceipt, ChangeReservationArgs,
    FindReservationsArgs, RefundQuote, Reservation, ReservationRef, SaleArgs, SaleQuote,
    SaleReceipt, SearchArgs, SearchHit, SeatMap, SeatMapArgs, SellArgs, TrajetCancellation,
};
use crate::setup::{self, CreateFirstAdminArgs, SetupStatus};
use crate::sync::allotments::{self, AllotArgs, AllotmentLine, GiveBackArgs};
use crate::sync::central::MigrateReport;
use crate::sync::outbox::Backlog;
use crate::sync::scope::CentralAgency;
use crate::sync::service::{
    self as sync_service, CentralAgenciesArgs, ConfigureSyncArgs, SyncNode, SyncStatus,
};
use crate::sync::RoundSummary;
use crate::tickets::{
    self, PrintTicketArgs, PrintedDocument, PrintedTicket, TicketCheck, VerifyTicketArgs,
};
use crate::till::{
    self, CloseTillArgs, ListTillSessionsArgs, OpenTillArgs, TillReport, TillReportPdfArgs,
    TillSession, TillSessionRef,
};
use crate::trajets::zones::{self, ListZonesArgs, RemoveZoneArgs, SetZoneArgs, Zone};
use crate::trajets::{
    self, CreateTrajetArgs, ListTrajetsArgs, ScheduleArgs, ScheduleResult, SetTrajetStatusArgs,
    Trajet, UpdateTrajetArgs,
};

/// `name: Args -> Result, access, "summary", |desk, caller, args| body`
macro_rules! commands {
    ($( $name:literal : $args:ty => $result:ty, $access:expr, $summary:literal, |$desk:ident, $caller:ident, $a:ident| $body:expr; )*) => {
        pub static COMMANDS: &[CommandSpec] = &[$(
            CommandSpec {
                name: $name,
                summary: $summary,
                access: $access,
                handler: {
                    fn handle<'a>($desk: &'a crate::desk::Desk, $caller: &'a Caller, raw: serde_json::Value) -> super::Reply<'a> {
                        Box::pin(async move {
                            let $a: $args = parse_args(raw)?;
                            let result: $result = $body.await?;
                            to_reply(result)
                        })
                    }
                    handle
                },
                args_ts: || <$args as ts_rs::TS>::name(&crate::bindings::config()),
                result_ts: || <$result as ts_rs::TS>::name(&crate::bindings::config()),
                visit_types: |collector| {
                    use ts_rs::TypeVisitor;
                    collector.visit::<$args>();
                    collector.visit::<$result>();
                },
            },
        )*];
    };
}

commands! {
    "setup.status": Empty => SetupStatus, Access::Public,
        "Whether the first administrator exists.",
        |desk, _caller, _args| setup::status(desk);
    "setup.create_admin": CreateFirstAdminArgs => SessionInfo, Access::Public,
        "Creates the first administrator (first run only) and signs in.",
        |desk, _caller, args| session::create_first_admin(desk, args);
    "auth.login": LoginArgs => SessionInfo, Access::Public,
        "Signs in with email and password; returns a session token.",
        |desk, _caller, args| session::login(desk, args);
    "auth.logout": Empty => (), Access::SignedIn,
        "Signs out: the token is revoked.",
        |desk, caller, _args| async move { session::logout(desk, caller.session()?).await };
    "auth.me": Empty => Me, Access::SignedIn,
        "The signed-in account and its permissions.",
        |desk, caller, _args| async move { session::me(desk, caller.session()?).await };
    "auth.change_password": ChangePasswordArgs => SessionInfo, Access::SignedIn,
        "Changes one's own password; other sessions end, a new session is returned.",
        |desk, caller, args| session::change_password(desk, caller, args);
    "accounts.list": ListAccountsArgs => Vec<AccountSummary>, Access::Requires(Permission::AccountsManage),
        "Staff accounts, filtered by text and role.",
        |desk, _caller, args| accounts::list(desk, args);
    "accounts.create": CreateAccountArgs => AccountSummary, Access::Requires(Permission::AccountsManage),
        "Creates a staff account (admin, agent or transporteur) with its profile.",
        |desk, caller, args| async move { accounts::create(desk, caller.session()?, args).await };
    "accounts.change_role": ChangeRoleArgs => AccountSummary, Access::Requires(Permission::AccountsManage),
        "Moves an account to another role, with the profile that role needs.",
        |desk, caller, args| async move { accounts::change_role(desk, caller.session()?, args).await };
    "accounts.suspend": AccountRef => AccountSummary, Access::Requires(Permission::AccountsManage),
        "Suspends an account: it can no longer sign in, and its sessions stop working.",
        |desk, caller, args| async move { accounts::suspend(desk, caller.session()?, args).await };
    "accounts.reactivate": AccountRef => AccountSummary, Access::Requires(Permission::AccountsManage),
        "Reactivates a suspended account.",
        |desk, caller, args| async move { accounts::reactivate(desk, caller.session()?, args).await };
    "accounts.unlock": AccountRef => AccountSummary, Access::Requires(Permission::AccountsManage),
        "Unlocks an account locked after failed sign-ins.",
        |desk, caller, args| async move { accounts::unlock(desk, caller.session()?, args).await };
    "accounts.reset_password": ResetPasswordArgs => AccountSummary, Access::Requires(Permission::AccountsManage),
        "Sets a new password for an account (and unlocks it); its sessions end.",
        |desk, caller, args| async move { accounts::reset_password(desk, caller.session()?, args).await };
    "audit.list": ListAuditArgs => Vec<AuditEntry>, Access::Requires(Permission::AuditRead),
        "The administration log, newest first.",
        |desk, _caller, args| audit::list(desk, args);
    "config.list": Empty => Vec<ConfigEntry>, Access::Requires(Permission::ConfigManage),
        "System settings.",
        |desk, _caller, _args| config::list(desk);
    "config.set": SetConfigArgs => ConfigEntry, Access::Requires(Permission::ConfigManage),
        "Changes one system setting (validated).",
        |desk, caller, args| async move { config::set(desk, caller.session()?, args).await };
    "agencies.list": Empty => Vec<Agency>, Access::SignedIn,
        "Agencies and depots.",
        |desk, _caller, _args| agencies::list(desk);
    "agencies.create": CreateAgencyArgs => Agency, Access::Requires(Permission::AgenciesManage),
        "Creates an agency or depot.",
        |desk, caller, args| async move { agencies::create(desk, caller.session()?, args).await };
    "agencies.set_accepts_parcels": SetAcceptsParcelsArgs => Agency, Access::Requires(Permission::AgenciesManage),
        "Lets an agency's clerks take parcels, or stops it.",
        |desk, caller, args| async move { agencies::set_accepts_parcels(desk, caller.session()?, args).await };
    "trajets.list": ListTrajetsArgs => Vec<Trajet>, Access::Requires(Permission::TrajetsManage),
        "The caller's trajets (every carrier's for an administrator), soonest first.",
        |desk, caller, args| async move { trajets::list(desk, caller.session()?, args).await };
    "trajets.create": CreateTrajetArgs => Trajet, Access::Requires(Permission::TrajetsManage),
        "Publishes one departure.",
        |desk, caller, args| async move { trajets::create(desk, caller.session()?, args).await };
    "trajets.schedule": ScheduleArgs => ScheduleResult, Access::Requires(Permission::TrajetsManage),
        "Publishes a recurring schedule (same time on each chosen day) in one action.",
        |desk, caller, args| async move { trajets::schedule(desk, caller.session()?, args).await };
    "trajets.update": UpdateTrajetArgs => Trajet, Access::Requires(Permission::TrajetsManage),
        "Changes a departure's time, price, seats or parcel terms (never below the seats sold).",
        |desk, caller, args| async move { trajets::update(desk, caller.session()?, args).await };
    "trajets.set_status": SetTrajetStatusArgs => Trajet, Access::Requires(Permission::TrajetsManage),
        "Suspends, resumes, cancels (only without passengers) or completes a departure.",
        |desk, caller, args| async move { trajets::set_status(desk, caller.session()?, args).await };
    "zones.list": ListZonesArgs => Vec<Zone>, Access::Requires(Permission::TrajetsManage),
        "The cities a carrier serves.",
        |desk, caller, args| async move { zones::list(desk, caller.session()?, args).await };
    "zones.set": SetZoneArgs => Zone, Access::Requires(Permission::TrajetsManage),
        "Adds or updates a served city (one per city and carrier).",
        |desk, caller, args| async move { zones::set(desk, caller.session()?, args).await };
    "zones.remove": RemoveZoneArgs => (), Access::Requires(Permission::TrajetsManage),
        "Stops serving a city.",
        |desk, caller, args| async move { zones::remove(desk, caller.session()?, args).await };
    "trajets.cancel": CancelTrajetArgs => TrajetCancellation, Access::Requires(Permission::TrajetsManage),
        "Cancels a departure, refunding or moving each of its passengers as decided.",
        |desk, caller, args| async move { sales::cancel_trajet(desk, caller.session()?, args).await };
    "sales.search": SearchArgs => Vec<SearchHit>, Access::Requires(Permission::SalesSell),
        "Departures on a day between two cities (accents and case ignored, served zones included) with enough seats left.",
        |desk, _caller, args| sales::search(desk, args);
    "sales.seat_map": SeatMapArgs => SeatMap, Access::Requires(Permission::SalesSell),
        "Every seat of a departure: free, held (unpaid) or sold.",
        |desk, _caller, args| sales::seat_map(desk, args);
    "sales.quote": SaleArgs => SaleQuote, Access::Requires(Permission::SalesSell),
        "Prices a sale line by line (fares, refundable supplement, total) without selling.",
        |desk, _caller, args| sales::quote(desk, args);
    "sales.sell": SellArgs => SaleReceipt, Access::Requires(Permission::SalesSell),
        "Sells seats for one or several passengers (and their return): cash into the open till, or mobile money or card through the provider.",
        |desk, caller, args| async move { sales::sell(desk, caller.session()?, args).await };
    "customers.find": FindCustomerArgs => Option<Customer>, Access::Requires(Permission::SalesSell),
        "The known customer with this phone number, if any.",
        |desk, _caller, args| customers::find(desk, args);
    "customers.register": RegisterCustomerArgs => Customer, Access::Requires(Permission::SalesSell),
        "Registers a customer at the counter (no email, no password).",
        |desk, caller, args| async move { customers::register(desk, caller.session()?, args).await };
    "reservations.find": FindReservationsArgs => Vec<Reservation>, Access::Requires(Permission::SalesSell),
        "Reservations by booking reference, scanned ticket or phone number.",
        |desk, _caller, args| sales::find(desk, args);
    "reservations.get": ReservationRef => Reservation, Access::Requires(Permission::SalesSell),
        "One reservation by its booking reference.",
        |desk, _caller, args| sales::get(desk, args);
    "reservations.refund_quote": ReservationRef => RefundQuote, Access::Requires(Permission::SalesCancel),
        "What cancelling a reservation now would refund, and why.",
        |desk, _caller, args| sales::refund_quote(desk, args);
    "reservations.cancel": CancelReservationArgs => Reservation, Access::Requires(Permission::SalesCancel),
        "Cancels a reservation: seats freed, refund per the rules, cancellation recorded.",
        |desk, caller, args| async move { sales::cancel(desk, caller.session()?, args).await };
    "reservations.change": ChangeReservationArgs => ChangeReceipt, Access::Requires(Permission::SalesSell),
        "Changes a reservation's seats, or moves it to another departure of the same route.",
        |desk, caller, args| async move { sales::change(desk, caller.session()?, args).await };
    "tickets.print": PrintTicketArgs => PrintedTicket, Access::Requires(Permission::SalesSell),
        "Writes a reservation's ticket as a PDF (80 mm or A4); reprints are marked and logged.",
        |desk, caller, args| async move { tickets::print(desk, caller.session()?, args).await };
    "tickets.verify": VerifyTicketArgs => TicketCheck, Access::Requires(Permission::ManifestsRead),
        "Checks a scanned ticket's signature offline.",
        |desk, _caller, args| tickets::verify(desk, args);
    "departures.list": DeparturesOnArgs => Vec<Trajet>, Access::Requires(Permission::ManifestsRead),
        "The departures of a day (a carrier's own only), soonest first.",
        |desk, caller, args| async move { departures::list(desk, caller.session()?, args).await };
    "departures.manifest": DepartureArgs => Manifest, Access::Requires(Permission::ManifestsRead),
        "The passenger manifest of a departure.",
        |desk, caller, args| async move { departures::manifest(desk, caller.session()?, args).await };
    "departures.manifest_pdf": DepartureArgs => PrintedDocument, Access::Requires(Permission::ManifestsRead),
        "Writes the passenger manifest as a PDF.",
        |desk, caller, args| async move { departures::manifest_pdf(desk, caller.session()?, args).await };
    "departures.board": BoardArgs => Reservation, Access::Requires(Permission::ManifestsRead),
        "Boards a passenger by scanned ticket or typed reference.",
        |desk, caller, args| async move { departures::board(desk, caller.session()?, args).await };
    "departures.complete": DepartureArgs => Trajet, Access::Requires(Permission::ManifestsRead),
        "Marks a departure completed once it has left.",
        |desk, caller, args| async move { departures::complete(desk, caller.session()?, args).await };
    "till.open": OpenTillArgs => TillSession, Access::Requires(Permission::TillOperate),
        "Opens the clerk's till (cash drawer) with its opening float.",
        |desk, caller, args| async move { till::open(desk, caller.session()?, args).await };
    "till.current": Empty => Option<TillReport>, Access::Requires(Permission::TillOperate),
        "The clerk's open till with its figures so far (X report), if one is open.",
        |desk, caller, _args| async move { till::current(desk, caller.session()?).await };
    "till.close": CloseTillArgs => TillReport, Access::Requires(Permission::TillOperate),
        "Closes the clerk's till with the counted cash; returns the Z report, kept as is.",
        |desk, caller, args| async move { till::close(desk, caller.session()?, args).await };
    "till.sessions": ListTillSessionsArgs => Vec<TillSession>, Access::Requires(Permission::TillOperate),
        "Till sessions, newest first: every clerk's with reports.read, else one's own.",
        |desk, caller, args| async move { till::sessions(desk, caller.session()?, args).await };
    "till.report": TillSessionRef => TillReport, Access::Requires(Permission::TillOperate),
        "A till session's report (Z once closed, X while open).",
        |desk, caller, args| async move { till::report(desk, caller.session()?, args).await };
    "till.report_pdf": TillReportPdfArgs => PrintedDocument, Access::Requires(Permission::TillOperate),
        "Writes a till session's report as a PDF (80 mm or A4).",
        |desk, caller, args| async move { till::report_pdf(desk, caller.session()?, args).await };
    "payments.provider": Empty => ProviderSettingsView, Access::SignedIn,
        "Whether mobile money and card can be taken, and the provider's URL and merchant (never the key).",
        |desk, _caller, _args| payments::settings::view(desk);
    "payments.configure_provider": ConfigureProviderArgs => ProviderSettingsView, Access::Requires(Permission::ConfigManage),
        "Sets the payment provider's URL and merchant id, and its API key (kept in the OS keyring).",
        |desk, caller, args| async move { payments::settings::configure(desk, caller.session()?, args).await };
    "payments.get": PaymentRef => PaymentView, Access::Requires(Permission::SalesSell),
        "One payment: method, status, amount, refunds, provider reference and message.",
        |desk, _caller, args| payments::get(desk, args);
    "payments.check": PaymentRef => PaymentView, Access::Requires(Permission::SalesSell),
        "Asks the provider again about a pending payment (same idempotency key) and settles it.",
        |desk, caller, args| async move { payments::check(desk, caller.session()?, args).await };
    "payments.retry": RetryArgs => RetryReceipt, Access::Requires(Permission::SalesSell),
        "Pays again, by any method, for the held reservations of a failed payment.",
        |desk, caller, args| async move { payments::retry(desk, caller.session()?, args).await };
    "payments.reconcile": Empty => ReconcileSummary, Access::Requires(Permission::SalesSell),
        "Asks the provider about every pending payment and refund; releases expired holds.",
        |desk, caller, _args| async move { payments::reconcile(desk, Some(caller.session()?.compte_id)).await };
    "payments.list": ListPaymentsArgs => Vec<PaymentView>, Access::Requires(Permission::ReportsRead),
        "Payments, newest first, by status, method and period (for auditors; administrators only).",
        |desk, caller, args| async move {
            crate::reports::admin_only(caller.session()?)?;
            payments::list(desk, args).await
        };
    "payments.log": PaymentRef => Vec<PaymentLogEntry>, Access::Requires(Permission::ReportsRead),
        "A payment's transaction log: every attempt, answer, failure, refund and reconciliation (administrators only).",
        |desk, caller, args| async move {
            crate::reports::admin_only(caller.session()?)?;
            payments::payment_log(desk, args).await
        };
    "payments.refunds_due": Empty => Vec<RefundDue>, Access::Requires(Permission::TillOperate),
        "Cash refunds owed to passengers, to pay out at a till.",
        |desk, _caller, _args| payments::refunds_due(desk);
    "payments.pay_refund": RefundRef => RefundDue, Access::Requires(Permission::TillOperate),
        "Pays an owed cash refund out of the clerk's open till.",
        |desk, caller, args| async move { payments::pay_out(desk, caller.session()?, args).await };
    "parcels.tariffs": ListTariffsArgs => Vec<Tariff>, Access::Requires(Permission::ParcelsManage),
        "The parcel tariff grid: a carrier's own rows and the platform's (every row for an administrator).",
        |desk, caller, args| async move { parcels::tariffs::list(desk, caller.session()?, args).await };
    "parcels.set_tariff": SetTariffArgs => Tariff, Access::Requires(Permission::ParcelsTariffs),
        "Adds or changes a row of the tariff grid (route or zone, weight band, prices, supplements).",
        |desk, caller, args| async move { parcels::tariffs::set(desk, caller.session()?, args).await };
    "parcels.remove_tariff": TariffRef => (), Access::Requires(Permission::ParcelsTariffs),
        "Takes a row out of the tariff grid.",
        |desk, caller, args| async move { parcels::tariffs::remove(desk, caller.session()?, args).await };
    "parcels.carriers": Empty => Vec<ParcelCarrier>, Access::Requires(Permission::ParcelsManage),
        "The carriers parcels can be sent with (a transporteur: itself), with the cities each delivers to.",
        |desk, caller, _args| async move { parcels::carriers(desk, caller.session()?).await };
    "parcels.find_sender": FindCustomerArgs => Option<Customer>, Access::Requires(Permission::ParcelsManage),
        "The known customer with this phone number, to send a parcel.",
        |desk, _caller, args| customers::find(desk, args);
    "parcels.quote": QuoteArgs => ParcelQuote, Access::Requires(Permission::ParcelsManage),
        "Prices parcels on a route from the tariff grid, without taking them in.",
        |desk, caller, args| async move { parcels::quote(desk, caller.session()?, args).await };
    "parcels.register": RegisterEnvoiArgs => IntakeReceipt, Access::Requires(Permission::ParcelsManage),
        "Takes an envoi in: sender, recipient, pieces priced from the grid, payment now or on delivery; returns the delivery code once.",
        |desk, caller, args| async move { parcels::register(desk, caller.session()?, args).await };
    "parcels.get": EnvoiRef => Envoi, Access::Requires(Permission::ParcelsManage),
        "One envoi by its tracking code or a piece's code, with pieces, payment and history.",
        |desk, caller, args| async move { parcels::get(desk, caller.session()?, args).await };
    "parcels.find": FindEnvoisArgs => Vec<EnvoiSummary>, Access::Requires(Permission::ParcelsManage),
        "Envois by tracking code, sender's or recipient's phone, or the latest ones.",
        |desk, caller, args| async move { parcels::find(desk, caller.session()?, args).await };
    "parcels.package": EnvoiRef => Envoi, Access::Requires(Permission::ParcelsManage),
        "Marks an envoi's waiting pieces (or one piece) labelled and packed.",
        |desk, caller, args| async move { parcels::package(desk, caller.session()?, args).await };
    "parcels.labels_pdf": LabelsArgs => PrintedDocument, Access::Requires(Permission::ParcelsManage),
        "Writes the labels of an envoi's pieces (or one piece) as a PDF: label printer or A4.",
        |desk, caller, args| async move { parcels::labels_pdf(desk, caller.session()?, args).await };
    "parcels.waybill_pdf": WaybillArgs => PrintedDocument, Access::Requires(Permission::ParcelsManage),
        "Writes the envoi's waybill, or with the delivery code the sender's receipt, as a PDF.",
        |desk, caller, args| async move { parcels::waybill_pdf(desk, caller.session()?, args).await };
    "parcels.load": LoadArgs => ParcelManifest, Access::Requires(Permission::ParcelsManage),
        "Loads pieces on a departure (weight limit, zone capacity, route and carrier checked).",
        |desk, caller, args| async move { parcels::load(desk, caller.session()?, args).await };
    "parcels.unload": UnloadArgs => Vec<Envoi>, Access::Requires(Permission::ParcelsManage),
        "Takes pieces off the departure they were loaded on.",
        |desk, caller, args| async move { parcels::unload(desk, caller.session()?, args).await };
    "parcels.dispatch": DepartureArgs => ParcelManifest, Access::Requires(Permission::ParcelsManage),
        "Sends off the pieces loaded on a departure: shipped, their envois in transit.",
        |desk, caller, args| async move { parcels::dispatch(desk, caller.session()?, args).await };
    "parcels.manifest": DepartureArgs => ParcelManifest, Access::Requires(Permission::ParcelsManage),
        "The parcels loaded on a departure.",
        |desk, caller, args| async move { parcels::manifest(desk, caller.session()?, args).await };
    "parcels.manifest_pdf": DepartureArgs => PrintedDocument, Access::Requires(Permission::ParcelsManage),
        "Writes a departure's parcel manifest as a PDF.",
        |desk, caller, args| async move { parcels::manifest_pdf(desk, caller.session()?, args).await };
    "parcels.pay": PayEnvoiArgs => PayReceipt, Access::Requires(Permission::ParcelsManage),
        "Takes what an envoi owes: cash on delivery, or again after a failed payment.",
        |desk, caller, args| async move { parcels::pay(desk, caller.session()?, args).await };
    "parcels.check_payment": EnvoiRef => Envoi, Access::Requires(Permission::ParcelsManage),
        "Asks the provider again about an envoi's pending payment and returns the envoi.",
        |desk, caller, args| async move { parcels::check_payment(desk, caller.session()?, args).await };
    "parcels.deliver": DeliverArgs => Envoi, Access::Requires(Permission::ParcelsManage),
        "Hands arrived pieces to the recipient, who gives their phone and the delivery code.",
        |desk, caller, args| async move { parcels::deliver(desk, caller.session()?, args).await };
    "parcels.new_delivery_code": NewDeliveryCodeArgs => NewDeliveryCode, Access::Requires(Permission::ParcelsManage),
        "Issues a new delivery code to the sender (the old one stops working).",
        |desk, caller, args| async move { parcels::new_delivery_code_for(desk, caller.session()?, args).await };
    "parcels.mark_lost": MarkLostArgs => Envoi, Access::Requires(Permission::ParcelsManage),
        "Declares a piece lost, with what is known.",
        |desk, caller, args| async move { parcels::mark_lost(desk, caller.session()?, args).await };
    "parcels.cancel": CancelEnvoiArgs => Envoi, Access::Requires(Permission::ParcelsManage),
        "Cancels an envoi none of whose pieces has left; what was paid is given back.",
        |desk, caller, args| async move { parcels::cancel(desk, caller.session()?, args).await };

    "backups.list": Empty => BackupList, Access::Requires(Permission::BackupsManage),
        "The archives in the backup folders, newest first, with the schedule and its settings.",
        |desk, _caller, _args| backup::list(desk);
    "backups.create": CreateBackupArgs => BackupOutcome, Access::Requires(Permission::BackupsManage),
        "Backs the database up now (to the configured folders, or to `to`), while the desk runs.",
        |desk, caller, args| async move { backup::create(desk, Some(caller.session()?.compte_id), BackupKind::Manual, args).await };
    "backups.progress": Empty => Option<BackupProgress>, Access::Requires(Permission::BackupsManage),
        "How far the running backup is, if one runs.",
        |desk, _caller, _args| async move { Ok::<_, crate::Error>(desk.backup_board().current()) };
    "backups.cancel": Empty => bool, Access::Requires(Permission::BackupsManage),
        "Stops the running backup (nothing of it is kept); false if none runs.",
        |desk, _caller, _args| async move { Ok::<_, crate::Error>(desk.backup_board().cancel()) };
    "backups.verify": VerifyArgs => BackupCheck, Access::Requires(Permission::BackupsManage),
        "Checks an archive without restoring it: record, SHA-256, integrity, schema, whose desk.",
        |desk, _caller, args| backup::check(desk, args);
    "backups.restore": RestoreArgs => RestoreReport, Access::Requires(Permission::BackupsManage),
        "Restores an archive over this desk's database, after a safety backup; rolls back on failure.",
        |_desk, _caller, args| async move {
            // The host runs restores (the database must be closed); a bare desk only checks.
            args.archive_path()?;
            Err::<RestoreReport, _>(crate::Error::new(crate::ErrorCode::Conflict, crate::i18n::Message::RestoreNeedsHost))
        };
    "maintenance.run": Empty => MaintenanceReport, Access::Requires(Permission::BackupsManage),
        "Purges expired revocations, archives old log rows, refreshes the planner's statistics.",
        |desk, caller, _args| async move { maintenance::run(desk, Some(caller.session()?.compte_id)).await };
    "recovery.status": RecoveryStatusArgs => RecoveryStatus, Access::Public,
        "Whether the database is damaged and, if so, the archives that could replace it.",
        |desk, _caller, args| async move {
            args.folder_path()?;
            Ok::<_, crate::Error>(RecoveryStatus::sound(desk.database_path()))
        };
    "recovery.restore": RecoveryRestoreArgs => RestoreReport, Access::Public,
        "Restores an archive over a damaged database; an administrator of the archive signs it.",
        |_desk, _caller, args| async move {
            args.archive_path()?;
            Err::<RestoreReport, _>(crate::Error::new(crate::ErrorCode::Conflict, crate::i18n::Message::DatabaseNotDamaged))
        };

    "reports.dashboard": ReportFilter => Dashboard, Access::Requires(Permission::ReportsRead),
        "Headline figures of a period beside those of the period before it.",
        |desk, caller, args| async move { dashboard::dashboard(desk, caller.session()?, args).await };
    "reports.sales": SalesReportArgs => ReportTable, Access::Requires(Permission::ReportsRead),
        "Tickets sold, money collected and refunded, by day, agency, clerk, carrier, route or method.",
        |desk, caller, args| async move { sales_reports::report(desk, caller.session()?, args).await };
    "reports.sales_rows": SalesRowsArgs => Vec<SaleLine>, Access::Requires(Permission::ReportsRead),
        "The reservations behind one line of the sales report.",
        |desk, caller, args| async move { sales_reports::rows(desk, caller.session()?, args).await };
    "reports.occupancy": OccupancyArgs => ReportTable, Access::Requires(Permission::ReportsRead),
        "Seats offered and taken on the period's departures, by departure, route or day.",
        |desk, caller, args| async move { occupancy::report(desk, caller.session()?, args).await };
    "reports.occupancy_heatmap": ReportFilter => Vec<HeatCell>, Access::Requires(Permission::ReportsRead),
        "Occupancy by weekday and hour of departure.",
        |desk, caller, args| async move { occupancy::heatmap(desk, caller.session()?, args).await };
    "reports.parcels": ParcelReportArgs => ReportTable, Access::Requires(Permission::ReportsRead),
        "Parcels taken, pieces, weight and shipping billed, by status, route, carrier, agency or day.",
        |desk, caller, args| async move { parcel_reports::report(desk, caller.session()?, args).await };
    "reports.parcel_rows": ParcelRowsArgs => Vec<ParcelLine>, Access::Requires(Permission::ReportsRead),
        "The envois behind one line of the parcels report.",
        |desk, caller, args| async move { parcel_reports::rows(desk, caller.session()?, args).await };
    "reports.cancellations": ReportFilter => CancellationsReport, Access::Requires(Permission::ReportsRead),
        "Cancellations by reason with the refunds granted, and the latest ones.",
        |desk, caller, args| async move { cancellations::report(desk, caller.session()?, args).await };
    "reports.cash_ups": ReportFilter => CashUpsReport, Access::Requires(Permission::ReportsRead),
        "Till sessions closed in the period: expected, counted, difference.",
        |desk, caller, args| async move { cash_ups::report(desk, caller.session()?, args).await };
    "reports.sign_ins": ReportFilter => SignInReport, Access::Requires(Permission::ReportsRead),
        "Failed sign-ins and locked accounts (administrators only).",
        |desk, caller, args| async move { sign_ins::report(desk, caller.session()?, args).await };
    "reports.sync_backlog": Empty => Backlog, Access::Requires(Permission::ReportsRead),
        "What waits on this desk to go up to head office, table by table (administrators only).",
        |desk, caller, _args| async move {
            crate::reports::admin_only(caller.session()?)?;
            crate::sync::outbox::backlog(desk).await
        };
    "sync.status": Empty => SyncStatus, Access::SignedIn,
        "Online or offline, what waits to go up and since when, the last sync, download progress, rows set aside.",
        |desk, _caller, _args| sync_service::status(desk);
    "sync.configure": ConfigureSyncArgs => SyncStatus, Access::Requires(Permission::SyncManage),
        "Sets head office's database address (checked by connecting; kept in the system keyring) and the agency this desk serves (what it downloads).",
        |desk, _caller, args| sync_service::configure(desk, args);
    "sync.central_agencies": CentralAgenciesArgs => Vec<CentralAgency>, Access::Requires(Permission::SyncManage),
        "Lists the agencies head office knows at the given address, to choose the one this desk serves.",
        |_desk, _caller, args| sync_service::central_agencies(args);
    "sync.run": Empty => Option<RoundSummary>, Access::Requires(Permission::SyncManage),
        "Runs a sync round now (none when head office's address is not set).",
        |desk, _caller, _args| sync_service::run_now(desk);
    "sync.migrate_central": Empty => MigrateReport, Access::Requires(Permission::SyncManage),
        "Prepares head office's database: applies its migrations that are not applied yet.",
        |desk, _caller, _args| sync_service::migrate_central(desk);
    "sync.nodes": Empty => Vec<SyncNode>, Access::Requires(Permission::SyncManage),
        "Every desk known to this one, with its last contact, version and backlog as head office last heard.",
        |desk, _caller, _args| sync_service::nodes(desk);
    "sync.allotments": Empty => Vec<AllotmentLine>, Access::Requires(Permission::SyncManage),
        "The seats head office allotted to this desk, per departure, and how many are sold.",
        |desk, _caller, _args| allotments::list(desk);
    "sync.allot": AllotArgs => AllotmentLine, Access::Requires(Permission::SyncManage),
        "Asks head office now for more seats of a departure, to sell offline (needs head office).",
        |desk, _caller, args| allotments::allot(desk, args);
    "sync.give_back": GiveBackArgs => AllotmentLine, Access::Requires(Permission::SyncManage),
        "Gives a departure's unsold seats back to head office (they go with the next sync).",
        |desk, _caller, args| allotments::give_back(desk, args);
    "reports.export_csv": ExportCsvArgs => PrintedDocument, Access::Requires(Permission::ReportsRead),
        "Writes one report table as a CSV file in the documents folder.",
        |desk, caller, args| async move { report_export::csv(desk, caller.session()?, args).await };
    "reports.export_pdf": ExportPdfArgs => PrintedDocument, Access::Requires(Permission::ReportsRead),
        "Writes the period's activity report, with its charts, as an A4 PDF.",
        |desk, caller, args| async move { report_export::pdf(desk, caller.session()?, args).await };
}
