//! Every place that states golayout's version states Cargo.toml's: the wheel's pyproject
//! (or it takes the version from Cargo.toml), the pre-commit package's pin, the npm
//! packages and their pins, and the README's pre-commit snippets.

use std::path::Path;

/// A file of the repository, read whole.
fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn toml_file(rel: &str) -> toml::Table {
    read(rel)
        .parse()
        .unwrap_or_else(|err| panic!("{rel}: {err}"))
}

fn json_file(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|err| panic!("{rel}: {err}"))
}

const CARGO: &str = env!("CARGO_PKG_VERSION");

/// Fails with every mismatch found, one per line.
fn assert_none(mismatches: Vec<String>) {
    assert!(mismatches.is_empty(), "\n{}\n", mismatches.join("\n"));
}

#[test]
fn the_wheel_takes_the_cargo_version() {
    let project = &toml_file("python/pyproject.toml")["project"];
    let dynamic = project
        .get("dynamic")
        .and_then(|d| d.as_array())
        .is_some_and(|d| d.iter().any(|v| v.as_str() == Some("version")));
    let stated = project.get("version").and_then(|v| v.as_str());
    assert!(
        dynamic || stated == Some(CARGO),
        "python/pyproject.toml: version {stated:?}, but Cargo.toml's is {CARGO} (or make it dynamic)"
    );
}

#[test]
fn the_pre_commit_package_pins_the_cargo_version() {
    let project = &toml_file("pyproject.toml")["project"];
    let mut mismatches = Vec::new();
    if project["version"].as_str() != Some(CARGO) {
        mismatches.push(format!(
            "pyproject.toml: version is {}, but Cargo.toml's is {CARGO}",
            project["version"]
        ));
    }
    let pins: Vec<&str> = project["dependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str())
        .filter(|d| d.starts_with("golayout"))
        .collect();
    if pins != [format!("golayout=={CARGO}")] {
        mismatches.push(format!(
            "pyproject.toml: depends on {pins:?}, but Cargo.toml's version is {CARGO} (expected [\"golayout=={CARGO}\"])"
        ));
    }
    assert_none(mismatches);
}

#[test]
fn the_npm_packages_carry_the_cargo_version() {
    let mut mismatches = Vec::new();
    let mut platforms = Vec::new();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("npm")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let file = format!("npm/{name}/package.json");
        let package = json_file(&file);
        if package["version"] != CARGO {
            mismatches.push(format!(
                "{file}: version is {}, but Cargo.toml's is {CARGO}",
                package["version"]
            ));
        }
        if name != "golayout" {
            platforms.push(name);
        }
    }
    let launcher = json_file("npm/golayout/package.json");
    let pins = launcher["optionalDependencies"].as_object().unwrap();
    for platform in &platforms {
        if pins.get(platform).and_then(|v| v.as_str()) != Some(CARGO) {
            mismatches.push(format!(
                "npm/golayout/package.json: optionalDependencies.{platform} is {:?}, but Cargo.toml's version is {CARGO}",
                pins.get(platform)
            ));
        }
    }
    if pins.len() != platforms.len() {
        mismatches.push(format!(
            "npm/golayout/package.json: optionalDependencies name {:?}, but npm/ holds {platforms:?}",
            pins.keys().collect::<Vec<_>>()
        ));
    }
    assert_none(mismatches);
}

#[test]
fn the_readme_pre_commit_snippets_use_the_cargo_version() {
    let text = read("README.md");
    let lines: Vec<&str> = text.lines().collect();
    let mut mismatches = Vec::new();
    let mut snippets = 0;
    // Each `repo:` line naming this repository, and the `rev:` line within the next three.
    for (i, line) in lines.iter().enumerate() {
        let repo = line.trim().trim_start_matches("- ").strip_prefix("repo:");
        if !repo.is_some_and(|r| r.trim().ends_with("/golayout/golayout")) {
            continue;
        }
        snippets += 1;
        let rev = lines[i + 1..]
            .iter()
            .take(3)
            .enumerate()
            .find_map(|(j, l)| Some((i + j + 2, l.trim().strip_prefix("rev:")?.trim())));
        match rev {
            Some((_, rev)) if rev.strip_prefix('v') == Some(CARGO) => {}
            Some((at, rev)) => mismatches.push(format!(
                "README.md:{at}: rev: {rev}, but Cargo.toml's version is {CARGO} (expected v{CARGO})"
            )),
            None => mismatches.push(format!("README.md:{}: no rev: after the repo", i + 1)),
        }
    }
    assert!(
        snippets > 0,
        "README.md: no pre-commit snippet naming golayout/golayout"
    );
    assert_none(mismatches);
}
