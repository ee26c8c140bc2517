//! What a batch of changed files needs: nothing, the edited pages, or
//! everything again (and why).

use crate::messages::{Text, serve as say};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Model;
use crate::config::CONFIG_FILE;
use crate::load::{CONTENT_DIR, SOURCE_FOLDERS, is_hidden};

/// What a batch of changed files needs.
pub(super) enum Rebuild {
    Nothing,
    /// Markdown files of existing pages: (page index, file on disk, path in content/).
    Pages(Vec<(usize, PathBuf, String)>),
    /// Everything, for the reason given.
    Everything(Text),
}

/// What `changed` (absolute paths under `root`) needs, given the last good
/// `model` (None: everything is built again whatever changed).
pub(super) fn plan(root: &Path, model: Option<&Model>, changed: &BTreeSet<PathBuf>) -> Rebuild {
    let mut pages = Vec::new();
    for path in changed {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if rel.components().any(|c| is_hidden(c.as_os_str())) {
            continue;
        }
        if rel == Path::new(CONFIG_FILE) {
            return Rebuild::Everything(say::changed(CONFIG_FILE));
        }
        let mut components = rel.components();
        let top = components
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        // Other files of the site folder, and output/, are not the site's sources.
        if !SOURCE_FOLDERS.contains(&top.as_str()) {
            continue;
        }
        let changed = say::changed(&rel.display().to_string());
        let Some(model) = model else {
            return Rebuild::Everything(changed);
        };
        if top != CONTENT_DIR {
            return Rebuild::Everything(changed);
        }
        let in_content = components.as_path().to_string_lossy().replace('\\', "/");
        if path.is_file() {
            if let Some(&index) = model.pages.get(&in_content) {
                pages.push((index, path.clone(), in_content));
                continue;
            }
        } else if !path.exists() && !model.knows(&in_content) {
            continue; // an editor's temporary file, come and gone
        }
        return Rebuild::Everything(changed);
    }
    if pages.is_empty() {
        Rebuild::Nothing
    } else {
        Rebuild::Pages(pages)
    }
}
