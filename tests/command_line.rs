//! The command line in the officer's language: `placard --help` and each
//! command's help in Chinese for a Chinese site (and where there is no site),
//! in English for an English one or with `PLACARD_LANG=en`; a mistyped
//! command or option is an error that names the one meant, with exit code 2
//! (the broken-site snapshots in tests/invalid.rs hold those errors in both
//! languages).

mod support;

use std::path::Path;
use std::process::{Command, Output};

/// `placard ARGS` in `dir`, with `PLACARD_LANG` as given.
fn placard_in(dir: &Path, args: &[&str], lang: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_placard"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    match lang {
        Some(lang) => command.env("PLACARD_LANG", lang),
        None => command.env_remove("PLACARD_LANG"),
    };
    command.output().expect("run placard")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

#[test]
fn help_is_in_chinese_where_there_is_no_site_and_for_a_chinese_site() {
    let empty = support::tempdir();
    let help = placard_in(empty.path(), &["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    for line in [
        "面向政府信息公开的中英双语静态网站生成器",
        "用法：placard <命令>",
        "  build   把网站生成到输出文件夹",
        "  import  把 Word 文档（.docx）做成一个页面，按公文格式（GB/T 9704）排版",
        "  -h, --help     显示帮助",
    ] {
        assert!(text.contains(line), "`{line}` not in:\n{text}");
    }
    assert!(!text.contains("Usage"), "{text}");

    let site = support::tempdir();
    support::write_files(
        site.path(),
        &[(
            "placard.yaml",
            "title: 测试\nbase_url: https://example.gov.cn\ndefault_language: zh\n",
        )],
    );
    let root = site.path().to_str().expect("UTF-8");
    for args in [
        vec!["build", "--help", "--root", root],
        vec!["help", "build"],
    ] {
        let text = stdout(&placard_in(site.path(), &args, None));
        for line in [
            "用法：placard build [OPTIONS]",
            "      --root <ROOT>          网站文件夹（放 placard.yaml 的文件夹）[默认：当前文件夹]",
            "      --no-cache             不管构建缓存（网站文件夹里的 .placard-cache/）怎么说，全部重新生成；缓存随之重建",
        ] {
            assert!(text.contains(line), "{args:?}: `{line}` not in:\n{text}");
        }
    }
}

#[test]
fn help_is_in_english_for_an_english_site_or_when_asked() {
    let site = support::tempdir();
    support::write_files(
        site.path(),
        &[(
            "placard.yaml",
            "title: Test\nbase_url: https://example.gov.cn\ndefault_language: en\n",
        )],
    );
    let english = stdout(&placard_in(site.path(), &["new", "--help"], None));
    let asked = stdout(&placard_in(
        support::tempdir().path(),
        &["new", "--help"],
        Some("en"),
    ));
    for text in [english, asked] {
        for line in [
            "Exit code 2 for a wrong SECTION/SLUG, language or kind",
            "Usage: placard new [OPTIONS] <PATH>",
            "Where the page goes, like notices/spring-campaign",
        ] {
            assert!(text.contains(line), "`{line}` not in:\n{text}");
        }
        assert!(!text.contains("用法"), "{text}");
    }
}
