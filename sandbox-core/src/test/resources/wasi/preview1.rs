// WASI preview 1 called directly, function by function, the way the official WASI testsuite
// calls it: every function, and the errno of every failure path the testsuite checks, on a
// read-write grant at /data. One line per step on stdout: what was done, then the result.
// Built by build.sh with rustc --target wasm32-wasi (rustc 1.63 and later).
#![allow(clippy::missing_safety_doc)]
use std::convert::TryInto;
use std::str;

type Fd = u32;

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn clock_res_get(id: u32, out: *mut u64) -> u16;
    fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> u16;
    fn fd_advise(fd: Fd, offset: u64, len: u64, advice: u8) -> u16;
    fn fd_allocate(fd: Fd, offset: u64, len: u64) -> u16;
    fn fd_close(fd: Fd) -> u16;
    fn fd_datasync(fd: Fd) -> u16;
    fn fd_fdstat_get(fd: Fd, out: *mut u8) -> u16;
    fn fd_fdstat_set_flags(fd: Fd, flags: u16) -> u16;
    fn fd_fdstat_set_rights(fd: Fd, base: u64, inheriting: u64) -> u16;
    fn fd_filestat_get(fd: Fd, out: *mut u8) -> u16;
    fn fd_filestat_set_size(fd: Fd, size: u64) -> u16;
    fn fd_filestat_set_times(fd: Fd, atim: u64, mtim: u64, flags: u16) -> u16;
    fn fd_pread(fd: Fd, iovs: *const Iovec, n: usize, offset: u64, out: *mut usize) -> u16;
    fn fd_prestat_get(fd: Fd, out: *mut u32) -> u16;
    fn fd_prestat_dir_name(fd: Fd, buf: *mut u8, len: usize) -> u16;
    fn fd_pwrite(fd: Fd, iovs: *const Iovec, n: usize, offset: u64, out: *mut usize) -> u16;
    fn fd_read(fd: Fd, iovs: *const Iovec, n: usize, out: *mut usize) -> u16;
    fn fd_readdir(fd: Fd, buf: *mut u8, len: usize, cookie: u64, out: *mut usize) -> u16;
    fn fd_renumber(fd: Fd, to: Fd) -> u16;
    fn fd_seek(fd: Fd, offset: i64, whence: u8, out: *mut u64) -> u16;
    fn fd_sync(fd: Fd) -> u16;
    fn fd_tell(fd: Fd, out: *mut u64) -> u16;
    fn fd_write(fd: Fd, iovs: *const Iovec, n: usize, out: *mut usize) -> u16;
    fn path_create_directory(fd: Fd, path: *const u8, len: usize) -> u16;
    fn path_filestat_get(fd: Fd, flags: u32, path: *const u8, len: usize, out: *mut u8) -> u16;
    fn path_filestat_set_times(
        fd: Fd, flags: u32, path: *const u8, len: usize, atim: u64, mtim: u64, fst: u16,
    ) -> u16;
    fn path_link(
        old_fd: Fd, old_flags: u32, old: *const u8, old_len: usize, new_fd: Fd, new: *const u8,
        new_len: usize,
    ) -> u16;
    fn path_open(
        fd: Fd, dirflags: u32, path: *const u8, len: usize, oflags: u16, base: u64, inheriting: u64,
        fdflags: u16, out: *mut Fd,
    ) -> u16;
    fn path_readlink(
        fd: Fd, path: *const u8, len: usize, buf: *mut u8, buf_len: usize, out: *mut usize,
    ) -> u16;
    fn path_remove_directory(fd: Fd, path: *const u8, len: usize) -> u16;
    fn path_rename(
        fd: Fd, old: *const u8, old_len: usize, new_fd: Fd, new: *const u8, new_len: usize,
    ) -> u16;
    fn path_symlink(old: *const u8, old_len: usize, fd: Fd, new: *const u8, new_len: usize) -> u16;
    fn path_unlink_file(fd: Fd, path: *const u8, len: usize) -> u16;
    fn poll_oneoff(input: *const u8, out: *mut u8, n: usize, count: *mut usize) -> u16;
    fn proc_raise(signal: u8) -> u16;
    fn random_get(buf: *mut u8, len: usize) -> u16;
    fn sched_yield() -> u16;
    fn sock_shutdown(fd: Fd, how: u8) -> u16;
}

#[repr(C)]
struct Iovec {
    buf: *const u8,
    len: usize,
}

const READ: u64 = 1 << 1;
const SEEK: u64 = 1 << 2;
const SET_FLAGS: u64 = 1 << 3;
const TELL: u64 = 1 << 5;
const WRITE: u64 = 1 << 6;
const PATH_FILESTAT_SET_SIZE: u64 = 1 << 19;
const FILE_RIGHTS: u64 = READ | SEEK | SET_FLAGS | TELL | WRITE;
const CREAT: u16 = 1;
const DIRECTORY: u16 = 2;
const EXCL: u16 = 4;
const TRUNC: u16 = 8;
const APPEND: u16 = 1;
const FOLLOW: u32 = 1;

fn name(errno: u16) -> String {
    let known = [
        (0, "ok"), (8, "EBADF"), (20, "EEXIST"), (28, "EINVAL"), (31, "EISDIR"), (32, "ELOOP"),
        (37, "ENAMETOOLONG"), (44, "ENOENT"), (52, "ENOSYS"), (54, "ENOTDIR"),
        (55, "ENOTEMPTY"), (57, "ENOTSOCK"), (58, "ENOTSUP"), (63, "EPERM"), (70, "ESPIPE"),
        (76, "ENOTCAPABLE"),
    ];
    for (code, text) in known.iter() {
        if *code == errno {
            return text.to_string();
        }
    }
    format!("errno {}", errno)
}

fn report(what: &str, errno: u16) {
    println!("{} {}", what, name(errno));
}

unsafe fn open(dir: Fd, path: &str, oflags: u16, rights: u64, fdflags: u16) -> Result<Fd, u16> {
    let mut fd = 0;
    let e = path_open(dir, 0, path.as_ptr(), path.len(), oflags, rights, rights, fdflags, &mut fd);
    if e == 0 { Ok(fd) } else { Err(e) }
}

unsafe fn open_errno(dir: Fd, flags: u32, path: &str, oflags: u16, rights: u64) -> u16 {
    let mut fd = 0;
    let e = path_open(dir, flags, path.as_ptr(), path.len(), oflags, rights, rights, 0, &mut fd);
    if e == 0 {
        fd_close(fd);
    }
    e
}

unsafe fn write(fd: Fd, data: &[u8]) -> u16 {
    let iov = Iovec { buf: data.as_ptr(), len: data.len() };
    let mut n = 0;
    fd_write(fd, &iov, 1, &mut n)
}

unsafe fn read(fd: Fd, len: usize) -> Result<String, u16> {
    let mut buf = vec![0u8; len];
    let iov = Iovec { buf: buf.as_mut_ptr(), len };
    let mut n = 0;
    let e = fd_read(fd, &iov, 1, &mut n);
    if e != 0 {
        return Err(e);
    }
    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
}

unsafe fn seek(fd: Fd, offset: i64, whence: u8) -> Result<u64, u16> {
    let mut at = 0;
    let e = fd_seek(fd, offset, whence, &mut at);
    if e == 0 { Ok(at) } else { Err(e) }
}

unsafe fn filestat(dir: Fd, flags: u32, path: &str) -> [u64; 8] {
    let mut raw = [0u64; 8];
    let e = path_filestat_get(dir, flags, path.as_ptr(), path.len(), raw.as_mut_ptr() as *mut u8);
    assert_eq!(e, 0, "stat {}", path);
    raw
}

unsafe fn mkdir(dir: Fd, path: &str) -> u16 {
    path_create_directory(dir, path.as_ptr(), path.len())
}

unsafe fn rmdir(dir: Fd, path: &str) -> u16 {
    path_remove_directory(dir, path.as_ptr(), path.len())
}

unsafe fn unlink(dir: Fd, path: &str) -> u16 {
    path_unlink_file(dir, path.as_ptr(), path.len())
}

unsafe fn symlink(target: &str, dir: Fd, path: &str) -> u16 {
    path_symlink(target.as_ptr(), target.len(), dir, path.as_ptr(), path.len())
}

unsafe fn link(dir: Fd, flags: u32, old: &str, new: &str) -> u16 {
    path_link(dir, flags, old.as_ptr(), old.len(), dir, new.as_ptr(), new.len())
}

unsafe fn rename(dir: Fd, old: &str, new: &str) -> u16 {
    path_rename(dir, old.as_ptr(), old.len(), dir, new.as_ptr(), new.len())
}

unsafe fn touch(dir: Fd, path: &str) {
    let fd = open(dir, path, CREAT, FILE_RIGHTS, 0).expect("create");
    fd_close(fd);
}

/// The preopen granted at `wanted`, found the way wasi-libc finds it.
unsafe fn preopen(wanted: &str) -> Fd {
    let mut fd = 3;
    loop {
        let mut prestat = [0u32; 2];
        assert_eq!(fd_prestat_get(fd, prestat.as_mut_ptr()), 0, "no preopen {}", wanted);
        let mut buf = vec![0u8; prestat[1] as usize];
        fd_prestat_dir_name(fd, buf.as_mut_ptr(), buf.len());
        if buf == wanted.as_bytes() {
            return fd;
        }
        fd += 1;
    }
}

unsafe fn append_mode(dir: Fd) {
    let fd = open(dir, "log", CREAT | TRUNC, FILE_RIGHTS, APPEND).expect("open append");
    write(fd, b"abcd");
    seek(fd, 0, 0).unwrap();
    write(fd, b"ef");
    println!("append tell {}", seek(fd, 0, 1).unwrap());
    seek(fd, 0, 0).unwrap();
    println!("append read {}", read(fd, 16).unwrap());
    let x = b"X";
    let iov = Iovec { buf: x.as_ptr(), len: 1 };
    let mut n = 0;
    report("append pwrite", fd_pwrite(fd, &iov, 1, 0, &mut n));
    println!("append pwrite tell {} size {}", seek(fd, 0, 1).unwrap(), filestat(dir, 0, "log")[4]);
    let mut fdstat = [0u8; 24];
    fd_fdstat_get(fd, fdstat.as_mut_ptr());
    println!("append flags {}", fdstat[2]);
    report("set flags 0", fd_fdstat_set_flags(fd, 0));
    seek(fd, 0, 0).unwrap();
    write(fd, b"Z");
    seek(fd, 0, 0).unwrap();
    println!("after set flags {}", read(fd, 16).unwrap());
    report("set flags unknown", fd_fdstat_set_flags(fd, 1 << 9));
    let mut buf = [0u8; 3];
    let iov = Iovec { buf: buf.as_mut_ptr(), len: 3 };
    report("pread at 2", fd_pread(fd, &iov, 1, 2, &mut n));
    println!("pread {} {}", n, str::from_utf8(&buf[..n]).unwrap());
    fd_close(fd);
}

unsafe fn rights(dir: Fd) {
    let fd = open(dir, "log", 0, FILE_RIGHTS, 0).unwrap();
    report("drop read", fd_fdstat_set_rights(fd, FILE_RIGHTS & !READ, 0));
    report("read without right", read(fd, 1).err().unwrap_or(0));
    report("widen", fd_fdstat_set_rights(fd, FILE_RIGHTS, 0));
    report("tell still", seek(fd, 0, 1).err().unwrap_or(0));
    fd_close(fd);
    mkdir(dir, "sub");
    touch(dir, "sub/f");
    let sub = open(dir, "sub", DIRECTORY, !WRITE, 0).unwrap();
    let mut fdstat = [0u64; 3];
    fd_fdstat_get(sub, fdstat.as_mut_ptr() as *mut u8);
    report("trunc with right", open_errno(sub, 0, "f", TRUNC, 0));
    report("drop set size", fd_fdstat_set_rights(sub, fdstat[1] & !PATH_FILESTAT_SET_SIZE, fdstat[2]));
    report("trunc without right", open_errno(sub, 0, "f", TRUNC, 0));
    fd_close(sub);
    unlink(dir, "sub/f");
    rmdir(dir, "sub");
}

unsafe fn opens(dir: Fd) {
    touch(dir, "file");
    mkdir(dir, "d");
    report("open absolute", open_errno(dir, 0, "/file", 0, 0));
    report("open escape", open_errno(dir, 0, "d/../../file", 0, 0));
    report("open dotted", open_errno(dir, 0, "d/./../d/../file", 0, 0));
    report("open file/", open_errno(dir, 0, "file/", 0, 0));
    report("open d///", open_errno(dir, 0, "d///", 0, 0));
    report("open missing", open_errno(dir, 0, "missing", 0, 0));
    report("open file as dir", open_errno(dir, 0, "file", DIRECTORY, 0));
    report("create excl existing", open_errno(dir, 0, "file", CREAT | EXCL, 0));
    report("open dir for write", open_errno(dir, 0, "d", 0, WRITE));
    report("create new/", open_errno(dir, 0, "new/", CREAT, 0));
    report("open with NUL", open_errno(dir, 0, "file\0", 0, 0));
    let file = open(dir, "file", 0, FILE_RIGHTS, 0).unwrap();
    report("file as dirfd", open_errno(file, 0, "x", CREAT, 0));
    fd_close(file);
}

unsafe fn symlinks(dir: Fd) {
    report("symlink", symlink("file", dir, "sl"));
    report("open symlink nofollow", open_errno(dir, 0, "sl", 0, 0));
    report("open symlink follow", open_errno(dir, FOLLOW, "sl", 0, 0));
    report("open symlink as dir", open_errno(dir, FOLLOW, "sl", DIRECTORY, 0));
    report("symlink loop", symlink("loop", dir, "loop"));
    report("open loop", open_errno(dir, FOLLOW, "loop", 0, 0));
    let mut buf = [0u8; 16];
    let mut n = 0;
    report("readlink", path_readlink(dir, "sl".as_ptr(), 2, buf.as_mut_ptr(), 16, &mut n));
    println!("readlink {}", str::from_utf8(&buf[..n]).unwrap());
    report("readlink short", path_readlink(dir, "sl".as_ptr(), 2, buf.as_mut_ptr(), 2, &mut n));
    println!("readlink short {}", str::from_utf8(&buf[..n]).unwrap());
    report("readlink file", path_readlink(dir, "file".as_ptr(), 4, buf.as_mut_ptr(), 16, &mut n));
    report("symlink to nothing/", symlink("x", dir, "nothing/"));
    report("symlink onto dir/", symlink("x", dir, "d/"));
    report("symlink onto file/", symlink("x", dir, "file/"));
    report("symlink onto file", symlink("x", dir, "file"));
    report("symlink absolute", symlink("/etc/passwd", dir, "abs"));
    let file = filestat(dir, 0, "file");
    let link = filestat(dir, 0, "sl");
    println!("symlink filetype {}", link[2] & 0xff);
    report(
        "set times nofollow",
        path_filestat_set_times(dir, 0, "sl".as_ptr(), 2, 0, link[6] - 200, 4),
    );
    println!(
        "symlink mtim moved {} file mtim kept {}",
        filestat(dir, 0, "sl")[6] == link[6] - 200,
        filestat(dir, 0, "file")[6] == file[6]
    );
    report("set times both atim", path_filestat_set_times(dir, 0, "sl".as_ptr(), 2, 0, 0, 3));
    report("set times missing", path_filestat_set_times(dir, 0, "zz".as_ptr(), 2, 0, 0, 2));
    unlink(dir, "loop");
    // A symlink may climb within the grant, never above the directory a path starts from.
    report("symlink up inside", symlink("../file", dir, "d/up"));
    report("open through up", open_errno(dir, FOLLOW, "d/up", 0, 0));
    let d = open(dir, "d", DIRECTORY, !WRITE, 0).unwrap();
    report("open up above its dirfd", open_errno(d, FOLLOW, "up", 0, 0));
    fd_close(d);
    unlink(dir, "d/up");
}

unsafe fn links(dir: Fd) {
    report("link", link(dir, 0, "file", "hard"));
    println!("nlink {}", filestat(dir, 0, "file")[3]);
    report("link onto existing", link(dir, 0, "file", "hard"));
    report("link to dir", link(dir, 0, "d", "dlink"));
    report("link to x/", link(dir, 0, "file", "x/"));
    report("link missing", link(dir, 0, "missing", "x"));
    symlink("dangling", dir, "dl");
    report("link dangling symlink", link(dir, 0, "dl", "dl2"));
    println!("linked symlink filetype {}", filestat(dir, 0, "dl2")[2] & 0xff);
    report("link dangling follow", link(dir, FOLLOW, "dl", "dl3"));
    unlink(dir, "dl");
    unlink(dir, "dl2");
    unlink(dir, "hard");
}

unsafe fn renames(dir: Fd) {
    mkdir(dir, "a");
    mkdir(dir, "b");
    touch(dir, "b/inside");
    report("rmdir nonempty", rmdir(dir, "b"));
    report("rename dir onto nonempty", rename(dir, "a", "b"));
    report("rename file onto dir", rename(dir, "file", "a"));
    report("rename dir into itself", rename(dir, "a", "a/c"));
    report("rename dir/ to c/", rename(dir, "a/", "c/"));
    report("rename file/", rename(dir, "file/", "other"));
    report("rename missing", rename(dir, "missing", "other"));
    report("rename file over file", rename(dir, "b/inside", "sl"));
    report("rmdir file", rmdir(dir, "file"));
    report("rmdir dot", rmdir(dir, "d/.."));
    report("unlink dir", unlink(dir, "c"));
    report("unlink file/", unlink(dir, "file/"));
    report("rmdir c/", rmdir(dir, "c/"));
    report("rmdir b", rmdir(dir, "b"));
}

unsafe fn descriptors(dir: Fd) {
    let mut n = 0;
    let mut byte = [0u8; 1];
    let iov = Iovec { buf: byte.as_mut_ptr(), len: 1 };
    report("read dir", fd_read(dir, &iov, 1, &mut n));
    report("write dir", fd_write(dir, &iov, 1, &mut n));
    report("pread dir", fd_pread(dir, &iov, 1, 0, &mut n));
    report("seek dir", seek(dir, 0, 0).err().unwrap_or(0));
    let mut at = 0;
    report("tell dir", fd_tell(dir, &mut at));
    report("allocate dir", fd_allocate(dir, 0, 1));
    report("set size dir", fd_filestat_set_size(dir, 0));
    report("seek stdout", seek(1, 0, 1).err().unwrap_or(0));
    report("pwrite stdout", fd_pwrite(1, &iov, 1, 0, &mut n));
    let file = open(dir, "file", 0, FILE_RIGHTS | (1 << 8) | (1 << 22) | (1 << 23), 0).unwrap();
    let mut listing = [0u8; 64];
    report("readdir file", fd_readdir(file, listing.as_mut_ptr(), 64, 0, &mut n));
    report("allocate", fd_allocate(file, 10, 20));
    println!("allocated size {}", filestat(dir, 0, "file")[4]);
    report("set size", fd_filestat_set_size(file, 5));
    println!("set size {}", filestat(dir, 0, "file")[4]);
    report("seek negative", seek(file, -1, 0).err().unwrap_or(0));
    report("seek whence", seek(file, 0, 7).err().unwrap_or(0));
    report("advise", fd_advise(file, 0, 0, 1));
    report("advise bad", fd_advise(file, 0, 0, 9));
    report("set times now", fd_filestat_set_times(file, 0, 0, 2 | 8));
    report("sync", fd_sync(file));
    report("datasync", fd_datasync(file));
    let mut stat = [0u64; 8];
    report("fstat", fd_filestat_get(file, stat.as_mut_ptr() as *mut u8));
    println!("fstat size {} type {}", stat[4], stat[2] & 0xff);
    let copy = open(dir, "file", 0, READ, 0).unwrap();
    report("renumber", fd_renumber(copy, file));
    report("close renumbered", fd_close(copy));
    report("renumber bad", fd_renumber(file, 1000));
    report("close", fd_close(file));
    report("close again", fd_close(file));
    let mut name = [0u8; 2];
    report("prestat name short", fd_prestat_dir_name(dir, name.as_mut_ptr(), 2));
    let mut prestat = [0u32; 2];
    report("prestat stdin", fd_prestat_get(0, prestat.as_mut_ptr()));
}

unsafe fn readdir(dir: Fd) {
    let sub = open(dir, "d", DIRECTORY, !WRITE, 0).unwrap();
    touch(sub, "one");
    touch(sub, "two");
    let mut cookie = 0u64;
    let mut names = Vec::new();
    loop {
        // A buffer that holds about one entry: each call ends cut short, the cookie continues.
        let mut buf = [0u8; 32];
        let mut used = 0;
        assert_eq!(fd_readdir(sub, buf.as_mut_ptr(), buf.len(), cookie, &mut used), 0);
        if used < 24 {
            break;
        }
        let next = u64::from_le_bytes(buf[0..8].try_into().unwrap());
        let len = u32::from_le_bytes(buf[16..20].try_into().unwrap()) as usize;
        names.push(format!("{}:{}", String::from_utf8_lossy(&buf[24..24 + len]), buf[20]));
        cookie = next;
    }
    println!("readdir {}", names.join(" "));
    unlink(sub, "one");
    unlink(sub, "two");
    fd_close(sub);
    rmdir(dir, "d");
}

unsafe fn process() {
    let mut out = 0u64;
    report("clock res", clock_res_get(1, &mut out));
    report("clock time", clock_time_get(0, 0, &mut out));
    report("clock cputime", clock_time_get(2, 0, &mut out));
    let mut random = [0u8; 16];
    report("random", random_get(random.as_mut_ptr(), 16));
    report("yield", sched_yield());
    report("raise", proc_raise(2));
    report("shutdown bad fd", sock_shutdown(99, 0));
    report("shutdown stdin", sock_shutdown(0, 0));
    // Two descriptor subscriptions and a far clock: the descriptors are ready at once.
    let mut subs = [0u8; 144];
    subs[0] = 7;
    subs[8] = 1; // fd_read on stdin
    subs[48] = 8;
    subs[56] = 2; // fd_write on stdout
    subs[64] = 1;
    subs[96] = 9;
    subs[104] = 0; // a clock, an hour away
    subs[112] = 1;
    subs[120..128].copy_from_slice(&3_600_000_000_000u64.to_le_bytes());
    let mut events = [0u8; 96];
    let mut count = 0;
    report("poll", poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 3, &mut count));
    println!("poll events {} {} {}", count, events[0], events[32]);
    report("poll none", poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 0, &mut count));
}

fn main() {
    unsafe {
        let dir = preopen("/data");
        append_mode(dir);
        rights(dir);
        opens(dir);
        symlinks(dir);
        links(dir);
        renames(dir);
        descriptors(dir);
        readdir(dir);
        process();
        unlink(dir, "file");
        unlink(dir, "sl");
        unlink(dir, "other");
        unlink(dir, "log");
        unlink(dir, "inside");
    }
}
