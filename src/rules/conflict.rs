//! What the layout rules (multiple-packages, test-package-mismatch) say about a conflict:
//! the go command's sentence, the build configuration, the partner file.

use super::slash;
use crate::constraint::{PLATFORMS, Platform};
use crate::diagnostic::Related;
use crate::package::{Conflict, Directory, GoSentence, When};

/// The opening of a conflict's message: the go command's sentence and the configuration.
pub(super) fn conflict_opening(dir: &Directory, conflict: &Conflict) -> String {
    let mut text = match &conflict.sentence {
        Some(sentence) => go_sentence(sentence, dir),
        None => String::new(),
    };
    match &conflict.when {
        When::Platform(platform) if !is_host_like(*platform) => {
            text.push_str(&format!(" when building for {}", platform_name(*platform)));
        }
        When::Platform(_) => {}
        When::Tags(tags, platform) => {
            text.push_str(&format!(" with -tags {}", tags.join(",")));
            if !is_host_like(*platform) {
                text.push_str(&format!(" for {}", platform_name(*platform)));
            }
        }
        When::SplitPlatforms(_) => {}
    }
    text
}

/// `found packages A (a.go) and B (b.go) in DIR`, as the go command writes it.
fn go_sentence(sentence: &GoSentence, dir: &Directory) -> String {
    format!(
        "found packages {} ({}) and {} ({}) in {}",
        sentence.first.0,
        sentence.first.1,
        sentence.second.0,
        sentence.second.1,
        slash(&dir.display)
    )
}

/// The platforms of a split, compressed when they are most of them.
pub(super) fn platform_list(platforms: &[Platform]) -> String {
    if platforms.len() * 2 > PLATFORMS.len() {
        let missing: Vec<String> = PLATFORMS
            .iter()
            .filter(|p| !platforms.contains(p))
            .map(|p| platform_name(*p))
            .collect();
        return format!("every platform except {}", missing.join(", "));
    }
    let names: Vec<String> = platforms.iter().map(|p| platform_name(*p)).collect();
    names.join(", ")
}

fn platform_name(platform: Platform) -> String {
    format!("{}/{}", platform.goos, platform.goarch)
}

/// linux/amd64 is where users and CI most often run `go build`; other platforms are named.
fn is_host_like(platform: Platform) -> bool {
    platform.goos == "linux" && platform.goarch == "amd64"
}

/// A related note on the conflict's partner file, if any.
pub(super) fn partner_note(dir: &Directory, conflict: &Conflict, message: String) -> Vec<Related> {
    conflict
        .partner
        .map(|i| {
            let file = &dir.files[i];
            Related {
                path: file.go.path.clone(),
                span: file.go.package.span,
                message,
            }
        })
        .into_iter()
        .collect()
}
