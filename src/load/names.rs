//! Which files are definitions: `include`, `extend-include` and `exclude` glob patterns of
//! `dpmlint.toml` and the command line (`spec/cli.md`), as ruff's options of the same names.
//!
//! A pattern without `/` matches a file's name wherever the file is (`*.dpm.yaml`,
//! `package.yaml`); a pattern with `/` matches its path relative to the folder of the config
//! that gives it (or the current folder, for the command line's): `packages/**/*.yaml`,
//! `archive/**`. Patterns ignore case, as Windows compares names. A file is a definition when
//! an `include` pattern (by default `package.yaml`, `package.yml`, `*.dpm.yaml`, `*.dpm.yml`) or
//! an `extend-include` pattern matches it and no `exclude` pattern does. Files named on the
//! command line are definitions whatever the patterns say.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// The default `include`.
pub const DEFAULT_INCLUDE: [&str; 4] = ["package.yaml", "package.yml", "*.dpm.yaml", "*.dpm.yml"];

/// Patterns given in one place (a config, or the command line), matched relative to `base`.
#[derive(Clone, Debug)]
struct Layer {
    base: PathBuf,
    /// Patterns without `/` that are a name or `*` and a name's end (`package.yaml`,
    /// `*.dpm.yaml`), in ASCII lower case, with whether `*` leads: compared directly, as the
    /// defaults are on every run, without building a regular expression.
    simple: Vec<(bool, String)>,
    /// Other patterns without `/`: matched against the file name.
    names: GlobSet,
    /// Patterns with `/`: matched against the path relative to `base`.
    paths: GlobSet,
}

impl Layer {
    fn new(base: &Path, patterns: &[String]) -> Result<Layer, (usize, String)> {
        let mut names = GlobSetBuilder::new();
        let mut paths = GlobSetBuilder::new();
        let mut simple = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            let glob = compile(pattern).map_err(|e| (index, e))?;
            let (star, rest) = pattern
                .strip_prefix('*')
                .map_or((false, pattern.as_str()), |r| (true, r));
            let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
            if !rest.is_empty() && rest.chars().all(plain) {
                simple.push((star, rest.to_ascii_lowercase()));
            } else if pattern.contains('/') {
                paths.add(glob);
            } else {
                names.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| (0, e.kind().to_string()));
        Ok(Layer {
            // Paths are compared absolute: the walk may give them either way.
            base: std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf()),
            simple,
            names: build(names)?,
            paths: build(paths)?,
        })
    }

    fn matches(&self, path: &Path) -> bool {
        let name_hit = path.file_name().is_some_and(|name| {
            let lower = name.to_string_lossy().to_ascii_lowercase();
            self.simple.iter().any(|(star, rest)| match star {
                true => lower.ends_with(rest.as_str()),
                false => lower == *rest,
            }) || self.names.is_match(name)
        });
        name_hit
            || (!self.paths.is_empty()
                && std::path::absolute(path).is_ok_and(|path| {
                    path.strip_prefix(&self.base).is_ok_and(|relative| {
                        let relative = relative.to_string_lossy().replace('\\', "/");
                        self.paths.is_match(relative.trim_start_matches("./"))
                    })
                }))
    }
}

/// One glob, case ignored, `*` not crossing `/`.
fn compile(pattern: &str) -> Result<Glob, String> {
    let trimmed = pattern.trim_start_matches("./");
    if trimmed.is_empty() {
        return Err("an empty pattern".to_owned());
    }
    GlobBuilder::new(trimmed)
        .case_insensitive(true)
        .literal_separator(true)
        .backslash_escape(false)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// Check one pattern (for config validation): the reason it is not a glob.
pub fn check(pattern: &str) -> Result<(), String> {
    compile(pattern).map(|_| ())
}

/// The patterns that decide which files are definitions.
#[derive(Clone, Debug)]
pub struct DefinitionNames {
    include: Vec<Layer>,
    extend: Vec<Layer>,
    exclude: Vec<Layer>,
}

impl Default for DefinitionNames {
    fn default() -> DefinitionNames {
        let patterns: Vec<String> = DEFAULT_INCLUDE.iter().map(|p| (*p).to_owned()).collect();
        let include = Layer::new(Path::new(""), &patterns).map_or_else(|_| Vec::new(), |layer| vec![layer]);
        DefinitionNames {
            include,
            extend: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

/// A pattern that is not a glob: which list, its index in it, and why.
#[derive(Debug)]
pub struct BadPattern {
    /// `include`, `extend-include` or `exclude`.
    pub key: &'static str,
    /// Its index in the list.
    pub index: usize,
    /// Why it is not a glob.
    pub reason: String,
}

impl DefinitionNames {
    /// The patterns of a config whose folder is `base` (`None` for a key not given).
    pub fn from_config(
        base: &Path,
        include: Option<&[String]>,
        extend_include: &[String],
        exclude: &[String],
    ) -> Result<DefinitionNames, BadPattern> {
        let layer = |key: &'static str, patterns: &[String]| {
            Layer::new(base, patterns).map_err(|(index, reason)| BadPattern { key, index, reason })
        };
        let mut names = DefinitionNames::default();
        if let Some(include) = include {
            names.include = vec![layer("include", include)?];
        }
        if !extend_include.is_empty() {
            names.extend.push(layer("extend-include", extend_include)?);
        }
        if !exclude.is_empty() {
            names.exclude.push(layer("exclude", exclude)?);
        }
        Ok(names)
    }

    /// These patterns and the command line's `--extend-include` and `--exclude`, matched relative
    /// to the current folder `cwd`.
    pub fn with_command_line(
        mut self,
        cwd: &Path,
        extend_include: &[String],
        exclude: &[String],
    ) -> Result<DefinitionNames, BadPattern> {
        let layer = |key: &'static str, patterns: &[String]| {
            Layer::new(cwd, patterns).map_err(|(index, reason)| BadPattern { key, index, reason })
        };
        if !extend_include.is_empty() {
            self.extend.push(layer("--extend-include", extend_include)?);
        }
        if !exclude.is_empty() {
            self.exclude.push(layer("--exclude", exclude)?);
        }
        Ok(self)
    }

    /// Whether the file at `path` (absolute, or relative to the current folder as the bases are)
    /// is a definition.
    pub fn is_definition(&self, path: &Path) -> bool {
        let included = self.include.iter().chain(&self.extend).any(|l| l.matches(path));
        included && !self.exclude.iter().any(|l| l.matches(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(patterns: &[&str]) -> Vec<String> {
        patterns.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn simple_patterns_match_as_their_globs_do() {
        let patterns = strings(&["package.yaml", "*.dpm.yml", "*-pkg.YAML"]);
        let fast = Layer::new(Path::new(""), &patterns).unwrap();
        let mut slow = GlobSetBuilder::new();
        for p in &patterns {
            slow.add(compile(p).unwrap());
        }
        let slow = slow.build().unwrap();
        assert_eq!(fast.simple.len(), 3, "all three take the direct comparison");
        for name in [
            "package.yaml",
            "PACKAGE.YAML",
            "apackage.yaml",
            "package.yaml.bak",
            "x.DPM.yml",
            ".dpm.yml",
            "dpm.yml",
            "a-pkg.yaml",
            "pkg.yaml",
            "パッケージ.dpm.yml",
        ] {
            assert_eq!(fast.matches(Path::new(name)), slow.is_match(name), "{name}");
        }
    }

    #[test]
    fn the_default_is_the_definition_names() {
        let names = DefinitionNames::default();
        for yes in ["a/package.yaml", "Package.YML", "x/ms08-067.dpm.yaml", "C.DPM.YML"] {
            assert!(names.is_definition(Path::new(yes)), "{yes}");
        }
        for no in ["dpmlint.toml", "a/package.yaml.bak", "pkg00001.yaml", "a/dpm.yaml"] {
            assert!(!names.is_definition(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn extend_include_adds_and_exclude_removes_relative_to_the_config() {
        let base = Path::new("/repo");
        let names = DefinitionNames::from_config(
            base,
            None,
            &strings(&["packages/**/*.yaml"]),
            &strings(&["archive/**", "*.draft.dpm.yaml"]),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(names.is_definition(Path::new("/repo/packages/a/pkg00001.yaml")));
        assert!(names.is_definition(Path::new("/repo/x/package.yaml")));
        assert!(!names.is_definition(Path::new("/repo/other/pkg00001.yaml")));
        assert!(!names.is_definition(Path::new("/repo/archive/old/package.yaml")));
        assert!(!names.is_definition(Path::new("/repo/x/ms08.draft.dpm.yaml")));
        // Relative to the config's folder, not to wherever a file is.
        assert!(!names.is_definition(Path::new("/elsewhere/packages/a/pkg00001.yaml")));
    }

    #[test]
    fn include_replaces_the_default() {
        let names = DefinitionNames::from_config(Path::new("/r"), Some(&strings(&["*.pkg.yml"])), &[], &[])
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(names.is_definition(Path::new("/r/a/b.PKG.yml")));
        assert!(!names.is_definition(Path::new("/r/a/package.yaml")));
    }

    #[test]
    fn a_bad_pattern_says_which_and_why() {
        let bad = DefinitionNames::from_config(Path::new("/r"), None, &strings(&["ok/*.yaml", "a/[b"]), &[]);
        let bad = bad.err().map(|b| (b.key, b.index, b.reason.is_empty()));
        assert_eq!(bad, Some(("extend-include", 1, false)));
    }
}
