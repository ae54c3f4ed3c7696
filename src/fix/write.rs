//! Writing fixed files atomically.

use super::{FileFix, FixError, resolve};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes each file atomically: a temporary file in the same directory, same permissions,
/// then rename; a file whose bytes changed on disk since `plan` read them is left alone
/// (error naming it).
pub fn write(fixes: &[FileFix], cwd: &Path) -> Vec<FixError> {
    fixes
        .iter()
        .filter_map(|fix| {
            write_one(fix, cwd).err().map(|message| FixError {
                path: fix.path.clone(),
                message,
            })
        })
        .collect()
}

fn write_one(fix: &FileFix, cwd: &Path) -> Result<(), String> {
    if fix.fixed == fix.original {
        return Ok(());
    }
    let abs = resolve(cwd, &fix.path);
    crate::test_panic_hook("write", &abs);
    // Write through a symbolic link to its target rather than replace the link.
    let target = std::fs::canonicalize(&abs).map_err(|err| format!("cannot fix: {err}"))?;
    let permissions = std::fs::metadata(&target)
        .map_err(|err| format!("cannot fix: {err}"))?
        .permissions();
    let (dir, name) = match (target.parent(), target.file_name()) {
        (Some(dir), Some(name)) => (dir, name.to_string_lossy()),
        _ => return Err("cannot fix: not a file".to_string()),
    };
    let (temp, mut file) = create_temp(dir, &name)
        .map_err(|err| format!("cannot create a temporary file in {}: {err}", dir.display()))?;
    let result = (|| -> Result<(), String> {
        let io = |err: std::io::Error| {
            format!("cannot write the temporary file {}: {err}", temp.display())
        };
        file.write_all(&fix.fixed).map_err(io)?;
        file.set_permissions(permissions).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        // Checked last, to leave the smallest window for an editor's save to be lost.
        let current = std::fs::read(&target).map_err(|err| format!("cannot read: {err}"))?;
        if current != fix.original {
            return Err("changed on disk since it was read; not fixed".to_string());
        }
        std::fs::rename(&temp, &target)
            .map_err(|err| format!("cannot replace the file with its fixed version: {err}"))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    } else if let Ok(dir) = std::fs::File::open(dir) {
        // Make the rename itself durable where the platform allows; a failure here
        // loses nothing that was not already written.
        let _ = dir.sync_all();
    }
    result
}

/// A new file `.NAME.golayout-PID-N.tmp` in `dir`, never one that exists already.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let path = dir.join(format!(".{name}.golayout-{pid}-{attempt}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(err) => return Err(err),
        }
    }
}
