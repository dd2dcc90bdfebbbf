//! What printed documents say, in French and English: their labels, dates and amounts.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::i18n::Locale;

/// Every label printed on a ticket or a manifest, in one language.
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
    /// Between a date and a time: "lundi 23 novembre 2026 à 07:00".
    pub at: &'static str,
    /// Between a label and its value; French puts a no-break space before the colon.
    pub colon: &'static str,
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
    at: "à",
    colon: "\u{a0}:",
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
    at: "at",
    colon: ":",
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
}

/// "12 500 XOF", or "12 500,50 XOF" when there are cents. CFA francs are written the French way
/// (space between thousands, comma before decimals) whatever the interface language.
pub(super) fn amount(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    let digits = (minor / 100).to_string();
    let mut whole = String::with_capacity(digits.len() + digits.len() / 3);
    // Digits left before the next space: the leading group may be shorter than three.
    let mut left_in_group = match digits.len() % 3 {
        0 => 3,
        short => short,
    };
    for digit in digits.chars() {
        if left_in_group == 0 {
            whole.push(' ');
            left_in_group = 3;
        }
        whole.push(digit);
        left_in_group -= 1;
    }
    match minor % 100 {
        0 => format!("{sign}{whole} {currency}"),
        cents => format!("{sign}{whole},{cents:02} {currency}"),
    }
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
    fn seats_print_in_ascending_order() {
        assert_eq!(seat_list(&[14, 3, 12]), "3, 12, 14");
    }
}
