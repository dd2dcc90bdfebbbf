//! Recurring schedules: one action creates a departure at the same time on each chosen day.
//!
//! Times are UTC, which is also the legal time of Senegal and Côte d'Ivoire (GMT, no summer
//! time): "07:00" is 07:00 at the bus station.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{future, TrajetTemplate, ValidTemplate};
use crate::audit;
use crate::auth::Session;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::i18n::Message;

/// The longest schedule one action may create, in days.
pub const MAX_DAYS: u32 = 366;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ScheduleArgs {
    /// What the departure is; the time is given beside it.
    pub template: TrajetTemplate,
    /// First day of the schedule, `YYYY-MM-DD`.
    pub first_day: NaiveDate,
    /// Departure time each day, `HH:MM`.
    pub time: String,
    /// How many consecutive days the schedule covers.
    pub days: u32,
    /// ISO weekdays to run on (1 = Monday … 7 = Sunday); every day when absent.
    #[serde(default)]
    pub weekdays: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ScheduleResult {
    pub created: u32,
    pub uids: Vec<String>,
}

/// The departure times a schedule asks for, checked: in the future, on the chosen weekdays.
pub(crate) fn departures(args: &ScheduleArgs, now: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
    let time = NaiveTime::parse_from_str(args.time.trim(), "%H:%M")
        .map_err(|_| Error::invalid("time", Message::TimeInvalid))?;
    if !(1..=MAX_DAYS).contains(&args.days) {
        return Err(Error::invalid(
            "days",
            Message::NumberOutOfRange {
                min: 1,
                max: i64::from(MAX_DAYS),
            },
        ));
    }
    let weekdays = args.weekdays.clone().unwrap_or_else(|| (1..=7).collect());
    if weekdays.is_empty() || weekdays.iter().any(|day| !(1..=7).contains(day)) {
        return Err(Error::invalid(
            "weekdays",
            Message::NumberOutOfRange { min: 1, max: 7 },
        ));
    }
    let times: Vec<DateTime<Utc>> = (0..args.days)
        .map(|offset| args.first_day + Duration::days(i64::from(offset)))
        .filter(|day| weekdays.contains(&(day.weekday().number_from_monday() as u8)))
        .map(|day| day.and_time(time).and_utc())
        .collect();
    match times.first() {
        Some(first) => future("first_day", *first, now)?,
        None => return Err(Error::invalid("weekdays", Message::ScheduleEmpty)),
    };
    Ok(times)
}

/// Creates every departure of the schedule in one transaction: all of them, or none.
pub async fn schedule(
    desk: &Desk,
    session: &Session,
    args: ScheduleArgs,
) -> Result<ScheduleResult> {
    let now = desk.clock().now();
    let times = departures(&args, now)?;
    let mut tx = desk.begin_write().await?;
    let template = ValidTemplate::parse(&mut tx, session, &args.template)
        .await
        .map_err(|e| e.within("template"))?;
    let mut uids = Vec::with_capacity(times.len());
    for departure_time in &times {
        uids.push(template.insert(&mut tx, *departure_time, now).await?);
    }
    let details = serde_json::json!({
        "from": template.departure_city.as_str(),
        "to": template.arrival_city.as_str(),
        "first": times.first(),
        "last": times.last(),
        "count": uids.len(),
    });
    audit::record(
        &mut tx,
        Some(session.compte_id),
        "trajet.schedule",
        Some("trajets"),
        uids.first().map(String::as_str),
        details,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ScheduleResult {
        created: uids.len() as u32,
        uids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(first_day: &str, time: &str, days: u32, weekdays: Option<Vec<u8>>) -> ScheduleArgs {
        ScheduleArgs {
            template: TrajetTemplate {
                transporteur_uid: None,
                departure_city: "Dakar".into(),
                arrival_city: "Thiès".into(),
                price: 200_000,
                seats_count: 50,
                accepts_packages: true,
                max_package_weight_g: None,
                departure_point: None,
                arrival_point: None,
            },
            first_day: NaiveDate::parse_from_str(first_day, "%Y-%m-%d").unwrap_or_default(),
            time: time.into(),
            days,
            weekdays,
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn every_day_at_seven_for_sixty_days_gives_sixty_departures_at_seven() -> Result<()> {
        let times = departures(&args("2026-11-22", "07:00", 60, None), now())?;
        assert_eq!(times.len(), 60);
        assert!(times
            .iter()
            .all(|t| t.format("%H:%M").to_string() == "07:00"));
        assert_eq!(times[59].format("%Y-%m-%d").to_string(), "2027-01-20");
        Ok(())
    }

    #[test]
    fn weekdays_restrict_the_days_and_bad_values_are_refused() -> Result<()> {
        // 2026-11-23 is a Monday: two weeks of Mondays and Fridays.
        let times = departures(&args("2026-11-23", "18:30", 14, Some(vec![1, 5])), now())?;
        assert_eq!(times.len(), 4);
        assert!(departures(&args("2026-11-23", "25:00", 14, None), now()).is_err());
        assert!(departures(&args("2026-11-23", "07:00", 0, None), now()).is_err());
        assert!(departures(&args("2026-11-23", "07:00", 400, None), now()).is_err());
        assert!(departures(&args("2026-11-23", "07:00", 7, Some(vec![0])), now()).is_err());
        assert!(departures(&args("2026-11-20", "07:00", 7, None), now()).is_err());
        Ok(())
    }
}
