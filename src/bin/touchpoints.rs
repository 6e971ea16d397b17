//! The command line: the same core as the page.
//!
//! ```text
//! touchpoints report FILE [--preset NAME] [--rules FILE] [--format json|text] [--charts DIR]
//! ```

use std::process::ExitCode;
use touchpoints::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::run(&args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("touchpoints: {message}");
            ExitCode::from(2)
        }
    }
}
