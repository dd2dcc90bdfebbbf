//! `billettigue-cli demo-data`: see `billettigue_core::demo`.

use serde_json::{json, Value};

use billettigue_core::{Desk, Result};

pub async fn fill(desk: &Desk, reservations: u64) -> Result<Value> {
    let summary = billettigue_core::demo::fill(desk, reservations).await?;
    Ok(json!(summary))
}
