use super::*;

#[test]
fn reds_of_official_documents() {
    for red in ["FF0000", "ff0000", "C00000", "red", "#f00", "E60012"] {
        assert!(is_red(Some(red)), "{red}");
    }
    for other in ["000000", "auto", "FFC000", "0070C0", "", "zzzzzz"] {
        assert!(!is_red(Some(other)), "{other}");
    }
}

#[test]
fn list_numbers_in_word_formats() {
    assert_eq!(format_number(3, "chineseCounting"), "三");
    assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
    assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
    assert_eq!(format_number(2, "ideographTraditional"), "乙");
    assert_eq!(format_number(28, "lowerLetter"), "bb");
    assert_eq!(format_number(14, "upperRoman"), "XIV");
    assert_eq!(format_number(7, "decimalFullWidth"), "７");
    assert_eq!(format_number(7, "unknownFormat"), "7");
}

#[test]
fn word_alt_notes_are_dropped() {
    assert_eq!(clean_alt("宣传栏照片\n\n描述已自动生成"), "宣传栏照片");
    assert_eq!(
        clean_alt("A poster\nDescription automatically generated"),
        "A poster"
    );
}
