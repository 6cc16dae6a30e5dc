//! Deep and odd structures compile: pages (written by this test) with a 200-level DTO chain,
//! a cycle of three DTOs and a self-referencing DTO generate an SDK that `cargo check`s under
//! `-D warnings` in a temporary folder, its dependencies taken from the workspace's lock file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DEPTH: usize = 200;

/// A DTO of a written page: its name and its fields as (name, type cell, required).
type PageDto = (String, Vec<(String, String, bool)>);
const DTO_HEADER: &str = "| 名称 | 类型 | 必填 | 描述 | 示例值 |\n| ---- |  ---- | ---- | ---- | ---- |\n";

/// A Markdown endpoint page in the factory's shape: a method line, one request parameter, a
/// response whose `data` is `data_dto`, and the page's DTO sections.
fn page(title: &str, method: &str, data_dto: &str, dtos: &[PageDto]) -> String {
    let mut s = format!(
        "# {title}\n\n<LastUpdated />\n\n{title}。\n\n## 方法名称\n\n`ManagementClient.{method}`\n\n## 请求参数\n\n\
         | 名称 | 类型 | <div style=\"width:80px\">是否必填</div> | <div style=\"width:60px\">默认值</div> | \
         <div style=\"width:300px\">描述</div> | <div style=\"width:200px\">示例值</div> |\n\
         | ---- | ---- | ---- | ---- | ---- | ---- |\n| id | string | 是 | - | ID  | `x-1` |\n\n\
         ## 请求响应\n\n类型： `{method}RespDto`\n\n| 名称 | 类型 | 描述 |\n| ---- | ---- | ---- |\n\
         | statusCode | number | 业务状态码 |\n| data | <a href=\"#{data_dto}\">{data_dto}</a> | 响应数据 |\n\n## 数据结构\n\n"
    );
    for (name, fields) in dtos {
        s.push_str(&format!("\n### <a id=\"{name}\"></a> {name}\n\n{DTO_HEADER}"));
        for (field, ty, required) in fields {
            let req = if *required { "是" } else { "否" };
            s.push_str(&format!("| {field} | {ty} | {req} | 字段 {field}。 |  |\n"));
        }
    }
    s
}

fn link(dto: &str) -> String {
    format!("<a href=\"#{dto}\">{dto}</a>")
}

fn write_pages(dir: &Path) {
    let folder = dir.join("management/深层");
    std::fs::create_dir_all(&folder).unwrap();
    let chain: Vec<PageDto> = (0..DEPTH)
        .map(|i| {
            let mut fields = vec![("name".to_owned(), "string".to_owned(), true)];
            if i + 1 < DEPTH {
                // Required all the way down: every level holds the next one.
                fields.push(("next".to_owned(), link(&format!("Level{}Dto", i + 1)), true));
            }
            (format!("Level{i}Dto"), fields)
        })
        .collect();
    std::fs::write(folder.join("get-deep-chain.md"), page("获取深层链", "getDeepChain", "Level0Dto", &chain)).unwrap();
    let cycle: Vec<PageDto> = [("CycleADto", "CycleBDto"), ("CycleBDto", "CycleCDto"), ("CycleCDto", "CycleADto")]
        .iter()
        .map(|(dto, next)| {
            (
                dto.to_string(),
                vec![("label".to_owned(), "string".to_owned(), true), ("next".to_owned(), link(next), true)],
            )
        })
        .collect();
    std::fs::write(folder.join("get-cycle.md"), page("获取循环", "getCycle", "CycleADto", &cycle)).unwrap();
    let node = vec![(
        "TreeNodeDto".to_owned(),
        vec![
            ("label".to_owned(), "string".to_owned(), true),
            ("parent".to_owned(), link("TreeNodeDto"), true),
            ("children".to_owned(), "<a href=\"#TreeNodeDto\">TreeNodeDto[]</a>".to_owned(), false),
        ],
    )];
    std::fs::write(folder.join("get-tree-node.md"), page("获取树节点", "getTreeNode", "TreeNodeDto", &node)).unwrap();
}

#[test]
fn a_200_level_chain_a_three_dto_cycle_and_a_self_reference_compile_under_deny_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let (pages, sdk) = (tmp.path().join("pages"), tmp.path().join("deep-sdk"));
    write_pages(&pages);
    let o = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["generate", "--crate-name", "deep-sdk", "--input"])
        .arg(&pages)
        .arg("--out")
        .arg(&sdk)
        .output()
        .expect("codegen runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let models = std::fs::read_to_string(sdk.join("src/models/management.rs")).unwrap();
    for dto in ["Level0Dto", "Level199Dto", "CycleADto", "CycleCDto", "TreeNodeDto"] {
        assert!(models.contains(&format!("pub struct {dto} ")), "{dto} is generated");
    }
    // The workspace's lock file pins the SDK's dependencies; no network is needed.
    std::fs::copy(repo().join("Cargo.lock"), sdk.join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("deep-structures-check");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let o = Command::new(&cargo)
        .args(["check", "--offline", "--all-targets", "--message-format=short"])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .current_dir(&sdk)
        .output()
        .expect("cargo runs");
    assert!(o.status.success(), "the generated SDK does not compile:\n{}", stderr(&o));
}
