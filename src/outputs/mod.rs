//! Outputs that are not templates: feeds, sitemap, calendars, the timetable
//! model they share, and (later) posters and the search index.

pub mod calendar;
mod claims;
pub mod feeds;
pub mod poster;
pub mod relative;
pub mod search;
mod sink;
pub mod sitemap;

pub(crate) use crate::text::xml_escape;
pub(crate) use claims::Claimed;
pub use sink::{Origin, Sink};
