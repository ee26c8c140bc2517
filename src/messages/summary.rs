//! The lines a command prints when it is over.

use super::Text;

/// `build` stopped on errors.
pub fn build_failed(errors: usize) -> Text {
    Text::new(
        format!("构建未完成：{errors} 个错误；原来的输出没有改动"),
        format!("build failed; the previous output was left as it was: {errors} error(s)"),
    )
}

/// `check` found errors.
pub fn check_found(errors: usize, warnings: usize) -> Text {
    Text::new(
        format!("检查发现 {errors} 个错误、{warnings} 个警告"),
        format!("check found {errors} error(s) and {warnings} warning(s)"),
    )
}

/// `check` found no error.
pub fn check_passed(warnings: usize) -> Text {
    Text::new(
        format!("检查通过（{warnings} 个警告）"),
        format!("check passed ({warnings} warning(s))"),
    )
}

/// `init` could not make the site.
pub fn init_failed(errors: usize) -> Text {
    Text::new(
        format!("未能创建网站：{errors} 个错误"),
        format!("init failed: {errors} error(s)"),
    )
}

/// `serve` could not go on.
pub fn serve_failed(errors: usize) -> Text {
    Text::new(
        format!("预览服务未能运行：{errors} 个错误"),
        format!("serve failed: {errors} error(s)"),
    )
}

/// `new` could not make the page.
pub fn new_failed(errors: usize) -> Text {
    Text::new(
        format!("未能创建页面：{errors} 个错误"),
        format!("new failed: {errors} error(s)"),
    )
}
