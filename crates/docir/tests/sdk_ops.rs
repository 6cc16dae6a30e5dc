//! SDK-side operations read from hand-written pages (our own fixtures in
//! `tests/fixtures/sdk-ops/`): the call's name per language, titles and descriptions per
//! locale, parameters from a bullet list and from a table, the sample, the copies merged.

use docir::diag::Code;
use docir::ir::SdkLanguage;
use std::path::Path;

fn build() -> docir::Build {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sdk-ops");
    docir::build(&[root]).expect("fixtures folder")
}

#[test]
fn hand_written_pages_become_merged_sdk_operations() {
    let b = build();
    assert!(b.api.endpoints.is_empty(), "{:?}", b.api.endpoints.keys().collect::<Vec<_>>());
    let ops = &b.api.sdk_operations;
    assert_eq!(
        ops.keys().collect::<Vec<_>>(),
        ["login/get_access_token_by_code", "login/say_hello", "notify/watch_channel"]
    );

    let op = &ops["login/get_access_token_by_code"];
    assert_eq!(op.names[&SdkLanguage::Node], ["getAccessTokenByCode"]);
    assert_eq!(op.names[&SdkLanguage::Python], ["get_access_token_by_code"]);
    assert_eq!(op.title_zh.as_ref().unwrap().value, "换取令牌");
    assert_eq!(op.title_en.as_ref().unwrap().value, "Exchange a code");
    assert_eq!(op.description_zh.as_deref(), Some("用一次性的授权码换取令牌。"));
    assert_eq!(op.description_en.as_deref(), Some("Trade the one-time code for tokens."));
    assert_eq!(op.from.len(), 2);
    assert!(op.sample.as_deref().unwrap().contains("access_token"));

    // `code` from both copies (table first, then list) is one parameter: the first copy's type.
    let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["code", "options.codeVerifier"]);
    let code = &op.params[0];
    assert_eq!((code.ty.as_deref(), code.required), (Some("str"), Some(true)));
    assert_eq!(code.from.len(), 2);
    let verifier = &op.params[1];
    assert_eq!(verifier.required, Some(false));
    assert_eq!(verifier.description, "校验码原始值，选填。");
    // Located at its list (the readers give a list one line).
    assert!(verifier.from[0].file.ends_with("zh/node/login.md") && verifier.from[0].line == 14);

    let hello = &ops["login/say_hello"];
    assert_eq!(hello.params[0].name, "name");
    assert_eq!(hello.params[0].required, None);
    assert!(b.diagnostics.iter().any(|d| d.code == Code::PageSkipped));
}

#[test]
fn the_signature_names_the_operation_not_a_set_up_call_of_the_sample() {
    let b = build();
    let ops = &b.api.sdk_operations;
    // The sample signs in first (`login_with_secret_word`); the section's signature line says
    // which call it documents.
    assert!(!ops.keys().any(|k| k.ends_with("login_with_secret_word")), "{:?}", ops.keys().collect::<Vec<_>>());
    let watch = &ops["notify/watch_channel"];
    assert_eq!(watch.names[&SdkLanguage::Python], ["watch_channel"]);
    assert_eq!(watch.title_en.as_ref().unwrap().value, "Watch a channel");
    let params: Vec<&str> = watch.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["channel", "handler"]);
}

#[test]
fn name_first_bullets_are_parameters_when_a_type_in_angle_brackets_follows() {
    // Our fixture pages write each parameter name first (`- boxName `<String>` 信箱名`), the
    // type in code or as bare text, nested angle brackets included.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sdk-ops-name-first");
    let b = docir::build(&[root]).expect("fixtures folder");
    let ops = &b.api.sdk_operations;
    assert_eq!(ops.keys().collect::<Vec<_>>(), ["mailbox/send_letter", "mailbox/watch_mailbox"]);

    let watch = &ops["mailbox/watch_mailbox"];
    assert_eq!(watch.names[&docir::ir::SdkLanguage::Node], ["watchMailbox"]);
    assert_eq!(watch.names[&docir::ir::SdkLanguage::Csharp], ["WatchMailbox"]);
    // The C# copy shows its signature as a paragraph: a call, not the description.
    assert_eq!(watch.description_zh.as_deref(), Some("测试用的手写页面：参数的名字写在类型前面。"));
    let params: Vec<(&str, Option<&str>, Option<bool>)> =
        watch.params.iter().map(|p| (p.name.as_str(), p.ty.as_deref(), p.required)).collect();
    assert_eq!(
        params,
        [
            ("boxName", Some("string"), Some(true)),
            ("onLetter", Some("Action<string>"), None),
            ("onFailure", Some("Function"), Some(false)),
        ]
    );
    assert_eq!(watch.params[0].description, "信箱名");
    assert_eq!(watch.params[0].from.len(), 2, "both copies give it");

    // Bare `<String>` (no code span) too; a bullet without a type, or whose first word is not
    // an identifier, is not a parameter.
    let send = &ops["mailbox/send_letter"];
    let params: Vec<(&str, Option<&str>)> = send.params.iter().map(|p| (p.name.as_str(), p.ty.as_deref())).collect();
    assert_eq!(params, [("boxName", Some("String")), ("letter", Some("Map<String, Object>"))]);
    assert_eq!(send.params[1].description, "信的内容");
}
