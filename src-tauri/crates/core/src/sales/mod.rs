//! The counter: finding a departure and seeing its seats. (Selling comes next: see the README.)

mod search;

pub use search::{search, seat_map, SearchArgs, Seat, SeatMap, SeatMapArgs, SeatState};
