//! The `golayout` binary: the command line, mapped to an exit status.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(golayout::cli::run(std::env::args_os()))
}
