/*
 * tax: a wasmbox plugin in plain C, with no SDK (command mode, see docs/abi.md).
 *
 * stdin:  a checkout order as JSON, e.g.
 *         {"orderId":"o-1","shippingAddress":{"country":"DE"},
 *          "items":[{"sku":"B-1","quantity":2,"unitPriceCents":1999,"category":"books"}]}
 * stdout: {"orderId":"o-1","country":"DE","netCents":3998,"taxCents":280,"grossCents":4278,
 *          "lines":[{"sku":"B-1","rateBasisPoints":700,"taxCents":280}]}
 * exit:   0 on success; 2 for malformed JSON, 3 for a missing or unsupported field
 *         (the message goes to stderr; the host reports its tail).
 *
 * Build: clang --target=wasm32-wasi -Os -Wl,-z,stack-size=65536 -o tax.wasm tax.c
 * The JSON parser is deliberately tiny: it understands exactly what it needs and skips
 * everything else, without allocating.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The wasmbox.manifest custom section (docs/abi.md). A C compiler has no attribute for Wasm
 * custom sections, but the LLVM assembler turns a ".custom_section.<name>" section into the
 * custom section <name>, and wasm-ld keeps it (also with --strip-all). */
__asm__(
  ".section .custom_section.wasmbox.manifest,\"\",@\n"
  ".ascii \"{\\\"name\\\":\\\"tax\\\",\\\"version\\\":\\\"0.1.0\\\",\\\"abi\\\":1,"
  "\\\"exports\\\":[],\\\"capabilities\\\":[]}\"\n"
  ".text\n");

#define MAX_INPUT (1 << 20)
#define MAX_LINES 256

typedef struct { const char *p, *end; } Cursor;
typedef struct { const char *s; size_t n; } Slice; /* raw JSON string content, escapes kept */

typedef struct {
  Slice sku, category;
  long long quantity, unit_price_cents;
  int has_quantity, has_price;
} Line;

static Line lines[MAX_LINES];
static size_t line_count;
static Slice order_id, country;

static void fail(int code, const char *message) {
  fprintf(stderr, "tax: %s\n", message);
  exit(code);
}

static void ws(Cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t')) c->p++;
}

static int peek(Cursor *c) { ws(c); return c->p < c->end ? *c->p : -1; }

static void expect(Cursor *c, char ch) {
  if (peek(c) != ch) fail(2, "malformed JSON");
  c->p++;
}

static Slice string(Cursor *c) {
  Slice s;
  expect(c, '"');
  s.s = c->p;
  while (c->p < c->end && *c->p != '"') {
    if ((unsigned char)*c->p < 0x20) fail(2, "malformed JSON string");
    if (*c->p == '\\') c->p++;
    c->p++;
  }
  if (c->p >= c->end) fail(2, "unterminated JSON string");
  s.n = (size_t)(c->p - s.s);
  c->p++;
  return s;
}

static long long number(Cursor *c) {
  long long v = 0;
  int neg = 0, digits = 0;
  ws(c);
  if (c->p < c->end && *c->p == '-') { neg = 1; c->p++; }
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    if (v > 100000000000000LL) fail(3, "number out of range");
    v = v * 10 + (*c->p++ - '0');
    digits++;
  }
  if (!digits) fail(2, "malformed JSON number");
  if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
    fail(3, "amounts and quantities must be integers (cents)");
  return neg ? -v : v;
}

static void skip(Cursor *c, int depth);

static void skip_literal(Cursor *c, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) fail(2, "malformed JSON literal");
  c->p += n;
}

static void skip(Cursor *c, int depth) {
  int ch = peek(c);
  if (depth > 64) fail(2, "JSON nested too deeply");
  if (ch == '"') { string(c); return; }
  if (ch == '{' || ch == '[') {
    char close = ch == '{' ? '}' : ']';
    c->p++;
    if (peek(c) == close) { c->p++; return; }
    for (;;) {
      if (ch == '{') { string(c); expect(c, ':'); }
      skip(c, depth + 1);
      if (peek(c) == ',') { c->p++; continue; }
      expect(c, close);
      return;
    }
  }
  if (ch == 't') { skip_literal(c, "true"); return; }
  if (ch == 'f') { skip_literal(c, "false"); return; }
  if (ch == 'n') { skip_literal(c, "null"); return; }
  number(c);
}

static int is(Slice s, const char *word) { return s.n == strlen(word) && memcmp(s.s, word, s.n) == 0; }

/* Calls field(key, cursor) for every member of the object at the cursor; field must consume
 * the value or return 0 to have it skipped. */
static void object(Cursor *c, int (*field)(Slice, Cursor *)) {
  expect(c, '{');
  if (peek(c) == '}') { c->p++; return; }
  for (;;) {
    Slice key = string(c);
    expect(c, ':');
    if (!field(key, c)) skip(c, 1);
    if (peek(c) == ',') { c->p++; continue; }
    expect(c, '}');
    return;
  }
}

static int address_field(Slice key, Cursor *c) {
  if (is(key, "country") && peek(c) == '"') { country = string(c); return 1; }
  return 0;
}

static Line *current;

static int item_field(Slice key, Cursor *c) {
  if (is(key, "sku") && peek(c) == '"') { current->sku = string(c); return 1; }
  if (is(key, "category") && peek(c) == '"') { current->category = string(c); return 1; }
  if (is(key, "quantity")) { current->quantity = number(c); current->has_quantity = 1; return 1; }
  if (is(key, "unitPriceCents")) { current->unit_price_cents = number(c); current->has_price = 1; return 1; }
  return 0;
}

static int order_field(Slice key, Cursor *c) {
  if (is(key, "orderId") && peek(c) == '"') { order_id = string(c); return 1; }
  if (is(key, "shippingAddress") && peek(c) == '{') { object(c, address_field); return 1; }
  if (is(key, "items") && peek(c) == '[') {
    c->p++;
    if (peek(c) == ']') { c->p++; return 1; }
    for (;;) {
      if (line_count == MAX_LINES) fail(3, "too many items");
      current = &lines[line_count++];
      object(c, item_field);
      if (!current->has_quantity || !current->has_price) fail(3, "every item needs quantity and unitPriceCents");
      if (current->quantity < 1 || current->unit_price_cents < 0) fail(3, "quantity must be positive and price not negative");
      if (peek(c) == ',') { c->p++; continue; }
      expect(c, ']');
      return 1;
    }
  }
  return 0;
}

typedef struct { const char *country; int standard, reduced; } Rate;

/* VAT in basis points; "reduced" applies to the categories books and food. */
static const Rate RATES[] = {
  {"DE", 1900, 700}, {"AT", 2000, 1000}, {"FR", 2000, 550}, {"NL", 2100, 900},
  {"IT", 2200, 400}, {"ES", 2100, 400}, {"CH", 810, 260}, {"GB", 2000, 0},
  {"US", 0, 0},
};

static int rate_for(const Rate *r, Slice category) {
  return (is(category, "books") || is(category, "food")) ? r->reduced : r->standard;
}

int main(void) {
  /* Read stdin into a growing heap buffer: a static 1 MiB array would make every instance
   * start with 1 MiB of linear memory. */
  size_t n = 0, cap = 4096, got;
  char *input = malloc(cap);
  Cursor c;
  const Rate *rate = NULL;
  long long net = 0, tax = 0;
  size_t i;

  if (!input) fail(3, "out of memory");
  while ((got = fread(input + n, 1, cap - n, stdin)) > 0) {
    n += got;
    if (n == cap) {
      if (cap >= MAX_INPUT) fail(3, "input larger than 1 MiB");
      cap *= 2;
      input = realloc(input, cap);
      if (!input) fail(3, "out of memory");
    }
  }
  c.p = input;
  c.end = input + n;
  object(&c, order_field);
  if (peek(&c) != -1) fail(2, "trailing characters after the JSON object");
  if (!country.s) fail(3, "missing shippingAddress.country");
  if (line_count == 0) fail(3, "the order has no items");
  for (i = 0; i < sizeof RATES / sizeof RATES[0]; i++)
    if (is(country, RATES[i].country)) rate = &RATES[i];
  if (!rate) {
    fprintf(stderr, "tax: no tax rate for country \"%.*s\"\n", (int)country.n, country.s);
    return 3;
  }

  printf("{\"orderId\":\"%.*s\",\"country\":\"%s\",", (int)order_id.n, order_id.s ? order_id.s : "", rate->country);
  for (i = 0; i < line_count; i++) {
    long long line_net = lines[i].quantity * lines[i].unit_price_cents;
    net += line_net;
    tax += (line_net * rate_for(rate, lines[i].category) + 5000) / 10000;
  }
  printf("\"netCents\":%lld,\"taxCents\":%lld,\"grossCents\":%lld,\"lines\":[", net, tax, net + tax);
  for (i = 0; i < line_count; i++) {
    long long line_net = lines[i].quantity * lines[i].unit_price_cents;
    int bp = rate_for(rate, lines[i].category);
    printf("%s{\"sku\":\"%.*s\",\"rateBasisPoints\":%d,\"taxCents\":%lld}", i ? "," : "",
           (int)lines[i].sku.n, lines[i].sku.s ? lines[i].sku.s : "", bp, (line_net * bp + 5000) / 10000);
  }
  printf("]}\n");
  return 0;
}
