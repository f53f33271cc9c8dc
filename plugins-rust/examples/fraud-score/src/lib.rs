//! `fraud-score`: heuristic fraud scoring over an order and the customer's history.
//!
//! Capabilities: `wasmbox:clock/now_millis` (time of day, order velocity),
//! `wasmbox:log/write`.
//!
//! | export | input | output |
//! |---|---|---|
//! | `score` | [`Order`] JSON | [`FraudScore`] JSON |
//!
//! The score is the sum of the points of the signals that fire, capped at 100:
//! `score < 30` approves, `score < 70` sends the order to review, otherwise rejects.

use serde::{Deserialize, Serialize};
use wasmbox_pdk::{clock, plugin_fn, Error};

/// A checkout order (only the fields the scorer reads; unknown fields are ignored).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Order {
    /// Order id, echoed in the result.
    pub order_id: String,
    /// Customer id.
    pub customer_id: String,
    /// The order lines.
    pub items: Vec<Item>,
    /// Where the order ships.
    pub shipping_address: Option<Address>,
    /// Country of the payment instrument (ISO 3166 alpha-2).
    pub billing_country: Option<String>,
    /// What the shop knows about the customer.
    pub customer: Option<Customer>,
}

/// One order line.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Item {
    /// Stock keeping unit.
    pub sku: String,
    /// Quantity.
    pub quantity: i64,
    /// Unit price in cents.
    pub unit_price_cents: i64,
}

/// A postal address.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    /// ISO 3166 alpha-2 country code.
    pub country: String,
    /// Postal code.
    pub postal_code: String,
}

/// The customer's history.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Customer {
    /// Days since the account was created.
    pub account_age_days: i64,
    /// Completed orders before this one.
    pub previous_orders: i64,
    /// Chargebacks so far.
    pub chargebacks: i64,
    /// When the previous order was placed (ms since the epoch), if any.
    pub last_order_at_millis: Option<i64>,
    /// E-mail address.
    pub email: Option<String>,
}

/// The result of scoring.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FraudScore {
    /// The order id.
    pub order_id: String,
    /// 0 (no risk) ..= 100.
    pub score: i64,
    /// `approve`, `review` or `reject`.
    pub decision: String,
    /// The signals that fired.
    pub signals: Vec<Signal>,
    /// The host clock when the order was scored.
    pub evaluated_at_millis: i64,
}

/// A fired signal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    /// Signal name.
    pub name: String,
    /// Points it adds.
    pub points: i64,
}

const DISPOSABLE_DOMAINS: &[&str] = &["mailinator.com", "guerrillamail.com", "10minutemail.com", "trashmail.com"];

/// Scores an order.
#[plugin_fn]
pub fn score(order: Order) -> Result<FraudScore, Error> {
    if order.items.is_empty() {
        return Err(Error::invalid_argument("the order has no items"));
    }
    let now = clock::now_millis();
    let result = evaluate(&order, now);
    wasmbox_pdk::info!("order {}: score {} -> {}", result.order_id, result.score, result.decision);
    Ok(result)
}

/// The scoring rules, pure: `now_millis` is the evaluation time.
pub fn evaluate(order: &Order, now_millis: i64) -> FraudScore {
    let mut signals = Vec::new();
    let mut add = |name: &str, points: i64| signals.push(Signal { name: name.to_string(), points });

    let total: i64 = order.items.iter().map(|i| i.quantity.saturating_mul(i.unit_price_cents)).sum();
    if total >= 2000_00 {
        add("high-value", 25);
    } else if total >= 500_00 {
        add("elevated-value", 10);
    }
    if order.items.iter().any(|i| i.quantity >= 20) {
        add("bulk-quantity", 15);
    }
    let customer = order.customer.clone().unwrap_or_default();
    if customer.account_age_days < 1 {
        add("new-account", 20);
    } else if customer.account_age_days < 30 {
        add("young-account", 10);
    }
    if customer.previous_orders == 0 {
        add("first-order", 10);
    }
    if customer.chargebacks > 0 {
        add("chargebacks", 30 * customer.chargebacks.min(2));
    }
    if let Some(last) = customer.last_order_at_millis {
        if now_millis - last >= 0 && now_millis - last < 10 * 60 * 1000 {
            add("velocity", 20);
        }
    }
    if let (Some(ship), Some(bill)) = (&order.shipping_address, &order.billing_country) {
        if !ship.country.eq_ignore_ascii_case(bill) {
            add("country-mismatch", 15);
        }
    }
    if let Some(email) = &customer.email {
        let domain = email.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
        if DISPOSABLE_DOMAINS.contains(&domain.as_str()) {
            add("disposable-email", 25);
        }
    }
    let hour_utc = (now_millis.rem_euclid(86_400_000)) / 3_600_000;
    if (1..5).contains(&hour_utc) {
        add("night-time", 5);
    }

    let score = signals.iter().map(|s| s.points).sum::<i64>().min(100);
    let decision = if score < 30 {
        "approve"
    } else if score < 70 {
        "review"
    } else {
        "reject"
    };
    FraudScore {
        order_id: order.order_id.clone(),
        score,
        decision: decision.to_string(),
        signals,
        evaluated_at_millis: now_millis,
    }
}

wasmbox_pdk::manifest! {
    exports = [score],
    capabilities = ["wasmbox:clock/now_millis", "wasmbox:log/write"],
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use wasmbox_pdk::testing::MockHost;

    const NOON: i64 = 1_700_000_000_000 - 1_700_000_000_000 % 86_400_000 + 12 * 3_600_000;

    fn order() -> Order {
        Order {
            order_id: "o-9".into(),
            customer_id: "c-9".into(),
            items: vec![Item { sku: "TV".into(), quantity: 1, unit_price_cents: 300_00 }],
            customer: Some(Customer { account_age_days: 400, previous_orders: 12, ..Customer::default() }),
            ..Order::default()
        }
    }

    #[test]
    fn trusted_customer_is_approved() {
        let mut host = MockHost::new().clock(NOON, 0);
        let s: FraudScore = host.call_json(__wasmbox_export_score, &order()).unwrap();
        assert_eq!((s.score, s.decision.as_str()), (0, "approve"));
        assert_eq!(s.evaluated_at_millis, NOON);
    }

    #[test]
    fn risky_order_is_rejected() {
        let mut o = order();
        o.items[0].quantity = 25;
        o.billing_country = Some("US".into());
        o.shipping_address = Some(Address { country: "DE".into(), postal_code: "10115".into() });
        o.customer = Some(Customer {
            account_age_days: 0,
            previous_orders: 0,
            chargebacks: 1,
            last_order_at_millis: Some(NOON - 60_000),
            email: Some("x@Mailinator.com".into()),
        });
        let s = evaluate(&o, NOON);
        assert_eq!(s.decision, "reject");
        assert_eq!(s.score, 100);
        assert!(s.signals.iter().any(|x| x.name == "velocity"));
    }

    #[test]
    fn night_time_signal() {
        let s = evaluate(&order(), NOON - 9 * 3_600_000);
        assert_eq!(s.signals, vec![Signal { name: "night-time".into(), points: 5 }]);
    }
}
