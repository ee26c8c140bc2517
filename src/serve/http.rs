//! The HTTP side of `serve`: the output file at each path, as a static host
//! would serve it (a copied file streamed, and only while it is the one the
//! build read), the 404 page of the path's language, the live-reload event
//! stream, and the script and error overlay put into every HTML page.

use crate::messages::{Lang, serve as say};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::{EVENTS_PATH, LiveReload, Output, Served, Store};
use crate::load::{self, FileIdentity};
use crate::urls::join_content_path;

#[derive(Clone)]
pub(super) struct App {
    pub(super) served: Arc<Served>,
    /// Becomes true on Ctrl-C.
    pub(super) stopping: watch::Receiver<bool>,
}

/// The live-reload stream: `reload` after every successful rebuild (with the
/// URLs that changed), `errors` (the diagnostics as a JSON string) after a failed one.
pub(super) async fn events(
    State(app): State<App>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.served.events.subscribe();
    let state = (receiver, app.stopping, true);
    let stream =
        futures_util::stream::unfold(state, |(mut receiver, mut stopping, first)| async move {
            if first {
                let hello = Event::default().comment("connected");
                return Some((Ok(hello), (receiver, stopping, false)));
            }
            if *stopping.borrow() {
                return None;
            }
            let notice = tokio::select! {
                _ = stopping.changed() => return None,
                notice = receiver.recv() => match notice {
                    Ok(notice) => notice,
                    Err(broadcast::error::RecvError::Lagged(_)) => LiveReload::everything(),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            Some((Ok(notice.event()), (receiver, stopping, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Any other path: the output file at that path, as a static host would serve it.
pub(super) async fn output(State(app): State<App>, uri: Uri) -> Response {
    let raw = uri.path();
    let lang = app.served.lang;
    let Some(path) = join_content_path("", raw) else {
        return plain(StatusCode::BAD_REQUEST, say::bad_path().in_lang(lang));
    };
    let wants_folder = path.is_empty() || raw.ends_with('/');
    let index = if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{path}/index.html")
    };
    let (found, errors, ready, not_found) = {
        let store = app.served.store.read().expect("store lock");
        let found = if wants_folder {
            store.files.get(&index).cloned().map(|o| (index.clone(), o))
        } else if let Some(file) = store.files.get(&path) {
            Some((path.clone(), file.clone()))
        } else if store.files.contains_key(&index) {
            return to_folder(&path, uri.query());
        } else {
            None
        };
        (
            found,
            store.errors.clone(),
            store.ready,
            not_found_page(&store, &path),
        )
    };
    let (status, name, output) = match (found, not_found) {
        (Some((name, output)), _) => (StatusCode::OK, name, output),
        (None, Some(page)) => (StatusCode::NOT_FOUND, "404.html".to_string(), page),
        (None, None) => {
            let message = if ready {
                say::could_not_build()
            } else {
                say::building()
            };
            let message = message.in_lang(lang);
            let html_lang = match lang {
                Lang::Zh => "zh",
                Lang::En => "en",
            };
            let status = if ready {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\"><title>placard</title></head><body><p>{message}</p></body></html>\n"
            );
            (status, "index.html".to_string(), Output::Bytes(page.into()))
        }
    };
    let kind = content_type(&name);
    let respond = |body: Body| {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, kind)
            .header(header::CACHE_CONTROL, "no-store")
            .body(body)
            .unwrap_or_default()
    };
    let bytes = match output {
        Output::Bytes(bytes) => bytes,
        Output::File(disk, identity) => {
            let Some((file, len)) = open_as_built(disk, identity).await else {
                return plain(
                    StatusCode::NOT_FOUND,
                    say::changed_since_build().in_lang(lang),
                );
            };
            if !kind.starts_with("text/html") {
                let mut response = respond(chunks(file, len));
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, len.into());
                return response;
            }
            let read = tokio::task::spawn_blocking(move || {
                use std::io::Read;
                let mut bytes = Vec::new();
                file.take(len).read_to_end(&mut bytes).map(|_| bytes)
            });
            match read.await {
                Ok(Ok(bytes)) => Bytes::from(bytes),
                _ => {
                    return plain(
                        StatusCode::NOT_FOUND,
                        say::changed_since_build().in_lang(lang),
                    );
                }
            }
        }
    };
    if kind.starts_with("text/html") {
        respond(Body::from(with_live_reload(&bytes, &errors, lang)))
    } else {
        respond(Body::from(bytes))
    }
}

/// How much of a copied file a download holds in memory at a time.
const CHUNK: usize = 64 * 1024;

/// A copied file opened if it is still the file the last good build read: not
/// a link put in its place, not another file, not written to since. Opened
/// once, so what is checked is what is sent.
async fn open_as_built(
    disk: PathBuf,
    identity: Option<FileIdentity>,
) -> Option<(std::fs::File, u64)> {
    let identity = identity?;
    let opened =
        tokio::task::spawn_blocking(move || load::files::open_recorded(&disk, Some(identity)).ok());
    Some((opened.await.ok()??, identity.size()))
}

/// The first `len` bytes of `file`, read as the client takes them, a chunk at
/// a time: a download holds a chunk in memory, not the file. A file that got
/// shorter ends the response with an error (the client sees a broken download).
fn chunks(file: std::fs::File, len: u64) -> Body {
    use std::task::Poll;
    use tokio::io::{AsyncRead, ReadBuf};
    let mut file = tokio::fs::File::from_std(file);
    let mut left = len;
    let mut buffer = vec![0; CHUNK];
    let stream = futures_util::stream::poll_fn(move |cx| {
        if left == 0 {
            return Poll::Ready(None);
        }
        let want = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        let mut read = ReadBuf::new(&mut buffer[..want]);
        let result = match std::pin::Pin::new(&mut file).poll_read(cx, &mut read) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(())) if read.filled().is_empty() => {
                Err(std::io::ErrorKind::UnexpectedEof.into())
            }
            Poll::Ready(Ok(())) => Ok(Bytes::copy_from_slice(read.filled())),
            Poll::Ready(Err(err)) => Err(err),
        };
        left = match &result {
            Ok(bytes) => left - bytes.len() as u64,
            Err(_) => 0,
        };
        Poll::Ready(Some(result))
    });
    Body::from_stream(stream)
}

/// A 301 to the folder `path/` on this server. Made from the normalised path,
/// never from the one asked for: a browser reads `//host/x/` or `/\host/x/` as
/// another host.
fn to_folder(path: &str, query: Option<&str>) -> Response {
    let mut location = String::from("/");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            location.push(byte as char);
        } else {
            location.push_str(&format!("%{byte:02X}"));
        }
    }
    location.push('/');
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    Response::builder()
        .status(StatusCode::MOVED_PERMANENTLY)
        .header(header::LOCATION, location)
        .body(Body::empty())
        .unwrap_or_default()
}

/// The 404 page of the language the path is in (`en/404.html` under `/en/`).
fn not_found_page(store: &Store, path: &str) -> Option<Output> {
    let in_language = path
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"));
    in_language
        .and_then(|p| store.files.get(&p))
        .or_else(|| store.files.get("404.html"))
        .cloned()
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, text.to_string()).into_response()
}

/// The live-reload script, and the errors over the page when there are any,
/// before `</body>`. Only `serve` does this; built pages never have it.
fn with_live_reload(html: &[u8], errors: &str, lang: Lang) -> Vec<u8> {
    let mut insert = String::new();
    if !errors.is_empty() {
        insert.push_str(&overlay(errors, lang));
    }
    insert.push_str(&live_reload_script(lang));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + insert.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5a0000;border-top:4px solid #c00;font:14px/1.45 monospace;white-space:pre-wrap";

fn overlay(errors: &str, lang: Lang) -> String {
    format!(
        "<div id=\"placard-errors\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>{}</strong>\n{}</div>",
        say::overlay_heading().in_lang(lang),
        crate::text::escape_html(errors)
    )
}

fn live_reload_script(lang: Lang) -> String {
    let heading = format!("{}\n", say::overlay_heading().in_lang(lang));
    LIVE_RELOAD
        .replace("__EVENTS__", EVENTS_PATH)
        .replace("__STYLE__", OVERLAY_STYLE)
        .replace(
            "__HEADING__",
            &serde_json::to_string(&heading).unwrap_or_default(),
        )
}

/// Reloads on `reload` when this page is among the changed ones; shows the
/// errors on `errors` without losing the page.
const LIVE_RELOAD: &str = r#"<script>
(function () {
  var events = new EventSource("__EVENTS__");
  events.addEventListener("reload", function (event) {
    var changed = JSON.parse(event.data);
    if (changed === "*" || changed.indexOf(decodeURI(location.pathname)) >= 0) {
      location.reload();
    }
  });
  events.addEventListener("errors", function (event) {
    var box = document.getElementById("placard-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "placard-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "__STYLE__";
      document.body.appendChild(box);
    }
    box.textContent = __HEADING__ + JSON.parse(event.data);
  });
})();
</script>"#;

/// Content-Type by file name (its extension), as `placard serve` sends it; the
/// tests' static server sends the same.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_errors_over_a_page_are_headed_in_the_language_of_the_site() {
        let page = b"<html><body><p>x</p></body></html>";
        let errors = "错误: YAML 格式错误：这里用了 Tab 键，YAML 只认空格\n";
        let zh = String::from_utf8(with_live_reload(page, errors, Lang::Zh)).unwrap();
        assert!(
            zh.contains("<strong>placard：最近的改动生成失败；这个页面显示的是上一个正确的版本。</strong>\n错误: YAML 格式错误"),
            "{zh}"
        );
        // The script shows later errors under the same heading.
        assert!(
            zh.contains("box.textContent = \"placard：最近的改动生成失败；这个页面显示的是上一个正确的版本。\\n\" + JSON.parse(event.data);"),
            "{zh}"
        );
        let en = String::from_utf8(with_live_reload(page, "", Lang::En)).unwrap();
        assert!(
            !en.contains("placard-errors\" role"),
            "no errors, no box: {en}"
        );
        assert!(
            en.contains("\"placard: the last change could not be built; this page shows the last good version.\\n\" + JSON.parse"),
            "{en}"
        );
    }
}
