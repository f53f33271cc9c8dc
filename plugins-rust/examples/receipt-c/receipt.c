/*
 * receipt: a WAGI handler in plain C, with no SDK (command mode, see docs/wagi.md).
 *
 * The host runs it for one HTTP request: the request line and the headers the route grants
 * arrive as CGI environment variables (REQUEST_METHOD, QUERY_STRING, X_MATCHED_ROUTE, ...),
 * the body on stdin; the response goes to stdout as CGI headers, a blank line and the body.
 *
 * stdin:  a stored quote as JSON, as the checkout service keeps it, e.g.
 *         {"id":"q-1","orderId":"o-1","customerId":"c-1","status":"approved","currency":"EUR",
 *          "subtotalCents":3998,"discountCents":0,"shippingCents":499,"taxCents":280,
 *          "totalCents":4777,"createdAt":"2026-01-01T00:00:00Z", ...}
 * stdout: the receipt as an HTML page, or as plain text with QUERY_STRING format=text; a
 *         "Status: 405" answer for a method other than GET or HEAD, "Status: 422" for a quote
 *         it cannot read.
 *
 * Every value from the quote is HTML-escaped; the plugin sees nothing but its environment and
 * stdin. The JSON parser is deliberately tiny: top-level strings and integers, the rest skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The wasmbox.manifest custom section (docs/abi.md), as in tax.c. */
__asm__(
  ".section .custom_section.wasmbox.manifest,\"\",@\n"
  ".ascii \"{\\\"name\\\":\\\"receipt\\\",\\\"version\\\":\\\"0.1.0\\\",\\\"abi\\\":1,"
  "\\\"exports\\\":[],\\\"capabilities\\\":[]}\"\n"
  ".text\n");

#define MAX_INPUT (256 * 1024)

typedef struct { const char *p, *end; } Cursor;
typedef struct { const char *s; size_t n; } Slice; /* raw JSON string content, escapes kept */

static Slice id, order_id, customer_id, status, currency, created_at;
static long long subtotal, discount, shipping, tax, total;
static int has_total;

static void refuse(const char *status_line, const char *message) {
  printf("Status: %s\nContent-Type: text/plain; charset=utf-8\n\nreceipt: %s\n", status_line, message);
  exit(0);
}

static void ws(Cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\n' || *c->p == '\r' || *c->p == '\t')) c->p++;
}

static int peek(Cursor *c) { ws(c); return c->p < c->end ? *c->p : -1; }

static void expect(Cursor *c, char ch) {
  if (peek(c) != ch) refuse("422 Unprocessable Content", "the quote is not valid JSON");
  c->p++;
}

static Slice string(Cursor *c) {
  Slice s;
  expect(c, '"');
  s.s = c->p;
  while (c->p < c->end && *c->p != '"') {
    if (*c->p == '\\') c->p++;
    c->p++;
  }
  if (c->p >= c->end) refuse("422 Unprocessable Content", "unterminated JSON string");
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
    if (v > 100000000000000LL) refuse("422 Unprocessable Content", "an amount is out of range");
    v = v * 10 + (*c->p++ - '0');
    digits++;
  }
  while (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E' || *c->p == '+' || *c->p == '-' ||
                           (*c->p >= '0' && *c->p <= '9'))) c->p++;
  if (!digits) refuse("422 Unprocessable Content", "the quote is not valid JSON");
  return neg ? -v : v;
}

/* Skips any JSON value; nesting is bounded. */
static void skip(Cursor *c, int depth) {
  int ch = peek(c);
  if (depth > 32) refuse("422 Unprocessable Content", "the quote is nested too deeply");
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
  if (ch == 't' || ch == 'f' || ch == 'n') {
    while (c->p < c->end && *c->p >= 'a' && *c->p <= 'z') c->p++;
    return;
  }
  number(c);
}

static int is(Slice s, const char *word) { return s.n == strlen(word) && memcmp(s.s, word, s.n) == 0; }

static void field(Slice key, Cursor *c) {
  int ch = peek(c);
  if (ch == '"') {
    Slice *target = is(key, "id") ? &id : is(key, "orderId") ? &order_id
                  : is(key, "customerId") ? &customer_id : is(key, "status") ? &status
                  : is(key, "currency") ? &currency : is(key, "createdAt") ? &created_at : NULL;
    if (target) { *target = string(c); return; }
  } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
    long long *target = is(key, "subtotalCents") ? &subtotal : is(key, "discountCents") ? &discount
                      : is(key, "shippingCents") ? &shipping : is(key, "taxCents") ? &tax
                      : is(key, "totalCents") ? &total : NULL;
    if (target) { *target = number(c); has_total |= target == &total; return; }
  }
  skip(c, 1);
}

/* Writes a JSON string's content, HTML-escaped when html is set; \" \\ \/ are decoded, other
 * escapes are shown as they are. */
static void text(Slice s, int html) {
  size_t i;
  for (i = 0; i < s.n; i++) {
    char ch = s.s[i];
    if (ch == '\\' && i + 1 < s.n && (s.s[i + 1] == '"' || s.s[i + 1] == '\\' || s.s[i + 1] == '/')) ch = s.s[++i];
    if (!html) { putchar((unsigned char)ch < 0x20 ? '?' : ch); continue; }
    switch (ch) {
      case '<': fputs("&lt;", stdout); break;
      case '>': fputs("&gt;", stdout); break;
      case '&': fputs("&amp;", stdout); break;
      case '"': fputs("&quot;", stdout); break;
      case '\'': fputs("&#39;", stdout); break;
      default: putchar((unsigned char)ch < 0x20 ? '?' : ch);
    }
  }
}

static void money(long long cents) {
  long long a = cents < 0 ? -cents : cents;
  printf("%s%lld.%02lld ", cents < 0 ? "-" : "", a / 100, a % 100);
}

static void row(const char *label, long long cents, int html) {
  if (html) {
    printf("<tr><td>%s</td><td class=\"amount\">", label);
    money(cents);
    text(currency, 1);
    printf("</td></tr>\n");
  } else {
    printf("%-10s ", label);
    money(cents);
    text(currency, 0);
    putchar('\n');
  }
}

int main(void) {
  const char *method = getenv("REQUEST_METHOD");
  const char *query = getenv("QUERY_STRING");
  int html = !(query && strstr(query, "format=text"));
  size_t n = 0, cap = 4096, got;
  char *input = malloc(cap);
  Cursor c;

  if (!method || (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))
    refuse("405 Method Not Allowed", "a receipt is read with GET");
  if (!input) refuse("500 Internal Server Error", "out of memory");
  while ((got = fread(input + n, 1, cap - n, stdin)) > 0) {
    n += got;
    if (n == cap) {
      if (cap >= MAX_INPUT) refuse("422 Unprocessable Content", "the quote is larger than 256 KiB");
      cap *= 2;
      input = realloc(input, cap);
      if (!input) refuse("500 Internal Server Error", "out of memory");
    }
  }
  c.p = input;
  c.end = input + n;
  expect(&c, '{');
  if (peek(&c) != '}') {
    for (;;) {
      Slice key = string(&c);
      expect(&c, ':');
      field(key, &c);
      if (peek(&c) == ',') { c.p++; continue; }
      break;
    }
  }
  expect(&c, '}');
  if (!id.s || !currency.s || !has_total) refuse("422 Unprocessable Content", "the quote has no id, currency or totalCents");

  if (!html) {
    printf("Content-Type: text/plain; charset=utf-8\n\nRECEIPT ");
    text(id, 0);
    printf("\norder      ");
    text(order_id, 0);
    printf("\ncustomer   ");
    text(customer_id, 0);
    printf("\nstatus     ");
    text(status, 0);
    printf("\ndate       ");
    text(created_at, 0);
    putchar('\n');
  } else {
    printf("Content-Type: text/html; charset=utf-8\n\n<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Receipt ");
    text(id, 1);
    printf("</title></head>\n<body>\n<h1>Receipt</h1>\n<p>Quote <code>");
    text(id, 1);
    printf("</code> for order <code>");
    text(order_id, 1);
    printf("</code>, customer <code>");
    text(customer_id, 1);
    printf("</code>: <strong>");
    text(status, 1);
    printf("</strong>, ");
    text(created_at, 1);
    printf("</p>\n<table>\n");
  }
  row("Subtotal", subtotal, html);
  row("Discount", -discount, html);
  row("Shipping", shipping, html);
  row("Tax", tax, html);
  row("Total", total, html);
  if (html) printf("</table>\n</body></html>\n");
  return 0;
}
