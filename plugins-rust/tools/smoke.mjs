// Runs every plugin in dist/ once on Node.js through tools/host-sim.mjs and checks the
// behaviour this workspace promises (outputs, typed errors, traps, manifests).
// A developer convenience, not the sandbox: the Java tests are the real check.
//
//   node tools/smoke.mjs [DIST_DIR]
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { load, manifestOf } from './host-sim.mjs';

const dist = process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const wasm = (name) => readFileSync(join(dist, name));
const json = (r) => JSON.parse(r.output.toString());
let checks = 0;
const check = (name, f) => { f(); checks++; console.log(`ok  ${name}`); };

const order = {
  orderId: 'o-1', customerId: 'c-1', currency: 'EUR', couponCode: 'WELCOME10', billingCountry: 'DE',
  shippingAddress: { country: 'DE', postalCode: '10115' },
  customer: { accountAgeDays: 400, previousOrders: 3, chargebacks: 0 },
  items: [{ sku: 'BOOK-1', quantity: 2, unitPriceCents: 2000, category: 'books', weightGrams: 300 },
          { sku: 'PEN', quantity: 10, unitPriceCents: 100 }],
};
const orderJson = JSON.stringify(order);

const echo = await load(wasm('echo.wasm'));
check('echo/echo', () => assert.equal(echo.call('echo', 'hi there').output.toString(), 'hi there'));
check('echo/fail', () => { const r = echo.call('fail', 'why'); assert.equal(r.code, 7); assert.equal(r.error, 'asked to fail: why'); });
check('echo/noop', () => assert.equal(echo.call('noop').code, 0));

const add = await load(wasm('add.wasm'));
check('add/add', () => assert.equal(json(add.call('add', '{"a":40,"b":2}')), 42));
check('add/fib', () => assert.equal(json(add.call('fib', '20')), 6765));
check('add/add bad input', () => assert.equal(add.call('add', '{"a":1}').code, -3));

const discount = await load(wasm('discount-rules.wasm'), { config: { currency: 'EUR' } });
check('discount-rules/quote', () => {
  const q = json(discount.call('quote', orderJson));
  assert.equal(q.subtotalCents, 5000); assert.equal(q.discountCents, 550);
  assert.equal(discount.opts.kv.coupons['uses/WELCOME10/c-1'], '1');
});
check('discount-rules/quote coupon used up', () => assert.equal(json(discount.call('quote', orderJson)).rejectedCoupon.code, 'WELCOME10'));
const readOnly = await load(wasm('discount-rules.wasm'), { readOnly: ['coupons'] });
check('discount-rules/denied kv is a typed error', () => {
  const r = readOnly.call('quote', orderJson); assert.equal(r.code, -1); assert.match(r.error, /^denied: /);
});

const fraud = await load(wasm('fraud-score.wasm'), { clock: Date.UTC(2026, 0, 1, 12) });
check('fraud-score/score', () => assert.equal(json(fraud.call('score', orderJson)).decision, 'approve'));

const rates = { options: [{ carrier: 'DHL', service: 'x', priceCents: 900, days: 1 }, { carrier: 'DPD', service: 'y', priceCents: 500, days: 3 }] };
const shipping = await load(wasm('shipping-rates.wasm'), {
  http: { 'https://rates.example.com/v1/rates': { status: 200, headers: {}, body: JSON.stringify(rates) } } });
check('shipping-rates/rates', () => assert.equal(json(shipping.call('rates', orderJson)).cheapest.carrier, 'DPD'));
const shippingDenied = await load(wasm('shipping-rates.wasm'));
check('shipping-rates/denied', () => assert.equal(shippingDenied.call('rates', orderJson).code, -1));

const tax = await load(wasm('tax.wasm'));
check('tax (C, command mode)', () => { const t = json(tax.call('_start', orderJson)); assert.equal(t.taxCents, 280 + 190); });
const tax2 = await load(wasm('tax.wasm')); // a command runs once per instance
check('tax bad input exits non-zero', () => { const r = tax2.call('_start', '{"items":[]}'); assert.equal(r.code, 3); assert.match(r.stderr, /country/); });

const panic = await load(wasm('hostile-panic-storm.wasm'));
check('panic-storm: the panic message reaches error_write', () => {
  const r = panic.call('quote', 'abc'); assert.ok(r.trap); assert.match(r.error, /^plugin panicked at hostile\/panic-storm\/src\/lib.rs:\d+:\d+: panic storm/);
});
check('panic-storm: long message truncated', () => assert.ok(panic.call('panic_long').error.length <= 4096));

const abuse = await load(wasm('hostile-host-call-abuse.wasm'));
for (const e of ['quote', 'output_wrap', 'error_oob', 'random_oob', 'http_bad_ptr']) {
  check(`host-call-abuse/${e} traps`, () => assert.ok(abuse.call(e, 'abc').trap));
}
check('host-call-abuse/result_read_clears', () => assert.equal(json(abuse.call('result_read_clears')).afterRead, 0));

const snoop = await load(wasm('hostile-secret-snoop.wasm'), { env: {} });
check('secret-snoop finds nothing in an empty sandbox', () => {
  const r = json(snoop.call('quote', '{}'));
  assert.deepEqual(r.env.vars, {});
  assert.match(r.files.reads['/etc/passwd'], /^error/);
});

for (const f of ['echo.wasm', 'discount-rules.wasm', 'hostile-exfiltrator.wasm', 'tax.wasm']) {
  check(`${f} has an ABI v1 manifest`, () => assert.equal(manifestOf(wasm(f)).abi, 1));
}
console.log(`${checks} checks passed`);
