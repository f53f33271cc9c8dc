/*
 * wasmbox.h: the wasmbox guest ABI v1 for C plugins (docs/abi.md), header only.
 *
 * Build a reactor plugin (one exported function per plugin function) with clang and wasi-libc:
 *
 *   clang --target=wasm32-wasi -mexec-model=reactor -Os -I path/to/wasmbox-c \
 *         -Wl,-z,stack-size=65536 -Wl,--strip-all -o plugin.wasm plugin.c
 *
 * A plugin function is `WASMBOX_EXPORT(name) int32_t name(void)`: it reads its input with
 * wasmbox_input_length/wasmbox_input_read, sets its output with wasmbox_output_write, and
 * returns 0 for success or any other value for failure (message: wasmbox_error_write).
 *
 * Every capability function must be granted by the plugin's policy ("wasmbox:kv/get", ...);
 * a module that imports an ungranted one does not load. Only the functions a plugin calls are
 * imported. Functions that return int32_t report errors as negative WASMBOX_* codes; those
 * that return a length leave the value (or, on an error, a UTF-8 message) pending: fetch it
 * with wasmbox_result_read into a buffer of wasmbox_result_length() bytes.
 *
 * The names and signatures here are ABI v1; a plugin built against them keeps working with
 * every wasmbox release that supports ABI v1.
 */
#ifndef WASMBOX_H
#define WASMBOX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WASMBOX_ABI_VERSION 1

/* Error codes of capability functions. After one, the pending result holds a message. */
#define WASMBOX_DENIED (-1)           /* the policy does not grant this target */
#define WASMBOX_NOT_FOUND (-2)        /* no such key or entry */
#define WASMBOX_INVALID_ARGUMENT (-3) /* malformed arguments (bad UTF-8, bad JSON, ...) */
#define WASMBOX_FAILED (-4)           /* the host could not do it (I/O, remote failure) */
#define WASMBOX_TOO_LARGE (-5)        /* over a policy cap */

/* Log levels of wasmbox_log_write. */
#define WASMBOX_LOG_TRACE 0
#define WASMBOX_LOG_DEBUG 1
#define WASMBOX_LOG_INFO 2
#define WASMBOX_LOG_WARN 3
#define WASMBOX_LOG_ERROR 4

/* Exports a plugin function under `name`: WASMBOX_EXPORT(quote) int32_t quote(void) { ... } */
#define WASMBOX_EXPORT(name) __attribute__((export_name(#name)))

/*
 * Embeds the wasmbox.manifest custom section. Write the JSON as it is, unquoted:
 *
 *   WASMBOX_MANIFEST({"name": "visits", "abi": 1, "exports": ["visit"],
 *                     "capabilities": ["wasmbox:kv/get", "wasmbox:kv/put"]});
 *
 * Use it once per module, at file scope. (Clang has no attribute for Wasm custom sections;
 * the assembler makes one of a ".custom_section.<name>" section and wasm-ld keeps it, also
 * with --strip-all. Stringizing twice escapes the JSON's quotes for the assembler.)
 */
#define WASMBOX_STRINGIZE_(x) #x
#define WASMBOX_STRINGIZE(x) WASMBOX_STRINGIZE_(x)
#define WASMBOX_MANIFEST(...)                                                  \
  __asm__(".section .custom_section.wasmbox.manifest,\"\",@\n.ascii "        \
          WASMBOX_STRINGIZE(#__VA_ARGS__) "\n.text\n")

#define WASMBOX_IMPORT(module, name) \
  __attribute__((import_module(module), import_name(name)))

/* Core module "wasmbox": always linked, needs no grant. */

/* Length in bytes of the call's input. */
WASMBOX_IMPORT("wasmbox", "input_length") int32_t wasmbox_input_length(void);
/* Copies the whole input to dst, which has room for wasmbox_input_length() bytes. */
WASMBOX_IMPORT("wasmbox", "input_read") void wasmbox_input_read(void *dst);
/* Sets the call's output; a later call replaces it. */
WASMBOX_IMPORT("wasmbox", "output_write") void wasmbox_output_write(const void *src, int32_t len);
/* Sets the failure message (UTF-8) reported when the function returns non-zero. */
WASMBOX_IMPORT("wasmbox", "error_write") void wasmbox_error_write(const void *src, int32_t len);
/* Length of the pending result of the last capability call (0 if none). */
WASMBOX_IMPORT("wasmbox", "result_length") int32_t wasmbox_result_length(void);
/* Copies the pending result to dst and clears it. */
WASMBOX_IMPORT("wasmbox", "result_read") void wasmbox_result_read(void *dst);

/* "wasmbox:log" (grant: wasmbox:log/write). 0, or WASMBOX_TOO_LARGE past the per-call count. */
WASMBOX_IMPORT("wasmbox:log", "write")
int32_t wasmbox_log_write(int32_t level, const void *msg, int32_t len);

/* "wasmbox:clock" (grants: wasmbox:clock/now_millis, wasmbox:clock/monotonic_nanos). */
WASMBOX_IMPORT("wasmbox:clock", "now_millis") int64_t wasmbox_clock_now_millis(void);
WASMBOX_IMPORT("wasmbox:clock", "monotonic_nanos") int64_t wasmbox_clock_monotonic_nanos(void);

/* "wasmbox:random" (grant: wasmbox:random/fill). Fills buf; 0 or a negative code. */
WASMBOX_IMPORT("wasmbox:random", "fill") int32_t wasmbox_random_fill(void *buf, int32_t len);

/* "wasmbox:config" (grant: wasmbox:config/get). Length of the value, or WASMBOX_NOT_FOUND. */
WASMBOX_IMPORT("wasmbox:config", "get")
int32_t wasmbox_config_get(const char *key, int32_t key_len);

/* "wasmbox:kv" (grants: wasmbox:kv/get, /put, /delete, /list; namespaces per policy). */
/* Length of the value, or WASMBOX_NOT_FOUND, WASMBOX_DENIED, ... */
WASMBOX_IMPORT("wasmbox:kv", "get")
int32_t wasmbox_kv_get(const char *ns, int32_t ns_len, const char *key, int32_t key_len);
/* 0, or WASMBOX_DENIED on a read-only namespace, WASMBOX_TOO_LARGE over the quota, ... */
WASMBOX_IMPORT("wasmbox:kv", "put")
int32_t wasmbox_kv_put(const char *ns, int32_t ns_len, const char *key, int32_t key_len,
                       const void *value, int32_t value_len);
/* 0, also when the key is absent. */
WASMBOX_IMPORT("wasmbox:kv", "delete")
int32_t wasmbox_kv_delete(const char *ns, int32_t ns_len, const char *key, int32_t key_len);
/* Length of a JSON array of the keys that start with prefix, sorted. */
WASMBOX_IMPORT("wasmbox:kv", "list")
int32_t wasmbox_kv_list(const char *ns, int32_t ns_len, const char *prefix, int32_t prefix_len);

/* "wasmbox:http" (grant: wasmbox:http/request; targets per the policy's outbound grants). */
/* req is JSON {"method","url","headers":{...},"body"}; the result is {"status","headers","body"}. */
WASMBOX_IMPORT("wasmbox:http", "request") int32_t wasmbox_http_request(const char *req, int32_t len);

/* Conveniences for NUL-terminated strings. */

static inline void wasmbox_output_str(const char *s) {
  wasmbox_output_write(s, (int32_t)strlen(s));
}

static inline void wasmbox_error_str(const char *s) {
  wasmbox_error_write(s, (int32_t)strlen(s));
}

static inline int32_t wasmbox_log_str(int32_t level, const char *msg) {
  return wasmbox_log_write(level, msg, (int32_t)strlen(msg));
}

static inline int32_t wasmbox_config_get_str(const char *key) {
  return wasmbox_config_get(key, (int32_t)strlen(key));
}

static inline int32_t wasmbox_kv_get_str(const char *ns, const char *key) {
  return wasmbox_kv_get(ns, (int32_t)strlen(ns), key, (int32_t)strlen(key));
}

static inline int32_t wasmbox_kv_put_str(const char *ns, const char *key, const char *value) {
  return wasmbox_kv_put(ns, (int32_t)strlen(ns), key, (int32_t)strlen(key), value,
                        (int32_t)strlen(value));
}

/*
 * Reads the pending result into buf (capacity cap) as a NUL-terminated string and returns its
 * length, or WASMBOX_TOO_LARGE (the result stays pending) when it does not fit with its NUL.
 */
static inline int32_t wasmbox_result_str(char *buf, size_t cap) {
  int32_t len = wasmbox_result_length();
  if (len < 0 || (size_t)len >= cap) {
    return WASMBOX_TOO_LARGE;
  }
  wasmbox_result_read(buf);
  buf[len] = '\0';
  return len;
}

#endif /* WASMBOX_H */
