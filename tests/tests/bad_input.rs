//! The bad-input battery: every registered command, called by an administrator (so permission is
//! never what refuses), with each of its arguments broken in every way a caller can break it.
//! Each refusal must carry a code from the closed list and a non-empty French message, and must
//! leave the database exactly as it was.
//!
//! The battery iterates `billettigue_core::commands::COMMANDS`: a command added to the registry
//! without a template below makes the first test fail, so it cannot escape the battery.

use billettigue_core::commands::COMMANDS;
use billettigue_core::domain::Money;
use billettigue_core::parcels::tariffs::WEIGHT_MAX_G as PARCEL_WEIGHT_MAX_G;
use billettigue_core::trajets::zones::CAPACITY_MAX_G as ZONE_CAPACITY_MAX_G;
use billettigue_core::trajets::PACKAGE_WEIGHT_MAX_G;
use billettigue_core::{ErrorCode, ErrorPayload, Locale};
use billettigue_tests::db::DERIVED_TABLES;
use billettigue_tests::desk::{Snapshot, TestDesk};
use serde_json::{json, Value};

const SQL_QUOTE: &str = "'; DROP TABLE comptes; --";
const SQL_OR: &str = "\" OR 1=1 --";
const HUGE_LEN: usize = 100 * 1024;
const MONEY_MAX_MINOR: i64 = Money::MAX_MINOR;
/// One more day than the longest schedule (366 days).
const SCHEDULE_DAYS_TOO_MANY: i64 = 367;

/// One way of breaking one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    /// A number where the argument is not one.
    Number,
    /// A string where the argument is a number, a boolean, a list or an object.
    Text,
    Object,
    Array,
    Bool,
    Missing,
    /// `""`, or `[]` for a list, or `{}` for an object.
    Empty,
    /// 100 KB of text, or a number no integer type holds.
    Huge,
    SqlQuote,
    SqlOr,
    /// A value outside the enum (`"superuser"` for a role).
    UnknownVariant,
    /// The kind's low sample, below the smallest accepted value: a negative number (or a list
    /// holding one), or 0 for a number of seats.
    Negative,
    /// The kind's high sample: just above the largest accepted value.
    TooBig,
    /// Text shaped like the kind but impossible (`2026-02-30`, `25:00`).
    Malformed,
    /// A well-formed moment already gone.
    Past,
}

use Mutation::*;

/// The JSON types of the arguments, each with the mutations that break it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A closed list of values: a role (`admin`, `agent`, ...), a trajet status (`active`, ...).
    Enum,
    /// An integer: the negative sample to try, the too-big sample (if the command caps it), and
    /// whether the type is unsigned (a negative number is then unreadable, not refused).
    Int {
        negative: i64,
        too_big: Option<i64>,
        unsigned: bool,
    },
    Bool,
    /// An RFC 3339 moment (`2026-03-10T07:00:00Z`).
    DateTime,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM`, read by the command (a string to serde).
    Time,
    /// A list of small unsigned integers (ISO weekdays), whose largest accepted value is given.
    IntList {
        max: u8,
    },
    /// A nested object: its members are fields of their own, named `object.member`.
    Object,
    /// A list of objects (passengers, decisions); its members are tried by the commands' own tests.
    ObjectList,
}

impl Kind {
    fn mutations(self) -> &'static [Mutation] {
        match self {
            Kind::Text => &[
                Number, Object, Array, Bool, Missing, Empty, Huge, SqlQuote, SqlOr,
            ],
            Kind::Enum => &[
                Number,
                Object,
                Array,
                Bool,
                Missing,
                Empty,
                Huge,
                SqlQuote,
                SqlOr,
                UnknownVariant,
            ],
            Kind::Int {
                too_big: Some(_), ..
            } => &[Text, Object, Array, Bool, Missing, Huge, Negative, TooBig],
            Kind::Int { too_big: None, .. } => {
                &[Text, Object, Array, Bool, Missing, Huge, Negative]
            }
            Kind::Bool => &[Number, Text, Object, Array, Missing],
            Kind::DateTime | Kind::Date => &[
                Number, Object, Array, Bool, Missing, Empty, Huge, SqlQuote, Malformed, Past,
            ],
            Kind::Time => &[
                Number, Object, Array, Bool, Missing, Empty, Huge, SqlQuote, SqlOr, Malformed,
            ],
            Kind::IntList { .. } => &[
                Number, Text, Object, Array, Bool, Missing, Empty, Huge, Negative, TooBig,
            ],
            Kind::Object => &[Number, Text, Array, Bool, Missing, Empty],
            Kind::ObjectList => &[Number, Text, Object, Bool, Missing, Empty],
        }
    }

    /// Whether serde refuses this (present) value while the arguments are read, before the
    /// command looks at it. The error then names the path at fault (`template.price`).
    fn unreadable(self, mutation: Mutation) -> bool {
        match mutation {
            Number | Text | Object | Array | Bool | UnknownVariant => true,
            Missing | Past | TooBig => false,
            Empty => matches!(
                self,
                Kind::Enum | Kind::DateTime | Kind::Date | Kind::Object
            ),
            Huge => !matches!(self, Kind::Text | Kind::Time),
            SqlQuote | SqlOr => matches!(self, Kind::Enum | Kind::DateTime | Kind::Date),
            Malformed => matches!(self, Kind::DateTime | Kind::Date),
            Negative => matches!(
                self,
                Kind::Int { unsigned: true, .. } | Kind::IntList { .. }
            ),
        }
    }

    /// Whether the refusal is about the (first) element of a list, `weekdays[0]`, rather than
    /// the list.
    fn blames_element(self, mutation: Mutation) -> bool {
        matches!(self, Kind::IntList { .. }) && matches!(mutation, Array | Huge | Negative)
    }
}

/// One argument of a command: how to break it and what the command must answer.
#[derive(Debug, Clone)]
struct Field {
    /// The argument's path: `price`, or `template.price` for a member of a nested object.
    name: &'static str,
    kind: Kind,
    /// Absent from the JSON is a parse error (no `#[serde(default)]`).
    serde_required: bool,
    /// The code for a well-typed but bad value (empty, huge, SQL text, negative, or absent when
    /// the type allows absence but the command does not).
    refused_as: ErrorCode,
    /// Mutations that are still valid input: the command then succeeds. They are run by
    /// `mutations_that_remain_valid_input_succeed_and_store_sql_text_as_typed`.
    accepts: &'static [Mutation],
}

fn text(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
        serde_required: true,
        refused_as: ErrorCode::Validation,
        accepts: &[],
    }
}

fn role(name: &'static str) -> Field {
    Field {
        kind: Kind::Enum,
        ..text(name)
    }
}

/// A trajet status: `active`, `suspended`, `cancelled`, `completed`.
fn status(name: &'static str) -> Field {
    role(name)
}

fn int(name: &'static str, negative: i64) -> Field {
    Field {
        kind: Kind::Int {
            negative,
            too_big: None,
            unsigned: false,
        },
        serde_required: false,
        ..text(name)
    }
}

/// An unsigned integer (`u32`): a negative number does not even read.
fn count(name: &'static str) -> Field {
    Field {
        kind: Kind::Int {
            negative: -1,
            too_big: None,
            unsigned: true,
        },
        serde_required: true,
        ..text(name)
    }
}

fn boolean(name: &'static str) -> Field {
    Field {
        kind: Kind::Bool,
        ..text(name)
    }
}

fn datetime(name: &'static str) -> Field {
    Field {
        kind: Kind::DateTime,
        ..text(name)
    }
}

fn date(name: &'static str) -> Field {
    Field {
        kind: Kind::Date,
        ..text(name)
    }
}

fn time(name: &'static str) -> Field {
    Field {
        kind: Kind::Time,
        ..text(name)
    }
}

fn int_list(name: &'static str, max: u8) -> Field {
    Field {
        kind: Kind::IntList { max },
        ..text(name)
    }
}

fn object(name: &'static str) -> Field {
    Field {
        kind: Kind::Object,
        ..text(name)
    }
}

fn object_list(name: &'static str) -> Field {
    Field {
        kind: Kind::ObjectList,
        ..text(name)
    }
}

impl Field {
    fn optional(self) -> Self {
        Self {
            serde_required: false,
            ..self
        }
    }

    fn required(self) -> Self {
        Self {
            serde_required: true,
            ..self
        }
    }

    /// The command refuses values above `limit - 1`: `limit` is tried.
    fn too_big(self, limit: i64) -> Self {
        let kind = match self.kind {
            Kind::Int {
                negative, unsigned, ..
            } => Kind::Int {
                negative,
                too_big: Some(limit),
                unsigned,
            },
            other => other,
        };
        Self { kind, ..self }
    }

    fn refused_as(self, code: ErrorCode) -> Self {
        Self {
            refused_as: code,
            ..self
        }
    }

    fn accepts(self, accepts: &'static [Mutation]) -> Self {
        Self { accepts, ..self }
    }

    /// The member name without its object: `price` for `template.price`.
    fn is_nested(&self) -> bool {
        self.name.contains('.')
    }

    fn value(&self, mutation: Mutation) -> Option<Value> {
        Some(match (mutation, self.kind) {
            (Number, _) => json!(42),
            (Text, _) => json!("1 OR 1=1"),
            (Object, _) => json!({ "$ne": null }),
            (Array, _) => json!(["admin"]),
            (Bool, _) => json!(true),
            (Missing, _) => return None,
            (Empty, Kind::IntList { .. }) => json!([]),
            (Empty, Kind::Object) => json!({}),
            (Empty, Kind::ObjectList) => json!([]),
            (Empty, _) => json!(""),
            (Huge, Kind::Int { .. }) => json!(1e20),
            (Huge, Kind::IntList { .. }) => json!([1e20]),
            (Huge, _) => json!("x".repeat(HUGE_LEN)),
            (SqlQuote, _) => json!(SQL_QUOTE),
            (SqlOr, _) => json!(SQL_OR),
            (UnknownVariant, _) => json!("superuser"),
            (Negative, Kind::Int { negative, .. }) => json!(negative),
            (Negative, Kind::IntList { .. }) => json!([-1]),
            (Negative, _) => json!(-1),
            (TooBig, Kind::Int { too_big, .. }) => json!(too_big.unwrap_or(i64::MAX)),
            (TooBig, Kind::IntList { max }) => json!([max + 1]),
            (TooBig, _) => json!(i64::MAX),
            (Malformed, Kind::DateTime) => json!("2026-03-10T25:00:00Z"),
            (Malformed, Kind::Date) => json!("2026-02-30"),
            (Malformed, _) => json!("25:00"),
            (Past, Kind::Date) => json!("2020-01-06"),
            (Past, _) => json!("2020-01-06T07:00:00Z"),
        })
    }

    /// What the command must answer to this mutation: `None` when it is still valid input.
    fn expected(&self, mutation: Mutation) -> Option<ErrorCode> {
        if self.accepts.contains(&mutation) {
            return None;
        }
        // A wrong JSON type, or a missing argument the type requires, fails while the arguments
        // are read, before any lookup: always `validation`.
        Some(if self.unreadable(mutation) {
            ErrorCode::Validation
        } else {
            self.refused_as
        })
    }

    fn unreadable(&self, mutation: Mutation) -> bool {
        match mutation {
            Missing => self.serde_required,
            other => self.kind.unreadable(other),
        }
    }

    /// The `field` the refusal must name, exactly: always the full path (`template.price`,
    /// `weekdays[0]`), whether serde or the command's own checks refuse it. `siblings` are the
    /// template's fields: an empty object is missing its first required member.
    fn blamed(&self, mutation: Mutation, siblings: &[Field]) -> String {
        if self.kind == Kind::Object && mutation == Empty {
            let prefix = format!("{}.", self.name);
            return siblings
                .iter()
                .find(|f| f.serde_required && f.name.starts_with(&prefix))
                .map(|f| f.name.to_owned())
                .unwrap_or_default();
        }
        if mutation == Missing || !self.unreadable(mutation) {
            return self.name.to_owned();
        }
        if self.kind.blames_element(mutation) {
            return format!("{}[0]", self.name);
        }
        self.name.to_owned()
    }
}

/// What the unchanged template answers, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsIs {
    Succeeds,
    Refused(ErrorCode),
}

struct Template {
    args: Value,
    fields: Vec<Field>,
    /// The argument type has `#[serde(deny_unknown_fields)]`.
    denies_unknown_fields: bool,
    as_is: AsIs,
}

/// What the templates refer to: records that exist on the desk under test.
struct Ctx {
    agency_uid: String,
    agent_uid: String,
    /// A transporteur's carrier uid (`transporteurs.uid`).
    carrier_uid: String,
    /// An active trajet of that carrier, departing a week after the test clock's start.
    trajet_uid: String,
    /// A confirmed reservation of seat 1 on that trajet, and its printed ticket's QR code.
    booking_reference: String,
    qr_code: String,
    /// The administrator's open till, and the cash payment of the context's reservation.
    till_uid: String,
    payment_uid: String,
    /// The platform's parcel tariff row, and a known customer (the context's parcel sender).
    tariff_uid: String,
    customer_uid: String,
    /// An envoi paid in cash to Saint-Louis, with its delivery code: piece 1 packaged and loaded
    /// on the context's trajet, piece 2 packaged, piece 3 waiting.
    tracking_code: String,
    delivery_code: String,
    /// An envoi to Saint-Louis to be paid on delivery.
    cod_code: String,
    /// An archive of the desk (full path), made by `backups.create`.
    archive: String,
}

impl Ctx {
    /// A context whose uids are placeholders: enough to list a template's cases.
    fn probe() -> Self {
        Self {
            agency_uid: "a".into(),
            agent_uid: "b".into(),
            carrier_uid: "c".into(),
            trajet_uid: "d".into(),
            booking_reference: "e".into(),
            qr_code: "f".into(),
            till_uid: "g".into(),
            payment_uid: "h".into(),
            tariff_uid: "i".into(),
            customer_uid: "j".into(),
            tracking_code: "k".into(),
            delivery_code: "l".into(),
            cod_code: "m".into(),
            archive: "/n.db.gz".into(),
        }
    }
}

/// The phone of the context's parcel sender.
const SENDER_PHONE: &str = "+221 77 400 00 01";

/// Three pieces to Saint-Louis for the context's carrier, from the known customer, paid in cash.
fn envoi(ctx: &Ctx) -> Value {
    json!({
        "sender_uid": ctx.customer_uid,
        "recipient_name": "Khady Sow",
        "recipient_phone": "+221 76 500 00 02",
        "transporteur_uid": ctx.carrier_uid,
        "origin_city": "Dakar",
        "destination_city": "Saint-Louis",
        "description": "Colis familial",
        "colis": [
            { "description": "Sac de riz", "weight_g": 2_000 },
            { "description": "Pagnes", "weight_g": 1_000, "fragile": true },
            { "description": "Ustensiles", "weight_g": 3_000, "length_cm": 40, "width_cm": 30, "height_cm": 20 },
        ],
        "payment_mode": "at_intake",
        "payment_method": "cash",
        "cash_tendered": 2_000_000,
    })
}

/// The parcel pieces of a quote: one light, one bulky.
fn parcel_pieces() -> Value {
    json!([
        { "description": "Sac de riz", "weight_g": 2_000 },
        { "description": "Couette", "weight_g": 1_000, "length_cm": 50, "width_cm": 40, "height_cm": 30 },
    ])
}

/// Dakar → Saint-Louis for the context's carrier: 5 000 FCFA, 50 seats, parcels up to 30 kg.
fn trajet_template(ctx: &Ctx) -> Value {
    json!({
        "transporteur_uid": ctx.carrier_uid,
        "departure_city": "Dakar",
        "arrival_city": "Saint-Louis",
        "price": 500_000,
        "seats_count": 50,
        "accepts_packages": true,
        "max_package_weight_g": 30_000,
        "departure_point": "Gare routière des Baux Maraîchers",
        "arrival_point": "Gare routière de Saint-Louis",
    })
}

/// The rules for the members of [`trajet_template`], under `template.`. Cities and points are
/// data (SQL text is stored as typed); an administrator must name an existing carrier.
fn trajet_template_fields() -> Vec<Field> {
    vec![
        object("template"),
        text("template.transporteur_uid").optional(),
        text("template.departure_city").accepts(&[SqlQuote, SqlOr]),
        text("template.arrival_city").accepts(&[SqlQuote, SqlOr]),
        int("template.price", -1)
            .too_big(MONEY_MAX_MINOR + 1)
            .required(),
        int("template.seats_count", 0).too_big(51).required(),
        boolean("template.accepts_packages"),
        int("template.max_package_weight_g", -1)
            .too_big(PACKAGE_WEIGHT_MAX_G + 1)
            .accepts(&[Missing]),
        text("template.departure_point")
            .optional()
            .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
        text("template.arrival_point")
            .optional()
            .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
    ]
}

/// One guest passenger on `seat` of the context's trajet (the context's reservation holds seat 1).
/// A blank customer is a guest. (Return trips are tried in `counter_sales.rs`.)
fn sale(ctx: &Ctx, seat: u8) -> Value {
    json!({
        "trajet_uid": ctx.trajet_uid,
        "passengers": [{ "first_name": "Aïssatou", "last_name": "Ndiaye", "phone": "77 123 45 67", "seats": [seat] }],
        "refundable": true,
        "customer_uid": "",
    })
}

/// The rules for the members of [`sale`], nested under `sale.` inside `sales.sell`. The
/// passengers' own members are tried one by one in `counter_sales.rs`.
fn sale_fields(nested: bool) -> Vec<Field> {
    let [trajet, passengers, refundable, customer] = if nested {
        [
            "sale.trajet_uid",
            "sale.passengers",
            "sale.refundable",
            "sale.customer_uid",
        ]
    } else {
        ["trajet_uid", "passengers", "refundable", "customer_uid"]
    };
    vec![
        text(trajet),
        object_list(passengers),
        boolean(refundable).optional().accepts(&[Missing]),
        text(customer).optional().accepts(&[Missing, Empty]),
    ]
}

/// A template of valid arguments for every registered command.
fn template(name: &str, ctx: &Ctx) -> Option<Template> {
    let none = |as_is| Template {
        args: json!({}),
        fields: vec![],
        denies_unknown_fields: true,
        as_is,
    };
    Some(match name {
        "setup.status" | "auth.me" | "auth.logout" | "config.list" | "agencies.list" => {
            none(AsIs::Succeeds)
        }
        // The desk under test is set up: any well-typed request is refused as already done,
        // before its values are even looked at.
        "setup.create_admin" => Template {
            args: json!({ "email": "cheikh.ba@billettigue.sn", "password": "Un-Second-Admin-1", "first_name": "Cheikh", "last_name": "Ba" }),
            fields: ["email", "password", "first_name", "last_name"]
                .into_iter()
                .map(|f| text(f).refused_as(ErrorCode::AlreadyInitialized))
                .collect(),
            denies_unknown_fields: false,
            as_is: AsIs::Refused(ErrorCode::AlreadyInitialized),
        },
        // An unknown email, so that no failed attempt is counted on any account: a readable
        // email with any password is `invalid_credentials`, and nothing is written.
        "auth.login" => Template {
            args: json!({ "email": "inconnu@billettigue.sn", "password": "Un-Mot-De-Passe-1" }),
            fields: vec![
                text("email"),
                text("password").refused_as(ErrorCode::InvalidCredentials),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::InvalidCredentials),
        },
        // SQL text is a perfectly good password: it is hashed, never run.
        "auth.change_password" => Template {
            args: json!({ "current_password": billettigue_tests::desk::ADMIN_PASSWORD, "new_password": "Un-Nouveau-Secret-1" }),
            fields: vec![
                text("current_password"),
                text("new_password").accepts(&[SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A search text is data: blank means no filter, SQL text simply matches nobody.
        "accounts.list" => Template {
            args: json!({ "query": "diop", "role": "agent" }),
            fields: vec![
                text("query")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                role("role").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // A transporteur: company name and phone are then required although optional in the type.
        // Names and passwords may contain SQL text (stored as typed / hashed); the agency is
        // optional for a carrier.
        "accounts.create" => Template {
            args: json!({
                "email": "depot@senegal-express.sn", "password": "Un-Nouveau-Depot-1", "role": "transporteur",
                "first_name": "Mariama", "last_name": "Sy", "phone_number": "+225 07 08 09 10 11",
                "company_name": "Sénégal Express Voyages", "agence_uid": ctx.agency_uid,
            }),
            fields: vec![
                text("email"),
                text("password").accepts(&[SqlQuote, SqlOr]),
                role("role"),
                text("first_name").accepts(&[SqlQuote, SqlOr]),
                text("last_name").accepts(&[SqlQuote, SqlOr]),
                text("phone_number").optional(),
                text("company_name").optional().accepts(&[SqlQuote, SqlOr]),
                text("agence_uid").optional().accepts(&[Missing, Empty]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // An unknown uid is `not_found`; the agent becomes a transporteur (it has a phone).
        "accounts.change_role" => Template {
            args: json!({ "uid": ctx.agent_uid, "role": "transporteur", "company_name": "Sénégal Express Voyages", "agence_uid": ctx.agency_uid }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                role("role"),
                text("company_name").optional().accepts(&[SqlQuote, SqlOr]),
                text("agence_uid").optional().accepts(&[Missing, Empty]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        "accounts.suspend" | "accounts.reactivate" | "accounts.unlock" => Template {
            args: json!({ "uid": ctx.agent_uid }),
            fields: vec![text("uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        "accounts.reset_password" => Template {
            args: json!({ "uid": ctx.agent_uid, "new_password": "Un-Nouveau-Depart-1" }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                text("new_password").accepts(&[SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // Both optional; a negative page position is refused like a negative page size.
        "audit.list" => Template {
            args: json!({ "limit": 10, "before_id": 1000, "text": "compte", "action": "account.", "actor_email": "admin@billettigue.sn",
                          "from": "2021-05-01", "to": "2021-06-01" }),
            fields: vec![
                count("limit").optional().accepts(&[Missing]),
                int("before_id", -5).accepts(&[Missing]),
                text("text")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("action")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("actor_email")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                date("from").optional().accepts(&[Missing, Past]),
                date("to").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        "config.set" => Template {
            args: json!({ "key": "auth.max_failed_logins", "value": "6" }),
            fields: vec![text("key"), text("value")],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // Names and addresses may contain SQL text; address and phone are optional.
        "agencies.create" => Template {
            args: json!({ "name": "Gare d'Adjamé", "city": "Abidjan", "address": "Boulevard Nangui Abrogoua", "phone_number": "+225 27 20 00 00 00", "accepts_parcels": true }),
            fields: vec![
                text("name").accepts(&[SqlQuote, SqlOr]),
                text("city").accepts(&[SqlQuote, SqlOr]),
                text("address")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("phone_number").optional().accepts(&[Missing, Empty]),
                boolean("accepts_parcels").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: false,
            as_is: AsIs::Succeeds,
        },
        // Filters: any moment is a valid bound, an unknown status is not.
        "trajets.list" => Template {
            args: json!({ "from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z", "status": "active" }),
            fields: vec![
                datetime("from").optional().accepts(&[Missing, Past]),
                datetime("to").optional().accepts(&[Missing, Past]),
                status("status").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "trajets.create" => Template {
            args: json!({ "template": trajet_template(ctx), "departure_time": "2026-03-10T07:00:00Z" }),
            fields: [trajet_template_fields(), vec![datetime("departure_time")]].concat(),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Mondays, Wednesdays and Fridays of the week after the clock's Monday.
        "trajets.schedule" => Template {
            args: json!({ "template": trajet_template(ctx), "first_day": "2026-03-09", "time": "07:00", "days": 7, "weekdays": [1, 3, 5] }),
            fields: [
                trajet_template_fields(),
                vec![
                    date("first_day"),
                    time("time"),
                    count("days").too_big(SCHEDULE_DAYS_TOO_MANY),
                    int_list("weekdays", 7).optional().accepts(&[Missing]),
                ],
            ]
            .concat(),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Every change is optional; an empty point clears it, SQL text is a point like any other.
        "trajets.update" => Template {
            args: json!({
                "uid": ctx.trajet_uid, "departure_time": "2026-03-11T06:30:00Z", "price": 450_000, "seats_count": 40,
                "accepts_packages": false, "max_package_weight_g": 20_000,
                "departure_point": "Gare routière de Pikine", "arrival_point": "Place Faidherbe",
            }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                datetime("departure_time").optional().accepts(&[Missing]),
                int("price", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .accepts(&[Missing]),
                int("seats_count", 0).too_big(51).accepts(&[Missing]),
                boolean("accepts_packages").optional().accepts(&[Missing]),
                int("max_package_weight_g", -1)
                    .too_big(PACKAGE_WEIGHT_MAX_G + 1)
                    .accepts(&[Missing]),
                text("departure_point")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("arrival_point")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "trajets.set_status" => Template {
            args: json!({ "uid": ctx.trajet_uid, "status": "suspended" }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                status("status"),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // As administrator: the carrier must be named, and must exist.
        "zones.list" => Template {
            args: json!({ "transporteur_uid": ctx.carrier_uid }),
            fields: vec![text("transporteur_uid").optional()],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "zones.set" => Template {
            args: json!({
                "transporteur_uid": ctx.carrier_uid, "city_name": "Mbour", "region": "Thiès",
                "zone_type": "both", "service_frequency": "daily", "max_weight_capacity_g": 500_000,
            }),
            fields: vec![
                text("transporteur_uid").optional(),
                text("city_name").accepts(&[SqlQuote, SqlOr]),
                text("region")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                role("zone_type"),
                role("service_frequency").optional().accepts(&[Missing]),
                int("max_weight_capacity_g", -1)
                    .too_big(ZONE_CAPACITY_MAX_G + 1)
                    .accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Nothing matches a made-up uid: `not_found`, and nothing written.
        "zones.remove" => Template {
            args: json!({ "uid": "0190a000-0000-7000-8000-00000000dead" }),
            fields: vec![text("uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::NotFound),
        },
        // A search that finds nothing is still a valid search: odd city names, a past day.
        "sales.search" => Template {
            args: json!({ "from_city": "dakar", "to_city": "SAINT LOUIS", "date": "2026-03-09", "seats": 2 }),
            fields: vec![
                text("from_city").accepts(&[SqlQuote, SqlOr]),
                text("to_city").accepts(&[SqlQuote, SqlOr]),
                date("date").accepts(&[Past]),
                count("seats").too_big(51),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "sales.seat_map" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid }),
            fields: vec![text("trajet_uid")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "sales.quote" => Template {
            args: sale(ctx, 2),
            fields: sale_fields(false),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Exact cash is the default; too little cash is refused like any bad amount.
        "sales.sell" => Template {
            args: json!({ "sale": sale(ctx, 2), "payment_method": "cash", "cash_tendered": 1_000_000 }),
            fields: [
                vec![object("sale")],
                sale_fields(true),
                vec![
                    role("payment_method").optional().accepts(&[Missing]),
                    int("cash_tendered", -1)
                        .too_big(MONEY_MAX_MINOR + 1)
                        .accepts(&[Missing]),
                ],
            ]
            .concat(),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "customers.find" => Template {
            args: json!({ "phone": "+225 07 08 09 10 11" }),
            fields: vec![text("phone")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "customers.register" => Template {
            args: json!({ "first_name": "Koffi", "last_name": "Kouassi", "phone": "+225 07 08 09 10 11" }),
            fields: vec![
                text("first_name").accepts(&[SqlQuote, SqlOr]),
                text("last_name").accepts(&[SqlQuote, SqlOr]),
                text("phone"),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "reservations.find" => Template {
            args: json!({ "query": ctx.booking_reference }),
            fields: vec![text("query")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "reservations.get" | "reservations.refund_quote" => Template {
            args: json!({ "booking_reference": ctx.booking_reference }),
            fields: vec![text("booking_reference")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A reason is free text: SQL text is stored as typed.
        "reservations.cancel" => Template {
            args: json!({ "booking_reference": ctx.booking_reference, "reason": "Le passager a changé d'avis" }),
            fields: vec![
                text("booking_reference"),
                text("reason").accepts(&[SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // No departure named (or a blank one) is a seat change on the same departure.
        "reservations.change" => Template {
            args: json!({ "booking_reference": ctx.booking_reference, "trajet_uid": ctx.trajet_uid, "seats": [7], "cash_tendered": 0 }),
            fields: vec![
                text("booking_reference"),
                text("trajet_uid").optional().accepts(&[Missing, Empty]),
                int_list("seats", 50),
                int("cash_tendered", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "tickets.print" => Template {
            args: json!({ "booking_reference": ctx.booking_reference, "format": "receipt80mm" }),
            fields: vec![text("booking_reference"), role("format")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "tickets.verify" => Template {
            args: json!({ "code": ctx.qr_code }),
            fields: vec![text("code")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The context's departure has a passenger: cancelling it needs a decision for them.
        "trajets.cancel" => Template {
            args: json!({ "uid": ctx.trajet_uid, "reason": "Panne du car", "decisions": [{ "booking_reference": ctx.booking_reference, "action": "refund" }] }),
            fields: vec![
                text("uid").refused_as(ErrorCode::NotFound),
                text("reason").accepts(&[SqlQuote, SqlOr]),
                object_list("decisions")
                    .optional()
                    .refused_as(ErrorCode::Conflict),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "departures.list" => Template {
            args: json!({ "date": "2026-03-09" }),
            fields: vec![date("date").accepts(&[Past])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "departures.manifest" | "departures.manifest_pdf" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid }),
            fields: vec![text("trajet_uid")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "departures.board" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid, "code": ctx.qr_code }),
            fields: vec![text("trajet_uid"), text("code")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The administrator's till is open already: the float is checked first.
        "till.open" => Template {
            args: json!({ "opening_float": 0 }),
            fields: vec![int("opening_float", -1)
                .too_big(MONEY_MAX_MINOR + 1)
                .required()],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Conflict),
        },
        "till.current" | "payments.provider" | "payments.reconcile" | "payments.refunds_due" => {
            none(AsIs::Succeeds)
        }
        // Notes are free text, stored as typed.
        "till.close" => Template {
            args: json!({ "counted_cash": 3_000_000, "notes": "Fond de caisse compté deux fois" }),
            fields: vec![
                int("counted_cash", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .required(),
                text("notes")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "till.sessions" => Template {
            args: json!({ "status": "open" }),
            fields: vec![role("status").optional().accepts(&[Missing])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A uid is looked up, never parsed: anything else simply names no session.
        "till.report" => Template {
            args: json!({ "session_uid": ctx.till_uid }),
            fields: vec![text("session_uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "till.report_pdf" => Template {
            args: json!({ "session_uid": ctx.till_uid, "paper": "a4" }),
            fields: vec![
                text("session_uid").refused_as(ErrorCode::NotFound),
                role("paper"),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The key goes to the keyring; nothing saved yet, so a missing key is refused.
        "payments.configure_provider" => Template {
            args: json!({ "base_url": "https://api.paiement.example", "merchant_id": "M-DAKAR-01", "api_key": "sk_live_0123456789" }),
            fields: vec![
                text("base_url"),
                text("merchant_id"),
                text("api_key").optional(),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The context's payment is cash: checking it asks no provider.
        "payments.get" | "payments.check" | "payments.log" => Template {
            args: json!({ "payment_uid": ctx.payment_uid }),
            fields: vec![text("payment_uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Only a failed payment is taken again; the context's was paid.
        "payments.retry" => Template {
            args: json!({ "payment_uid": ctx.payment_uid, "method": "cash" }),
            fields: vec![
                text("payment_uid").refused_as(ErrorCode::NotFound),
                role("method"),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Conflict),
        },
        "payments.list" => Template {
            args: json!({ "status": "completed", "method": "cash" }),
            fields: vec![
                role("status").optional().accepts(&[Missing]),
                role("method").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Nothing is owed on the context's desk.
        "payments.pay_refund" => Template {
            args: json!({ "refund_uid": ctx.payment_uid }),
            fields: vec![text("refund_uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::NotFound),
        },
        // The departure is a week away: it cannot be completed yet.
        "departures.complete" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid }),
            fields: vec![text("trajet_uid")],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Conflict),
        },
        // An unknown agency is named as the argument at fault.
        "agencies.set_accepts_parcels" => Template {
            args: json!({ "agence_uid": ctx.agency_uid, "accepts_parcels": true }),
            fields: vec![text("agence_uid"), boolean("accepts_parcels")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // An administrator's filter: absent lists every row; a blank or unknown carrier is refused.
        "parcels.tariffs" => Template {
            args: json!({ "transporteur_uid": ctx.carrier_uid }),
            fields: vec![text("transporteur_uid").optional().accepts(&[Missing])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Changes the platform's row into one of the carrier's. Without a uid it is a new row,
        // without a carrier (or a blank one) the platform's; cities and region are data.
        "parcels.set_tariff" => Template {
            args: json!({
                "uid": ctx.tariff_uid, "transporteur_uid": ctx.carrier_uid,
                "from_city": "Dakar", "to_city": "Saint-Louis", "zone": "Saint-Louis",
                "weight_min_g": 0, "weight_max_g": 30_000,
                "base_price": 150_000, "price_per_kg": 25_000, "min_charge": 200_000, "volumetric_divisor": 5_000,
                "fragile_supplement": 50_000, "express_supplement": 100_000, "active": true,
            }),
            fields: vec![
                text("uid")
                    .optional()
                    .refused_as(ErrorCode::NotFound)
                    .accepts(&[Missing]),
                text("transporteur_uid")
                    .optional()
                    .accepts(&[Missing, Empty]),
                text("from_city")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("to_city")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                text("zone")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                int("weight_min_g", -1)
                    .too_big(PARCEL_WEIGHT_MAX_G + 1)
                    .required(),
                int("weight_max_g", -1)
                    .too_big(PARCEL_WEIGHT_MAX_G + 1)
                    .accepts(&[Missing]),
                int("base_price", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .required(),
                int("price_per_kg", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .required(),
                int("min_charge", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .required(),
                int("volumetric_divisor", 0)
                    .too_big(1_000_001)
                    .accepts(&[Missing]),
                int("fragile_supplement", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .required(),
                int("express_supplement", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .required(),
                boolean("active"),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "parcels.remove_tariff" => Template {
            args: json!({ "uid": ctx.tariff_uid }),
            fields: vec![text("uid").refused_as(ErrorCode::NotFound)],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "parcels.carriers" => none(AsIs::Succeeds),
        "parcels.find_sender" => Template {
            args: json!({ "phone": SENDER_PHONE }),
            fields: vec![text("phone")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // An administrator names the carrier and the origin (it has no agency); an origin is
        // data, a destination must be served.
        "parcels.quote" => Template {
            args: json!({ "transporteur_uid": ctx.carrier_uid, "origin_city": "Dakar", "destination_city": "Saint-Louis", "colis": parcel_pieces() }),
            fields: vec![
                text("transporteur_uid").optional(),
                text("origin_city").optional().accepts(&[SqlQuote, SqlOr]),
                text("destination_city"),
                object_list("colis"),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Paid in cash at the administrator's till. The pieces' own members are tried in
        // `parcels.rs`; names and descriptions are data, stored as typed.
        "parcels.register" => Template {
            args: envoi(ctx),
            fields: vec![
                text("sender_uid").optional(),
                text("recipient_name").accepts(&[SqlQuote, SqlOr]),
                text("recipient_phone"),
                text("transporteur_uid").optional(),
                text("origin_city").optional().accepts(&[SqlQuote, SqlOr]),
                text("destination_city"),
                text("description")
                    .optional()
                    .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
                object_list("colis"),
                role("payment_mode"),
                role("payment_method").optional(),
                int("cash_tendered", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A tracking code is parsed before any lookup: anything else is not a code at all.
        "parcels.get" | "parcels.package" | "parcels.check_payment" => Template {
            args: json!({ "code": ctx.tracking_code }),
            fields: vec![text("code")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A search that is neither a code nor a phone number is refused; blank lists the latest.
        "parcels.find" => Template {
            args: json!({ "query": ctx.tracking_code, "status": "accepted" }),
            fields: vec![
                text("query").optional().accepts(&[Missing, Empty]),
                role("status").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "parcels.labels_pdf" => Template {
            args: json!({ "code": ctx.tracking_code, "paper": "label100x150" }),
            fields: vec![text("code"), role("paper")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // With the delivery code, the sender's receipt; without it, the waybill.
        "parcels.waybill_pdf" => Template {
            args: json!({ "code": ctx.tracking_code, "delivery_code": ctx.delivery_code }),
            fields: vec![
                text("code"),
                text("delivery_code").optional().accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Piece 2 is packaged and not loaded yet; an unknown departure is the argument at fault.
        "parcels.load" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid, "codes": [format!("{}/2", ctx.tracking_code)] }),
            fields: vec![text("trajet_uid"), object_list("codes")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "parcels.unload" => Template {
            args: json!({ "codes": [format!("{}/1", ctx.tracking_code)] }),
            fields: vec![object_list("codes")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "parcels.dispatch" | "parcels.manifest" | "parcels.manifest_pdf" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid }),
            fields: vec![text("trajet_uid")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Cash on delivery, taken at the administrator's till; exact cash is the default.
        "parcels.pay" => Template {
            args: json!({ "code": ctx.cod_code, "method": "cash", "cash_tendered": 1_000_000 }),
            fields: vec![
                text("code"),
                role("method"),
                int("cash_tendered", -1)
                    .too_big(MONEY_MAX_MINOR + 1)
                    .accepts(&[Missing]),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Nothing of the envoi has left yet: the right phone and code, and nothing to hand over.
        // Every broken argument is refused before the code is even checked (nothing counted).
        "parcels.deliver" => Template {
            args: json!({ "code": ctx.tracking_code, "recipient_phone": "+221 76 500 00 02", "delivery_code": ctx.delivery_code }),
            fields: vec![text("code"), text("recipient_phone"), text("delivery_code")],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Conflict),
        },
        "parcels.new_delivery_code" => Template {
            args: json!({ "code": ctx.tracking_code, "sender_phone": SENDER_PHONE }),
            fields: vec![text("code"), text("sender_phone")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // What is known of a lost piece is free text, stored as typed.
        "parcels.mark_lost" => Template {
            args: json!({ "colis_code": format!("{}/3", ctx.tracking_code), "note": "Vu pour la dernière fois au quai de Pikine" }),
            fields: vec![text("colis_code"), text("note").accepts(&[SqlQuote, SqlOr])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "parcels.cancel" => Template {
            args: json!({ "code": ctx.tracking_code, "reason": "Le client renonce à l'envoi" }),
            fields: vec![text("code"), text("reason").accepts(&[SqlQuote, SqlOr])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "backups.list"
        | "backups.progress"
        | "backups.cancel"
        | "maintenance.run"
        | "reports.sync_backlog"
        | "sync.status"
        | "sync.nodes"
        // Head office's address is not set on this desk: nothing to sync.
        | "sync.run" => none(AsIs::Succeeds),
        "sync.migrate_central" => none(AsIs::Refused(ErrorCode::Unavailable)),
        // This desk works alone (no allotments): nothing to list, nothing to give back; asking
        // head office for seats needs its address.
        "sync.allotments" => none(AsIs::Succeeds),
        "sync.allot" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid, "seats": 2 }),
            fields: vec![text("trajet_uid"), count("seats").too_big(51)],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Unavailable),
        },
        "sync.give_back" => Template {
            args: json!({ "trajet_uid": ctx.trajet_uid }),
            fields: vec![text("trajet_uid")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // Checked by connecting to the test server; kept in the secret store, not the database.
        "sync.configure" => Template {
            args: json!({ "url": billettigue_tests::db::mysql_server_url(), "agency": null }),
            fields: vec![text("url"), text("agency").optional().accepts(&[Missing])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The test server without a database: there are no agencies to list.
        "sync.central_agencies" => Template {
            args: json!({ "url": billettigue_tests::db::mysql_server_url() }),
            fields: vec![text("url")],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Unavailable),
        },
        // Absent or blank: the configured folders.
        "backups.create" => Template {
            args: json!({ "to": std::path::Path::new(&ctx.archive).parent().map(|p| p.display().to_string()) }),
            fields: vec![text("to").optional().accepts(&[Missing, Empty])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "backups.verify" => Template {
            args: json!({ "archive": ctx.archive }),
            fields: vec![text("archive")],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // A bare desk checks the arguments; only the host (window, CLI) can close the database
        // and restore (tests/tests/backups.rs).
        "backups.restore" => Template {
            args: json!({ "archive": ctx.archive, "allow_other_desk": false }),
            fields: vec![
                text("archive"),
                // Absent is a valid `false`: the bare desk then refuses as usual.
                boolean("allow_other_desk")
                    .optional()
                    .refused_as(ErrorCode::Conflict),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Conflict),
        },
        "recovery.status" => Template {
            args: json!({ "folder": std::path::Path::new(&ctx.archive).parent().map(|p| p.display().to_string()) }),
            fields: vec![text("folder").optional().accepts(&[Missing, Empty])],
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The database is sound: a well-formed request is refused as nothing to recover; the
        // password is only ever compared, so any text of it is well-formed.
        "recovery.restore" => Template {
            args: json!({ "archive": ctx.archive, "email": "admin@billettigue.sn", "password": "Un-Mot-De-Passe-1" }),
            fields: vec![
                text("archive"),
                text("email"),
                text("password").refused_as(ErrorCode::Conflict),
            ],
            denies_unknown_fields: true,
            as_is: AsIs::Refused(ErrorCode::Conflict),
        },
        // A period of 2021 (so that the battery's past day, in 2020, still makes a valid start).
        "reports.dashboard"
        | "reports.occupancy_heatmap"
        | "reports.cancellations"
        | "reports.cash_ups"
        | "reports.sign_ins" => Template {
            args: report_filter(ctx),
            fields: report_filter_fields(false),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        // The filter's members are tried one by one on the commands above; here, the filter whole.
        "reports.sales" | "reports.occupancy" | "reports.parcels" => Template {
            args: json!({ "filter": report_filter(ctx), "by": "route" }),
            fields: [report_filter_fields(true), vec![role("by")]].concat(),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "reports.sales_rows" | "reports.parcel_rows" => Template {
            args: json!({ "filter": report_filter(ctx), "by": "route", "key": "Dakar → Saint-Louis", "limit": 50 }),
            fields: [
                report_filter_fields(true),
                vec![
                    role("by"),
                    text("key").accepts(&[Empty, SqlQuote, SqlOr]),
                    count("limit").optional().too_big(1001).accepts(&[Missing]),
                ],
            ]
            .concat(),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "reports.export_csv" => Template {
            args: json!({ "filter": report_filter(ctx), "table": "sales_by_route" }),
            fields: [report_filter_fields(true), vec![role("table")]].concat(),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        "reports.export_pdf" => Template {
            args: json!({ "filter": report_filter(ctx) }),
            fields: report_filter_fields(true),
            denies_unknown_fields: true,
            as_is: AsIs::Succeeds,
        },
        _ => return None,
    })
}

fn report_filter(ctx: &Ctx) -> Value {
    json!({ "from": "2021-05-01", "to": "2021-06-01", "agency_uid": ctx.agency_uid, "carrier_uid": ctx.carrier_uid,
            "departure_city": "Dakar", "arrival_city": "Saint-Louis" })
}

/// The rules for a report filter's members: the arguments themselves, or nested under `filter.`.
fn report_filter_fields(nested: bool) -> Vec<Field> {
    let [from, to, agency, carrier, departure, arrival] = if nested {
        [
            "filter.from",
            "filter.to",
            "filter.agency_uid",
            "filter.carrier_uid",
            "filter.departure_city",
            "filter.arrival_city",
        ]
    } else {
        [
            "from",
            "to",
            "agency_uid",
            "carrier_uid",
            "departure_city",
            "arrival_city",
        ]
    };
    let mut fields = if nested {
        vec![object("filter")]
    } else {
        vec![]
    };
    fields.extend([
        date(from).accepts(&[Past]),
        date(to),
        text(agency).optional().accepts(&[Missing, Empty]),
        text(carrier).optional().accepts(&[Missing, Empty]),
        text(departure)
            .optional()
            .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
        text(arrival)
            .optional()
            .accepts(&[Missing, Empty, SqlQuote, SqlOr]),
    ]);
    fields
}

/// One call of the battery.
struct Case {
    command: &'static str,
    what: String,
    args: Value,
    /// The field broken, when one is (its path: `template.price`).
    field: Option<&'static str>,
    /// The `field` the refusal must name, exactly (see [`Field::blamed`]).
    blamed: Option<String>,
    /// `None`: still valid input, the command succeeds.
    expected: Option<ErrorCode>,
}

/// The arguments with the member at `path` (`price`, `template.price`) set, or removed.
fn with_field(args: &Value, path: &str, value: Option<Value>) -> Value {
    let mut args = args.clone();
    let (parent, member) = match path.rsplit_once('.') {
        Some((parent, member)) => (parent.split('.').collect::<Vec<_>>(), member),
        None => (Vec::new(), path),
    };
    let mut target = &mut args;
    for key in parent {
        target = &mut target[key];
    }
    if let Some(object) = target.as_object_mut() {
        match value {
            Some(value) => object.insert(member.to_owned(), value),
            None => object.remove(member),
        };
    }
    args
}

/// The value at `path` (`template.departure_city`).
fn at_path<'a>(args: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(args, |value, key| value.get(key))
}

/// Every argument path of a template's arguments, nested objects' members included.
fn paths(args: &Value, prefix: &str) -> Vec<String> {
    let Some(object) = args.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in object {
        let path = format!("{prefix}{key}");
        out.extend(paths(value, &format!("{path}.")));
        out.push(path);
    }
    out
}

/// Every case for one command.
fn cases(command: &'static str, template: &Template) -> Vec<Case> {
    let mut out = Vec::new();
    for field in &template.fields {
        for &mutation in field.kind.mutations() {
            out.push(Case {
                command,
                what: format!("{}: {mutation:?}", field.name),
                args: with_field(&template.args, field.name, field.value(mutation)),
                field: Some(field.name),
                blamed: Some(field.blamed(mutation, &template.fields)),
                expected: field.expected(mutation),
            });
        }
        // A nested object refuses unknown members like the arguments themselves; serde names
        // the member alone.
        if field.kind == Kind::Object && template.denies_unknown_fields {
            out.push(Case {
                command,
                what: format!("{}: an unknown extra member", field.name),
                args: with_field(
                    &template.args,
                    &format!("{}.champ_inconnu", field.name),
                    Some(json!(SQL_QUOTE)),
                ),
                field: Some(field.name),
                blamed: Some(format!("{}.champ_inconnu", field.name)),
                expected: Some(ErrorCode::Validation),
            });
        }
    }
    // `null` arguments read as "no arguments": refused when something is required, valid
    // otherwise (the window sends null for commands that take nothing).
    // Null reads as `{}`: the first required field (in declaration order) is the one missing.
    // Null reads as `{}`: refused for the first field serde requires, else for the first field
    // the command itself cannot do without (e.g. an administrator must name the carrier).
    let first_required = template
        .fields
        .iter()
        .find(|f| f.serde_required && !f.is_nested())
        .or_else(|| {
            template
                .fields
                .iter()
                .find(|f| !f.is_nested() && f.expected(Missing).is_some())
        });
    out.push(Case {
        command,
        what: "null arguments".into(),
        args: Value::Null,
        field: first_required.map(|f| f.name),
        blamed: first_required.map(|f| f.name.to_owned()),
        // With nothing required, null is answered as the template is (a command that cannot
        // run on this desk refuses it the same way).
        expected: match (first_required, template.as_is) {
            (Some(f), _) => f.expected(Missing),
            (None, AsIs::Refused(code)) => Some(code),
            (None, AsIs::Succeeds) => None,
        },
    });
    let whole = [
        ("an array instead of an object", json!([])),
        (
            "the arguments wrapped in an array",
            json!([template.args.clone()]),
        ),
        (
            "a string instead of an object",
            json!(template.args.to_string()),
        ),
        ("a number instead of an object", json!(-1)),
        ("a boolean instead of an object", json!(false)),
    ];
    for (what, args) in whole {
        out.push(Case {
            command,
            what: what.into(),
            args,
            field: None,
            blamed: None,
            expected: Some(ErrorCode::Validation),
        });
    }
    if template.denies_unknown_fields {
        out.push(Case {
            command,
            what: "an unknown extra field".into(),
            args: with_field(&template.args, "champ_inconnu", Some(json!(SQL_QUOTE))),
            field: Some("champ_inconnu"),
            blamed: Some("champ_inconnu".into()),
            expected: Some(ErrorCode::Validation),
        });
    }
    out
}

/// A desk with its administrator, an agency, an agent (with a phone), a transporteur and one
/// active trajet of that carrier: what the templates refer to.
async fn prepared() -> (TestDesk, String, Ctx) {
    let desk = TestDesk::new().await;
    let admin = desk.setup_admin().await;
    let agent = desk
        .create_agent(&admin, "fatou.ndiaye@billettigue.sn")
        .await;
    let agency_uid = desk.ok("agencies.list", json!({}), Some(&admin)).await[0]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let carrier = desk
        .create_transporteur(&admin, "depot@ndiaga-ndiaye.sn", "Ndiaga Ndiaye Transports")
        .await;
    let mut ctx = Ctx {
        agency_uid,
        agent_uid: agent.uid,
        carrier_uid: carrier.transporteur_uid,
        trajet_uid: String::new(),
        booking_reference: String::new(),
        qr_code: String::new(),
        till_uid: String::new(),
        payment_uid: String::new(),
        tariff_uid: String::new(),
        customer_uid: String::new(),
        tracking_code: String::new(),
        delivery_code: String::new(),
        cod_code: String::new(),
        archive: String::new(),
    };
    let till = desk
        .ok(
            "till.open",
            json!({ "opening_float": 500_000 }),
            Some(&admin),
        )
        .await;
    ctx.till_uid = till["uid"].as_str().unwrap_or_default().to_owned();
    let trajet = desk
        .ok(
            "trajets.create",
            json!({ "template": trajet_template(&ctx), "departure_time": "2026-03-09T07:00:00Z" }),
            Some(&admin),
        )
        .await;
    ctx.trajet_uid = trajet["uid"].as_str().unwrap_or_default().to_owned();
    let receipt = desk
        .ok("sales.sell", json!({ "sale": sale(&ctx, 1) }), Some(&admin))
        .await;
    ctx.booking_reference = receipt["reservations"][0]["booking_reference"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    ctx.payment_uid = receipt["reservations"][0]["payment"]["uid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let ticket = json!({ "booking_reference": ctx.booking_reference, "format": "a4" });
    let printed = desk.ok("tickets.print", ticket, Some(&admin)).await;
    ctx.qr_code = printed["qr_code"].as_str().unwrap_or_default().to_owned();
    // Parcels: the platform's tariff, a known sender, an envoi at every stage of packing and an
    // envoi to be paid on delivery.
    let tariff = json!({ "weight_min_g": 0, "base_price": 100_000, "price_per_kg": 50_000, "min_charge": 0,
                         "fragile_supplement": 20_000, "express_supplement": 0, "active": true });
    let tariff = desk.ok("parcels.set_tariff", tariff, Some(&admin)).await;
    ctx.tariff_uid = tariff["uid"].as_str().unwrap_or_default().to_owned();
    let customer = json!({ "first_name": "Mamadou", "last_name": "Fall", "phone": SENDER_PHONE });
    let customer = desk.ok("customers.register", customer, Some(&admin)).await;
    ctx.customer_uid = customer["uid"].as_str().unwrap_or_default().to_owned();
    let receipt = desk.ok("parcels.register", envoi(&ctx), Some(&admin)).await;
    ctx.tracking_code = receipt["envoi"]["tracking_code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    ctx.delivery_code = receipt["delivery_code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for piece in [1, 2] {
        let code = format!("{}/{piece}", ctx.tracking_code);
        desk.ok("parcels.package", json!({ "code": code }), Some(&admin))
            .await;
    }
    let loaded =
        json!({ "trajet_uid": ctx.trajet_uid, "codes": [format!("{}/1", ctx.tracking_code)] });
    desk.ok("parcels.load", loaded, Some(&admin)).await;
    let cod = json!({ "payment_mode": "on_delivery", "payment_method": null, "cash_tendered": null, "colis": [{ "description": "Pagnes", "weight_g": 1_000 }] });
    let mut cod_envoi = envoi(&ctx);
    if let (Some(args), Some(cod)) = (cod_envoi.as_object_mut(), cod.as_object()) {
        for (key, value) in cod {
            args.insert(key.clone(), value.clone());
        }
    }
    let receipt = desk.ok("parcels.register", cod_envoi, Some(&admin)).await;
    ctx.cod_code = receipt["envoi"]["tracking_code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let backup_folder = desk.dir.path().join("battery-backups");
    let backup = desk
        .ok(
            "backups.create",
            json!({ "to": backup_folder.display().to_string() }),
            Some(&admin),
        )
        .await;
    ctx.archive = backup["entry"]["path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (desk, admin, ctx)
}

/// Checks one refusal; returns what is wrong with it, if anything.
fn judge(case: &Case, expected: ErrorCode, result: &Result<Value, ErrorPayload>) -> Option<String> {
    let error = match result {
        Ok(value) => {
            return Some(format!(
                "accepted (expected {expected:?}): {}",
                shorten(&value.to_string())
            ))
        }
        Err(error) => error,
    };
    if error.code != expected {
        return Some(format!(
            "code {:?}, expected {expected:?}: {}",
            error.code, error.message
        ));
    }
    if error.message.trim().is_empty() {
        return Some("empty message".into());
    }
    if error.message.len() > 500 {
        return Some(format!(
            "a {}-byte message echoes the input",
            error.message.len()
        ));
    }
    let blamed = case.blamed.as_deref();
    if let (Some(field), ErrorCode::Validation) = (blamed, expected) {
        if error.field.as_deref() != Some(field) {
            return Some(format!("does not name the field {field:?}: {error:?}"));
        }
    }
    if let Some(other) = error.field.as_deref().filter(|f| Some(*f) != blamed) {
        return Some(format!("blames field {other:?} instead of {blamed:?}"));
    }
    None
}

fn shorten(text: &str) -> String {
    text.chars().take(200).collect()
}

fn describe(case: &Case) -> String {
    format!(
        "{} [{}] {}",
        case.command,
        case.what,
        shorten(&case.args.to_string())
    )
}

#[tokio::test]
async fn every_command_refuses_every_kind_of_bad_input_with_a_clear_french_error_and_writes_nothing(
) {
    let (desk, admin, ctx) = prepared().await;
    let missing: Vec<&str> = COMMANDS
        .iter()
        .map(|c| c.name)
        .filter(|name| template(name, &ctx).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "registered commands without a bad-input template (add them to `template`): {missing:?}"
    );

    let mut failures = Vec::new();
    let mut baseline = desk.snapshot().await;
    let mut refused = 0;
    for spec in COMMANDS {
        let Some(template) = template(spec.name, &ctx) else {
            continue;
        };
        for case in cases(spec.name, &template) {
            let Some(expected) = case.expected else {
                continue;
            };
            let result = desk
                .call(case.command, case.args.clone(), Some(&admin))
                .await;
            refused += 1;
            if let Some(problem) = judge(&case, expected, &result) {
                failures.push(format!("{}: {problem}", describe(&case)));
            }
            let after = desk.snapshot().await;
            if after != baseline {
                failures.push(format!(
                    "{}: the database changed:\n{}",
                    describe(&case),
                    baseline.diff(&after)
                ));
                baseline = after;
            }
        }
    }
    assert!(refused > 250, "only {refused} refusal cases ran");
    assert!(
        failures.is_empty(),
        "{} of {refused} cases went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The table names and row counts: nothing may disappear.
/// The tables a command writes itself, leaving out those the desk derives (see [`shape`]).
fn kept(snapshot: &Snapshot) -> Vec<&(String, Vec<String>)> {
    snapshot
        .0
        .iter()
        .filter(|(table, _)| !DERIVED_TABLES.contains(&table.as_str()))
        .collect()
}

/// Row counts per table, leaving out the tables the desk derives (report summaries are rebuilt,
/// so a day's rows may shrink by design when a valid report reads them).
fn shape(snapshot: &Snapshot) -> Vec<(String, usize)> {
    kept(snapshot)
        .into_iter()
        .map(|(table, rows)| (table.clone(), rows.len()))
        .collect()
}

#[tokio::test]
async fn mutations_that_remain_valid_input_succeed_and_store_sql_text_as_typed() {
    let probe = Ctx::probe();
    let mut failures = Vec::new();
    let mut ran = 0;
    for spec in COMMANDS {
        let Some(probe_template) = template(spec.name, &probe) else {
            continue;
        };
        let accepted: Vec<String> = cases(spec.name, &probe_template)
            .into_iter()
            .filter(|c| c.expected.is_none())
            .map(|c| c.what)
            .collect();
        for what in accepted {
            // Each on its own desk: a success changes what the next case would meet.
            let (desk, admin, ctx) = prepared().await;
            let Some(template) = template(spec.name, &ctx) else {
                continue;
            };
            let Some(case) = cases(spec.name, &template)
                .into_iter()
                .find(|c| c.what == what)
            else {
                continue;
            };
            let before = desk.snapshot().await;
            ran += 1;
            if let Err(error) = desk
                .call(case.command, case.args.clone(), Some(&admin))
                .await
            {
                failures.push(format!(
                    "{}: refused although valid: {error:?}",
                    describe(&case)
                ));
                continue;
            }
            let after = desk.snapshot().await;
            let grown = shape(&before)
                .iter()
                .zip(shape(&after))
                .all(|((t1, n1), (t2, n2))| *t1 == t2 && n2 >= *n1);
            if shape(&before).len() != shape(&after).len() || !grown {
                failures.push(format!(
                    "{}: a table or rows disappeared:\n{}",
                    describe(&case),
                    before.diff(&after)
                ));
            }
            let sql = at_path(&case.args, case.field.unwrap_or_default())
                .and_then(Value::as_str)
                .filter(|v| *v == SQL_QUOTE || *v == SQL_OR);
            let secret = case.field.is_some_and(|f| f.contains("password"));
            if let (Some(sql), false, true) = (sql, secret, kept(&after) != kept(&before)) {
                let quoted = sql.replace('\'', "''");
                if !after
                    .0
                    .iter()
                    .any(|(_, rows)| rows.iter().any(|row| row.contains(&quoted)))
                {
                    failures.push(format!(
                        "{}: the text was not stored as typed",
                        describe(&case)
                    ));
                }
            }
        }
    }
    assert!(ran >= 30, "only {ran} still-valid cases ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_template_is_answered_as_documented_so_each_refusal_comes_from_its_mutation() {
    let mut failures = Vec::new();
    for spec in COMMANDS {
        let (desk, admin, ctx) = prepared().await;
        let Some(template) = template(spec.name, &ctx) else {
            failures.push(format!("{}: no template", spec.name));
            continue;
        };
        let result = desk
            .call(spec.name, template.args.clone(), Some(&admin))
            .await;
        let answered = match &result {
            Ok(_) => AsIs::Succeeds,
            Err(error) => AsIs::Refused(error.code),
        };
        if answered != template.as_is {
            failures.push(format!(
                "{}: answered {answered:?} ({result:?}), documented {:?}",
                spec.name, template.as_is
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn an_unknown_command_is_not_found_whoever_asks_and_writes_nothing() {
    let (desk, admin, _ctx) = prepared().await;
    let before = desk.snapshot().await;
    let huge = "x".repeat(HUGE_LEN);
    for name in [
        "accounts.drop",
        "Accounts.List",
        "accounts.list ",
        SQL_QUOTE,
        "",
        huge.as_str(),
    ] {
        for token in [Some(admin.as_str()), None] {
            let error = desk
                .call(name, json!({}), token)
                .await
                .err()
                .unwrap_or_else(|| panic!("{name:?} should not exist"));
            assert_eq!(error.code, ErrorCode::NotFound, "{name:?}: {error:?}");
            assert!(
                error.message.starts_with("Commande inconnue")
                    || error.message.contains("inconnue"),
                "{}",
                error.message
            );
            assert!(
                error.message.len() < 300,
                "the message does not echo a 100 KB name"
            );
        }
    }
    assert_eq!(desk.snapshot().await, before);
}

#[tokio::test]
async fn errors_are_in_english_when_the_caller_asks_for_english() {
    let (desk, admin, _ctx) = prepared().await;
    let cases: [(&str, Value, Option<&str>, &str, &str); 7] = [
        (
            "accounts.list",
            json!({ "role": "superuser" }),
            Some(&admin),
            "Unrecognised value",
            "role",
        ),
        (
            "config.set",
            json!({ "key": "auth.max_failed_logins" }),
            Some(&admin),
            "required",
            "value",
        ),
        (
            "audit.list",
            json!({ "limit": "dix" }),
            Some(&admin),
            "wrong type",
            "limit",
        ),
        (
            "config.set",
            json!({ "key": "auth.max_failed_logins", "value": "99" }),
            Some(&admin),
            "between 1 and 50",
            "",
        ),
        (
            "auth.login",
            json!({ "email": "inconnu@billettigue.sn", "password": "Un-Mot-De-Passe-1" }),
            None,
            "Wrong email address or password",
            "",
        ),
        (
            "auth.me",
            json!({}),
            Some("bt1.faux.jeton"),
            "sign in again",
            "",
        ),
        (
            "nope.nothing",
            json!({}),
            None,
            "Unknown command",
            "nope.nothing",
        ),
    ];
    for (command, args, token, english, mentions) in cases {
        let en = desk
            .call_in(Locale::En, command, args.clone(), token)
            .await
            .err()
            .unwrap_or_else(|| panic!("{command} should fail"));
        let fr = desk
            .call_in(Locale::Fr, command, args.clone(), token)
            .await
            .err()
            .unwrap_or_else(|| panic!("{command} should fail"));
        assert_eq!(en.code, fr.code, "the code does not depend on the language");
        assert_eq!(en.field, fr.field);
        assert!(
            en.message.contains(english),
            "{command}: {:?} should contain {english:?}",
            en.message
        );
        assert!(
            en.message.contains(mentions),
            "{command}: {:?} should mention {mentions:?}",
            en.message
        );
        assert_ne!(
            en.message, fr.message,
            "{command}: French and English differ"
        );
        assert!(
            !en.message.contains("champ") && !en.message.contains("mot de passe"),
            "{:?}",
            en.message
        );
    }
}

#[test]
fn the_battery_covers_each_argument_of_a_template() {
    let ctx = Ctx::probe();
    for spec in COMMANDS {
        let Some(template) = template(spec.name, &ctx) else {
            continue;
        };
        let mut listed = paths(&template.args, "");
        listed.sort();
        let mut described: Vec<String> =
            template.fields.iter().map(|f| f.name.to_owned()).collect();
        described.sort();
        assert_eq!(
            listed, described,
            "{}: every argument of the template, nested members included, has exactly one field rule",
            spec.name
        );
    }
}
