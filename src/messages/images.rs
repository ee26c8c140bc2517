//! Photos: pictures that cannot be read, or are too large.

use super::Text;

const SAVE_AS_ZH: &str = "另存为或导出为 JPEG（照片）或 PNG（图表、截图）";
const SAVE_AS_EN: &str = "save or export it as JPEG (a photo) or PNG (a drawing or screenshot)";

pub(crate) fn unreadable(image: &str, detail: &str) -> Text {
    Text::new(
        format!("无法读取图片 `{image}`：{detail}"),
        format!("cannot read image `{image}`: {detail}"),
    )
}

pub(crate) fn unreadable_hint() -> Text {
    Text::new(
        "检查文件是否存在、能否打开",
        "check that the file is there and readable",
    )
}

pub(crate) fn not_an_image(image: &str) -> Text {
    Text::new(
        format!("`{image}` 不是 placard 能读取的图片（JPEG、PNG、WebP 或 GIF）"),
        format!("`{image}` is not an image placard can read (JPEG, PNG, WebP or GIF)"),
    )
}

pub(crate) fn not_an_image_hint() -> Text {
    Text::new(
        format!(
            "如果它能在看图软件中打开，请在那里{SAVE_AS_ZH}；如果打不开，说明文件已损坏，请从原处重新复制"
        ),
        format!(
            "if it opens in an image viewer, {SAVE_AS_EN} from there; if not, the file is damaged: copy it again from where it came from"
        ),
    )
}

pub(crate) fn unsupported(image: &str, format: &str) -> Text {
    Text::new(
        format!("图片 `{image}` 是 {format}，placard 不发布这种格式"),
        format!("image `{image}` is {format}, which placard does not publish"),
    )
}

pub(crate) fn animated_webp_hint() -> Text {
    Text::new(
        "请另存为 GIF（原样发布）或视频",
        "save it as a GIF (published as it is) or as a video",
    )
}

pub(crate) fn unsupported_hint() -> Text {
    Text::new(
        format!("用图片编辑器或手机相册打开它，{SAVE_AS_ZH}"),
        format!("open it in an image editor or a phone's gallery and {SAVE_AS_EN}"),
    )
}

pub(crate) fn truncated(image: &str, format: &str) -> Text {
    Text::new(
        format!("图片 `{image}` 不完整：这个 {format} 文件在图片结束之前就断了"),
        format!("image `{image}` is cut short: the {format} file ends before the picture does"),
    )
}

pub(crate) fn truncated_hint() -> Text {
    Text::new(
        "请从相机、手机或聊天记录中重新复制（上次复制可能中断了）",
        "copy it again from the camera, phone or message it came from (the copy was probably interrupted)",
    )
}

pub(crate) fn corrupt(image: &str, format: &str, detail: &str) -> Text {
    Text::new(
        format!("图片 `{image}` 已损坏：不是有效的 {format} 文件（{detail}）"),
        format!("image `{image}` is damaged: not a valid {format} file ({detail})"),
    )
}

pub(crate) fn corrupt_hint() -> Text {
    Text::new(
        format!("请从原处重新复制；如果它仍能在看图软件中打开，请在那里{SAVE_AS_ZH}"),
        format!(
            "copy it again from where it came from; if it still opens in an image viewer, {SAVE_AS_EN} from there"
        ),
    )
}

pub(crate) fn too_many_pixels(
    image: &str,
    (width, height): (u32, u32),
    megapixels: &str,
    limit: &str,
    memory: &str,
) -> Text {
    Text::new(
        format!(
            "图片 `{image}` 有 {width} × {height} 像素（{megapixels} 百万像素），超过上限 {limit}：解码它需要 {memory} 内存"
        ),
        format!(
            "image `{image}` is {width} × {height} pixels ({megapixels} megapixels), over the limit of {limit}: decoding it would take {memory} of memory"
        ),
    )
}

pub(crate) fn too_many_pixels_hint(config_file: &str) -> Text {
    Text::new(
        format!(
            "添加前先把它缩小到最多 4000 像素宽；如果确实需要这么大，请在 {config_file} 中调高 images.max_megapixels"
        ),
        format!(
            "resize it to at most 4000 pixels wide before adding it, or, if it really is that large, raise images.max_megapixels in {config_file}"
        ),
    )
}

pub(crate) fn large(image: &str, size: &str, limit: &str) -> Text {
    Text::new(
        format!(
            "图片 `{image}` 有 {size}，超过 images.warn_megabytes（{limit}）：每次不用缓存的构建都要读取并解码整个文件"
        ),
        format!(
            "image `{image}` is {size}, over images.warn_megabytes ({limit}): every build without a cache reads and decodes all of it"
        ),
    )
}

pub(crate) fn large_hint(config_file: &str) -> Text {
    Text::new(
        format!(
            "导出小一些的文件（4000 像素宽、JPEG 质量 90 就足够：读者最多看到最宽的副本），或在 {config_file} 中调高 images.warn_megabytes"
        ),
        format!(
            "export it smaller (4000 pixels wide and JPEG quality 90 are plenty: readers see at most the widest copy), or raise images.warn_megabytes in {config_file}"
        ),
    )
}

pub(crate) fn the_image() -> Text {
    Text::new("图片", "the image")
}

pub(crate) fn rename_or_move() -> Text {
    Text::new("给图片改名或移动它", "rename or move the image")
}

pub(crate) fn original_not_published(url: &str) -> Text {
    Text::new(
        format!("链接 `{url}`：照片只以缩放后的副本发布，原图不发布"),
        format!("link to `{url}`: a photo is published as resized copies only, not as it is"),
    )
}

pub(crate) fn original_not_published_hint() -> Text {
    Text::new(
        "把它作为图片显示（![…](…)），或链接到它的某个副本（`name-960.jpg`），或在 placard.yaml 中设置 `images: { keep_original: true }` 发布原图（转正、去掉 EXIF）",
        "show it as an image (![…](…)), link one of its copies (`name-960.jpg`), or set `images: { keep_original: true }` in placard.yaml to publish the original (upright, without EXIF)",
    )
}
