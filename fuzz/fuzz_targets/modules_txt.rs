//! The `vendor/modules.txt` reader, `gomod::parse_vendor_list`, which never fails.
//!
//! Properties: every package points at a module of the list; the module of a package is
//! the nearest `# module` line above it; module paths and versions are fields of the
//! file; a module has a version unless its line is a wildcard replacement (`# path => x`);
//! `package_module` answers for every listed package and for nothing else.

#![no_main]

use golayout::gomod;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check(data));

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let list = gomod::parse_vendor_list(&text);
    let module_lines: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("# ")).collect();
    for module in &list.modules {
        let names_it = |l: &str| l.split_whitespace().next() == Some(module.path.as_str());
        assert!(
            module_lines.iter().any(|l| names_it(l)),
            "{:?} from no `# ` line",
            module.path
        );
        match &module.version {
            Some(version) => assert!(gomod::is_semver(version), "{version:?}"),
            None => assert!(
                module_lines.iter().any(|l| names_it(l) && l.contains("=>")),
                "{:?} without a version and without =>",
                module.path
            ),
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    for (package, &index) in &list.packages {
        assert!(index < list.modules.len(), "{package} points past the list");
        assert!(!package.starts_with('#') && !package.contains(char::is_whitespace));
        assert_eq!(list.package_module(package), Some(&list.modules[index]));
        // Some line of the package stands below a module line of its module, with no
        // other module line between them.
        let owner = |at: usize| {
            lines[..at]
                .iter()
                .rev()
                .filter_map(|l| l.strip_prefix("# "))
                .find(|l| l.split_whitespace().count() >= 2)
                .and_then(|l| l.split_whitespace().next())
        };
        let path = list.modules[index].path.as_str();
        assert!(
            (0..lines.len())
                .any(|at| lines[at].split_whitespace().eq([package.as_str()])
                    && owner(at) == Some(path)),
            "{package} is not listed under {path}"
        );
    }
    assert_eq!(list.package_module("\u{0}not listed"), None);
}
