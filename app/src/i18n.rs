//! User-interface text in Chinese (the default) and English. Every string the interface shows is
//! a `Key`, so a missing translation is a compile error, not a blank on screen. The chosen
//! language is remembered in the browser's local storage.

use leptos::prelude::*;
pub use questionnaires::Lang;

const STORAGE_KEY: &str = "ziping.lang";

/// The current language, provided as context by the application shell.
pub type LangSignal = RwSignal<Lang>;

pub fn use_lang() -> LangSignal {
    use_context::<LangSignal>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// A reactive translation: `t(Key::Home)` re-renders when the language changes.
pub fn t(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.text(lang.get())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    AppName,
    Tagline,
    NavAssessments,
    SwitchLanguage,
    SwitchLanguageLabel,
    NoAssessmentsTitle,
    NoAssessmentsBody,
    QuestionnairesLoaded,
    ServerUnreachable,
    FooterLocal,
    Version,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    Loading,
}

impl Key {
    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Key::AppName => ("自评", "Ziping"),
            Key::Tagline => ("数据安全合规自评估", "Data-security self-assessment"),
            Key::NavAssessments => ("评估", "Assessments"),
            Key::SwitchLanguage => ("English", "中文"),
            Key::SwitchLanguageLabel => ("切换为英文界面", "Switch the interface to Chinese"),
            Key::NoAssessmentsTitle => ("还没有评估", "No assessments yet"),
            Key::NoAssessmentsBody => (
                "自评估从单位画像开始：先回答几个关于本单位数据处理情况的问题，系统据此确定适用的评估项，再按领域逐项作答。",
                "A self-assessment starts with the organization's profile: a few facts about how it processes data decide which questions apply; then you answer them domain by domain.",
            ),
            Key::QuestionnairesLoaded => ("已加载问卷", "Questionnaires loaded"),
            Key::ServerUnreachable => ("无法连接本地服务", "Cannot reach the local server"),
            Key::FooterLocal => (
                "本地运行：数据只保存在本机",
                "Runs locally: data stays on this machine",
            ),
            Key::Version => ("版本", "Version"),
            Key::NotFoundTitle => ("页面不存在", "Page not found"),
            Key::NotFoundBody => (
                "该地址没有对应的页面。",
                "There is no page at this address.",
            ),
            Key::BackHome => ("返回首页", "Back to the start page"),
            Key::Loading => ("加载中…", "Loading…"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The language remembered from an earlier visit, or Chinese.
pub fn stored_lang() -> Lang {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::parse(&tag))
        .unwrap_or_default()
}

/// Remembers the language and sets the document's `lang` attribute, for screen readers and fonts.
pub fn remember_lang(lang: Lang) {
    if let Some(storage) = storage() {
        // Private browsing may refuse storage; the choice then lasts for this visit only.
        let _ = storage.set_item(STORAGE_KEY, lang.tag());
    }
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.tag());
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
