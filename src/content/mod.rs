//! Content: what a page says, parsed. Typed front matter (front_matter) and
//! Markdown to HTML (markdown), each from the text load read; and, for now, the
//! checks of what pages say (validate). Knows nothing of templates or output.

pub mod front_matter;
pub mod markdown;
pub mod validate;
