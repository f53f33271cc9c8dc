//! `discount-rules`: tiered discounts, bulk discounts and coupons for a checkout order.
//!
//! Capabilities: `wasmbox:config/get` (the shop currency, key `currency`, default `EUR`),
//! `wasmbox:kv/get` + `wasmbox:kv/put` (coupon use is counted in namespace `coupons`),
//! `wasmbox:log/write`.
//!
//! | export | input | output |
//! |---|---|---|
//! | `quote` | [`Order`] JSON | [`Quote`] JSON |
//! | `coupons` | (none) | the coupon table as JSON |
//!
//! Money is in integer minor units (cents). Rules, applied in this order:
//! 1. **bulk**: 5 % off every line with a quantity of 10 or more;
//! 2. **tier** on the subtotal: 5 % from 200.00, 7 % from 500.00, 10 % from 1000.00;
//! 3. **coupon** (`couponCode`): see [`COUPONS`]; a coupon past its use limit is rejected
//!    (reported in `rejectedCoupon`, not an error).
//!
//! The total discount never exceeds half of the subtotal.

use serde::{Deserialize, Serialize};
use wasmbox_pdk::{config, kv, plugin_fn, Error};

/// The kv namespace where coupon use is counted.
pub const COUPON_NAMESPACE: &str = "coupons";

/// A checkout order (the JSON the host sends; unknown fields are ignored).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Order {
    /// Order id, echoed in the quote.
    pub order_id: String,
    /// Customer id; coupons with a per-customer limit are counted per customer.
    pub customer_id: String,
    /// ISO currency of the prices; must match the configured currency when given.
    pub currency: Option<String>,
    /// The order lines.
    pub items: Vec<Item>,
    /// An optional coupon code.
    pub coupon_code: Option<String>,
}

/// One order line.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Item {
    /// Stock keeping unit.
    pub sku: String,
    /// Quantity, at least 1.
    pub quantity: i64,
    /// Unit price in cents, not negative.
    pub unit_price_cents: i64,
    /// Optional product category (`books`, `food`, …).
    pub category: Option<String>,
}

/// The discount quote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    /// The order id.
    pub order_id: String,
    /// The configured currency.
    pub currency: String,
    /// Sum of the lines.
    pub subtotal_cents: i64,
    /// Total discount.
    pub discount_cents: i64,
    /// `subtotalCents - discountCents`.
    pub total_cents: i64,
    /// The rules that gave a discount, in order.
    pub applied_rules: Vec<AppliedRule>,
    /// A coupon that was not applied, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected_coupon: Option<RejectedCoupon>,
}

/// A rule that gave a discount.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedRule {
    /// `bulk:<sku>`, `tier:<percent>`, `coupon:<code>`, `cap`.
    pub rule: String,
    /// Discount of this rule in cents (negative for the cap correction).
    pub amount_cents: i64,
}

/// A coupon that was not applied.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedCoupon {
    /// The code as given.
    pub code: String,
    /// Why it was rejected.
    pub reason: String,
}

/// A coupon definition.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coupon {
    /// The code (matched case-insensitively).
    pub code: &'static str,
    /// Percent off the subtotal (or off the matching category).
    pub percent: i64,
    /// Fixed amount off, in cents.
    pub amount_cents: i64,
    /// Only lines of this category count, if set.
    pub category: Option<&'static str>,
    /// Minimum subtotal in cents.
    pub min_subtotal_cents: i64,
    /// Uses per customer (0 = unlimited).
    pub per_customer_limit: i64,
    /// Uses in total (0 = unlimited).
    pub total_limit: i64,
}

/// The coupon table.
pub const COUPONS: &[Coupon] = &[
    Coupon { code: "WELCOME10", percent: 10, amount_cents: 0, category: None, min_subtotal_cents: 0, per_customer_limit: 1, total_limit: 0 },
    Coupon { code: "SAVE5", percent: 0, amount_cents: 500, category: None, min_subtotal_cents: 2500, per_customer_limit: 0, total_limit: 1000 },
    Coupon { code: "BOOKS20", percent: 20, amount_cents: 0, category: Some("books"), min_subtotal_cents: 0, per_customer_limit: 0, total_limit: 0 },
];

/// Computes the discount quote for an order.
#[plugin_fn]
pub fn quote(order: Order) -> Result<Quote, Error> {
    let currency = config::get("currency")?.unwrap_or_else(|| "EUR".to_string());
    if let Some(c) = &order.currency {
        if !c.eq_ignore_ascii_case(&currency) {
            return Err(Error::invalid_argument(format!(
                "order currency {} does not match the shop currency {}",
                c, currency
            )));
        }
    }
    validate(&order)?;
    let mut quote = price(&order, currency);
    if let Some(code) = order.coupon_code.as_deref().filter(|c| !c.trim().is_empty()) {
        apply_coupon(&order, code, &mut quote)?;
    }
    cap(&mut quote);
    wasmbox_pdk::info!(
        "order {}: subtotal {} discount {} ({} rules)",
        quote.order_id,
        quote.subtotal_cents,
        quote.discount_cents,
        quote.applied_rules.len()
    );
    Ok(quote)
}

/// The coupon table.
#[plugin_fn]
pub fn coupons() -> Vec<Coupon> {
    COUPONS.to_vec()
}

fn validate(order: &Order) -> Result<(), Error> {
    if order.items.is_empty() {
        return Err(Error::invalid_argument("the order has no items"));
    }
    for item in &order.items {
        if item.quantity < 1 || item.quantity > 1_000_000 {
            return Err(Error::invalid_argument(format!("item {}: quantity {} is out of range", item.sku, item.quantity)));
        }
        if item.unit_price_cents < 0 || item.unit_price_cents > 100_000_000_00 {
            return Err(Error::invalid_argument(format!("item {}: price {} is out of range", item.sku, item.unit_price_cents)));
        }
    }
    Ok(())
}

fn line_total(item: &Item) -> i64 {
    item.quantity * item.unit_price_cents
}

/// Bulk and tier rules: pure, no host calls.
pub fn price(order: &Order, currency: String) -> Quote {
    let subtotal: i64 = order.items.iter().map(line_total).sum();
    let mut rules = Vec::new();
    for item in order.items.iter().filter(|i| i.quantity >= 10) {
        rules.push(AppliedRule { rule: format!("bulk:{}", item.sku), amount_cents: line_total(item) * 5 / 100 });
    }
    let tier = if subtotal >= 1000_00 {
        10
    } else if subtotal >= 500_00 {
        7
    } else if subtotal >= 200_00 {
        5
    } else {
        0
    };
    if tier > 0 {
        rules.push(AppliedRule { rule: format!("tier:{}%", tier), amount_cents: subtotal * tier / 100 });
    }
    let discount = rules.iter().map(|r| r.amount_cents).sum();
    Quote {
        order_id: order.order_id.clone(),
        currency,
        subtotal_cents: subtotal,
        discount_cents: discount,
        total_cents: subtotal - discount,
        applied_rules: rules,
        rejected_coupon: None,
    }
}

fn apply_coupon(order: &Order, code: &str, quote: &mut Quote) -> Result<(), Error> {
    let reject = |quote: &mut Quote, reason: String| {
        wasmbox_pdk::info!("coupon {} rejected: {}", code, reason);
        quote.rejected_coupon = Some(RejectedCoupon { code: code.to_string(), reason });
    };
    let coupon = match COUPONS.iter().find(|c| c.code.eq_ignore_ascii_case(code.trim())) {
        Some(c) => *c,
        None => {
            reject(quote, "unknown coupon".to_string());
            return Ok(());
        }
    };
    if quote.subtotal_cents < coupon.min_subtotal_cents {
        reject(quote, format!("needs a subtotal of at least {}", coupon.min_subtotal_cents));
        return Ok(());
    }
    let total_key = format!("uses/{}", coupon.code);
    let customer_key = format!("uses/{}/{}", coupon.code, order.customer_id);
    let total_uses: i64 = kv::get_json(COUPON_NAMESPACE, &total_key)?.unwrap_or(0);
    let customer_uses: i64 = kv::get_json(COUPON_NAMESPACE, &customer_key)?.unwrap_or(0);
    if coupon.total_limit > 0 && total_uses >= coupon.total_limit {
        reject(quote, "coupon is used up".to_string());
        return Ok(());
    }
    if coupon.per_customer_limit > 0 && customer_uses >= coupon.per_customer_limit {
        reject(quote, "coupon already used by this customer".to_string());
        return Ok(());
    }
    let base: i64 = match coupon.category {
        Some(cat) => order
            .items
            .iter()
            .filter(|i| i.category.as_deref().map_or(false, |c| c.eq_ignore_ascii_case(cat)))
            .map(line_total)
            .sum(),
        None => quote.subtotal_cents,
    };
    let amount = (base * coupon.percent / 100 + coupon.amount_cents).min(base);
    if amount <= 0 {
        reject(quote, "no eligible items".to_string());
        return Ok(());
    }
    kv::put_json(COUPON_NAMESPACE, &total_key, &(total_uses + 1))?;
    kv::put_json(COUPON_NAMESPACE, &customer_key, &(customer_uses + 1))?;
    quote.applied_rules.push(AppliedRule { rule: format!("coupon:{}", coupon.code), amount_cents: amount });
    quote.discount_cents += amount;
    quote.total_cents -= amount;
    Ok(())
}

fn cap(quote: &mut Quote) {
    let max = quote.subtotal_cents / 2;
    if quote.discount_cents > max {
        let correction = quote.discount_cents - max;
        quote.applied_rules.push(AppliedRule { rule: "cap".to_string(), amount_cents: -correction });
        quote.discount_cents = max;
        quote.total_cents = quote.subtotal_cents - max;
    }
}

wasmbox_pdk::manifest! {
    exports = [quote, coupons],
    capabilities = ["wasmbox:config/get", "wasmbox:kv/get", "wasmbox:kv/put", "wasmbox:log/write"],
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use wasmbox_pdk::testing::MockHost;

    fn order(coupon: Option<&str>) -> Order {
        Order {
            order_id: "o-1".into(),
            customer_id: "c-1".into(),
            currency: None,
            items: vec![
                Item { sku: "BOOK-1".into(), quantity: 2, unit_price_cents: 2000, category: Some("books".into()) },
                Item { sku: "PEN".into(), quantity: 10, unit_price_cents: 100, category: None },
            ],
            coupon_code: coupon.map(String::from),
        }
    }

    #[test]
    fn bulk_discount_without_coupon() {
        let mut host = MockHost::new().config("currency", "EUR");
        let q: Quote = host.call_json(__wasmbox_export_quote, &order(None)).unwrap();
        assert_eq!(q.subtotal_cents, 5000);
        assert_eq!(q.discount_cents, 50);
        assert_eq!(q.total_cents, 4950);
        assert_eq!(host.logs().len(), 1);
    }

    #[test]
    fn coupon_is_counted_per_customer() {
        let mut host = MockHost::new();
        let q: Quote = host.call_json(__wasmbox_export_quote, &order(Some("welcome10"))).unwrap();
        assert_eq!(q.discount_cents, 50 + 500);
        assert_eq!(q.currency, "EUR");
        assert_eq!(host.kv_value(COUPON_NAMESPACE, "uses/WELCOME10/c-1"), Some(&b"1"[..]));
        let q: Quote = host.call_json(__wasmbox_export_quote, &order(Some("WELCOME10"))).unwrap();
        assert_eq!(q.discount_cents, 50);
        assert_eq!(q.rejected_coupon.unwrap().reason, "coupon already used by this customer");
    }

    #[test]
    fn category_coupon() {
        let mut host = MockHost::new();
        let q: Quote = host.call_json(__wasmbox_export_quote, &order(Some("BOOKS20"))).unwrap();
        assert_eq!(q.discount_cents, 50 + 800);
    }

    #[test]
    fn read_only_namespace_is_a_typed_denial() {
        let mut host = MockHost::new().read_only(COUPON_NAMESPACE);
        let err = host.call_json::<_, Quote>(__wasmbox_export_quote, &order(Some("SAVE5"))).unwrap_err();
        assert_eq!(err, (-1, "denied: kv namespace 'coupons' is read-only".to_string()));
    }

    #[test]
    fn currency_mismatch_and_bad_input() {
        let mut host = MockHost::new().config("currency", "CHF");
        let mut o = order(None);
        o.currency = Some("EUR".into());
        let err = host.call_json::<_, Quote>(__wasmbox_export_quote, &o).unwrap_err();
        assert_eq!(err.0, -3);
        let out = host.call(__wasmbox_export_quote, b"{not json");
        assert_eq!(out.code, -3);
        assert!(out.error.unwrap().starts_with("invalid argument: cannot decode the input as JSON"));
    }

    #[test]
    fn manifest() {
        assert!(crate::__WASMBOX_MANIFEST_JSON.starts_with(r#"{"name":"discount-rules","version":"0.1.0","abi":1,"exports":["quote","coupons"]"#));
    }
}
