/*
 * visits: a wasmbox reactor plugin in C on wasmbox.h (../../wasmbox-c): counts the visits of
 * each visitor in the key-value store and logs every one.
 *
 * export visit: input  a visitor's name, 1 to 64 bytes without NUL
 *               output the visitor's new count, as decimal text
 * capabilities: wasmbox:kv/get, wasmbox:kv/put (namespace "visits", read-write),
 *               wasmbox:log/write
 * failure:      code 1 with a message; a capability error carries the host's message
 *               (WASMBOX_DENIED on a read-only namespace: "policy ... does not grant ...")
 *
 * Build (build.sh does it): clang --target=wasm32-wasi -mexec-model=reactor -I ../../wasmbox-c
 * -Os -Wl,-z,stack-size=65536 -Wl,--strip-all -o visits.wasm visits.c
 */
#include <stdlib.h>
#include "wasmbox.h"

WASMBOX_MANIFEST({"name": "visits", "version": "0.1.0", "abi": 1, "exports": ["visit"],
                  "capabilities": ["wasmbox:kv/get", "wasmbox:kv/put", "wasmbox:log/write"]});

#define NAMESPACE "visits"
#define MAX_NAME 64
#define MAX_DIGITS 20

static int32_t fail(const char *message) {
  wasmbox_error_str(message);
  return 1;
}

/* Fails with the message the host left pending with its negative code. */
static int32_t fail_with_host_message(void) {
  char message[256];
  return fail(wasmbox_result_str(message, sizeof message) < 0 ? "capability error" : message);
}

/* Writes n in decimal to out (room for MAX_DIGITS + 1) and returns out. */
static char *decimal(long long n, char *out) {
  char reversed[MAX_DIGITS];
  int len = 0;
  do {
    reversed[len++] = (char)('0' + n % 10);
    n /= 10;
  } while (n > 0 && len < MAX_DIGITS);
  for (int i = 0; i < len; i++) {
    out[i] = reversed[len - 1 - i];
  }
  out[len] = '\0';
  return out;
}

WASMBOX_EXPORT(visit) int32_t visit(void) {
  char name[MAX_NAME + 1];
  int32_t len = wasmbox_input_length();
  if (len < 1 || len > MAX_NAME) {
    return fail("the input must be a name of 1 to 64 bytes");
  }
  wasmbox_input_read(name);
  name[len] = '\0';
  if (strlen(name) != (size_t)len) {
    return fail("the name must not contain NUL");
  }

  long long count = 0;
  int32_t found = wasmbox_kv_get_str(NAMESPACE, name);
  if (found >= 0) {
    char stored[MAX_DIGITS + 1];
    if (wasmbox_result_str(stored, sizeof stored) < 0) {
      return fail("the stored count is not a number");
    }
    count = strtoll(stored, NULL, 10);
  } else if (found != WASMBOX_NOT_FOUND) {
    return fail_with_host_message();
  }

  char text[MAX_DIGITS + 1];
  decimal(count + 1, text);
  if (wasmbox_kv_put_str(NAMESPACE, name, text) != 0) {
    return fail_with_host_message();
  }
  char line[MAX_NAME + MAX_DIGITS + 32] = "";
  strcat(strcat(strcat(line, name), " visited, count "), text);
  wasmbox_log_str(WASMBOX_LOG_INFO, line);
  wasmbox_output_str(text);
  return 0;
}
