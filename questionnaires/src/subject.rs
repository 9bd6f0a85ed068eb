//! The subject of an assessment: the App it assesses, where the organization publishes several.
//! One type with its limits, its validation and the rule that decides whether two subjects are
//! the same App, shared by the server (which stores and checks it), the browser (which offers an
//! App's previous cycle) and the report (which prints it), so that they cannot drift apart.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Text;

/// The platform an App is published on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Android,
    Ios,
    Harmonyos,
    /// A mini program inside a host App (WeChat, Alipay, Douyin, …).
    MiniProgram,
}

impl Platform {
    pub const ALL: [Platform; 4] = [
        Platform::Android,
        Platform::Ios,
        Platform::Harmonyos,
        Platform::MiniProgram,
    ];

    /// The value in JSON and in the database: `android`, `ios`, `harmonyos`, `mini_program`.
    pub fn tag(self) -> &'static str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
            Platform::Harmonyos => "harmonyos",
            Platform::MiniProgram => "mini_program",
        }
    }

    pub fn parse(tag: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.tag() == tag)
    }

    /// The platform's name for people.
    pub fn label(self) -> Text {
        match self {
            Platform::Android => Text::new("Android", "Android"),
            Platform::Ios => Text::new("iOS", "iOS"),
            Platform::Harmonyos => Text::new("鸿蒙（HarmonyOS）", "HarmonyOS"),
            Platform::MiniProgram => Text::new("小程序", "Mini program"),
        }
    }

    /// What the package id is called on this platform.
    pub fn package_label(self) -> Text {
        match self {
            Platform::Android => Text::new("包名", "Package name"),
            Platform::Ios => Text::new("Bundle ID", "Bundle ID"),
            Platform::Harmonyos => Text::new("包名（bundleName）", "Bundle name"),
            Platform::MiniProgram => Text::new("AppID", "AppID"),
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// The App an assessment is about. Valid by construction through [`Subject::parse`]: a name and
/// a platform, and optionally the version assessed and the package name / bundle id, each
/// trimmed and within its limit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subject {
    /// The App's name as users see it, e.g. `示例商城`.
    pub name: String,
    pub platform: Platform,
    /// The version assessed, e.g. `5.2.0`; empty when not given. A new release is a new cycle
    /// of the same App.
    #[serde(default)]
    pub version: String,
    /// The Android package name, iOS bundle id, HarmonyOS bundle name or mini program AppID;
    /// empty when not given.
    #[serde(default)]
    pub package_id: String,
}

/// Why a subject was refused. `field` names the field as the API does (`subject.name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubjectError {
    Blank {
        field: &'static str,
    },
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    /// A line break or another control character in a one-line field.
    Control {
        field: &'static str,
    },
    /// Not one of the platforms (or none given).
    Platform {
        given: String,
    },
    /// A character a package name, bundle id or AppID never has.
    PackageId {
        given: char,
    },
}

impl fmt::Display for SubjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubjectError::Blank { field } => write!(f, "`{field}` must not be blank"),
            SubjectError::TooLong { field, len, max } => {
                write!(
                    f,
                    "`{field}` has {len} characters; at most {max} are allowed"
                )
            }
            SubjectError::Control { field } => write!(
                f,
                "`{field}` contains a control character (such as a line break) where none is allowed"
            ),
            SubjectError::Platform { given } => {
                let all: Vec<&str> = Platform::ALL.iter().map(|p| p.tag()).collect();
                if given.trim().is_empty() {
                    write!(
                        f,
                        "`subject.platform` is missing; give one of: {}",
                        all.join(", ")
                    )
                } else {
                    write!(
                        f,
                        "`subject.platform` is `{given}`, which is not a platform; give one of: {}",
                        all.join(", ")
                    )
                }
            }
            SubjectError::PackageId { given } => write!(
                f,
                "`subject.package_id` contains `{given}`; a package name, bundle id or AppID has \
                 only ASCII letters, digits, `.`, `_` and `-`"
            ),
        }
    }
}

impl std::error::Error for SubjectError {}

impl Subject {
    /// Longest App name, in characters.
    pub const NAME_MAX: usize = 100;
    /// Longest version, in characters.
    pub const VERSION_MAX: usize = 50;
    /// Longest package name / bundle id / AppID, in characters (Android's limit on a package
    /// name is the 255 of a file name).
    pub const PACKAGE_ID_MAX: usize = 255;

    /// Checks and trims a subject as it comes from a form or a request.
    pub fn parse(
        name: &str,
        platform: &str,
        version: &str,
        package_id: &str,
    ) -> Result<Subject, SubjectError> {
        let name = line("subject.name", name, Subject::NAME_MAX)?;
        if name.is_empty() {
            return Err(SubjectError::Blank {
                field: "subject.name",
            });
        }
        let platform = Platform::parse(platform.trim()).ok_or_else(|| SubjectError::Platform {
            given: platform.trim().to_owned(),
        })?;
        let version = line("subject.version", version, Subject::VERSION_MAX)?;
        let package_id = line("subject.package_id", package_id, Subject::PACKAGE_ID_MAX)?;
        if let Some(bad) = package_id
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(SubjectError::PackageId { given: bad });
        }
        Ok(Subject {
            name,
            platform,
            version,
            package_id,
        })
    }

    /// Whether `other` is the same App, so that one's assessment is the next cycle of the
    /// other's: the same package id (when both give one), or the same name on the same
    /// platform. The version never matters: a new release is a new cycle of the same App.
    pub fn same_app(&self, other: &Subject) -> bool {
        let same_package = match (self.package_key(), other.package_key()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        same_package || (self.platform == other.platform && self.name_key() == other.name_key())
    }

    /// The name as compared: runs of white space as one space, lower case.
    pub fn name_key(&self) -> String {
        self.name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// The package id as compared (ASCII lower case); `None` when not given.
    pub fn package_key(&self) -> Option<String> {
        (!self.package_id.is_empty()).then(|| self.package_id.to_ascii_lowercase())
    }
}

impl fmt::Display for Subject {
    /// `示例商城 (android 5.2.0, com.example.shop)`, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.name, self.platform)?;
        if !self.version.is_empty() {
            write!(f, " {}", self.version)?;
        }
        if !self.package_id.is_empty() {
            write!(f, ", {}", self.package_id)?;
        }
        f.write_str(")")
    }
}

/// Whether two assessments' subjects make them cycles of the same series: both of the whole
/// organization, or both of the same App.
pub fn same_subject(a: Option<&Subject>, b: Option<&Subject>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.same_app(b),
        _ => false,
    }
}

/// A trimmed one-line text of at most `max` characters (possibly empty).
fn line(field: &'static str, value: &str, max: usize) -> Result<String, SubjectError> {
    let value = value.trim();
    let len = value.chars().count();
    if len > max {
        return Err(SubjectError::TooLong { field, len, max });
    }
    if value.chars().any(char::is_control) {
        return Err(SubjectError::Control { field });
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(name: &str, platform: &str, version: &str, package: &str) -> Subject {
        match Subject::parse(name, platform, version, package) {
            Ok(subject) => subject,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_subject_is_trimmed_and_each_bad_field_is_named() {
        let s = app("  示例商城 ", "android", " 5.2.0 ", " com.example.shop ");
        assert_eq!(
            s,
            Subject {
                name: "示例商城".to_owned(),
                platform: Platform::Android,
                version: "5.2.0".to_owned(),
                package_id: "com.example.shop".to_owned(),
            }
        );
        assert_eq!(
            Subject::parse(" ", "ios", "", ""),
            Err(SubjectError::Blank {
                field: "subject.name"
            })
        );
        assert_eq!(
            Subject::parse(&"商".repeat(Subject::NAME_MAX + 1), "ios", "", ""),
            Err(SubjectError::TooLong {
                field: "subject.name",
                len: Subject::NAME_MAX + 1,
                max: Subject::NAME_MAX
            })
        );
        assert!(Subject::parse(&"商".repeat(Subject::NAME_MAX), "ios", "", "").is_ok());
        assert_eq!(
            Subject::parse("商城", "windows", "", ""),
            Err(SubjectError::Platform {
                given: "windows".to_owned()
            })
        );
        assert_eq!(
            Subject::parse("商城", "ios", "1\n2", ""),
            Err(SubjectError::Control {
                field: "subject.version"
            })
        );
        assert_eq!(
            Subject::parse("商城", "ios", "", "com.example/shop"),
            Err(SubjectError::PackageId { given: '/' })
        );
        for platform in Platform::ALL {
            assert_eq!(Platform::parse(platform.tag()), Some(platform));
            let json = serde_json::to_string(&platform).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", platform.tag()));
        }
        let message = Subject::parse("商城", "", "", "")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("mini_program"), "{message}");
    }

    #[test]
    fn the_same_app_is_the_same_package_or_the_same_name_on_the_same_platform() {
        let shop = app("示例商城", "android", "5.2.0", "com.example.shop");
        // A new release, the name written a little differently: the same App.
        assert!(shop.same_app(&app("示例商城", "android", "6.0.0", "")));
        assert!(app("Example  Shop", "ios", "", "").same_app(&app("example shop", "ios", "", "")));
        // Renamed, same package: the same App.
        assert!(shop.same_app(&app("示例商城 Pro", "android", "", "COM.example.shop")));
        // Same name on another platform, no common package: another App.
        assert!(!shop.same_app(&app("示例商城", "ios", "5.2.0", "")));
        // Another App of the organization.
        let ride = app("示例出行", "android", "5.2.0", "com.example.ride");
        assert!(!shop.same_app(&ride));
        assert!(same_subject(None, None));
        assert!(same_subject(Some(&shop), Some(&shop)));
        assert!(!same_subject(Some(&shop), Some(&ride)));
        assert!(!same_subject(Some(&shop), None));
    }
}
