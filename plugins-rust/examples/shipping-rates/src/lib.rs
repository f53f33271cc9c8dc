//! `shipping-rates`: asks a carrier rates API (over `wasmbox:http`) for shipping options.
//!
//! Capabilities: `wasmbox:http/request` (the policy must also grant the API's host),
//! `wasmbox:config/get` (key `rates_url`, default [`DEFAULT_RATES_URL`]), `wasmbox:log/write`.
//!
//! | export | input | output |
//! |---|---|---|
//! | `rates` | [`Order`] JSON | [`ShippingQuote`] JSON |
//!
//! The plugin `POST`s `{"country","postalCode","weightGrams","itemCount"}` to the rates URL
//! and expects `{"options":[{"carrier","service","priceCents","days"}]}`. A target the
//! policy does not grant fails the call with `denied: …` (code `-1`); a non-2xx answer
//! fails with `failed: …` (code `-4`).

use serde::{Deserialize, Serialize};
use wasmbox_pdk::http::{self, Request};
use wasmbox_pdk::{config, plugin_fn, Error};

/// Used when the config key `rates_url` is not exposed.
pub const DEFAULT_RATES_URL: &str = "https://rates.example.com/v1/rates";

/// Weight of an item that does not say, in grams.
pub const DEFAULT_ITEM_WEIGHT_GRAMS: i64 = 500;

/// A checkout order (only the fields this plugin reads).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Order {
    /// Order id, echoed in the result.
    pub order_id: String,
    /// The order lines.
    pub items: Vec<Item>,
    /// Where the order ships (required).
    pub shipping_address: Option<Address>,
}

/// One order line.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Item {
    /// Stock keeping unit.
    pub sku: String,
    /// Quantity.
    pub quantity: i64,
    /// Weight of one unit in grams (default [`DEFAULT_ITEM_WEIGHT_GRAMS`]).
    pub weight_grams: Option<i64>,
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

/// What the plugin sends to the rates API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RatesRequest {
    /// Destination country.
    pub country: String,
    /// Destination postal code.
    pub postal_code: String,
    /// Total weight.
    pub weight_grams: i64,
    /// Number of units.
    pub item_count: i64,
}

/// One shipping option.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingOption {
    /// Carrier name.
    pub carrier: String,
    /// Service level.
    pub service: String,
    /// Price in cents.
    pub price_cents: i64,
    /// Delivery time in days.
    pub days: i64,
}

#[derive(Debug, Deserialize)]
struct RatesResponse {
    #[serde(default)]
    options: Vec<ShippingOption>,
}

/// The plugin's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingQuote {
    /// The order id.
    pub order_id: String,
    /// Total weight sent to the API.
    pub weight_grams: i64,
    /// Options, cheapest first.
    pub options: Vec<ShippingOption>,
    /// The cheapest option, if any.
    pub cheapest: Option<ShippingOption>,
}

/// Builds the rates request for an order (pure).
pub fn rates_request(order: &Order) -> Result<RatesRequest, Error> {
    let address = order
        .shipping_address
        .as_ref()
        .ok_or_else(|| Error::invalid_argument("the order has no shippingAddress"))?;
    if order.items.is_empty() {
        return Err(Error::invalid_argument("the order has no items"));
    }
    let mut weight = 0i64;
    let mut count = 0i64;
    for item in &order.items {
        if item.quantity < 1 {
            return Err(Error::invalid_argument(format!("item {}: quantity must be positive", item.sku)));
        }
        weight = weight.saturating_add(item.quantity.saturating_mul(item.weight_grams.unwrap_or(DEFAULT_ITEM_WEIGHT_GRAMS)));
        count = count.saturating_add(item.quantity);
    }
    Ok(RatesRequest {
        country: address.country.to_ascii_uppercase(),
        postal_code: address.postal_code.clone(),
        weight_grams: weight,
        item_count: count,
    })
}

/// Asks the rates API for shipping options.
#[plugin_fn]
pub fn rates(order: Order) -> Result<ShippingQuote, Error> {
    let body = rates_request(&order)?;
    let url = config::get("rates_url")?.unwrap_or_else(|| DEFAULT_RATES_URL.to_string());
    let response = http::send(&Request::post(url.as_str()).header("accept", "application/json").json(&body)?)?;
    if !response.is_success() {
        return Err(Error::failed(format!("rates API {} answered {}", url, response.status)));
    }
    let mut options = response.json::<RatesResponse>()?.options;
    options.sort_by(|a, b| (a.price_cents, a.days).cmp(&(b.price_cents, b.days)));
    wasmbox_pdk::info!("order {}: {} shipping options for {} g", order.order_id, options.len(), body.weight_grams);
    Ok(ShippingQuote {
        order_id: order.order_id,
        weight_grams: body.weight_grams,
        cheapest: options.first().cloned(),
        options,
    })
}

wasmbox_pdk::manifest! {
    exports = [rates],
    capabilities = ["wasmbox:http/request", "wasmbox:config/get", "wasmbox:log/write"],
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use wasmbox_pdk::http::Response;
    use wasmbox_pdk::testing::MockHost;

    fn order() -> Order {
        Order {
            order_id: "o-3".into(),
            items: vec![Item { sku: "A".into(), quantity: 2, weight_grams: Some(1200) }, Item { sku: "B".into(), quantity: 1, weight_grams: None }],
            shipping_address: Some(Address { country: "de".into(), postal_code: "10115".into() }),
        }
    }

    #[test]
    fn asks_the_api_and_sorts() {
        let mut host = MockHost::new().config("rates_url", "https://rates.test/v1").http(|req| {
            assert_eq!(req.method, "POST");
            assert_eq!(req.url, "https://rates.test/v1");
            let body: RatesRequest = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
            assert_eq!(body, RatesRequest { country: "DE".into(), postal_code: "10115".into(), weight_grams: 2900, item_count: 3 });
            Ok(Response {
                status: 200,
                headers: Default::default(),
                body: r#"{"options":[{"carrier":"DHL","service":"express","priceCents":1999,"days":1},{"carrier":"DPD","service":"standard","priceCents":599,"days":3}]}"#.into(),
            })
        });
        let q: ShippingQuote = host.call_json(__wasmbox_export_rates, &order()).unwrap();
        assert_eq!(q.cheapest.unwrap().carrier, "DPD");
        assert_eq!(q.options.len(), 2);
    }

    #[test]
    fn ungranted_host_is_a_typed_denial() {
        let mut host = MockHost::new();
        let (code, msg) = host.call_json::<_, ShippingQuote>(__wasmbox_export_rates, &order()).unwrap_err();
        assert_eq!(code, -1);
        assert_eq!(msg, format!("denied: HTTP target '{}' is not granted", DEFAULT_RATES_URL));
    }

    #[test]
    fn api_error_fails() {
        let mut host = MockHost::new().http(|_| Ok(Response { status: 503, headers: Default::default(), body: String::new() }));
        let (code, _) = host.call_json::<_, ShippingQuote>(__wasmbox_export_rates, &order()).unwrap_err();
        assert_eq!(code, -4);
    }
}
