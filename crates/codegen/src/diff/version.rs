//! The version after a set of changes, by Cargo's semver rules: the left-most non-zero number
//! is the "major" one, so on `0.y.z` a breaking change bumps `y` and an addition bumps `z`, and
//! on `0.0.z` every change is breaking.

use super::Severity;
use semver::Version;

/// Which number of the version changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The bump the most severe change needs from `from`, and the version it gives. A pre-release
/// or build suffix is dropped.
pub fn suggest(from: &Version, highest: Option<Severity>) -> (Bump, Version) {
    let bump = match (highest, from.major, from.minor) {
        (None, ..) => Bump::None,
        (Some(_), 0, 0) => Bump::Patch,
        (Some(Severity::Breaking), 0, _) => Bump::Minor,
        (Some(_), 0, _) => Bump::Patch,
        (Some(Severity::Breaking), ..) => Bump::Major,
        (Some(Severity::Minor), ..) => Bump::Minor,
        (Some(Severity::Patch), ..) => Bump::Patch,
    };
    let mut to = match bump {
        Bump::None => return (bump, from.clone()),
        Bump::Major => Version::new(from.major + 1, 0, 0),
        Bump::Minor => Version::new(from.major, from.minor + 1, 0),
        Bump::Patch => Version::new(from.major, from.minor, from.patch + 1),
    };
    // `1.0.0-rc.1` → `1.0.0` is already the release that follows a pre-release.
    if !from.pre.is_empty() && bump != Bump::None {
        let release = Version::new(from.major, from.minor, from.patch);
        let fits = match bump {
            Bump::Major => release.minor == 0 && release.patch == 0,
            Bump::Minor => release.patch == 0,
            _ => true,
        };
        if fits {
            to = release;
        }
    }
    (bump, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str, h: Option<Severity>) -> String {
        let (b, to) = suggest(&Version::parse(v).unwrap(), h);
        format!("{} {to}", b.as_str())
    }

    #[test]
    fn cargo_semver_rules() {
        use Severity::*;
        assert_eq!(s("1.2.3", Some(Breaking)), "major 2.0.0");
        assert_eq!(s("1.2.3", Some(Minor)), "minor 1.3.0");
        assert_eq!(s("1.2.3", Some(Patch)), "patch 1.2.4");
        assert_eq!(s("1.2.3", None), "none 1.2.3");
        // 0.x: the minor number is the breaking one.
        assert_eq!(s("0.3.1", Some(Breaking)), "minor 0.4.0");
        assert_eq!(s("0.3.1", Some(Minor)), "patch 0.3.2");
        assert_eq!(s("0.3.1", Some(Patch)), "patch 0.3.2");
        // 0.0.z: every release is incompatible with the last.
        assert_eq!(s("0.0.4", Some(Minor)), "patch 0.0.5");
        // A pre-release is followed by its release when that is a big enough step.
        assert_eq!(s("2.0.0-rc.1", Some(Breaking)), "major 2.0.0");
        assert_eq!(s("2.1.0-rc.1", Some(Breaking)), "major 3.0.0");
    }
}
