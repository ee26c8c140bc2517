//! Content: reading `content/` (load), typed front matter (front_matter),
//! Markdown to HTML (markdown) and the checks of what pages say (validate).
//! Knows nothing of templates or output.

pub mod active;
pub mod encoding;
pub mod front_matter;
pub mod load;
pub mod markdown;
pub mod validate;
