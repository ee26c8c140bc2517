//! What placard says about placard.yaml's values.

use super::Text;

pub(crate) fn bad_base_url(url: &str) -> Text {
    Text::new(
        format!("base_url `{url}` 不是网站地址：必须以 http:// 或 https:// 开头，并写上域名"),
        format!(
            "base_url `{url}` is not the address of a site: it must start with http:// or https:// and name a host"
        ),
    )
}

pub(crate) fn bad_base_url_hint() -> Text {
    Text::new(
        "写网站发布的地址，如 base_url: https://www.example.gov.cn",
        "write the address the site is published at, like base_url: https://www.example.gov.cn",
    )
}

pub(crate) fn bad_base_url_option(url: &str) -> Text {
    Text::new(
        format!("--base-url `{url}` 不是网站地址：必须以 http:// 或 https:// 开头，并写上域名"),
        format!(
            "--base-url `{url}` is not the address of a site: it must start with http:// or https:// and name a host"
        ),
    )
}

pub(crate) fn bad_base_url_option_hint() -> Text {
    Text::new(
        "写网站发布的地址，如 --base-url https://www.example.gov.cn；不写则用 placard.yaml 的 base_url",
        "write the address the site is published at, like --base-url https://www.example.gov.cn; without it placard.yaml's base_url is used",
    )
}

pub(crate) fn bad_language_code(code: &str) -> Text {
    Text::new(
        format!("语言代码 `{code}` 必须是小写字母，如 `zh` 或 `en`"),
        format!("language code `{code}` must be lowercase letters, like `zh` or `en`"),
    )
}

pub(crate) fn write_it(suggested: &str) -> Text {
    Text::new(
        format!("写成 `{suggested}`"),
        format!("write it `{suggested}`"),
    )
}

pub(crate) fn default_language_unknown(code: &str, codes: &[&str]) -> Text {
    let codes = codes.join(", ");
    Text::new(
        format!("default_language `{code}` 不在网站的语言（{codes}）之中"),
        format!("default_language `{code}` is not one of the languages ({codes})"),
    )
}

pub(crate) fn default_language_unknown_hint(code: &str, codes: &[&str]) -> Text {
    let codes = codes.join(", ");
    Text::new(
        format!("把 `default_language:` 设为 {codes} 之一，或在 `languages:` 下加上 `{code}:`"),
        format!("set `default_language:` to one of {codes}, or add `{code}:` under `languages:`"),
    )
}

pub(crate) fn unknown_timezone(timezone: &str) -> Text {
    Text::new(
        format!("不认识的时区 `{timezone}`"),
        format!("unknown timezone `{timezone}`"),
    )
}

pub(crate) fn unknown_timezone_hint() -> Text {
    Text::new(
        "用 IANA 时区名，如 Asia/Shanghai",
        "use an IANA name such as Asia/Shanghai",
    )
}

/// `written` (北京时间, CST, UTC+8) is the zone `zone`.
pub(crate) fn timezone_is_named(written: &str, zone: &str) -> Text {
    Text::new(
        format!("写成 `timezone: {zone}`：`{written}` 在时区数据库里的名字是 {zone}"),
        format!("write `timezone: {zone}`: the time zone database calls `{written}` {zone}"),
    )
}

/// A UTC offset other than +8 or 0: its Etc/ name has the sign turned round.
pub(crate) fn timezone_offset(written: &str, hours: i8) -> Text {
    let zone = format!("Etc/GMT{:+}", -hours);
    Text::new(
        format!(
            "写所在城市的时区名（如 Asia/Tokyo），或写成 `timezone: {zone}`：这种名字的正负号与 `{written}` 相反"
        ),
        format!(
            "write the zone of the city (such as Asia/Tokyo), or `timezone: {zone}`: such names have the sign of `{written}` turned round"
        ),
    )
}

pub(crate) fn bad_theme_name(theme: &str) -> Text {
    Text::new(
        format!("主题 `{theme}` 必须是 themes/ 里一个文件夹的名字"),
        format!("theme `{theme}` must be the name of a folder in themes/"),
    )
}

pub(crate) fn bad_theme_name_hint() -> Text {
    Text::new(
        "只写文件夹的名字，如 `theme: default`，不带 `/` 或 `..`",
        "write the folder's name alone, like `theme: default`, without `/` or `..`",
    )
}

pub(crate) fn paginate_zero() -> Text {
    Text::new("`paginate` 至少是 1", "`paginate` must be at least 1")
}

pub(crate) fn paginate_zero_hint() -> Text {
    Text::new(
        "写每个列表页显示多少条，如 `paginate: 20`",
        "write how many pages each list page shows, like `paginate: 20`",
    )
}

pub(crate) fn max_file_size_zero() -> Text {
    Text::new(
        "`limits.max_file_size` 至少是 1 字节",
        "`limits.max_file_size` must be at least 1 byte",
    )
}

pub(crate) fn max_file_size_zero_hint(default: u64) -> Text {
    Text::new(
        format!("写最大的内容文件有多少字节，如 `max_file_size: {default}`（10 MiB）"),
        format!(
            "write the size of the largest content file in bytes, like `max_file_size: {default}` (10 MiB)"
        ),
    )
}

pub(crate) fn image_widths_empty() -> Text {
    Text::new(
        "images.widths 是空的：至少要写一个宽度",
        "images.widths is empty: give at least one width",
    )
}

pub(crate) fn image_width_out_of_range(width: u32, min: u32, max: u32) -> Text {
    Text::new(
        format!("images.widths 里有 {width}：每个宽度要在 {min} 到 {max} 像素之间"),
        format!("images.widths has {width}: each width is between {min} and {max} pixels"),
    )
}

pub(crate) fn image_widths_hint() -> Text {
    Text::new(
        "写图片要缩放成的几个宽度（像素），如 `widths: [480, 960, 1600]`",
        "write the widths (in pixels) the images are resized to, e.g. `widths: [480, 960, 1600]`",
    )
}

pub(crate) fn image_quality_out_of_range(quality: u32) -> Text {
    Text::new(
        format!("images.quality 是 {quality}：JPEG 质量要在 1 到 100 之间（80 比较合适）"),
        format!(
            "images.quality is {quality}: JPEG quality is between 1 and 100 (80 is a good start)"
        ),
    )
}

pub(crate) fn image_quality_hint() -> Text {
    Text::new("如 `quality: 80`", "e.g. `quality: 80`")
}

/// `images.warn_megabytes` or `images.max_megapixels` written as 0.
pub(crate) fn image_setting_zero(key: &str) -> Text {
    Text::new(
        format!("images.{key} 是 0：至少要写 1"),
        format!("images.{key} is 0: it must be at least 1"),
    )
}

pub(crate) fn image_setting_zero_hint(key: &str, default: u32) -> Text {
    Text::new(
        format!("如 `{key}: {default}`"),
        format!("e.g. `{key}: {default}`"),
    )
}
