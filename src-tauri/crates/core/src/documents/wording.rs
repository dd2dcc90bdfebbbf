//! What printed documents say, in French and English: their labels, dates, amounts and weights.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::i18n::Locale;

/// Every label printed on a ticket, a manifest, a till report or a parcel document, in one
/// language.
pub(super) struct Words {
    pub ticket: &'static str,
    pub return_leg: &'static str,
    pub duplicate: &'static str,
    pub reference: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub seat: &'static str,
    pub seats: &'static str,
    pub passenger: &'static str,
    pub phone: &'static str,
    pub amount_paid: &'static str,
    pub refundable: &'static str,
    pub non_refundable: &'static str,
    pub conditions: &'static str,
    pub show_code: &'static str,
    pub issued_on: &'static str,
    pub by: &'static str,
    pub agency: &'static str,
    pub good_trip: &'static str,
    pub manifest: &'static str,
    pub departure_point: &'static str,
    pub capacity: &'static str,
    pub reference_short: &'static str,
    pub status: &'static str,
    pub boarded: &'static str,
    /// Heading of the boarded count in the totals line (a plural in French).
    pub boarded_count: &'static str,
    pub passengers: &'static str,
    pub free_seats: &'static str,
    pub no_passengers: &'static str,
    pub generated_on: &'static str,
    /// Title of a closed till session's report.
    pub closing_report: &'static str,
    /// Title of the report of a till still open.
    pub interim_report: &'static str,
    /// Under the interim report's title, so that it cannot pass for a closing report.
    pub provisional: &'static str,
    pub clerk: &'static str,
    pub till_session: &'static str,
    pub opened: &'static str,
    pub closed: &'static str,
    /// In place of the closing time while the till is open.
    pub still_open: &'static str,
    pub payment_method: &'static str,
    pub sales: &'static str,
    pub refunds: &'static str,
    /// Heading of a column of counts.
    pub count_column: &'static str,
    /// Heading of a column of amounts.
    pub amount_column: &'static str,
    pub net: &'static str,
    pub total: &'static str,
    pub no_transactions: &'static str,
    pub cancellations: &'static str,
    pub cash_check: &'static str,
    pub opening_float: &'static str,
    pub expected_cash: &'static str,
    pub counted_cash: &'static str,
    /// Counted minus expected cash.
    pub difference: &'static str,
    pub shortfall: &'static str,
    pub surplus: &'static str,
    pub balanced: &'static str,
    pub notes: &'static str,
    pub clerk_signature: &'static str,
    pub manager_signature: &'static str,
    /// Between a date and a time: "lundi 23 novembre 2026 à 07:00".
    pub at: &'static str,
    /// Title of a run of parcel labels (the PDF's title, not printed).
    pub labels: &'static str,
    pub tracking_code: &'static str,
    /// One piece of a shipment, before its number: "Colis 2/3".
    pub piece: &'static str,
    /// Heading of a count of pieces.
    pub pieces: &'static str,
    pub origin: &'static str,
    pub destination: &'static str,
    pub sender: &'static str,
    pub recipient: &'static str,
    pub contents: &'static str,
    pub weight: &'static str,
    pub total_weight: &'static str,
    /// The heaviest piece a departure takes.
    pub max_weight: &'static str,
    pub declared_value: &'static str,
    /// What one piece costs to send.
    pub shipping_cost: &'static str,
    pub fragile: &'static str,
    pub express: &'static str,
    /// Before the cash the recipient pays on delivery, on a label.
    pub collect_on_delivery: &'static str,
    /// Heading of the cash-on-delivery column of a parcel manifest, and of its total.
    pub to_collect: &'static str,
    /// How the shipment is paid for: at intake, or by the recipient.
    pub payment_terms: &'static str,
    /// Title of the document that travels with the parcels.
    pub waybill: &'static str,
    /// Title of the sender's copy, the only one that shows the delivery code.
    pub sender_receipt: &'static str,
    /// Before when and by whom a shipment was taken in: "Enregistré le 22/11/2026 à 14:05".
    pub registered_on: &'static str,
    pub delivery_code: &'static str,
    /// Under the delivery code, on the sender's receipt.
    pub delivery_code_notice: &'static str,
    pub sender_signature: &'static str,
    pub depot_signature: &'static str,
    pub recipient_signature: &'static str,
    pub parcel_manifest: &'static str,
    pub parcel_code: &'static str,
    /// Heading of the parcel manifest's column of boxes, ticked as each piece goes on board.
    pub loaded: &'static str,
    pub no_parcels: &'static str,
    /// Between a label and its value; French puts a no-break space before the colon.
    pub colon: &'static str,
    /// Before the decimals of a weight: "2,5 kg" in French, "2.5 kg" in English.
    decimal_separator: char,
    weekdays: [&'static str; 7],
    months: [&'static str; 12],
}

const FR: Words = Words {
    ticket: "BILLET DE VOYAGE",
    return_leg: "RETOUR",
    duplicate: "DUPLICATA",
    reference: "Référence",
    from: "Départ",
    to: "Arrivée",
    seat: "Place",
    seats: "Places",
    passenger: "Passager",
    phone: "Téléphone",
    amount_paid: "Montant payé",
    refundable: "Billet remboursable",
    non_refundable: "Billet non remboursable",
    conditions: "Conditions",
    show_code: "Présentez ce code à l’embarquement",
    issued_on: "Émis le",
    by: "par",
    agency: "Agence",
    good_trip: "Bon voyage !",
    manifest: "MANIFESTE DES PASSAGERS",
    departure_point: "Lieu de départ",
    capacity: "Capacité",
    reference_short: "Réf.",
    status: "Statut",
    boarded: "Embarqué",
    boarded_count: "Embarqués",
    passengers: "Passagers",
    free_seats: "Places libres",
    no_passengers: "Aucun passager pour ce départ.",
    generated_on: "Édité le",
    closing_report: "RAPPORT DE CLÔTURE (Z)",
    interim_report: "RAPPORT INTERMÉDIAIRE (X)",
    provisional: "Caisse encore ouverte\u{a0}: chiffres provisoires",
    clerk: "Caissier",
    till_session: "Session",
    opened: "Ouverture",
    closed: "Clôture",
    still_open: "en cours",
    payment_method: "Mode de paiement",
    sales: "Ventes",
    refunds: "Remboursements",
    count_column: "Nombre",
    amount_column: "Montant",
    net: "Net",
    total: "Total",
    no_transactions: "Aucune opération sur cette session.",
    cancellations: "Annulations",
    cash_check: "Contrôle des espèces",
    opening_float: "Fonds de caisse initial",
    expected_cash: "Espèces attendues",
    counted_cash: "Espèces comptées",
    difference: "Écart",
    shortfall: "Manque en caisse",
    surplus: "Excédent de caisse",
    balanced: "Caisse juste",
    notes: "Observations",
    clerk_signature: "Signature du caissier",
    manager_signature: "Signature du responsable",
    at: "à",
    labels: "Étiquettes",
    tracking_code: "N° de suivi",
    piece: "Colis",
    pieces: "Colis",
    origin: "Origine",
    destination: "Destination",
    sender: "Expéditeur",
    recipient: "Destinataire",
    contents: "Contenu",
    weight: "Poids",
    total_weight: "Poids total",
    max_weight: "Poids max. par colis",
    declared_value: "Valeur déclarée",
    shipping_cost: "Frais d’envoi",
    fragile: "FRAGILE",
    express: "EXPRESS",
    collect_on_delivery: "À PAYER À LA LIVRAISON",
    to_collect: "À encaisser",
    payment_terms: "Règlement",
    waybill: "LETTRE DE VOITURE",
    sender_receipt: "RÉCÉPISSÉ EXPÉDITEUR",
    registered_on: "Enregistré le",
    delivery_code: "CODE DE RETRAIT",
    delivery_code_notice: "Ne communiquez ce code qu’au destinataire\u{a0}: il le donnera à \
                           l’agence pour retirer le colis.",
    sender_signature: "Signature de l’expéditeur",
    depot_signature: "Signature de l’agent au dépôt",
    recipient_signature: "Signature du destinataire à la livraison",
    parcel_manifest: "MANIFESTE DES COLIS",
    parcel_code: "Code colis",
    loaded: "Chargé",
    no_parcels: "Aucun colis chargé.",
    colon: "\u{a0}:",
    decimal_separator: ',',
    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
};

const EN: Words = Words {
    ticket: "TRAVEL TICKET",
    return_leg: "RETURN",
    duplicate: "DUPLICATE",
    reference: "Reference",
    from: "From",
    to: "To",
    seat: "Seat",
    seats: "Seats",
    passenger: "Passenger",
    phone: "Phone",
    amount_paid: "Amount paid",
    refundable: "Refundable ticket",
    non_refundable: "Non-refundable ticket",
    conditions: "Conditions",
    show_code: "Show this code when boarding",
    issued_on: "Issued on",
    by: "by",
    agency: "Agency",
    good_trip: "Have a good trip!",
    manifest: "PASSENGER MANIFEST",
    departure_point: "Departure point",
    capacity: "Capacity",
    reference_short: "Ref.",
    status: "Status",
    boarded: "Boarded",
    boarded_count: "Boarded",
    passengers: "Passengers",
    free_seats: "Free seats",
    no_passengers: "No passengers on this departure.",
    generated_on: "Printed on",
    closing_report: "CLOSING REPORT (Z)",
    interim_report: "INTERIM REPORT (X)",
    provisional: "Till still open: provisional figures",
    clerk: "Clerk",
    till_session: "Session",
    opened: "Opened",
    closed: "Closed",
    still_open: "still open",
    payment_method: "Payment method",
    sales: "Sales",
    refunds: "Refunds",
    count_column: "Count",
    amount_column: "Amount",
    net: "Net",
    total: "Total",
    no_transactions: "No transactions in this session.",
    cancellations: "Cancellations",
    cash_check: "Cash check",
    opening_float: "Opening float",
    expected_cash: "Expected cash",
    counted_cash: "Counted cash",
    difference: "Difference",
    shortfall: "Cash shortfall",
    surplus: "Cash surplus",
    balanced: "Cash balanced",
    notes: "Notes",
    clerk_signature: "Clerk’s signature",
    manager_signature: "Manager’s signature",
    at: "at",
    labels: "Labels",
    tracking_code: "Tracking no.",
    piece: "Parcel",
    pieces: "Parcels",
    origin: "Origin",
    destination: "Destination",
    sender: "Sender",
    recipient: "Recipient",
    contents: "Contents",
    weight: "Weight",
    total_weight: "Total weight",
    max_weight: "Max. weight per parcel",
    declared_value: "Declared value",
    shipping_cost: "Shipping",
    fragile: "FRAGILE",
    express: "EXPRESS",
    collect_on_delivery: "TO PAY ON DELIVERY",
    to_collect: "To collect",
    payment_terms: "Payment",
    waybill: "WAYBILL",
    sender_receipt: "SENDER’S RECEIPT",
    registered_on: "Registered on",
    delivery_code: "DELIVERY CODE",
    delivery_code_notice: "Give this code to the recipient only: they will be asked for it to \
                           collect the parcel.",
    sender_signature: "Sender’s signature",
    depot_signature: "Depot clerk’s signature",
    recipient_signature: "Recipient’s signature on delivery",
    parcel_manifest: "PARCEL MANIFEST",
    parcel_code: "Parcel code",
    loaded: "Loaded",
    no_parcels: "No parcels loaded.",
    colon: ":",
    decimal_separator: '.',
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

pub(super) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

impl Words {
    /// "Passagers : 58" in French, "Passengers: 58" in English.
    pub fn labelled(&self, label: &str, value: impl std::fmt::Display) -> String {
        format!("{label}{} {value}", self.colon)
    }

    /// "lundi 23 novembre 2026 à 07:00". The desks work on GMT, which is local time from Dakar
    /// to Abidjan, so the UTC time is the time on the station clock.
    pub fn long_date_time(&self, at: DateTime<Utc>) -> String {
        let weekday = self.weekdays[at.weekday().num_days_from_monday() as usize];
        let month = self.months[at.month0() as usize];
        format!(
            "{weekday} {} {month} {} {} {:02}:{:02}",
            at.day(),
            at.year(),
            self.at,
            at.hour(),
            at.minute()
        )
    }

    /// "22/11/2026 à 14:05": when a document was issued, short enough for a footer.
    pub fn short_date_time(&self, at: DateTime<Utc>) -> String {
        format!(
            "{:02}/{:02}/{} {} {:02}:{:02}",
            at.day(),
            at.month(),
            at.year(),
            self.at,
            at.hour(),
            at.minute()
        )
    }

    /// "2,5 kg" in French, "2.5 kg" in English: grams as kilograms rounded to the nearest 10 g,
    /// with no trailing zero, thousands grouped like counts.
    pub fn weight(&self, grams: i64) -> String {
        let sign = if grams < 0 { "-" } else { "" };
        // Hundredths of a kilogram, half up: 2 555 g prints 2,56 kg.
        let hundredths = grams.unsigned_abs().saturating_add(5) / 10;
        let whole = grouped(hundredths / 100);
        let decimals = match hundredths % 100 {
            0 => String::new(),
            tenths if tenths % 10 == 0 => format!("{}{}", self.decimal_separator, tenths / 10),
            cents => format!("{}{cents:02}", self.decimal_separator),
        };
        format!("{sign}{whole}{decimals} kg")
    }
}

/// "12 500 XOF", or "12 500,50 XOF" when there are cents. CFA francs are written the French way
/// (space between thousands, comma before decimals) whatever the interface language.
pub(super) fn amount(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}", unsigned_amount(minor.unsigned_abs(), currency))
}

/// "−1 000 XOF" with a true minus sign, "+2 500 XOF", or "0 XOF": a difference, whose sign
/// matters as much as its size.
pub(super) fn signed_amount(minor: i64, currency: &str) -> String {
    let sign = match minor.signum() {
        -1 => "\u{2212}",
        1 => "+",
        _ => "",
    };
    format!("{sign}{}", unsigned_amount(minor.unsigned_abs(), currency))
}

fn unsigned_amount(minor: u64, currency: &str) -> String {
    let whole = grouped(minor / 100);
    match minor % 100 {
        0 => format!("{whole} {currency}"),
        cents => format!("{whole},{cents:02} {currency}"),
    }
}

/// "1 234": a count, its thousands grouped like the amounts beside it.
pub(super) fn count(number: i64) -> String {
    let sign = if number < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(number.unsigned_abs()))
}

/// `number` with a space between groups of three digits.
fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    // Digits left before the next space: the leading group may be shorter than three.
    let mut left_in_group = match digits.len() % 3 {
        0 => 3,
        short => short,
    };
    for digit in digits.chars() {
        if left_in_group == 0 {
            grouped.push(' ');
            left_in_group = 3;
        }
        grouped.push(digit);
        left_in_group -= 1;
    }
    grouped
}

/// "12, 14, 15": the seats of one booking, in order.
pub(super) fn seat_list(seats: &[i64]) -> String {
    let mut seats = seats.to_vec();
    seats.sort_unstable();
    seats
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn amounts_group_thousands_and_show_cents_only_when_there_are_some() {
        assert_eq!(amount(1_250_000, "XOF"), "12 500 XOF");
        assert_eq!(amount(1_250_050, "XOF"), "12 500,50 XOF");
        assert_eq!(amount(12_345_678_900, "XOF"), "123 456 789 XOF");
        assert_eq!(amount(50_000, "XOF"), "500 XOF");
        assert_eq!(amount(5, "XOF"), "0,05 XOF");
        assert_eq!(amount(-1_000_000, "XOF"), "-10 000 XOF");
    }

    #[test]
    fn differences_carry_a_true_minus_or_a_plus_sign() {
        assert_eq!(signed_amount(-100_000, "XOF"), "\u{2212}1 000 XOF");
        assert_eq!(signed_amount(250_000, "XOF"), "+2 500 XOF");
        assert_eq!(signed_amount(0, "XOF"), "0 XOF");
        assert_eq!(
            signed_amount(i64::MIN, "XOF"),
            "\u{2212}92 233 720 368 547 758,08 XOF"
        );
    }

    #[test]
    fn counts_group_thousands_like_amounts() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1_234), "1 234");
        assert_eq!(count(1_234_567), "1 234 567");
    }

    #[test]
    fn departure_dates_read_naturally_in_each_language() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).single();
        let at = at.unwrap_or_else(|| panic!("valid date"));
        assert_eq!(
            words(Locale::Fr).long_date_time(at),
            "lundi 23 novembre 2026 à 07:00"
        );
        assert_eq!(
            words(Locale::En).long_date_time(at),
            "Monday 23 November 2026 at 07:00"
        );
        assert_eq!(words(Locale::Fr).short_date_time(at), "23/11/2026 à 07:00");
    }

    #[test]
    fn french_labels_keep_their_colon_on_the_same_line() {
        assert_eq!(
            words(Locale::Fr).labelled("Passagers", 58),
            "Passagers\u{a0}: 58"
        );
        assert_eq!(
            words(Locale::En).labelled("Passengers", 58),
            "Passengers: 58"
        );
    }

    #[test]
    fn weights_print_in_kilograms_with_at_most_two_decimals_in_each_language() {
        let (fr, en) = (words(Locale::Fr), words(Locale::En));
        assert_eq!(fr.weight(2_500), "2,5 kg");
        assert_eq!(en.weight(2_500), "2.5 kg");
        assert_eq!(fr.weight(2_000), "2 kg");
        assert_eq!(fr.weight(750), "0,75 kg");
        assert_eq!(fr.weight(2_555), "2,56 kg");
        assert_eq!(fr.weight(12_304), "12,3 kg");
        assert_eq!(en.weight(1_234_500), "1 234.5 kg");
        assert_eq!(fr.weight(0), "0 kg");
    }

    #[test]
    fn seats_print_in_ascending_order() {
        assert_eq!(seat_list(&[14, 3, 12]), "3, 12, 14");
    }
}
