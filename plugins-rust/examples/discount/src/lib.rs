use serde::{Deserialize, Serialize};
use wasmbox_pdk::{config, kv, plugin_fn, Error};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub customer_id: String,
    pub total_cents: i64,
    pub coupon_code: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    pub discount_cents: i64,
    pub currency: String,
}

#[plugin_fn]
pub fn quote(order: Order) -> Result<Quote, Error> {
    if order.total_cents < 0 {
        return Err(Error::invalid_argument("negative total"));
    }
    let currency = config::get("currency")?.unwrap_or_else(|| "EUR".into());
    let mut discount = order.total_cents / 20; // 5 %
    if order.coupon_code.as_deref() == Some("WELCOME10") {
        let key = format!("used/{}", order.customer_id);
        if kv::get("coupons", &key)?.is_none() {
            kv::put("coupons", &key, b"1")?;
            discount += order.total_cents / 10;
        }
    }
    wasmbox_pdk::info!("discount {} for {}", discount, order.customer_id);
    Ok(Quote { discount_cents: discount, currency })
}

wasmbox_pdk::manifest! {
    exports = [quote],
    capabilities = ["wasmbox:config/get", "wasmbox:kv/get", "wasmbox:kv/put", "wasmbox:log/write"],
}
