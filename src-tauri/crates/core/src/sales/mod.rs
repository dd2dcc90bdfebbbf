//! The counter: finding departures, selling seats, tickets' references, cancellations and
//! changes, and what happens to passengers when a carrier cancels a departure.

mod cancel;
mod disruption;
pub mod pricing;
pub mod reference;
mod reservation;
mod search;
mod seats;
mod sell;
pub mod status;

pub(crate) use cancel::release_hold;
pub use cancel::{
    cancel, change, refund_quote, CancelReservationArgs, ChangeReceipt, ChangeReservationArgs,
    RefundQuote,
};
pub use disruption::{
    cancel_trajet, CancelTrajetArgs, DecisionAction, PassengerDecision, TrajetCancellation,
};
pub(crate) use reservation::{by_reference, of_trajet, view, views as reservation_views};
pub use reservation::{
    find, get, Cancellation, FindReservationsArgs, Reservation, ReservationPayment, ReservationRef,
};
pub use search::{search, seat_map, SearchArgs, SearchHit, Seat, SeatMap, SeatMapArgs, SeatState};
pub(crate) use sell::change_due;
pub use sell::{
    quote, sell, Leg, PassengerArgs, QuoteLine, SaleArgs, SaleQuote, SaleReceipt, SellArgs,
};
pub use status::ReservationStatus;
