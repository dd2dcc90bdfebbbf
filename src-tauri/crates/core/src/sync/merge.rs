//! How two versions of a row become one (docs/sync.md, "Conflicts"): the later hybrid logical
//! clock wins the row, except that a status never moves back along its lifecycle.

use super::row::Value;

/// Where a status stands in its table's lifecycle: a later state wins over an earlier one
/// whatever the clocks say. `None`: the table's statuses follow the row's clock.
pub fn lifecycle_rank(table: &str, status: &str) -> Option<u8> {
    let order: &[&str] = match table {
        // A departure that happened beats a cancellation written offline elsewhere; a delivery
        // beats everything.
        "envois" => &[
            "pending",
            "accepted",
            "cancelled",
            "in_transit",
            "delivered",
        ],
        // A piece found and delivered after being declared lost is delivered.
        "colis" => &["pending", "packaged", "shipped", "lost", "delivered"],
        "reservations" => &["pending", "confirmed", "completed", "cancelled", "refunded"],
        "paiements" => &["pending", "failed", "completed", "refunded"],
        "payment_refunds" => &["pending", "failed", "completed"],
        "cash_sessions" => &["open", "closed"],
        // A seat given back stays given back: head office may have granted it to another desk.
        "seat_allotments" => &["held", "returned"],
        _ => return None,
    };
    order
        .iter()
        .position(|s| *s == status)
        .and_then(|p| u8::try_from(p).ok())
}

/// The later of two statuses of `table`'s lifecycle; `preferred` when the table has none or
/// either is unknown.
pub fn later_status<'a>(table: &str, preferred: &'a Value, other: &'a Value) -> &'a Value {
    let rank = |v: &Value| v.as_text().and_then(|s| lifecycle_rank(table, s));
    match (rank(preferred), rank(other)) {
        (Some(a), Some(b)) if b > a => other,
        _ => preferred,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn a_delivered_parcel_never_returns_in_transit() {
        assert_eq!(
            later_status("envois", &text("in_transit"), &text("delivered")),
            &text("delivered")
        );
        assert_eq!(
            later_status("envois", &text("delivered"), &text("in_transit")),
            &text("delivered")
        );
        assert_eq!(
            later_status("colis", &text("shipped"), &text("delivered")),
            &text("delivered")
        );
        assert_eq!(
            later_status("colis", &text("lost"), &text("delivered")),
            &text("delivered")
        );
    }

    #[test]
    fn a_cancelled_reservation_stays_cancelled_and_other_tables_follow_the_clock() {
        assert_eq!(
            later_status("reservations", &text("confirmed"), &text("cancelled")),
            &text("cancelled")
        );
        assert_eq!(
            later_status("trajets", &text("active"), &text("cancelled")),
            &text("active")
        );
        assert_eq!(
            later_status("envois", &text("accepted"), &Value::Null),
            &text("accepted")
        );
    }
}
