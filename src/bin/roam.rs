//! The `roam` command-line tool.

fn main() {
    eprintln!("roam: no command yet");
    std::process::exit(2);
}
