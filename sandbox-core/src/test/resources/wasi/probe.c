// A WASI command that exercises the file system, environment, clocks and quotas as a plugin
// would. argv[1] selects a scenario; results go to stdout, one line per step, so the Java
// tests can compare them. Built by build.sh with clang --target=wasm32-wasi.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *err(int e) {
  switch (e) {
    case 0: return "ok";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOENT: return "ENOENT";
    case ENOSPC: return "ENOSPC";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case ENOTSUP: return "ENOTSUP";
    case EPERM: return "EPERM";
    case EROFS: return "EROFS";
    case EXDEV: return "EXDEV";
    case ENOTDIR: return "ENOTDIR";
    case ELOOP: return "ELOOP";
    case EIO: return "EIO";
    default: return "other";
  }
}

static void report(const char *what, int rc) { printf("%s %s\n", what, rc < 0 ? err(errno) : "ok"); }

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) { printf("opendir %s %s\n", dir, err(errno)); return; }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof names[0], cmp);
  printf("ls %s:", dir);
  for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
  printf("\n");
}

static void cat(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { printf("read %s %s\n", path, err(errno)); return; }
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  printf("read %s: %s\n", path, buf);
}

static int files(void) {
  report("mkdir", mkdir("/data/sub", 0755));
  FILE *f = fopen("/data/sub/a.txt", "w");
  if (!f) { printf("create %s\n", err(errno)); return 2; }
  fputs("hello world", f);
  fclose(f);
  cat("/data/sub/a.txt");
  int fd = open("/data/sub/a.txt", O_RDWR);
  report("open rw", fd);
  printf("seek %ld\n", (long)lseek(fd, 6, SEEK_SET));
  report("overwrite", (int)write(fd, "WASI!", 5));
  printf("seek end %ld\n", (long)lseek(fd, 0, SEEK_END));
  report("truncate", ftruncate(fd, 8));
  close(fd);
  cat("/data/sub/a.txt");
  fd = open("/data/sub/a.txt", O_WRONLY | O_APPEND);
  report("append", (int)write(fd, "+tail", 5));
  close(fd);
  cat("/data/sub/a.txt");
  struct stat st;
  report("stat", stat("/data/sub/a.txt", &st));
  printf("size %lld\n", (long long)st.st_size);
  report("rename", rename("/data/sub/a.txt", "/data/b.txt"));
  list("/data");
  list("/data/sub");
  report("unlink", unlink("/data/b.txt"));
  report("rmdir", rmdir("/data/sub"));
  report("open missing", open("/data/nope", O_RDONLY));
  list("/data");
  return 0;
}

static int readonly(void) {
  cat("/ro/hello.txt");
  list("/ro");
  report("open write", open("/ro/hello.txt", O_WRONLY));
  report("open trunc", open("/ro/hello.txt", O_RDONLY | O_TRUNC));
  report("create", open("/ro/new.txt", O_WRONLY | O_CREAT, 0644));
  report("mkdir", mkdir("/ro/d", 0755));
  report("unlink", unlink("/ro/hello.txt"));
  report("rename", rename("/ro/hello.txt", "/ro/moved.txt"));
  report("symlink", symlink("hello.txt", "/ro/l"));
  int fd = open("/ro/hello.txt", O_RDONLY);
  report("ftruncate", ftruncate(fd, 0));
  close(fd);
  cat("/ro/hello.txt");
  return 0;
}

// Append mode as C programs and logging libraries use it: O_APPEND with reads, pwrite on an
// append descriptor (Linux writes at the end), fcntl(F_SETFL) turning it off, fopen "a" and "a+".
static int append(void) {
  int fd = open("/data/log.txt", O_CREAT | O_TRUNC | O_RDWR | O_APPEND, 0644);
  report("open append", fd);
  write(fd, "ab", 2);
  lseek(fd, 0, SEEK_SET);
  write(fd, "cd", 2);
  printf("offset %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  lseek(fd, 0, SEEK_SET);
  char buf[32];
  ssize_t n = read(fd, buf, sizeof buf);
  printf("read %.*s\n", (int)n, buf);
  n = pwrite(fd, "X", 1, 0);
  printf("pwrite %zd offset %ld end %ld\n", n, (long)lseek(fd, 0, SEEK_CUR),
         (long)lseek(fd, 0, SEEK_END));
  printf("flags append %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
  report("setfl", fcntl(fd, F_SETFL, 0));
  lseek(fd, 0, SEEK_SET);
  write(fd, "Z", 1);
  struct stat by_path, by_fd;
  stat("/data/log.txt", &by_path);
  fstat(fd, &by_fd);
  printf("same file %d\n", by_path.st_dev == by_fd.st_dev && by_path.st_ino == by_fd.st_ino);
  close(fd);
  cat("/data/log.txt");
  FILE *f = fopen("/data/log.txt", "a");
  fputs("+a", f);
  fclose(f);
  f = fopen("/data/log.txt", "a+");
  fputs("+b", f);
  rewind(f);
  n = fread(buf, 1, sizeof buf - 1, f);
  printf("a+ read %.*s\n", (int)n, buf);
  fclose(f);
  return 0;
}

static int escape(void) {
  report("open /etc/passwd", open("/etc/passwd", O_RDONLY));
  report("open ../etc/passwd", open("/data/../etc/passwd", O_RDONLY));
  report("open ../../../etc/passwd", open("/data/../../../etc/passwd", O_RDONLY));
  report("symlink abs", symlink("/etc/passwd", "/data/abs"));
  report("symlink up", symlink("../../etc/passwd", "/data/up"));
  report("symlink inside", symlink("x.txt", "/data/in"));
  report("rename across", rename("/data/x.txt", "/ro/x.txt"));
  report("reserved name", open("/data/NUL.txt", O_WRONLY | O_CREAT, 0644));
  report("reserved name lpt", mkdir("/data/lpt1", 0755));
  cat("/data/in");
  list("/data");
  return 0;
}

static int fds(void) {
  int n = 0;
  for (;;) {
    int fd = open("/data/x.txt", O_RDONLY);
    if (fd < 0) { printf("opened %d then %s\n", n, err(errno)); break; }
    if (++n > 100000) { printf("unbounded\n"); break; }
  }
  return 0;
}

static int fill(void) {
  static char chunk[4096];
  memset(chunk, 'x', sizeof chunk);
  int fd = open("/data/big.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  long total = 0;
  for (;;) {
    ssize_t w = write(fd, chunk, sizeof chunk);
    if (w < 0) { printf("wrote %ld then %s\n", total, err(errno)); break; }
    total += w;
    if (total > (1L << 30)) { printf("unbounded\n"); break; }
  }
  close(fd);
  return 0;
}

static int manyfiles(void) {
  int n = 0;
  for (;;) {
    char name[64];
    snprintf(name, sizeof name, "/data/f%d", n);
    int fd = open(name, O_WRONLY | O_CREAT, 0644);
    if (fd < 0) { printf("created %d then %s\n", n, err(errno)); break; }
    close(fd);
    if (++n > 100000) { printf("unbounded\n"); break; }
  }
  return 0;
}

static int bigwrite(void) {
  size_t size = 8u << 20;
  char *buf = malloc(size);
  memset(buf, 'y', size);
  int fd = open("/data/one.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ssize_t w = write(fd, buf, size);
  printf("single write %ld\n", (long)w);
  return 0;
}

static int echo_stdin(void) {
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
  return 0;
}

static int clocks(void) {
  struct timespec ts;
  report("realtime", clock_gettime(CLOCK_REALTIME, &ts));
  printf("realtime %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
  report("monotonic", clock_gettime(CLOCK_MONOTONIC, &ts));
  report("resolution", clock_getres(CLOCK_MONOTONIC, &ts));
  printf("resolution %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
  report("process cputime", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts));
  report("thread cputime", clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts));
  return 0;
}

static int randomness(void) {
  unsigned char b[16];
  report("getentropy", getentropy(b, sizeof b));
  for (size_t i = 0; i < sizeof b; i++) printf("%02x", b[i]);
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: probe <scenario>\n"); return 64; }
  const char *s = argv[1];
  if (!strcmp(s, "files")) return files();
  if (!strcmp(s, "readonly")) return readonly();
  if (!strcmp(s, "escape")) return escape();
  if (!strcmp(s, "append")) return append();
  if (!strcmp(s, "fds")) return fds();
  if (!strcmp(s, "fill")) return fill();
  if (!strcmp(s, "manyfiles")) return manyfiles();
  if (!strcmp(s, "bigwrite")) return bigwrite();
  if (!strcmp(s, "stdin")) return echo_stdin();
  if (!strcmp(s, "clock")) return clocks();
  if (!strcmp(s, "random")) return randomness();
  if (!strcmp(s, "env")) {
    for (int i = 0; i < argc; i++) printf("arg %s\n", argv[i]);
    const char *v = getenv("REGION");
    printf("REGION=%s\n", v ? v : "(unset)");
    printf("HOME=%s\n", getenv("HOME") ? getenv("HOME") : "(unset)");
    return 0;
  }
  if (!strcmp(s, "sleep")) {
    struct timespec ts = {atoi(argv[2]) / 1000, (atoi(argv[2]) % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    printf("woke\n");
    return 0;
  }
  if (!strcmp(s, "exit")) {
    fprintf(stderr, "exiting with %s\n", argv[2]);
    return atoi(argv[2]);
  }
  fprintf(stderr, "unknown scenario %s\n", s);
  return 64;
}
