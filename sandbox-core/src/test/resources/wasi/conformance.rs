// A WASI command in Rust's std, the way most plugins touch WASI: files, directories, rename,
// seek, readdir, environment, arguments and the exit code. One line per step on stdout.
// Built by build.sh with rustc --target wasm32-wasi (rustc 1.63 and later).
use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::process;

fn main() {
    let args: Vec<String> = env::args().collect();
    println!("args {:?}", &args[1..]);
    let mut vars: Vec<(String, String)> = env::vars().collect();
    vars.sort();
    println!("env {:?}", vars);

    fs::create_dir_all("/data/a/b").unwrap();
    fs::write("/data/a/b/one.txt", b"0123456789").unwrap();
    let mut file = OpenOptions::new().read(true).write(true).open("/data/a/b/one.txt").unwrap();
    file.seek(SeekFrom::Start(4)).unwrap();
    file.write_all(b"xy").unwrap();
    file.seek(SeekFrom::Start(2)).unwrap();
    let mut middle = [0u8; 6];
    file.read_exact(&mut middle).unwrap();
    println!("seek+read {}", String::from_utf8_lossy(&middle));
    file.set_len(5).unwrap();
    drop(file);
    println!("len {}", fs::metadata("/data/a/b/one.txt").unwrap().len());

    fs::rename("/data/a/b/one.txt", "/data/a/two.txt").unwrap();
    let mut names: Vec<String> = fs::read_dir("/data/a")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    println!("readdir {:?}", names);
    let mut content = String::new();
    File::open("/data/a/two.txt").unwrap().read_to_string(&mut content).unwrap();
    println!("content {}", content);
    println!("input {}", fs::read_to_string("/data/input.txt").unwrap_or_else(|e| e.to_string()));
    match fs::read_to_string("/etc/passwd") {
        Ok(_) => println!("passwd READABLE"),
        Err(e) => println!("passwd {:?}", e.kind()),
    }
    fs::remove_file("/data/a/two.txt").unwrap();
    fs::remove_dir("/data/a/b").unwrap();
    fs::remove_dir("/data/a").unwrap();
    println!("cleaned {}", !std::path::Path::new("/data/a").exists());

    let code = args.get(1).and_then(|a| a.parse::<i32>().ok()).unwrap_or(0);
    eprintln!("exiting with {}", code);
    process::exit(code);
}
