// A WAGI command for the starter's tests: what it answers depends on the route's {mode} path
// variable, X_PATH_MODE in its environment.
//   env       200 text/plain: every environment variable, sorted, then "stdin:" and the body
//   status    418 with a short body
//   redirect  Location only (a 302)
//   garbage   text that is not a CGI response (no header block)
//   endless   header lines without end, never the blank line
//   split     a header value holding a bare CR (response splitting)
//   nothing   no Status and no Content-Type, only a blank line and a body
//   loop      never returns (fuel runs out)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  const char *mode = getenv("X_PATH_MODE");
  if (!mode) mode = "";
  if (!strcmp(mode, "env")) {
    size_t n = 0, i;
    char buf[4096];
    size_t got;
    while (environ[n]) n++;
    qsort(environ, n, sizeof *environ, compare);
    printf("Content-Type: text/plain\n\n");
    for (i = 0; i < n; i++) printf("%s\n", environ[i]);
    printf("stdin:");
    while ((got = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, got, stdout);
  } else if (!strcmp(mode, "status")) {
    printf("Status: 418 I'm a teapot\r\nContent-Type: text/plain\r\n\r\nshort and stout");
  } else if (!strcmp(mode, "redirect")) {
    printf("Location: /elsewhere\n\n");
  } else if (!strcmp(mode, "garbage")) {
    printf("this is not a CGI response\n");
  } else if (!strcmp(mode, "endless")) {
    for (int i = 0; i < 2000; i++) printf("X-Filler-%d: %s\n", i, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  } else if (!strcmp(mode, "split")) {
    printf("Content-Type: text/plain\rSet-Cookie: session=stolen\n\nbody");
  } else if (!strcmp(mode, "nothing")) {
    printf("\nbody without headers");
  } else if (!strcmp(mode, "loop")) {
    volatile unsigned long spins = 0;
    for (;;) spins++;
  } else {
    printf("Status: 404 Not Found\nContent-Type: text/plain\n\nno mode %s\n", mode);
  }
  return 0;
}
