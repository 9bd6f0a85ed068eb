//! User-interface text in Chinese (the default) and English. Every string the interface shows is
//! a `Key`, so a missing translation is a compile error, not a blank on screen; the few texts
//! with numbers in them are functions here for the same reason. The chosen language is
//! remembered in the browser's local storage. Questionnaire text comes with its own two
//! languages (`Text::get`).

use leptos::prelude::*;
pub use questionnaires::Lang;
use questionnaires::score::{METHOD_VERSION, display};
use questionnaires::{Platform, Subject, SubjectError, Thresholds};

use crate::workspace::Problem;
use questionnaires::contract::UsccError;

const STORAGE_KEY: &str = "ziping.lang";

/// The current language, provided as context by the application shell.
pub type LangSignal = RwSignal<Lang>;

pub fn use_lang() -> LangSignal {
    use_context::<LangSignal>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// A reactive translation: `t(Key::AppName)` re-renders when the language changes.
pub fn t(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.text(lang.get())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    // Shell
    AppName,
    Tagline,
    NavAssessments,
    MainNavigation,
    SkipToContent,
    SwitchLanguage,
    SwitchLanguageLabel,
    UserLabel,
    ChangeUserName,
    UserDialogTitle,
    UserDialogBody,
    UserNameField,
    TokenDialogTitle,
    TokenDialogBody,
    TokenField,
    TokenRefused,
    FooterLocal,
    Version,
    VersionShort,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    Loading,
    CannotLoad,
    Save,
    Cancel,
    Create,
    Close,
    Confirm,
    Delete,
    Yes,
    No,
    // Start page
    NoAssessmentsTitle,
    NoAssessmentsBody,
    AssessmentsTitle,
    NewOrganization,
    NewAssessment,
    EditOrganization,
    NoAssessmentsForOrganization,
    OrganizationName,
    Uscc,
    UsccHint,
    UsccValid,
    Industry,
    Region,
    Questionnaire,
    QuestionsUnit,
    Cycle,
    Status,
    Score,
    Readiness,
    Completion,
    LastChange,
    LevelReady,
    LevelLargelyReady,
    LevelNotReady,
    AppColumn,
    WholeOrganization,
    PerAppQuestionnaire,
    WholeOrganizationQuestionnaire,
    AppFields,
    AppAssessedBefore,
    AppNew,
    AppNameField,
    AppPlatform,
    AppPlatformChoose,
    AppVersion,
    AppVersionHint,
    AppPackageId,
    AppPackageIdHint,
    CarryHelpApp,
    // Workspace
    CannotOpenAssessment,
    AssessmentSections,
    TabProfile,
    TabWizard,
    TabResults,
    TabHistory,
    HistoryHelp,
    HistoryTime,
    HistoryActor,
    HistoryChange,
    VersionMismatch,
    AllSaved,
    SavedAt,
    Saving,
    SaveFailed,
    SaveFailedRetrying,
    SaveConflict,
    SaveInvalid,
    RetryNow,
    SavedBy,
    Submit,
    Approve,
    Reopen,
    Archive,
    SubmitTitle,
    SubmitBody,
    ApproveTitle,
    ApproveBody,
    ArchiveTitle,
    ArchiveBody,
    ReopenTitle,
    ReopenBody,
    ReopenReason,
    ConflictTitle,
    ConflictBody,
    YourVersion,
    SavedVersion,
    KeepMine,
    UseSaved,
    ArticleSummary,
    OfficialText,
    NoOfficialText,
    NotInCatalog,
    PenaltyArticle,
    Promulgated,
    Effective,
    // Profile
    ProfileTitle,
    ProfileIntro,
    ProfileSummary,
    FactsAnswered,
    ApplicableQuestions,
    DomainsSwitchedOff,
    NoneSwitchedOff,
    UnansweredFactNote,
    ContinueToQuestions,
    ThresholdSetBy,
    HelpAndThresholds,
    // Wizard
    LiveScore,
    Domains,
    DomainOff,
    Filter,
    FilterAll,
    FilterUnanswered,
    FilterGaps,
    FilterCritical,
    FilterCarried,
    ConfirmCarried,
    CarriedBeforeSignOff,
    StartFrom,
    StartBlank,
    CarryHelp,
    NoApplicableQuestions,
    NoApplicableQuestionsBody,
    Weight,
    Critical,
    CriticalHelp,
    Answer,
    Unanswered,
    NotAnsweredYet,
    NaReason,
    NaReasonRequired,
    Note,
    NotePlaceholder,
    QuestionNavigation,
    Previous,
    Next,
    KeyboardShortcuts,
    ShortcutAnswer,
    ShortcutNext,
    ShortcutPrevious,
    ShortcutNote,
    ShortcutLeaveField,
    ShortcutHelp,
    Citations,
    Guidance,
    DeviceCheck,
    TypicalEvidence,
    RemediationAdvice,
    Evidence,
    NoEvidence,
    UploadEvidence,
    EvidenceNote,
    AddEvidenceNote,
    Uploading,
    // Results
    ScoreFromServer,
    ScoreLive,
    OverallScore,
    ReadinessReasons,
    /// Between a heading and the list it introduces.
    ListColon,
    Answers,
    ExcludedByProfile,
    ByDomain,
    ByInstrument,
    ChartDescription,
    Trend,
    TrendDescription,
    TrendNone,
    CompareLink,
    GapList,
    GapListHelp,
    Priority,
    Question,
    Owner,
    DueDate,
    RemediationStatusLabel,
    NotApplicableList,
    Export,
    ExportReportPdf,
    ExportReportDocx,
    ExportAnswersXlsx,
    ExportAnswersCsv,
    ExportRemediationXlsx,
    ExportRemediationCsv,
    ExportWorkbookAll,
    ExportWorkbookDomain,
    ExportDomain,
    ExportArchive,
    ExportOscal,
    ExportOscalCatalog,
    ImportTitle,
    ImportHelp,
    ImportFile,
    ImportButton,
    ImportNoFile,
    ImportDone,
    OpenImported,
    EvidenceIndex,
    File,
    AddedBy,
    // Upgrade
    UpgradeSeeChanges,
    UpgradeTitle,
    UpgradeNone,
    UpgradeMoved,
    UpgradeMovedHelp,
    UpgradeReconfirm,
    UpgradeReconfirmHelp,
    UpgradeRemoved,
    UpgradeRemovedHelp,
    UpgradeAdded,
    UpgradeAddedHelp,
    UpgradeFactsDropped,
    UpgradeFactsDroppedHelp,
    UpgradeFilesMoved,
    UpgradeNothing,
    UpgradeOldId,
    UpgradeNewId,
    UpgradeReason,
    UpgradeHeld,
    UpgradeHeldNothing,
    UpgradeHeldRemediation,
    UpgradeWhat,
    ReasonReplaces,
    ReasonText,
    ReasonCitations,
    ReasonApplies,
    ReasonOther,
    UpgradeNotDraft,
    UpgradeReadOnly,
    UpgradeUnsaved,
    UpgradeRunning,
    UpgradeFailed,
    UpgradedNote,
    // Workbook import
    WorkbookTitle,
    WorkbookIntro,
    WorkbookLink,
    WorkbookAsideTitle,
    WorkbookAsideBody,
    WorkbookFile,
    WorkbookPreview,
    WorkbookChecking,
    WorkbookNoFile,
    WorkbookReadOnly,
    WorkbookErrorsTitle,
    WorkbookCell,
    WorkbookProblem,
    WorkbookChangesTitle,
    WorkbookBefore,
    WorkbookAfter,
    WorkbookConflictsTitle,
    WorkbookConflictsHelp,
    WorkbookInFile,
    WorkbookInZiping,
    WorkbookOverwrite,
    WorkbookApply,
    WorkbookApplying,
    WorkbookNothing,
    WorkbookUnsaved,
    WorkbookConfirmOverwrite,
    WorkbookFailed,
    WorkbookToWizard,
    UpgradeStale,
    // Compare
    TabCompare,
    CompareWithPrevious,
    CompareTitle,
    CompareWith,
    CompareNoOther,
    CompareChange,
    CompareCounts,
    CompareGaps,
    CompareGapsClosed,
    CompareGapsOpened,
    CompareByDomain,
    CompareByInstrument,
    CompareQuestions,
    CompareKind,
    CompareAllKinds,
    CompareAllDomains,
    CompareDaysOverdue,
    Domain,
    Instrument,
    MovementImproved,
    MovementRegressed,
    MovementUnchanged,
    MovementNew,
    MovementRemoved,
    StandingAbsent,
}

impl Key {
    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Key::AppName => ("自评", "Ziping"),
            Key::Tagline => ("数据安全合规自评估", "Data-security self-assessment"),
            Key::NavAssessments => ("评估", "Assessments"),
            Key::MainNavigation => ("主导航", "Main navigation"),
            Key::SkipToContent => ("跳到正文", "Skip to content"),
            Key::SwitchLanguage => ("English", "中文"),
            Key::SwitchLanguageLabel => ("切换为英文界面", "Switch the interface to Chinese"),
            Key::UserLabel => ("用户", "User"),
            Key::ChangeUserName => ("更改用户名", "Change the user name"),
            Key::UserDialogTitle => ("您的姓名", "Your name"),
            Key::UserDialogBody => (
                "每一项修改都会连同姓名记入审计日志。姓名只保存在本浏览器中。",
                "Every change is recorded in the audit log with your name. The name is kept in this browser only.",
            ),
            Key::UserNameField => ("姓名", "Name"),
            Key::TokenDialogTitle => ("需要访问令牌", "Access token required"),
            Key::TokenDialogBody => (
                "本服务启动时设置了访问令牌（--token 或 ZIPING_TOKEN），请向管理员索取。令牌保存在本浏览器中。",
                "This server was started with an access token (--token or ZIPING_TOKEN); ask whoever runs it. The token is kept in this browser.",
            ),
            Key::TokenField => ("访问令牌", "Access token"),
            Key::TokenRefused => (
                "服务器不接受已保存的令牌，请重新输入。",
                "The server refused the saved token; enter it again.",
            ),
            Key::FooterLocal => (
                "本地运行：数据只保存在本机",
                "Runs locally: data stays on this machine",
            ),
            Key::Version => ("版本", "Version"),
            Key::VersionShort => ("版本", "version"),
            Key::NotFoundTitle => ("页面不存在", "Page not found"),
            Key::NotFoundBody => (
                "该地址没有对应的页面。",
                "There is no page at this address.",
            ),
            Key::BackHome => ("返回首页", "Back to the start page"),
            Key::Loading => ("加载中…", "Loading…"),
            Key::CannotLoad => ("无法加载", "Cannot load"),
            Key::Save => ("保存", "Save"),
            Key::Cancel => ("取消", "Cancel"),
            Key::Create => ("创建", "Create"),
            Key::Close => ("关闭", "Close"),
            Key::Confirm => ("确定", "Confirm"),
            Key::Delete => ("删除", "Delete"),
            Key::Yes => ("是", "Yes"),
            Key::No => ("否", "No"),

            Key::NoAssessmentsTitle => ("还没有评估", "No assessments yet"),
            Key::NoAssessmentsBody => (
                "自评估从单位画像开始：先回答几个关于本单位数据处理情况的问题，系统据此确定适用的评估项，再按领域逐项作答。",
                "A self-assessment starts with the organization's profile: a few facts about how it processes data decide which questions apply; then you answer them domain by domain.",
            ),
            Key::AssessmentsTitle => ("评估", "Assessments"),
            Key::NewOrganization => ("新建被评估单位", "New organization"),
            Key::NewAssessment => ("新建评估", "New assessment"),
            Key::EditOrganization => ("编辑单位信息", "Edit organization"),
            Key::NoAssessmentsForOrganization => (
                "该单位还没有评估。",
                "This organization has no assessment yet.",
            ),
            Key::OrganizationName => ("单位名称", "Name"),
            Key::Uscc => ("统一社会信用代码", "Unified social credit code"),
            Key::UsccHint => (
                "18 位，输入时即校验（GB 32100-2015）",
                "18 characters, checked as you type (GB 32100-2015)",
            ),
            Key::UsccValid => ("✓ 代码有效", "✓ Valid code"),
            Key::Industry => ("行业", "Industry"),
            Key::Region => ("所在地区", "Region"),
            Key::Questionnaire => ("问卷", "Questionnaire"),
            Key::QuestionsUnit => ("项", "questions"),
            Key::Cycle => ("评估周期", "Review cycle"),
            Key::Status => ("状态", "Status"),
            Key::Score => ("得分", "Score"),
            Key::Readiness => ("就绪度", "Readiness"),
            Key::Completion => ("完成度", "Completion"),
            Key::LastChange => ("最近修改", "Last change"),
            Key::LevelReady => ("就绪", "Ready"),
            Key::LevelLargelyReady => ("基本就绪", "Largely ready"),
            Key::LevelNotReady => ("未就绪", "Not ready"),

            Key::CannotOpenAssessment => ("无法打开评估", "Cannot open the assessment"),
            Key::AssessmentSections => ("评估的各部分", "Parts of the assessment"),
            Key::TabProfile => ("单位画像", "Profile"),
            Key::TabWizard => ("评估项", "Questions"),
            Key::TabResults => ("结果", "Results"),
            Key::TabHistory => ("变更记录", "History"),
            Key::HistoryHelp => (
                "每一次修改都记入审计日志，每条记录的哈希链接前一条，任何改动、删除或重排都会被发现。",
                "Every change is written to the audit log; each event's hash links to the one before it, so an edited, removed or reordered event is detected.",
            ),
            Key::HistoryTime => ("时间", "Time"),
            Key::HistoryActor => ("人员", "Who"),
            Key::HistoryChange => ("变更", "Change"),
            Key::VersionMismatch => (
                "注意：服务器提供的问卷版本与本评估固定的版本不同，实时得分可能与报告不一致。服务器版本：",
                "Note: the server sent another version of the questionnaire than this assessment is pinned to; the live score may differ from the report. Server version:",
            ),
            Key::AllSaved => ("所有修改已保存", "All changes saved"),
            Key::SavedAt => ("已保存", "Saved"),
            Key::Saving => ("保存中…", "Saving…"),
            Key::SaveFailed => ("保存失败，正在重试", "Saving failed, retrying"),
            Key::SaveFailedRetrying => (
                "保存失败，将自动重试，修改保留在本机",
                "Not saved yet; retrying automatically, the change is kept here",
            ),
            Key::SaveConflict => (
                "有冲突，请选择保留哪个版本",
                "Conflict: choose which version to keep",
            ),
            Key::SaveInvalid => ("有修改尚未保存", "Some changes are not saved"),
            Key::RetryNow => ("立即重试", "Retry now"),
            Key::SavedBy => ("保存人", "Saved by"),
            Key::Submit => ("提交审核", "Submit"),
            Key::Approve => ("批准", "Approve"),
            Key::Reopen => ("重新打开", "Reopen"),
            Key::Archive => ("归档", "Archive"),
            Key::SubmitTitle => ("提交审核？", "Submit for review?"),
            Key::SubmitBody => (
                "提交后由审核人检查答案并批准。",
                "A reviewer then checks the answers and approves them.",
            ),
            Key::ApproveTitle => ("批准本评估？", "Approve this assessment?"),
            Key::ApproveBody => (
                "批准后评估变为只读；如需修改须填写理由重新打开。",
                "Once approved the assessment is read-only; changing it again needs reopening with a reason.",
            ),
            Key::ArchiveTitle => ("归档本评估？", "Archive this assessment?"),
            Key::ArchiveBody => (
                "归档后评估保持只读，作为历史记录保留。",
                "An archived assessment stays read-only and is kept as a record.",
            ),
            Key::ReopenTitle => ("重新打开评估？", "Reopen the assessment?"),
            Key::ReopenBody => (
                "评估将回到草稿状态，理由记入审计日志。",
                "The assessment goes back to draft; the reason is recorded in the audit log.",
            ),
            Key::ReopenReason => ("理由（必填）", "Reason (required)"),
            Key::ConflictTitle => ("保存冲突", "Save conflict"),
            Key::ConflictBody => (
                "您修改期间，其他人已保存了这一项。请选择保留哪个版本；另一个版本将被覆盖（审计日志保留两者）。",
                "Someone else saved this item while you were editing it. Choose the version to keep; the other is overwritten (the audit log keeps both).",
            ),
            Key::YourVersion => ("您的版本", "Your version"),
            Key::SavedVersion => ("已保存的版本", "Saved version"),
            Key::KeepMine => ("保留我的版本", "Keep mine"),
            Key::UseSaved => ("采用已保存的版本", "Use the saved version"),
            Key::ArticleSummary => ("条文要点", "Summary of the article"),
            Key::OfficialText => ("官方原文", "Official text"),
            Key::NoOfficialText => (
                "法规目录未收录该条原文，请查阅正式文本。",
                "The catalog does not carry the text of this article; see the official publication.",
            ),
            Key::NotInCatalog => (
                "法规目录中没有该条的摘要。",
                "The catalog has no summary of this article.",
            ),
            Key::PenaltyArticle => ("罚则", "Penalty"),
            Key::Promulgated => ("公布", "promulgated"),
            Key::Effective => ("施行", "in force"),

            Key::ProfileTitle => ("单位画像", "Organization profile"),
            Key::ProfileIntro => (
                "以下事实决定哪些评估项适用。未回答的事实按“否”处理；可以随时回来修改，答案不会丢失。",
                "These facts decide which questions apply. A fact not answered counts as “no”; you can come back and change them at any time without losing answers.",
            ),
            Key::ProfileSummary => ("适用范围", "Scope"),
            Key::FactsAnswered => ("已回答", "Answered"),
            Key::ApplicableQuestions => ("适用评估项", "Applicable questions"),
            Key::DomainsSwitchedOff => ("不适用的领域", "Domains switched off"),
            Key::NoneSwitchedOff => ("无", "None"),
            Key::UnansweredFactNote => (
                "被排除的评估项不计分，并在结果和报告中列出。",
                "Excluded questions are not scored; the results and the report list them.",
            ),
            Key::ContinueToQuestions => ("开始作答 →", "Go to the questions →"),
            Key::ThresholdSetBy => ("门槛依据：", "Threshold set by:"),
            Key::HelpAndThresholds => ("说明与判断标准", "Explanation and thresholds"),

            Key::LiveScore => ("实时得分", "Live score"),
            Key::Domains => ("领域", "Domains"),
            Key::DomainOff => ("不适用", "n/a"),
            Key::Filter => ("筛选", "Filter"),
            Key::FilterAll => ("全部", "All"),
            Key::FilterUnanswered => ("未作答", "Unanswered"),
            Key::FilterGaps => ("差距", "Gaps"),
            Key::FilterCritical => ("关键项", "Critical"),
            Key::FilterCarried => ("沿用待确认", "Carried over"),
            Key::ConfirmCarried => ("确认沿用", "Confirm as it is"),
            Key::CarriedBeforeSignOff => (
                "；它们仍是上一周期的结论，请先逐项确认或修改。",
                "; they are still the previous cycle's answers: confirm or change them first.",
            ),
            Key::AppColumn => ("App", "App"),
            Key::WholeOrganization => ("全单位", "Whole organization"),
            Key::PerAppQuestionnaire => ("一次评估一个App", "One App per assessment"),
            Key::WholeOrganizationQuestionnaire => ("评估整个单位", "The whole organization"),
            Key::AppFields => ("被评估App", "The App assessed"),
            Key::AppAssessedBefore => ("评估过的App", "An App assessed before"),
            Key::AppNew => ("新的App", "A new App"),
            Key::AppNameField => ("App名称", "App name"),
            Key::AppPlatform => ("平台", "Platform"),
            Key::AppPlatformChoose => ("请选择平台", "Choose a platform"),
            Key::AppVersion => ("版本", "Version"),
            Key::AppVersionHint => (
                "所评估的版本，例如 5.2.0。新版本可作为同一App的下一周期评估。",
                "The version assessed, e.g. 5.2.0. A new release can be assessed as the next cycle of the same App.",
            ),
            Key::AppPackageId => ("包名 / Bundle ID", "Package name / bundle ID"),
            Key::AppPackageIdHint => (
                "Android 包名、iOS Bundle ID、鸿蒙包名或小程序 AppID，例如 com.example.shop；可不填。",
                "The Android package name, iOS bundle ID, HarmonyOS bundle name or mini program AppID, e.g. com.example.shop; optional.",
            ),
            Key::CarryHelpApp => (
                "只列出同一App（名称和平台相同，或包名相同）的评估。",
                "Only assessments of the same App (the same name and platform, or the same package name) are offered.",
            ),
            Key::StartFrom => ("起点", "Start from"),
            Key::StartBlank => ("空白评估", "A blank assessment"),
            Key::CarryHelp => (
                "将复制所选周期的单位画像、答案、证据和未完成的整改；复制的答案标为“沿用”，需在本周期逐项确认或修改。",
                "Copies the chosen cycle's profile, answers, evidence and unfinished remediation; copied answers are marked as carried over until they are confirmed or changed in this cycle.",
            ),
            Key::NoApplicableQuestions => ("没有适用的评估项", "No question applies"),
            Key::NoApplicableQuestionsBody => (
                "按当前单位画像，没有评估项适用。请检查单位画像。",
                "With the current profile no question applies. Check the profile.",
            ),
            Key::Weight => ("权重", "Weight"),
            Key::Critical => ("关键项", "Critical"),
            Key::CriticalHelp => (
                "关键项：有直接罚则或向监管部门报告义务的要求，影响就绪度判定",
                "Critical: an obligation with a direct penalty or a duty to report to a regulator; it decides readiness",
            ),
            Key::Answer => ("答案", "Answer"),
            Key::Unanswered => ("未作答", "Unanswered"),
            Key::NotAnsweredYet => ("尚未作答", "Not answered yet"),
            Key::NaReason => ("不适用理由", "Reason for N/A"),
            Key::NaReasonRequired => ("不适用理由（必填）", "Why it does not apply (required)"),
            Key::Note => ("备注", "Note"),
            Key::NotePlaceholder => (
                "现状、证据位置、待办事项……",
                "Current state, where the evidence is, what is still to do…",
            ),
            Key::QuestionNavigation => ("上一项和下一项", "Previous and next question"),
            Key::Previous => ("上一项", "Previous"),
            Key::Next => ("下一项", "Next"),
            Key::KeyboardShortcuts => ("键盘快捷键", "Keyboard shortcuts"),
            Key::ShortcutAnswer => (
                "作答：符合 / 部分符合 / 不符合 / 不适用",
                "Answer: compliant / partially / non-compliant / not applicable",
            ),
            Key::ShortcutNext => ("下一项", "Next question"),
            Key::ShortcutPrevious => ("上一项", "Previous question"),
            Key::ShortcutNote => ("编辑备注", "Edit the note"),
            Key::ShortcutLeaveField => ("离开输入框", "Leave the text field"),
            Key::ShortcutHelp => ("显示或隐藏本列表", "Show or hide this list"),
            Key::Citations => ("依据", "Legal basis"),
            Key::Guidance => ("指引", "Guidance"),
            Key::DeviceCheck => ("设备上如何检查", "How to check on a device"),
            Key::TypicalEvidence => ("典型证据", "Typical evidence"),
            Key::RemediationAdvice => ("整改建议", "Remediation advice"),
            Key::Evidence => ("证据", "Evidence"),
            Key::NoEvidence => ("尚无证据文件", "No evidence files yet"),
            Key::UploadEvidence => ("上传证据文件", "Upload an evidence file"),
            Key::EvidenceNote => (
                "或写下文字证据（如制度文号、系统截图位置、会议纪要编号）",
                "Or write a piece of evidence (a policy's number, where a screenshot is kept, minutes)",
            ),
            Key::AddEvidenceNote => ("添加文字证据", "Add as evidence"),
            Key::Uploading => ("上传中…", "Uploading…"),

            Key::ScoreFromServer => (
                "以下数据由服务器按评分方法计算",
                "Figures computed by the server with the scoring method",
            ),
            Key::ScoreLive => (
                "仍有修改在保存中：以下为本机实时计算的结果",
                "Changes are still being saved: these figures are computed live in the browser",
            ),
            Key::OverallScore => ("总分", "Overall score"),
            Key::ReadinessReasons => ("就绪度判定", "Why this readiness level"),
            Key::ListColon => ("：", ": "),
            Key::Answers => ("答案分布", "Answers"),
            Key::ExcludedByProfile => ("按画像排除", "Excluded by the profile"),
            Key::ByDomain => ("各领域得分", "Score by domain"),
            Key::ByInstrument => ("各法规得分", "Score by instrument"),
            Key::ChartDescription => (
                "横条为得分（0–100），竖线为基本就绪和就绪门槛。",
                "Bars show the score (0–100); the vertical lines mark the Largely ready and Ready thresholds.",
            ),
            Key::Trend => ("历次评估趋势", "Trend across review cycles"),
            Key::TrendDescription => (
                "每个评估周期一点（从早到晚），粗线为总分，细线为各领域得分（0–100）；横线为基本就绪和就绪门槛。下表列出相同数值。",
                "One point per review cycle, oldest first; the thick line is the overall score, the thin lines the domain scores (0–100); the horizontal lines mark the Largely ready and Ready thresholds. The table below lists the same values.",
            ),
            Key::TrendNone => (
                "尚无其他评估周期。",
                "There are no other review cycles yet.",
            ),
            Key::CompareLink => ("对比评估周期", "Compare review cycles"),
            Key::GapList => ("差距与整改", "Gaps and remediation"),
            Key::GapListHelp => (
                "按优先级排序：权重 ×（1 − 得分值）× 关键项系数 2。负责人、期限和状态随改随存。",
                "Ordered by priority: weight × (1 − value) × 2 for critical questions. Owner, due date and status are saved as you change them.",
            ),
            Key::Priority => ("优先级", "Priority"),
            Key::Question => ("评估项", "Question"),
            Key::Owner => ("负责人", "Owner"),
            Key::DueDate => ("期限", "Due date"),
            Key::RemediationStatusLabel => ("整改状态", "Status"),
            Key::NotApplicableList => (
                "不适用的评估项及理由",
                "Questions marked not applicable, with reasons",
            ),
            Key::Export => ("导出", "Export"),
            Key::ExportReportPdf => ("评估报告（PDF）", "Report (PDF)"),
            Key::ExportReportDocx => ("评估报告（Word）", "Report (Word)"),
            Key::ExportAnswersXlsx => ("答案（Excel）", "Answers (Excel)"),
            Key::ExportAnswersCsv => ("答案（CSV）", "Answers (CSV)"),
            Key::ExportRemediationXlsx => (
                "差距与整改计划（Excel）",
                "Gap and remediation plan (Excel)",
            ),
            Key::ExportRemediationCsv => {
                ("差距与整改计划（CSV）", "Gap and remediation plan (CSV)")
            }
            Key::ExportWorkbookAll => ("填报工作簿（全部领域）", "Fill-in workbook (all domains)"),
            Key::ExportWorkbookDomain => (
                "填报工作簿（所选领域）",
                "Fill-in workbook (the domain chosen)",
            ),
            Key::ExportDomain => ("领域", "Domain"),
            Key::ExportArchive => ("便携归档（ZIP）", "Portable archive (ZIP)"),
            Key::ExportOscal => ("OSCAL 评估结果（JSON）", "OSCAL assessment results (JSON)"),
            Key::ExportOscalCatalog => (
                "OSCAL 问卷目录（JSON，评估结果所引用）",
                "OSCAL catalog of the questionnaire (JSON, referenced by the results)",
            ),
            Key::ImportTitle => ("导入", "Import"),
            Key::ImportHelp => (
                "导入从另一台自评导出的归档文件（ZIP）：评估连同证据和审计记录一并导入，文件被改动或不完整时不会导入任何内容。",
                "Import an archive (ZIP) exported from another Ziping: the assessment comes with its evidence and audit record; an altered or incomplete file imports nothing.",
            ),
            Key::ImportFile => ("归档文件", "Archive file"),
            Key::ImportButton => ("导入归档", "Import archive"),
            Key::ImportNoFile => ("请先选择一个归档文件。", "Choose an archive file first."),
            Key::ImportDone => ("已导入。", "Imported."),
            Key::OpenImported => ("打开导入的评估", "Open the imported assessment"),
            Key::EvidenceIndex => ("证据索引", "Evidence index"),
            Key::File => ("文件", "File"),
            Key::AddedBy => ("上传人", "Added by"),
            Key::UpgradeSeeChanges => ("查看升级会改变什么", "See what upgrading changes"),
            Key::UpgradeTitle => ("升级问卷版本", "Upgrade the questionnaire version"),
            Key::UpgradeNone => (
                "本评估已使用问卷的最新版本，无需升级。",
                "This assessment already uses the newest version of its questionnaire.",
            ),
            Key::UpgradeMoved => ("移动的答案", "Answers moved"),
            Key::UpgradeMovedHelp => (
                "这些答案随问题编号变更移到新的问题下。",
                "These answers move to the question that now has them under another id.",
            ),
            Key::UpgradeReconfirm => ("需重新确认的答案", "Answers to confirm again"),
            Key::UpgradeReconfirmHelp => (
                "升级后这些答案标为“沿用待确认”，确认或修改后标记消失。",
                "After the upgrade these answers are marked as carried over until they are confirmed or changed.",
            ),
            Key::UpgradeRemoved => ("删除的问题", "Questions removed"),
            Key::UpgradeRemovedHelp => (
                "新版本不再有这些问题的位置，其中的内容不会带入新版本（审计记录中保留）。",
                "The new version has no place for these questions; what they held does not come along (the audit log keeps it).",
            ),
            Key::UpgradeAdded => ("新问题", "New questions"),
            Key::UpgradeAddedHelp => (
                "这些问题是新增的，升级后尚未作答。",
                "These questions are new and start unanswered.",
            ),
            Key::UpgradeFactsDropped => ("不再采用的画像信息", "Profile facts dropped"),
            Key::UpgradeFactsDroppedHelp => (
                "新版本不再询问这些画像信息或不再提供所选选项，其答案将被清除。",
                "The new version no longer asks these profile facts or no longer offers the option chosen; their answers are cleared.",
            ),
            Key::UpgradeFilesMoved => ("移动的证据和整改计划", "Evidence and remediation moved"),
            Key::UpgradeNothing => ("无", "None"),
            Key::UpgradeOldId => ("原编号", "Old id"),
            Key::UpgradeNewId => ("新编号", "New id"),
            Key::UpgradeReason => ("原因", "Reason"),
            Key::UpgradeHeld => ("原有内容", "What it held"),
            Key::UpgradeHeldNothing => ("无内容", "Nothing"),
            Key::UpgradeHeldRemediation => ("整改计划", "Remediation plan"),
            Key::UpgradeWhat => ("内容", "What"),
            Key::ReasonReplaces => ("编号变更", "renumbered"),
            Key::ReasonText => ("题目文字变更", "question text changed"),
            Key::ReasonCitations => ("依据条款变更", "citations changed"),
            Key::ReasonApplies => ("适用条件变更", "applicability changed"),
            Key::ReasonOther => ("其他变更", "other change"),
            Key::UpgradeNotDraft => (
                "已提交的评估不能升级：请先退回草稿。",
                "A submitted assessment cannot be upgraded: reopen it as a draft first.",
            ),
            Key::UpgradeReadOnly => (
                "已批准或已归档的评估不再更改，不能升级。",
                "An approved or archived assessment takes no more changes and cannot be upgraded.",
            ),
            Key::UpgradeUnsaved => (
                "请等待所有更改保存后再升级。",
                "Wait until every change is saved before upgrading.",
            ),
            Key::UpgradeRunning => ("正在升级…", "Upgrading…"),
            Key::UpgradeFailed => ("未能升级：", "Not upgraded: "),
            Key::UpgradedNote => (
                "此答案来自问卷版本升级，尚未确认。",
                "This answer comes from upgrading the questionnaire version and is not yet confirmed.",
            ),
            Key::WorkbookTitle => ("导入填报工作簿", "Import a fill-in workbook"),
            Key::WorkbookIntro => (
                "下载填报工作簿，交各部门在 Excel 中填写答案、不适用理由和备注，再在此上传。先预览文件将作出的更改；确认后一次全部应用，有错误的文件不作任何更改。",
                "Download the fill-in workbook, have departments enter answers, reasons for N/A and notes in Excel, then upload it here. First preview what the file changes; once confirmed it is applied all at once, and a file with errors changes nothing.",
            ),
            Key::WorkbookLink => ("导入填报工作簿", "Import a workbook"),
            Key::WorkbookAsideTitle => ("用 Excel 填报", "Answer in Excel"),
            Key::WorkbookAsideBody => (
                "可下载填报工作簿离线作答，再上传导入。",
                "Answer offline in the fill-in workbook, then upload it.",
            ),
            Key::WorkbookFile => ("填好的工作簿", "Answered workbook"),
            Key::WorkbookPreview => ("上传并预览", "Upload and preview"),
            Key::WorkbookChecking => ("正在检查…", "Checking…"),
            Key::WorkbookNoFile => (
                "请先选择填好的工作簿（.xlsx）。",
                "Choose the answered workbook (.xlsx) first.",
            ),
            Key::WorkbookReadOnly => (
                "已批准或已归档的评估不再更改，不能导入工作簿。",
                "An approved or archived assessment takes no more changes, so no workbook can be imported.",
            ),
            Key::WorkbookErrorsTitle => ("错误", "Errors"),
            Key::WorkbookCell => ("单元格", "Cell"),
            Key::WorkbookProblem => ("问题", "Problem"),
            Key::WorkbookChangesTitle => ("将作出的更改", "Changes"),
            Key::WorkbookBefore => ("现在", "Now"),
            Key::WorkbookAfter => ("应用后", "After"),
            Key::WorkbookConflictsTitle => ("冲突", "Conflicts"),
            Key::WorkbookConflictsHelp => (
                "下载工作簿之后，这些答案在自评中也被修改过。应用工作簿会用其中的答案覆盖这些修改。",
                "These answers were also changed in Ziping after the workbook was downloaded. Applying the workbook overwrites those changes with its answers.",
            ),
            Key::WorkbookInFile => ("工作簿中的答案", "In the workbook"),
            Key::WorkbookInZiping => ("自评中的当前答案", "Now in Ziping"),
            Key::WorkbookOverwrite => (
                "用工作簿中的答案覆盖这些修改",
                "Overwrite these changes with the workbook's answers",
            ),
            Key::WorkbookApply => ("应用", "Apply"),
            Key::WorkbookApplying => ("正在应用…", "Applying…"),
            Key::WorkbookNothing => (
                "工作簿与当前答案相同，没有要应用的更改。",
                "The workbook says what Ziping already holds; there is nothing to apply.",
            ),
            Key::WorkbookUnsaved => (
                "请等待所有更改保存后再应用。",
                "Wait until every change is saved before applying.",
            ),
            Key::WorkbookConfirmOverwrite => (
                "有冲突：请先确认覆盖，或重新下载工作簿。",
                "There are conflicts: confirm overwriting them first, or download the workbook again.",
            ),
            Key::WorkbookFailed => ("未能应用：", "Not applied: "),
            Key::WorkbookToWizard => ("返回问卷", "Back to the questionnaire"),
            Key::UpgradeStale => (
                "本评估在此页打开后已被修改，未升级。下面是按当前内容重新计算的变化，请核对后再升级。",
                "The assessment changed after this page was opened and was not upgraded. The changes below are worked out again from what it holds now; check them and upgrade again.",
            ),
            Key::TabCompare => ("周期对比", "Compare"),
            Key::CompareWithPrevious => ("与上一周期对比", "Compare with the cycle before"),
            Key::CompareTitle => ("评估周期对比", "Review cycles compared"),
            Key::CompareWith => ("对比的周期", "Compare with"),
            Key::CompareNoOther => (
                "该单位尚无本问卷（及本App）的其他评估周期，无可对比。",
                "The organization has no other review cycle of this questionnaire (and App) to compare with.",
            ),
            Key::CompareChange => ("变化", "Change"),
            Key::CompareCounts => ("各评估项的变化", "How the questions moved"),
            Key::CompareGaps => ("差距", "Gaps"),
            Key::CompareGapsClosed => ("已消除的差距", "Gaps closed"),
            Key::CompareGapsOpened => ("新出现的差距", "Gaps opened"),
            Key::CompareByDomain => ("各领域得分变化", "Score change by domain"),
            Key::CompareByInstrument => ("各法规得分变化", "Score change by instrument"),
            Key::CompareQuestions => ("逐项对比", "Question by question"),
            Key::CompareKind => ("变化类型", "Kind of change"),
            Key::CompareAllKinds => ("全部类型", "All kinds"),
            Key::CompareAllDomains => ("全部领域", "All domains"),
            Key::CompareDaysOverdue => ("逾期天数", "Days overdue"),
            Key::Domain => ("领域", "Domain"),
            Key::Instrument => ("法规", "Instrument"),
            Key::MovementImproved => ("改善", "Improved"),
            Key::MovementRegressed => ("退步", "Regressed"),
            Key::MovementUnchanged => ("不变", "Unchanged"),
            Key::MovementNew => ("新增", "New"),
            Key::MovementRemoved => ("移除", "Removed"),
            Key::StandingAbsent => ("（无此项）", "(not in that version)"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Why a unified social credit code is not valid, naming the character at fault.
pub fn uscc_error(error: &UsccError, lang: Lang) -> String {
    match (error, lang) {
        (UsccError::Length { len: 0, .. }, Lang::Zh) => "请输入统一社会信用代码".to_owned(),
        (UsccError::Length { len: 0, .. }, Lang::En) => {
            "Enter the unified social credit code".to_owned()
        }
        (UsccError::Length { len, .. }, Lang::Zh) => format!("应为 18 位，当前 {len} 位"),
        (UsccError::Length { len, .. }, Lang::En) => {
            format!("must be 18 characters; this has {len}")
        }
        (
            UsccError::Character {
                position, found, ..
            },
            Lang::Zh,
        ) => format!(
            "第 {position} 位“{found}”不是有效字符（代码只用数字和除 I、O、Z、S、V 以外的大写字母）"
        ),
        (
            UsccError::Character {
                position, found, ..
            },
            Lang::En,
        ) => format!(
            "character {position}, “{found}”, is not allowed (digits and capital letters except I, O, Z, S, V)"
        ),
        (
            UsccError::Division {
                position, found, ..
            },
            Lang::Zh,
        ) => {
            format!("第 3–8 位是行政区划码，应为数字；第 {position} 位是“{found}”")
        }
        (
            UsccError::Division {
                position, found, ..
            },
            Lang::En,
        ) => format!(
            "characters 3–8 are the administrative division code and must be digits; character {position} is “{found}”"
        ),
        (
            UsccError::CheckDigit {
                expected, found, ..
            },
            Lang::Zh,
        ) => {
            format!("校验位（第 18 位）应为“{expected}”，实际为“{found}”，请核对代码")
        }
        (
            UsccError::CheckDigit {
                expected, found, ..
            },
            Lang::En,
        ) => format!(
            "the check digit (character 18) should be “{expected}”, not “{found}”; check the code"
        ),
    }
}

/// A platform's name, as the report prints it too.
pub fn platform(platform: Platform, lang: Lang) -> String {
    platform.label().get(lang).to_owned()
}

/// An App in one line: name, platform, version and package id where given.
pub fn subject_line(subject: &Subject, lang: Lang) -> String {
    let mut line = format!("{} · {}", subject.name, platform(subject.platform, lang));
    if !subject.version.is_empty() {
        line.push_str(match lang {
            Lang::Zh => " · 版本 ",
            Lang::En => " · version ",
        });
        line.push_str(&subject.version);
    }
    if !subject.package_id.is_empty() {
        line.push_str(" · ");
        line.push_str(&subject.package_id);
    }
    line
}

/// Why the App typed in is not valid, naming the field.
pub fn subject_error(error: &SubjectError, lang: Lang) -> String {
    let field = |field: &str| {
        let key = match field {
            "subject.version" => Key::AppVersion,
            "subject.package_id" => Key::AppPackageId,
            _ => Key::AppNameField,
        };
        key.text(lang)
    };
    match (error, lang) {
        (SubjectError::Blank { .. }, Lang::Zh) => "请填写App名称".to_owned(),
        (SubjectError::Blank { .. }, Lang::En) => "Give the App's name".to_owned(),
        (SubjectError::TooLong { field: f, len, max }, Lang::Zh) => {
            format!("{}最多 {max} 个字符，现为 {len} 个", field(f))
        }
        (SubjectError::TooLong { field: f, len, max }, Lang::En) => {
            format!(
                "{} has {len} characters; at most {max} are allowed",
                field(f)
            )
        }
        (SubjectError::Control { field: f }, Lang::Zh) => {
            format!("{}不能包含换行等控制字符", field(f))
        }
        (SubjectError::Control { field: f }, Lang::En) => {
            format!(
                "{} cannot contain a line break or another control character",
                field(f)
            )
        }
        (SubjectError::Platform { .. }, _) => Key::AppPlatformChoose.text(lang).to_owned(),
        (SubjectError::PackageId { given }, Lang::Zh) => {
            format!("包名只能包含英文字母、数字、“.”、“_”和“-”，不能包含“{given}”")
        }
        (SubjectError::PackageId { given }, Lang::En) => format!(
            "a package name has only ASCII letters, digits, “.”, “_” and “-”, not “{given}”"
        ),
    }
}

/// The line above the errors of an uploaded workbook.
pub fn workbook_errors(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("工作簿有 {count} 处错误，未作任何更改。请改正后重新上传。"),
        Lang::En => format!(
            "The workbook has {count} error{}; nothing was changed. Correct {} and upload it again.",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it" } else { "them" }
        ),
    }
}

/// What a previewed workbook would do.
pub fn workbook_summary(lang: Lang, changes: usize, conflicts: usize, unchanged: usize) -> String {
    match lang {
        Lang::Zh => {
            let conflicts = if conflicts > 0 {
                format!("，另有 {conflicts} 个冲突")
            } else {
                String::new()
            };
            format!(
                "工作簿将更改 {changes} 个答案{conflicts}；{unchanged} 行没有变化。尚未作任何更改。"
            )
        }
        Lang::En => {
            let conflicts = if conflicts > 0 {
                format!(", and has {conflicts} conflict{}", plural(conflicts))
            } else {
                String::new()
            };
            format!(
                "The workbook changes {changes} answer{}{conflicts}; {unchanged} unchanged row{}. Nothing has been changed yet.",
                plural(changes),
                plural(unchanged)
            )
        }
    }
}

/// What applying a workbook saved.
pub fn workbook_applied(lang: Lang, saved: usize, overwritten: usize) -> String {
    match (lang, overwritten) {
        (Lang::Zh, 0) => format!("已应用工作簿：保存了 {saved} 个答案。"),
        (Lang::Zh, _) => {
            format!(
                "已应用工作簿：保存了 {saved} 个答案，其中 {overwritten} 个覆盖了自评中的修改。"
            )
        }
        (Lang::En, 0) => format!("Workbook applied: {saved} answer{} saved.", plural(saved)),
        (Lang::En, _) => format!(
            "Workbook applied: {saved} answer{} saved, {overwritten} of them over a change made in Ziping.",
            plural(saved)
        ),
    }
}

/// Who changed an answer in Ziping, and when.
pub fn changed_by(lang: Lang, by: &str, at: &str) -> String {
    match lang {
        Lang::Zh => format!("{by} 于 {at} 修改"),
        Lang::En => format!("changed by {by} on {at}"),
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The remark on an answer carried over from `cycle` and not confirmed yet.
pub fn carried_notice(lang: Lang, cycle: &str, by: &str, at: &str) -> String {
    match lang {
        Lang::Zh => format!("此答案沿用自 {cycle}（{by}，{at}），尚未在本周期确认。"),
        Lang::En => format!(
            "This answer is carried over from {cycle} ({by}, {at}) and not yet confirmed in this cycle."
        ),
    }
}

/// The notice on an assessment pinned to an older questionnaire version.
pub fn upgrade_available(lang: Lang, version: &str) -> String {
    match lang {
        Lang::Zh => format!("问卷有新版本 {version}"),
        Lang::En => format!("A newer questionnaire version {version} is available"),
    }
}

/// The upgrade button.
pub fn upgrade_to(lang: Lang, version: &str) -> String {
    match lang {
        Lang::Zh => format!("升级到 {version}"),
        Lang::En => format!("Upgrade to {version}"),
    }
}

/// The line under the upgrade page's title.
pub fn upgrade_intro(lang: Lang, questionnaire: &str, from: &str, to: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "本评估使用《{questionnaire}》{from} 版。升级到 {to} 版会作出以下改变；升级前不会改变任何内容。"
        ),
        Lang::En => format!(
            "This assessment uses version {from} of “{questionnaire}”. Upgrading to {to} makes the changes below; nothing changes before you upgrade."
        ),
    }
}

/// The compare page's opening line: which cycle, in which questionnaire version, to which.
pub fn compare_intro(
    lang: Lang,
    before: &str,
    before_version: &str,
    after: &str,
    after_version: &str,
) -> String {
    match lang {
        Lang::Zh => format!(
            "从 {before}（问卷 {before_version} 版）到 {after}（问卷 {after_version} 版）的变化。"
        ),
        Lang::En => format!(
            "What changed from {before} (questionnaire version {before_version}) to {after} (version {after_version})."
        ),
    }
}

/// How many questions the compare page's filters leave, of how many.
pub fn compare_shown(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("显示 {shown} / {total} 项"),
        Lang::En => format!("Showing {shown} of {total} questions"),
    }
}

/// The gaps of both cycles.
pub fn compare_still_open(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("两个周期均存在的差距：{count} 项"),
        Lang::En => format!(
            "{count} gap{} open in both cycles",
            if count == 1 { "" } else { "s" }
        ),
    }
}

/// The heading of the overdue remediation items, with the day they are overdue on.
pub fn compare_overdue(lang: Lang, as_of: &str) -> String {
    match lang {
        Lang::Zh => format!("截至 {as_of} 逾期的整改项"),
        Lang::En => format!("Remediation items overdue on {as_of}"),
    }
}

/// A removed question's remark when another new question takes its place.
pub fn superseded_by(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("由 {id} 取代"),
        Lang::En => format!("superseded by {id}"),
    }
}

/// How many answers are carried over and not confirmed yet.
pub fn carried_count(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Zh => format!("{count} 个答案沿用自上一周期，尚未确认"),
        Lang::En => format!(
            "{count} answer{} carried over from the previous cycle, not yet confirmed",
            if count == 1 { "" } else { "s" }
        ),
    }
}

/// The cycle after `cycle`: its first year (2000–2999) plus one, or `None` without a year.
pub fn next_cycle(lang: Lang, cycle: &str) -> Option<String> {
    let digits: Vec<char> = cycle.chars().collect();
    digits.windows(4).find_map(|w| {
        let year: String = w.iter().collect();
        let year: u32 = year.parse().ok()?;
        (2000..3000)
            .contains(&year)
            .then(|| default_cycle(lang, year + 1))
    })
}

/// Why a change is not saved yet.
pub fn problem_text(problem: &Problem, lang: Lang) -> String {
    match (problem, lang) {
        (Problem::NeedsValue, Lang::Zh) => "请先选择答案，备注将随答案一起保存".to_owned(),
        (Problem::NeedsValue, Lang::En) => {
            "Choose an answer first; the note is saved with it".to_owned()
        }
        (Problem::NeedsReason, Lang::Zh) => "请填写不适用理由，填写后自动保存".to_owned(),
        (Problem::NeedsReason, Lang::En) => {
            "Give the reason why it does not apply; it is saved once given".to_owned()
        }
        (Problem::Server(message), Lang::Zh) => format!("未保存：{message}"),
        (Problem::Server(message), Lang::En) => format!("Not saved: {message}"),
    }
}

/// The scoring method and thresholds in one line, as printed under the readiness reasons.
pub fn method_line(thresholds: &Thresholds, lang: Lang) -> String {
    let (ready, largely) = (display(thresholds.ready), display(thresholds.largely_ready));
    match lang {
        Lang::Zh => format!(
            "评分方法 {METHOD_VERSION}：就绪门槛 {ready}，基本就绪门槛 {largely}；未作答按不符合计入就绪度判定。"
        ),
        Lang::En => format!(
            "Scoring method {METHOD_VERSION}: Ready at {ready}, Largely ready at {largely}; unanswered questions count as non-compliant for readiness."
        ),
    }
}

/// The suggested label of a new review cycle.
pub fn default_cycle(lang: Lang, year: u32) -> String {
    match lang {
        Lang::Zh => format!("{year} 年度"),
        Lang::En => format!("{year}"),
    }
}

/// Suggestions for the industry field (free text is allowed).
pub fn industries(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Zh => &[
            "工业（制造业）",
            "电信和互联网",
            "软件和信息技术服务",
            "无线电",
            "能源",
            "交通运输",
            "金融",
            "医疗健康",
            "零售和电子商务",
        ],
        Lang::En => &[
            "Industry (manufacturing)",
            "Telecom and internet",
            "Software and IT services",
            "Radio",
            "Energy",
            "Transport",
            "Finance",
            "Health care",
            "Retail and e-commerce",
        ],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_cycle_is_the_year_after_the_first_year_named() {
        assert_eq!(
            next_cycle(Lang::Zh, "2026 年度").as_deref(),
            Some("2027 年度")
        );
        assert_eq!(next_cycle(Lang::En, "FY2026").as_deref(), Some("2027"));
        assert_eq!(
            next_cycle(Lang::Zh, "2025-2026 年度").as_deref(),
            Some("2026 年度")
        );
        assert_eq!(next_cycle(Lang::Zh, "第一次评估"), None);
        assert_eq!(next_cycle(Lang::Zh, "1999 年"), None);
    }
}

/// The audit log in words, for the history page: one function per kind of sentence, each in
/// both languages.
pub mod history {
    use questionnaires::contract::AuditAction;

    use super::Lang;

    fn say(lang: Lang, zh: String, en: String) -> String {
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn chain_ok(lang: Lang, events: i64) -> String {
        say(
            lang,
            format!("审计记录链完整：全部 {events} 条记录的哈希已逐条核验，无改动、删除或重排。"),
            format!(
                "The audit chain is intact: the hashes of all {events} events were checked one by one; nothing was edited, removed or reordered."
            ),
        )
    }

    pub fn chain_broken(lang: Lang, id: i64, reason: &str) -> String {
        say(
            lang,
            format!(
                "审计记录链在第 {id} 条记录处断开（{reason}）：该记录及其后的记录可能被改动，请用备份核对。"
            ),
            format!(
                "The audit chain breaks at event {id} ({reason}): that event and those after it may have been altered; check against a backup."
            ),
        )
    }

    pub fn created(lang: Lang, cycle: &str) -> String {
        say(
            lang,
            format!("创建评估（{cycle}）"),
            format!("Created the assessment ({cycle})"),
        )
    }

    pub fn carried_forward(
        lang: Lang,
        from: i64,
        answers: usize,
        evidence: u64,
        plans: u64,
    ) -> String {
        say(
            lang,
            format!(
                "，沿用评估 #{from} 的单位画像、{answers} 个答案、{evidence} 份证据和 {plans} 项整改"
            ),
            format!(
                ", carried forward from assessment #{from}: the profile, {answers} answers, {evidence} pieces of evidence and {plans} remediation items"
            ),
        )
    }

    /// A change of an assessment: `action` as the audit log names it; `status` the new one as
    /// shown.
    pub fn status_changed(lang: Lang, action: AuditAction, reason: &str, status: &str) -> String {
        let (zh, en) = match action {
            AuditAction::Submit => ("提交审核".to_owned(), "Submitted for review".to_owned()),
            AuditAction::Approve => ("批准".to_owned(), "Approved".to_owned()),
            AuditAction::Archive => ("归档".to_owned(), "Archived".to_owned()),
            AuditAction::Reopen => (
                format!("退回草稿，理由：{reason}"),
                format!("Reopened as a draft: {reason}"),
            ),
            _ => (
                format!("状态改为{status}"),
                format!("Status changed to {status}"),
            ),
        };
        say(lang, zh, en)
    }

    pub fn profile(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "单位画像",
            Lang::En => "Profile",
        }
    }

    /// `fact: before → after`.
    pub fn fact_changed(lang: Lang, fact: &str, before: &str, after: &str) -> String {
        say(
            lang,
            format!("{fact}：{before} → {after}"),
            format!("{fact}: {before} → {after}"),
        )
    }

    /// Between the facts changed in one event.
    pub fn separator(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        }
    }

    /// A profile fact's value: yes, no, or not set (`None`).
    pub fn yes_no(lang: Lang, value: Option<bool>) -> &'static str {
        match (value, lang) {
            (Some(true), Lang::Zh) => "是",
            (Some(true), Lang::En) => "yes",
            (Some(false), Lang::Zh) => "否",
            (Some(false), Lang::En) => "no",
            (None, Lang::Zh) => "未填",
            (None, Lang::En) => "not set",
        }
    }

    /// An answer's side of a change when there is none.
    pub fn unanswered(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "未作答",
            Lang::En => "unanswered",
        }
    }

    pub fn answer_confirmed(lang: Lang, question: &str, value: &str) -> String {
        say(
            lang,
            format!("{question}：确认沿用的答案“{value}”"),
            format!("{question}: confirmed the carried-over answer “{value}”"),
        )
    }

    pub fn answer_changed(lang: Lang, question: &str, before: &str, after: &str) -> String {
        say(
            lang,
            format!("{question}：{before} → {after}"),
            format!("{question}: {before} → {after}"),
        )
    }

    /// The reason for 不适用, after the answer.
    pub fn na_reason(lang: Lang, reason: &str) -> String {
        say(
            lang,
            format!("（理由：{reason}）"),
            format!(" (reason: {reason})"),
        )
    }

    pub fn note_changed(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "，备注已修改",
            Lang::En => ", note changed",
        }
    }

    pub fn evidence(lang: Lang, removed: bool, question: &str, what: &str) -> String {
        match (removed, lang) {
            (true, Lang::Zh) => format!("{question}：删除证据“{what}”"),
            (true, Lang::En) => format!("{question}: removed the evidence “{what}”"),
            (false, Lang::Zh) => format!("{question}：添加证据“{what}”"),
            (false, Lang::En) => format!("{question}: added the evidence “{what}”"),
        }
    }

    /// A remediation change: its status, owner and due date, as far as given.
    pub fn remediation(lang: Lang, question: &str, parts: &str) -> String {
        say(
            lang,
            format!("{question}：整改 {parts}"),
            format!("{question}: remediation {parts}"),
        )
    }

    pub fn report(lang: Lang, report_lang: &str, sha: &str) -> String {
        say(
            lang,
            format!("生成已批准评估的报告（{report_lang}），PDF 的 SHA-256 {sha}…"),
            format!(
                "Generated the approved assessment's report ({report_lang}), PDF SHA-256 {sha}…"
            ),
        )
    }
}
