//! Content: reading `content/` (load), typed front matter (front_matter) and
//! Markdown to HTML (markdown). Knows nothing of templates or output.

pub mod encoding;
pub mod front_matter;
pub mod load;
pub mod markdown;
