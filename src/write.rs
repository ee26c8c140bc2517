//! Writing the output: everything goes into a staging folder beside the output
//! folder, which is swapped in only when the whole build succeeded. Every path
//! is checked to stay inside the output folder.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Where rendered files go. `render` hands files to a sink and never touches disk.
pub trait Sink: Sync {
    /// A file's bytes, at a `/`-separated path relative to the output root.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    /// A file copied as it is from `from`.
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
}

/// A relative output path, refused if any part of it could leave the output folder.
pub fn safe_relative(path: &str) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: &str| Diagnostic::error(format!("refusing to write `{path}`: {why}"));
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        return Err(refuse("not a plain relative path"));
    }
    let relative = PathBuf::from(path);
    for component in relative.components() {
        match component {
            Component::Normal(part) if !part.to_string_lossy().contains(':') => {}
            _ => return Err(refuse("it would leave the output folder")),
        }
    }
    Ok(relative)
}

/// Refuses output folders whose replacement would destroy something else:
/// `/`, the site root, `content/`, or any folder that contains the site.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let output = absolute(output);
    let refuse = |why: String| {
        Diagnostic::error(format!(
            "refusing to use {} as the output folder: {why}",
            output.display()
        ))
        .with_hint("choose a folder of its own, such as output/ inside the site")
    };
    if output.parent().is_none() {
        return Err(refuse("it is the root of the file system".into()));
    }
    if root.starts_with(&output) {
        return Err(refuse(
            "the site is inside it, and building replaces the whole folder".into(),
        ));
    }
    for protected in ["content", "themes", "templates", "static"] {
        if output.starts_with(root.join(protected)) {
            return Err(refuse(format!(
                "it is inside the site's {protected}/ folder"
            )));
        }
    }
    if output.is_symlink() {
        return Err(refuse("it is a symbolic link".into()));
    }
    Ok(())
}

/// The folder as an absolute path with `.` and `..` resolved (through real links
/// where the folder exists).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve links in the part that exists (the output may not exist yet).
    match (
        out.parent().and_then(|p| p.canonicalize().ok()),
        out.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => out,
    }
}

/// Files written into `<output>.staging`, moved into place by `commit`.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
}

impl Staging {
    /// Starts a fresh staging folder beside `output` (removing one a killed build left).
    pub fn begin(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let staging = sibling(&output, "staging");
        remove_leftover(&staging)?;
        std::fs::create_dir_all(&staging).map_err(|err| {
            Diagnostic::error(format!(
                "cannot create staging folder {}: {err}",
                staging.display()
            ))
        })?;
        Ok(Staging { output, staging })
    }

    /// Swaps the staged build in: output → old, staging → output, then old removed.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let old = sibling(&self.output, "old");
        remove_leftover(&old)?;
        let fail = |what: &str, err: std::io::Error| Diagnostic::error(format!("{what}: {err}"));
        if self.output.exists() {
            std::fs::rename(&self.output, &old)
                .map_err(|e| fail("cannot move the old output aside", e))?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.output) {
            // Put the old output back so nothing is lost.
            let _ = std::fs::rename(&old, &self.output);
            return Err(fail("cannot move the new output into place", err));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }

    /// Removes the staging folder; the old output stays as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// `<parent>/.<name>.placard-<what>`: hidden, beside the output, on the same file system.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    output.with_file_name(format!(".{name}.placard-{what}"))
}

fn remove_leftover(path: &Path) -> Result<(), Diagnostic> {
    if path.symlink_metadata().is_ok() {
        std::fs::remove_dir_all(path).map_err(|err| {
            Diagnostic::error(format!(
                "cannot remove the leftover folder {}: {err}",
                path.display()
            ))
        })?;
    }
    Ok(())
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let target = self.staging.join(safe_relative(path)?);
        write_file(&target, |t| std::fs::write(t, &bytes))
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let target = self.staging.join(safe_relative(path)?);
        write_file(&target, |t| std::fs::copy(from, t).map(|_| ()))
    }
}

fn write_file(
    target: &Path,
    write: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|err| {
            Diagnostic::error(format!("cannot create folder {}: {err}", parent.display()))
        })?;
    }
    write(target)
        .map_err(|err| Diagnostic::error(format!("cannot write {}: {err}", target.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_cannot_escape() {
        assert!(safe_relative("notices/x/index.html").is_ok());
        for bad in ["../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", ""] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }
}
