//! Hostile and broken pages: the reader never panics, hangs or runs away with memory; a page
//! that cannot be used is named (file, line, what was expected) and the rest still works.
//! Pages are written into temporary folders by the tests (nothing large is committed).

use docir::diag::{Code, Diagnostic, Severity};
use docir::ir::Type;
use std::path::{Path, PathBuf};

/// A valid endpoint page in the factory's Chinese template, with `rows` request rows and
/// `dtos` appended (each `(name, rows)`).
fn page(method: &str, rows: &str, data_structures: &str) -> String {
    format!(
        "# 测试接口\n\n测试用的页面。\n\n## 方法名称\n\n`ManagementClient.{method}`\n\n## 请求参数\n\n\
         | 名称 | 类型 | 是否必填 | 默认值 | 描述 | 示例值 |\n| ---- | ---- | ---- | ---- | ---- | ---- |\n{rows}\n\n\
         ## 请求响应\n\n类型： `IsSuccessRespDto`\n\n| 名称 | 类型 | 描述 |\n| ---- | ---- | ---- |\n\
         | statusCode | number | 状态码 |\n\n## 数据结构\n\n{data_structures}"
    )
}

fn dto(name: &str, rows: &str) -> String {
    format!(
        "### <a id=\"{name}\"></a> {name}\n\n| 名称 | 类型 | 是否必填 | 描述 | 示例值 |\n| ---- | ---- | ---- | ---- | ---- |\n{rows}\n\n"
    )
}

struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Self {
        Folder { dir: tempfile::tempdir().unwrap() }
    }
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }
    fn build(&self) -> docir::Build {
        docir::build(&[self.dir.path().to_path_buf()]).unwrap()
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn with_code(b: &docir::Build, code: Code) -> Vec<&Diagnostic> {
    b.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn ok_page() -> String {
    page("listThings", "| page | number | 否 | 1 | 页码 | `1` |", "")
}

#[test]
fn binary_garbage_empty_files_and_nul_bytes() {
    let f = Folder::new();
    f.write("good/list-things.md", ok_page());
    let garbage: Vec<u8> = (0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 & 0x0f).collect();
    f.write("bad/image.png", &garbage);
    f.write("bad/empty.md", b"");
    f.write("bad/nul.md", format!("{}\0\0", ok_page().replace("listThings", "getNul")).as_bytes());
    let b = f.build();
    assert!(b.api.endpoints.contains_key("management/list-things"), "the good page still works");
    let skipped = with_code(&b, Code::PageSkipped);
    assert!(skipped.iter().any(|d| d.at.file.ends_with("image.png") && d.message.contains("binary")));
    assert!(skipped.iter().any(|d| d.at.file.ends_with("empty.md")));
    let enc = with_code(&b, Code::Encoding);
    assert!(enc.iter().any(|d| d.at.file.ends_with("nul.md") && d.message.contains("control")), "{enc:?}");
    assert!(!b.has_errors());
}

#[test]
fn invalid_utf8_is_a_located_error_and_the_rest_still_works() {
    let f = Folder::new();
    f.write("a/list-things.md", ok_page());
    f.write("a/broken.md", b"# title\n\nsecond line\n\xC3\x28 bad byte\n");
    let b = f.build();
    let errs: Vec<_> = b.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(errs.len(), 1);
    assert!(errs[0].at.file.ends_with("broken.md") && errs[0].at.line == 4, "{}", errs[0]);
    assert!(errs[0].message.contains("expected a UTF-8"), "{}", errs[0]);
    assert!(b.api.endpoints.contains_key("management/list-things"));
}

#[test]
fn gb18030_pages_are_decoded() {
    let f = Folder::new();
    let text = ok_page();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    f.write("gbk/list-things.md", &bytes);
    let b = f.build();
    let e = &b.api.endpoints["management/list-things"];
    assert_eq!(e.summary.zh.as_ref().unwrap().value, "测试接口");
    assert!(with_code(&b, Code::Encoding).iter().any(|d| d.message.contains("GB18030")));
}

#[test]
fn bom_and_crlf_give_the_same_ir() {
    let (a, b) = (Folder::new(), Folder::new());
    a.write("p/list-things.md", ok_page());
    b.write("p/list-things.md", format!("\u{feff}{}", ok_page().replace('\n', "\r\n")));
    let strip = |build: docir::Build, root: &Path| {
        // Files are named from the folder that holds the root: the root's own name differs.
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        serde_json::to_string(&build.api).unwrap().replace(&name, "ROOT")
    };
    assert_eq!(strip(a.build(), a.path()), strip(b.build(), b.path()));
}

#[test]
fn a_one_megabyte_line_and_a_ten_megabyte_page() {
    let f = Folder::new();
    let long_desc = "长".repeat(350_000); // over 1 MB of UTF-8 on one line
    f.write("p/long-line.md", page("longLine", &format!("| x | string | 否 | - | {long_desc} | `a` |"), ""));
    let mut big = String::new();
    while big.len() < 10 * 1024 * 1024 {
        big.push_str("Lorem ipsum dolor sit amet, 这是一段很长的文字。\n\n");
    }
    f.write("p/big-page.md", page("bigPage", "| y | string | 否 | - | y | `b` |", &big));
    let b = f.build();
    assert_eq!(b.api.endpoints["management/long-line"].params[0].name, "x");
    assert_eq!(b.api.endpoints["management/big-page"].params[0].name, "y");
}

#[test]
fn a_table_of_thousands_of_rows() {
    let f = Folder::new();
    let rows: String = (0..5000).map(|i| format!("| field{i} | string | 否 | - | 第 {i} 个 | `v{i}` |\n")).collect();
    f.write("p/many-rows.md", page("manyRows", &rows, ""));
    let b = f.build();
    assert_eq!(b.api.endpoints["management/many-rows"].params.len(), 5000);
}

#[test]
fn deep_cyclic_and_self_referencing_dtos() {
    let f = Folder::new();
    let mut dtos = String::new();
    for i in 0..200 {
        dtos.push_str(&dto(
            &format!("Level{i}Dto"),
            &format!("| next | <a href=\"#Level{}Dto\">Level{}Dto</a> | 否 | 下一层 |  |", i + 1, i + 1),
        ));
    }
    dtos.push_str(&dto("Level200Dto", "| leaf | string | 是 | 叶子 | `x` |"));
    dtos.push_str(&dto("ADto", "| b | <a href=\"#BDto\">BDto</a> | 否 | 循环 |  |"));
    dtos.push_str(&dto("BDto", "| a | <a href=\"#ADto\">ADto</a> | 否 | 循环 |  |"));
    dtos.push_str(&dto("TreeDto", "| children | <a href=\"#TreeDto\">TreeDto[]</a> | 否 | 自引用 |  |"));
    let rows = "| root | <a href=\"#Level0Dto\">Level0Dto</a> | 是 | - | 根 |  |\n| a | <a href=\"#ADto\">ADto</a> | 否 | - | 循环 |  |\n| tree | <a href=\"#TreeDto\">TreeDto</a> | 否 | - | 树 |  |";
    f.write("p/deep.md", page("deep", rows, &dtos));
    let b = f.build();
    assert_eq!(b.api.dtos.len(), 201 + 3 + 1, "{:?}", b.api.dtos.keys().collect::<Vec<_>>());
    assert_eq!(b.api.dtos["TreeDto"].fields[0].ty, Type::array(Type::reference("TreeDto")));
    assert_eq!(b.api.dtos["BDto"].fields[0].ty, Type::reference("ADto"));
}

#[test]
fn odd_types_become_sensible_types_or_located_warnings() {
    let f = Folder::new();
    let rows = [
        "| a | int64 | 否 | - | a |  |",
        "| b | integer | 否 | - | b |  |",
        "| c | map<string, any> | 否 | - | c |  |",
        "| d | `Foo<Bar>` | 否 | - | d |  |",
        "| e |  | 否 | - | e |  |",
        "| f | <a href=\"#NowhereDto\">NowhereDto</a> | 否 | - | f |  |",
        "| g | 数字 | 否 | - | g |  |",
    ]
    .join("\n");
    f.write("p/odd-types.md", page("oddTypes", &rows, ""));
    let b = f.build();
    let p = &b.api.endpoints["management/odd-types"].params;
    let ty = |n: &str| p.iter().find(|x| x.name == n).unwrap().ty.clone();
    assert_eq!(ty("a"), Type::Integer);
    assert_eq!(ty("b"), Type::Integer);
    assert_eq!(ty("c"), Type::Object);
    assert_eq!(ty("d"), Type::Any);
    assert_eq!(ty("e"), Type::Any);
    assert_eq!(ty("f"), Type::reference("NowhereDto"));
    assert_eq!(ty("g"), Type::Any);
    let unknown = with_code(&b, Code::UnknownType);
    assert_eq!(unknown.len(), 2, "{unknown:?}");
    assert!(unknown.iter().all(|d| d.at.file.ends_with("odd-types.md") && d.at.cell == Some(2)));
    assert!(unknown.iter().any(|d| d.message.contains("Foo<Bar>")));
    let missing = with_code(&b, Code::MissingDto);
    assert!(missing[0].message.contains("NowhereDto") && missing[0].at.line > 1);
}

#[test]
fn deeply_nested_markdown_does_not_blow_the_stack() {
    let f = Folder::new();
    let quotes = format!("{} deep\n", ">".repeat(5000));
    let lists: String = (0..2000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect();
    f.write("p/nested.md", format!("{}\n{quotes}\n{lists}", ok_page()));
    let b = f.build();
    assert!(b.api.endpoints.contains_key("management/nested"));
}
