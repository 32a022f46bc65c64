//! The command line: parsing arguments and calling the library. Kept thin on purpose.

use crate::diagnostic::Severity;
use crate::fix;
use crate::i18n::Lang;
use crate::linter;
use crate::load::config::{self, Config, Selection};
use crate::load::discover;
use crate::load::walk::Siblings;
use crate::platform::console::{self, Stream};
use crate::platform::paths;
use crate::report::baseline::{self, Baseline};
use crate::report::{self, Format};
use crate::rules::{RULES, find_rule};
use crate::tr;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The JSON Schema of the definition format (the same file as `schemas/package.schema.json`).
pub const SCHEMA: &str = include_str!("../schemas/package.schema.json");

/// dpmlint: a linter for DeploymentManager package definitions.
#[derive(Debug, Parser)]
#[command(name = "dpmlint", bin_name = "dpmlint", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Language of messages (default: the Windows display language; elsewhere LC_ALL /
    /// LC_MESSAGES / LANG; else English).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// When to use colour (NO_COLOR is honoured).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// How report frames are drawn (auto: ASCII on a Windows console whose code page is not
    /// UTF-8, such as CP932; box characters everywhere else, files and pipes included).
    #[arg(long, global = true, value_enum, default_value_t = ThemeArg::Auto)]
    pub theme: ThemeArg,
    #[command(subcommand)]
    pub command: Command,
}

/// `--lang`
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// English
    En,
    /// 日本語
    Ja,
}

/// `--color`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `--theme`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// ASCII on a console that cannot draw box characters, else unicode.
    Auto,
    /// Box characters (─ │ ╭ ╰).
    Unicode,
    /// Plain ASCII (| - ^).
    Ascii,
}

/// How output to one stream looks: colour and frames.
#[derive(Clone, Copy, Debug)]
struct Look {
    color: bool,
    ascii: bool,
}

impl Look {
    fn of(cli_color: ColorArg, theme: ThemeArg, stream: Stream) -> Look {
        let to_terminal = match stream {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        };
        let color = match cli_color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        // A Windows console shows escape codes as text unless they are turned on.
        let color = color && console::enable_colors(stream);
        let ascii = match theme {
            ThemeArg::Ascii => true,
            ThemeArg::Unicode => false,
            ThemeArg::Auto => !console::draws_boxes(stream),
        };
        Look { color, ascii }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per run; on Windows a PathBuf is larger and tips the lint"
)]
pub enum Command {
    /// Lint definitions: files, folders (walked, honouring .gitignore), or - for standard input.
    Check(CheckArgs),
    /// Print what dpmlint reads from PE files: machine, file and product versions, translations,
    /// version-resource strings; or why it cannot. For a folder, what it concludes about a
    /// reference root: Windows release, service pack, architecture, language, and from which file.
    Inspect {
        /// PE files (installers, DLLs, …), or reference roots (folders): what dpmlint concludes
        /// about a root's Windows release, service pack, architecture and language, and from which file.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = InspectFormat::Human)]
        format: InspectFormat,
    },
    /// Write a definition for an installer: type, OS, language, MS number and KB from its name,
    /// its version resource and the catalogs; identification from an extracted payload. Fields it
    /// cannot decide are written commented out with the choices. Exit status: 0 every field
    /// decided, 1 fields left to decide or values `check` will report (listed on standard
    /// error), 2 nothing written.
    Init(InitArgs),
    /// Print a rule's full documentation.
    Explain {
        /// The rule's code, e.g. DPM401 (or its name).
        code: String,
    },
    /// List the rules: code, name, default severity, fix availability.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print the JSON Schema of the definition format.
    Schema,
    /// Print a shell completion script (bash, zsh, fish or powershell); docs/cli.md says where
    /// each shell reads it from.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// Run the language server over standard input and output (LSP), for editors: diagnostics as
    /// you type, quick fixes, the rules' documentation on hover, completion of OS names,
    /// languages and MS numbers.
    Server {
        /// Where the rule pages (docs/rules/) are published, as an absolute URL: each diagnostic
        /// links to its rule's page.
        #[arg(long, value_name = "URL")]
        rule_docs_url: Option<String>,
    },
    /// Print the man page (roff): dpmlint's, or a command's (`dpmlint man check`).
    Man {
        /// The command whose page to print (check, init, inspect, explain, rules, schema, completions,
        /// server, man); none: dpmlint's own page.
        command: Option<String>,
    },
}

/// `dpmlint init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The installer (.exe, .msu, .msi).
    pub installer: PathBuf,
    /// A folder holding the installer's extracted files: their versions make the identification
    /// entries, where the MS number cannot identify the update.
    #[arg(long, value_name = "DIR")]
    pub payload: Option<PathBuf>,
    /// A target edition, as DPM names it (repeatable); default: the editions the installer and
    /// the catalog say.
    #[arg(long = "os", value_name = "NAME")]
    pub os: Vec<String>,
    /// A reference root (a copy of a target's system drive, repeatable): where a payload file
    /// goes on the target is found there.
    #[arg(long = "reference", value_name = "DIR")]
    pub reference: Vec<PathBuf>,
    /// Where to write the definition (`-`: standard output); default: package.yaml beside the
    /// installer.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite an existing definition.
    #[arg(long)]
    pub force: bool,
}

/// `completions SHELL`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// fish.
    Fish,
    /// PowerShell (Windows PowerShell 5.1 and PowerShell 7).
    Powershell,
}

/// `inspect --format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    /// A block per file.
    Human,
    /// JSON (the contract in docs/cli.md).
    Json,
}

/// `rules --format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Human,
    /// JSON.
    Json,
    /// A Markdown table (the README's).
    Markdown,
}

/// `check`'s options.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Definition files or folders (default: the current folder); - reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Run only these rules (codes or family prefixes such as DPM4; comma-separated or repeated).
    #[arg(long, value_name = "CODE")]
    pub select: Vec<String>,
    /// Do not run these rules (codes or family prefixes).
    #[arg(long, value_name = "CODE")]
    pub ignore: Vec<String>,
    /// Exit 1 when a diagnostic at or above this severity remains (default: each definition's
    /// config's fail-on, else error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// A folder mirroring a target computer's system drive (repeatable; added to every config's
    /// reference roots).
    #[arg(long, value_name = "DIR")]
    pub reference: Vec<PathBuf>,
    /// Also take the files this glob matches as definitions, in folders walked (repeatable; added
    /// to every config's `include`/`extend-include`; a pattern with `/` is relative to the
    /// current folder).
    #[arg(long, value_name = "GLOB")]
    pub extend_include: Vec<String>,
    /// Leave out the files this glob matches when walking folders (repeatable; added to every
    /// config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Apply safe fixes.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Show the fixes as a unified diff and change nothing.
    #[arg(long)]
    pub diff: bool,
    /// Read this config for every definition, instead of the dpmlint.toml nearest to each (in its
    /// folder or a parent, else in the current folder or a parent).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Read no config: the defaults for every definition.
    #[arg(long)]
    pub no_config: bool,
    /// The file name to report standard input as (its folder is then the package folder, and
    /// the config is the one nearest to it).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Print only diagnostics, no summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print the number of diagnostics per rule.
    #[arg(long)]
    pub statistics: bool,
    /// Do not report the diagnostics recorded in this baseline file; report its entries that match
    /// nothing any more (DPM008).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Write the current diagnostics to this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Where the rule pages (docs/rules/) are published, as an absolute URL (e.g.
    /// https://git.example/dpmlint/blob/v0.1.0/docs/rules/): SARIF links each rule to its page.
    #[arg(long, value_name = "URL")]
    pub rule_docs_url: Option<String>,
    /// Print the settings in effect for each PATH (the config file used, rules and their
    /// severities, reference roots, baseline, limits) and check nothing.
    #[arg(long)]
    pub show_settings: bool,
}

/// `--fail-on`
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOn {
    /// errors
    Error,
    /// warnings and errors
    Warning,
    /// anything
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Whether a write failed because the reader went away (`dpmlint inspect … | head -1`): on Windows
/// that is also ERROR_NO_DATA (232) or ERROR_PIPE_NOT_CONNECTED (233), which are not `BrokenPipe`.
fn closed_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe || (cfg!(windows) && matches!(e.raw_os_error(), Some(232 | 233)))
}

/// Write to standard output; a closed pipe (`dpmlint rules | head -1`) is not an error.
fn emit(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A failure that makes the exit status 2, already worded.
struct Fatal(String);

fn fatal_config(e: &config::ConfigError, look: Look, lang: Lang) -> Fatal {
    let mut md = miette::MietteDiagnostic::new(e.message.clone()).with_code(tr!(lang, "config", "設定"));
    if let Some(span) = &e.span {
        md = md.with_label(miette::LabeledSpan::new_primary_with_span(
            None,
            (span.start, span.end - span.start),
        ));
    }
    let report =
        miette::Report::new(md).with_source_code(miette::NamedSource::new(paths::shown(&e.path), e.text.clone()));
    let theme = report::human::theme(look.color, look.ascii);
    let mut out = String::new();
    if miette::GraphicalReportHandler::new_themed(theme)
        .render_report(&mut out, report.as_ref())
        .is_err()
    {
        out = format!("{}: {}", paths::shown(&e.path), e.message);
    }
    Fatal(out)
}

/// Run the command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    let lang = match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => Lang::from_system(),
    };
    let stderr = Look::of(cli.color, cli.theme, Stream::Stderr);
    let result = match cli.command {
        Command::Check(args) => check(args, lang, cli.color, cli.theme, stderr),
        Command::Inspect { files, format } => {
            let color = Look::of(cli.color, cli.theme, Stream::Stdout).color;
            let mut out = std::io::stdout().lock();
            match crate::evidence::inspect::run(&files, format == InspectFormat::Json, lang, color, &mut out) {
                Err(e) if closed_pipe(&e) => Ok(0),
                r => r.map_err(|e| Fatal(e.to_string())),
            }
        }
        Command::Init(args) => init(&args, lang),
        Command::Explain { code } => explain(&code, lang),
        Command::Rules { format } => rules(format, lang),
        Command::Schema => {
            emit(SCHEMA);
            Ok(0)
        }
        Command::Completions { shell } => {
            emit(&completions(shell));
            Ok(0)
        }
        Command::Server { rule_docs_url } => server(cli.lang, rule_docs_url, lang),
        Command::Man { command } => man(command.as_deref(), lang).map(|page| {
            emit(&page);
            0
        }),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            let prefix = tr!(lang, "dpmlint: error:", "dpmlint: エラー:");
            if msg.contains('\n') {
                eprintln!("{}", msg.trim_end_matches('\n'));
            } else {
                eprintln!("{prefix} {msg}");
            }
            2
        }
    }
}

/// `dpmlint server`.
fn server(lang_arg: Option<LangArg>, rule_docs_url: Option<String>, lang: Lang) -> Result<i32, Fatal> {
    if let Some(url) = rule_docs_url.as_deref()
        && !crate::rules::pages::is_absolute_url(url)
    {
        return Err(Fatal(tr!(
            lang,
            "--rule-docs-url must be an absolute URL (such as https://…/docs/rules/), not `{url}`",
            "--rule-docs-url には絶対 URL (https://…/docs/rules/ など) を指定してください (`{url}` は使えません)"
        )));
    }
    let options = crate::server::Options {
        lang: lang_arg.map(|l| match l {
            LangArg::En => Lang::En,
            LangArg::Ja => Lang::Ja,
        }),
        rule_docs_url,
    };
    Ok(crate::server::run(options))
}

/// The completion script for `shell`.
pub fn completions(shell: ShellArg) -> String {
    use clap::CommandFactory;
    let shell = match shell {
        ShellArg::Bash => clap_complete::Shell::Bash,
        ShellArg::Zsh => clap_complete::Shell::Zsh,
        ShellArg::Fish => clap_complete::Shell::Fish,
        ShellArg::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "dpmlint", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The exit status section every page ends with (roff).
const MAN_EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
No diagnostic at or above \fB\-\-fail\-on\fR (default: error) remains.
.TP
\fB1\fR
At least one does (or \fBcheck \-\-diff\fR has a diff, or \fBinspect\fR could not read a file).
.TP
\fB2\fR
dpmlint could not do its job: bad arguments, an unreadable or invalid config, a PATH that does not exist.
"#;

/// The man page (roff) of dpmlint, or of one of its commands (`dpmlint-check(1)`). Characters
/// outside ASCII (`日本語`, `─`) are written as groff's `\[uXXXX]` escapes, which man and groff
/// read whatever the locale.
fn man(command: Option<&str>, lang: Lang) -> Result<String, Fatal> {
    use clap::CommandFactory;
    let mut cli = Cli::command().disable_help_subcommand(true);
    // Built, the commands know their full names (`dpmlint-check`, `dpmlint check`).
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => cli.find_subcommand(name).cloned().ok_or_else(|| {
            Fatal(tr!(
                lang,
                "`{name}` is not a dpmlint command; `dpmlint --help` lists them",
                "`{name}` は dpmlint のコマンドではありません。一覧は `dpmlint --help` で見られます"
            ))
        })?,
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("dpmlint {}", env!("CARGO_PKG_VERSION")))
        .manual("dpmlint")
        .render(&mut buf)
        .map_err(|e| Fatal(e.to_string()))?;
    let mut text = String::new();
    for c in String::from_utf8_lossy(&buf).chars() {
        if c.is_ascii() {
            text.push(c);
        } else {
            text.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    text.push_str(MAN_EXIT_STATUS);
    Ok(text)
}

fn explain(code: &str, lang: Lang) -> Result<i32, Fatal> {
    let rule = find_rule(code).or_else(|| RULES.iter().copied().find(|r| r.meta().name.eq_ignore_ascii_case(code)));
    let Some(rule) = rule else {
        return Err(Fatal(tr!(
            lang,
            "`{code}` is not a dpmlint rule; `dpmlint rules` lists them",
            "`{code}` は dpmlint のルールではありません。一覧は `dpmlint rules` で見られます"
        )));
    };
    let m = rule.meta();
    let mut out = format!("# {} {} ({})\n", m.code, m.name, m.severity);
    if m.fix != crate::rules::FixKind::None {
        let fix = match (lang, m.fix) {
            (Lang::Ja, crate::rules::FixKind::Safe) => "--fix で修正できます",
            (Lang::Ja, crate::rules::FixKind::Unsafe) => "--fix --unsafe-fixes で修正できます",
            (Lang::Ja, _) => "場合により --fix で修正できます",
            (Lang::En, k) => k.as_str(),
        };
        out.push_str(&format!("{}: {fix}\n", tr!(lang, "Fix", "修正")));
    }
    out.push('\n');
    out.push_str(&m.explain(lang));
    emit(&out);
    Ok(0)
}

fn rules(format: ListFormat, lang: Lang) -> Result<i32, Fatal> {
    match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({"code": m.code, "name": m.name, "severity": m.severity.as_str(), "fix": m.fix.as_str(), "summary": m.summary(lang)})
                })
                .collect();
            emit(&format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()));
        }
        ListFormat::Markdown => emit(&rules_markdown(lang)),
        ListFormat::Human => {
            let mut out = String::new();
            for r in RULES {
                let m = r.meta();
                let line = format!(
                    "{:<7} {:<32} {:<8} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.fix.as_str()
                );
                out.push_str(line.trim_end());
                out.push('\n');
            }
            emit(&out);
        }
    }
    Ok(0)
}

/// The rule table as Markdown: code, name, severity, fix, summary.
pub fn rules_markdown(lang: Lang) -> String {
    let mut out = String::from("| code | name | severity | fix | what it catches |\n|---|---|---|---|---|\n");
    for r in RULES {
        let m = r.meta();
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            m.code,
            m.name,
            m.severity,
            m.fix.as_str(),
            // A `|` would end the table cell, even inside backticks.
            m.summary(lang).replace('|', "\\|")
        ));
    }
    out
}

/// What one config gives, with the command line's options added: the settings and selection the
/// definitions under it are linted with, and the severity that fails the run.
struct Applied {
    /// The config file (`None`: no config, the defaults).
    config: Option<PathBuf>,
    /// The config as read.
    cfg: Config,
    /// Settings and selection.
    profile: linter::Profile,
    /// `--fail-on`, else the config's `fail-on`, else error.
    fail_on: Severity,
    /// Which files in a folder walked are definitions: the config's patterns and the command
    /// line's.
    names: Arc<crate::load::names::DefinitionNames>,
}

fn selector_error(e: config::UnknownSelector, lang: Lang) -> Fatal {
    let s = e.0;
    Fatal(tr!(
        lang,
        "`{s}` selects no rule; `dpmlint rules` lists the codes",
        "`{s}` に該当するルールがありません。コードの一覧は `dpmlint rules` で見られます"
    ))
}

fn apply_config(cfg: Config, args: &CheckArgs, lang: Lang, baseline: Option<&Arc<Baseline>>) -> Result<Applied, Fatal> {
    let mut profile = linter::Profile::from_config(&cfg, lang, &args.select, &args.ignore, &args.reference)
        .map_err(|e| selector_error(e, lang))?;
    // The config's roots were checked when it was read, with the error pointing into it.
    for r in &args.reference {
        if !r.is_dir() {
            let shown = paths::shown(r);
            return Err(Fatal(tr!(
                lang,
                "--reference {shown} is not a folder",
                "--reference の {shown} はフォルダではありません"
            )));
        }
    }
    profile.settings.baseline = baseline.cloned();
    let fail_on = args
        .fail_on
        .map(Severity::from)
        .or(cfg.fail_on)
        .unwrap_or(Severity::Error);
    let names = cfg
        .names
        .clone()
        .with_command_line(paths::current_dir(), &args.extend_include, &args.exclude)
        .map_err(|bad| {
            let (key, reason) = (bad.key, bad.reason);
            let pattern = match key {
                "--exclude" => args.exclude.get(bad.index),
                _ => args.extend_include.get(bad.index),
            }
            .cloned()
            .unwrap_or_default();
            Fatal(tr!(
                lang,
                "{key} {pattern:?} is not a glob: {reason}",
                "{key} {pattern:?} はグロブとして正しくありません: {reason}"
            ))
        })?;
    Ok(Applied {
        config: cfg.path.clone(),
        names: Arc::new(names),
        cfg,
        profile,
        fail_on,
    })
}

/// The configs of a run: `--config` or `--no-config` for every definition, or else for each the
/// nearest `dpmlint.toml` (each read once).
struct Configs<'a> {
    args: &'a CheckArgs,
    lang: Lang,
    look: Look,
    baseline: Option<Arc<Baseline>>,
    resolver: config::Resolver,
    /// Every config read so far, by file (`None`: no config).
    applied: Vec<Applied>,
    /// By the config's path ([`config::folder_key`]).
    by_path: foldhash::HashMap<config::folder_key::Owned, usize>,
    /// The one for no config.
    no_config: Option<usize>,
    /// `--config` / `--no-config`: the one config for everything.
    forced: Option<usize>,
}

impl<'a> Configs<'a> {
    fn new(args: &'a CheckArgs, lang: Lang, look: Look, cwd: &Path) -> Result<Configs<'a>, Fatal> {
        let baseline = match &args.baseline {
            Some(path) => Some(Arc::new(Baseline::load(path, lang).map_err(Fatal)?)),
            None => None,
        };
        let mut c = Configs {
            args,
            lang,
            look,
            baseline,
            resolver: config::Resolver::new(cwd),
            applied: Vec::new(),
            by_path: foldhash::HashMap::default(),
            no_config: None,
            forced: None,
        };
        if args.no_config {
            c.forced = Some(c.add(None, Config::default())?);
        } else if let Some(path) = &args.config {
            let cfg = Config::load(path, lang).map_err(|e| fatal_config(&e, look, lang))?;
            c.forced = Some(c.add(Some(path.clone()), cfg)?);
        }
        Ok(c)
    }

    fn add(&mut self, key: Option<PathBuf>, cfg: Config) -> Result<usize, Fatal> {
        let a = apply_config(cfg, self.args, self.lang, self.baseline.as_ref())?;
        self.applied.push(a);
        let i = self.applied.len() - 1;
        match key {
            Some(path) => {
                self.by_path.insert(config::folder_key::of(&path).to_owned(), i);
            }
            None => self.no_config = Some(i),
        }
        Ok(i)
    }

    fn get(&mut self, found: Option<PathBuf>) -> Result<usize, Fatal> {
        let known = match &found {
            Some(path) => self.by_path.get(config::folder_key::of(path)).copied(),
            None => self.no_config,
        };
        if let Some(i) = known {
            return Ok(i);
        }
        let cfg = match &found {
            Some(path) => Config::load(path, self.lang).map_err(|e| fatal_config(&e, self.look, self.lang))?,
            None => Config::default(),
        };
        self.add(found, cfg)
    }

    /// The config for the definitions directly in `dir`.
    fn for_folder(&mut self, dir: &Path) -> Result<usize, Fatal> {
        if let Some(i) = self.forced {
            return Ok(i);
        }
        let found = self.resolver.for_folder(dir);
        self.get(found)
    }

    /// The config for the files of the walked folder `dir` (absolute), listed as `siblings`.
    fn for_walked_folder(&mut self, dir: &Path, siblings: &Siblings) -> Result<usize, Fatal> {
        if let Some(i) = self.forced {
            return Ok(i);
        }
        let found = self.resolver.for_walked_folder(dir, siblings);
        self.get(found)
    }

    /// The config for a definition.
    fn for_input(&mut self, input: &linter::Input) -> Result<usize, Fatal> {
        if let Some(i) = self.forced {
            return Ok(i);
        }
        let found = match &input.path {
            Some(path) => self.resolver.for_file(path),
            None => self.resolver.for_folder(Path::new(".")),
        };
        self.get(found)
    }

    /// The config for a PATH of the command line (a folder, a definition, or `-`).
    fn for_path(&mut self, path: &Path) -> Result<usize, Fatal> {
        if path.as_os_str() == "-" {
            return match self.args.stdin_filename.as_deref() {
                Some(name) => {
                    let dir = Path::new(name).parent().unwrap_or(Path::new("")).to_path_buf();
                    self.for_folder(&dir)
                }
                None => self.for_folder(Path::new(".")),
            };
        }
        if path.is_dir() {
            return self.for_folder(path);
        }
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        self.for_folder(&dir)
    }
}

/// A size in bytes for people: `300 MiB (314572800 bytes)`, or the bytes alone.
fn size_text(bytes: u64, lang: Lang) -> String {
    const MIB: u64 = 1024 * 1024;
    let unit = tr!(lang, "bytes", "バイト");
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB ({bytes} {unit})", bytes / MIB)
    } else {
        format!("{bytes} {unit}")
    }
}

/// What `--show-settings` prints for one PATH: the config that applies there and what it, with
/// the command line's options, makes of every setting.
fn describe_settings(shown: &str, a: &Applied, args: &CheckArgs, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |l: String| {
        out.push_str(&l);
        out.push('\n');
    };
    line(tr!(lang, "Settings for {shown}:", "{shown} の設定:"));
    let config = match &a.config {
        Some(p) if args.config.is_some() => format!("{} (--config)", paths::shown(p)),
        Some(p) => paths::shown(p),
        None if args.no_config => tr!(lang, "none (--no-config)", "なし (--no-config)"),
        None => tr!(lang, "none (the defaults)", "なし (既定の設定)"),
    };
    line(tr!(lang, "config file: {config}", "設定ファイル: {config}"));
    let fail_on = a.fail_on.as_str();
    let whence = if args.fail_on.is_some() {
        " (--fail-on)".to_string()
    } else if a.cfg.fail_on.is_some() {
        String::new()
    } else {
        tr!(lang, " (the default)", " (既定)")
    };
    line(tr!(
        lang,
        "fail-on: {fail_on}{whence}",
        "終了コード 1 にする重要度 (fail-on): {fail_on}{whence}"
    ));
    let settings = &a.profile.settings;
    if settings.reference.is_empty() {
        line(tr!(lang, "reference roots: none", "参照ルート (reference): なし"));
    } else {
        line(tr!(lang, "reference roots:", "参照ルート (reference):"));
        for r in &settings.reference {
            let id = r.identity();
            let what = id.summary().unwrap_or_else(|| {
                tr!(
                    lang,
                    "not identified: compared with every definition",
                    "特定できません (すべての定義と比較します)"
                )
            });
            line(format!("  {} ({what})", paths::shown(&r.path)));
        }
    }
    if !settings.known_packages.is_empty() {
        let ids = settings.known_packages.join(", ");
        line(tr!(
            lang,
            "known-packages: {ids}",
            "リポジトリの外のパッケージ (known-packages): {ids}"
        ));
    }
    let size = size_text(settings.package_size_limit, lang);
    line(tr!(
        lang,
        "package-size-limit: {size}",
        "パッケージサイズの上限 (package-size-limit): {size}"
    ));
    match &settings.supported_os {
        Some(list) => {
            line(tr!(lang, "supported OS ([supported] os):", "対応 OS ([supported] os):"));
            for name in list {
                line(format!("  {name}"));
            }
        }
        None => {
            line(tr!(
                lang,
                "supported OS: DPM's auto-update list",
                "対応 OS: DPM の自動更新の対応一覧"
            ));
            for e in crate::catalog::default_supported_os() {
                line(format!("  {}", e.dpm_name));
            }
        }
    }
    let language_name = |l: &crate::catalog::Language| match lang {
        Lang::En => format!("{} ({})", l.code, l.name_en),
        Lang::Ja => format!("{} ({})", l.code, l.name_ja),
    };
    match &settings.supported_languages {
        Some(list) => {
            line(tr!(
                lang,
                "supported languages ([supported] languages):",
                "対応言語 ([supported] languages):"
            ));
            for name in list {
                let shown = crate::catalog::find_language(name).map_or_else(|| name.clone(), language_name);
                line(format!("  {shown}"));
            }
        }
        None => {
            line(tr!(
                lang,
                "supported languages: DPM's auto-update list",
                "対応言語: DPM の自動更新の対応一覧"
            ));
            for l in crate::catalog::default_supported_languages() {
                line(format!("  {}", language_name(l)));
            }
        }
    }
    let baseline = match &args.baseline {
        Some(p) => paths::shown(p),
        None => tr!(lang, "none", "なし"),
    };
    line(tr!(
        lang,
        "baseline: {baseline}",
        "ベースライン (--baseline): {baseline}"
    ));
    let selection = &a.profile.selection;
    let running = RULES.iter().filter(|r| selection.level(r.meta()).is_some()).count();
    let total = RULES.len();
    line(tr!(
        lang,
        "rules ({running} of {total} run):",
        "ルール ({total} 件中 {running} 件を実行):"
    ));
    for r in RULES {
        let m = r.meta();
        let configured = a.cfg.rules.get(m.code);
        let level = match selection.level(m) {
            Some(s) if s == m.severity => s.as_str().to_string(),
            Some(s) => {
                let d = m.severity.as_str();
                format!("{} ({})", s.as_str(), tr!(lang, "default {d}", "既定は {d}"))
            }
            None if configured == Some(&config::RuleLevel::Off) => "off ([rules])".to_string(),
            None => "off (--select/--ignore)".to_string(),
        };
        line(format!("  {} {}: {level}", m.code, m.name));
    }
    out
}

/// `check --show-settings`: the settings in effect for each PATH, and for a folder the other
/// configs that definitions under it use.
fn show_settings(args: &CheckArgs, configs: &mut Configs, cwd: &Path, lang: Lang) -> Result<i32, Fatal> {
    let default_path = [PathBuf::from(".")];
    let given: &[PathBuf] = if args.paths.is_empty() {
        &default_path
    } else {
        &args.paths
    };
    let mut out = String::new();
    for (n, p) in given.iter().enumerate() {
        let stdin = p.as_os_str() == "-";
        if !stdin && !p.exists() {
            let shown = p.display();
            return Err(Fatal(tr!(
                lang,
                "{shown}: no such file or folder",
                "{shown}: そのようなファイルやフォルダはありません"
            )));
        }
        let here = configs.for_path(p)?;
        let shown = match (stdin, args.stdin_filename.as_deref()) {
            (true, Some(name)) => paths::shown(Path::new(name)),
            (true, None) => "<stdin>".to_string(),
            _ => paths::shown(p),
        };
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&describe_settings(&shown, &configs.applied[here], args, lang));
        if stdin || !p.is_dir() || args.config.is_some() || args.no_config {
            continue;
        }
        // Definitions under the folder that have a config of their own.
        let inputs = discover::inputs(std::slice::from_ref(p), None, cwd).unwrap_or_default();
        let mut others: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for input in &inputs {
            let i = configs.for_input(input)?;
            if i != here {
                let name = configs.applied[i]
                    .config
                    .as_deref()
                    .map_or_else(|| tr!(lang, "none", "なし"), paths::shown);
                *others.entry(name).or_default() += 1;
            }
        }
        if !others.is_empty() {
            out.push_str(&tr!(
                lang,
                "definitions under {shown} that use another config:\n",
                "{shown} の下で別の設定ファイルを使う定義:\n"
            ));
            for (config, count) in others {
                out.push_str(&tr!(
                    lang,
                    "  {config}: {count} definition(s)\n",
                    "  {config}: 定義 {count} 件\n"
                ));
            }
        }
    }
    emit(&out);
    Ok(0)
}

fn check(args: CheckArgs, lang: Lang, color_arg: ColorArg, theme: ThemeArg, stderr: Look) -> Result<i32, Fatal> {
    let cwd = crate::platform::paths::current_dir().to_path_buf();
    if let Some(url) = args.rule_docs_url.as_deref()
        && !crate::rules::pages::is_absolute_url(url)
    {
        return Err(Fatal(tr!(
            lang,
            "--rule-docs-url must be an absolute URL (such as https://…/docs/rules/), not `{url}`",
            "--rule-docs-url には絶対 URL (https://…/docs/rules/ など) を指定してください (`{url}` は使えません)"
        )));
    }
    // A selector that selects nothing is an error whatever the configs say.
    Selection::new(&args.select, &args.ignore, Default::default()).map_err(|e| selector_error(e, lang))?;
    let mut configs = Configs::new(&args, lang, stderr, &cwd)?;

    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Fatal(tr!(
            lang,
            "--stdin-filename names standard input, which is read only when `-` is among the paths",
            "--stdin-filename は標準入力の名前です。標準入力は PATH に `-` を指定したときだけ読みます"
        )));
    }
    if args.show_settings {
        return show_settings(&args, &mut configs, &cwd, lang);
    }
    // The configs of the paths given are read even when no definition is under them, so that a
    // broken config is never silently passed over.
    let default_path = [PathBuf::from(".")];
    let given: &[PathBuf] = if args.paths.is_empty() {
        &default_path
    } else {
        &args.paths
    };
    for p in given {
        if p.as_os_str() == "-" || p.exists() {
            configs.for_path(p)?;
        }
    }
    // In folders walked, each file's nearest config says whether it is a definition; a config
    // that cannot be read is reported after the walk.
    let walked = std::sync::Mutex::new((&mut configs, None::<Fatal>));
    let accept = |dir: &Path, siblings: &Siblings, files: &mut Vec<(PathBuf, bool)>| {
        let folder = config::absolute(dir, &cwd);
        // Only the lookup holds the lock: the walk's threads list folders side by side.
        let looked_up = {
            let Ok(mut guard) = walked.lock() else {
                files.clear();
                return None;
            };
            let (configs, failed) = &mut *guard;
            if failed.is_some() {
                files.clear();
                return None;
            }
            match configs.for_walked_folder(&folder, siblings) {
                Ok(i) => Some((i, Arc::clone(&configs.applied[i].names))),
                Err(e) => {
                    *failed = Some(e);
                    None
                }
            }
        };
        let Some((i, names)) = looked_up else {
            files.clear();
            return None;
        };
        files.retain(|(path, _)| path.file_name().is_some_and(|n| names.is_definition(&folder.join(n))));
        Some(i)
    };
    let found = discover::inputs_with(&args.paths, args.stdin_filename.as_deref(), &cwd, &accept);
    let (configs, failed) = walked
        .into_inner()
        .map_err(|_| Fatal("the folder walk failed".to_owned()))?;
    if let Some(e) = failed {
        return Err(e);
    }
    let mut inputs = found.map_err(|m| {
        let shown = m.0.display();
        Fatal(tr!(
            lang,
            "{shown}: no such file or folder",
            "{shown}: そのようなファイルやフォルダはありません"
        ))
    })?;
    // A definition the walk found has its folder's config; one named on the command line is
    // looked up.
    let which: Vec<usize> = inputs
        .iter()
        .map(|i| i.tag.map_or_else(|| configs.for_input(i), Ok))
        .collect::<Result<_, _>>()?;
    // What the walk learned of each folder is not needed any more (a large part of the run's
    // memory with one folder per definition).
    configs.resolver = config::Resolver::new(&cwd);
    let applied = &configs.applied;
    let profile_of = |i: usize| &applied[which[i]].profile;

    for p in &args.paths {
        let shown = paths::shown(p);
        let spelled = paths::on_disk_case(p, &cwd);
        if p.is_dir()
            && !inputs
                .iter()
                .any(|i| i.path.as_ref().is_some_and(|ip| ip.starts_with(&spelled)))
        {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "dpmlint: warning: no definitions (package.yaml, *.dpm.yaml) under {shown}",
                    "dpmlint: 警告: {shown} の下に定義 (package.yaml、*.dpm.yaml) がありません"
                )
            );
        }
    }

    let mut fixed = 0;
    if args.fix || args.diff {
        let results: Vec<_> = inputs
            .par_iter()
            .enumerate()
            .map(|(n, i)| {
                let p = profile_of(n);
                (i, fix::fixed_text(i, &p.settings, &p.selection, args.unsafe_fixes))
            })
            .collect();
        let mut stdout = std::io::stdout().lock();
        let mut any = false;
        let mut stdin_text: Option<Vec<u8>> = None;
        for (input, r) in results {
            if args.fix && !args.diff && input.content.is_some() {
                // Standard input: the text goes to standard output, fixed or not (a pipeline
                // `dpmlint check --fix - < a > b` never loses the definition).
                let text = match &r {
                    Some((_, after, n)) => {
                        fixed += n;
                        after.clone().into_bytes()
                    }
                    None => input.content.clone().unwrap_or_default(),
                };
                let _ = stdout.write_all(&text);
                if input
                    .content
                    .as_ref()
                    .is_some_and(|c| c.len() as u64 > linter::MAX_DEFINITION_SIZE)
                {
                    // Too large to be a definition, so read only up to the limit and not fixed:
                    // the rest of standard input follows unread, and is passed on as it is.
                    let _ = std::io::copy(&mut std::io::stdin().lock(), &mut stdout);
                }
                stdin_text = Some(text);
                continue;
            }
            let Some((before, after, n)) = r else { continue };
            any = true;
            if args.diff {
                let _ = write!(stdout, "{}", fix::unified_diff(&input.name, &before, &after));
                continue;
            }
            if let (Some(path), None) = (&input.path, &input.content) {
                match fix::write_fix(path, &before, &after) {
                    Ok(()) => fixed += n,
                    Err(e) => {
                        let name = &input.name;
                        let e = fix::Refusal::of(&e).map_or_else(|| e.to_string(), |r| r.message(lang));
                        eprintln!(
                            "{}",
                            tr!(
                                lang,
                                "dpmlint: could not write the fix to {name}: {e} (file left unchanged)",
                                "dpmlint: {name} に修正を書き込めませんでした: {e} (ファイルは変更していません)"
                            )
                        );
                    }
                }
            }
        }
        if args.diff {
            return Ok(i32::from(any));
        }
        // The report is of the fixed text.
        if let Some(text) = stdin_text {
            for i in inputs.iter_mut().filter(|i| i.content.is_some()) {
                i.content = Some(text.clone());
            }
        }
    }

    let stdin_fixed = args.fix && inputs.iter().any(|i| i.content.is_some());
    let profiles: Vec<&linter::Profile> = (0..inputs.len()).map(profile_of).collect();
    if let Some(path) = &args.write_baseline {
        let mut keys = Vec::new();
        linter::lint_stream(&inputs, &profiles, true, |r| keys.extend(r.keys));
        let n = baseline::write(path, &keys).map_err(|e| {
            let shown = path.display();
            Fatal(tr!(lang, "cannot write {shown}: {e}", "{shown} に書き込めません: {e}"))
        })?;
        let shown = path.display();
        eprintln!(
            "{}",
            tr!(
                lang,
                "dpmlint: wrote the baseline {shown}: {n} diagnostic(s) recorded",
                "dpmlint: ベースライン {shown} を書き込みました: {n} 件の指摘を記録しました"
            )
        );
        return Ok(0);
    }
    // Each diagnostic fails the run by its own definition's `fail-on`.
    let fail_on_of: foldhash::HashMap<&str, Severity> = inputs
        .iter()
        .zip(&which)
        .map(|(i, &w)| (i.name.as_str(), applied[w].fail_on))
        .collect();
    let fallback = args.fail_on.map_or(Severity::Error, Severity::from);

    let to_file = args.output.is_some();
    // The human report of a stdin fix goes to standard error (standard output has the text).
    let stream = if stdin_fixed { Stream::Stderr } else { Stream::Stdout };
    let look = if to_file {
        Look {
            color: false,
            ascii: theme == ThemeArg::Ascii,
        }
    } else {
        Look::of(color_arg, theme, stream)
    };
    let color = args.format == Format::Human && look.color;
    // The writer reads the options; the diagnostics come a file at a time.
    let rep = report::Report {
        diagnostics: &[],
        keys: &[],
        files: &[],
        files_checked: inputs.len(),
        fixed,
        unsafe_fixes: args.unsafe_fixes,
        lang,
        color,
        ascii: look.ascii,
        quiet: args.quiet,
        statistics: args.statistics,
        rule_docs_url: args.rule_docs_url.as_deref(),
    };
    let mut sink: Box<dyn Write> = match &args.output {
        // Created when the report starts, after every definition was read.
        Some(path) => Box::new(LazyFile::new(path)),
        None if stdin_fixed => Box::new(std::io::BufWriter::new(std::io::stderr().lock())),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut unused_sink = Some(&mut *sink as &mut dyn Write);
    let mut writer: Option<report::Writer> = None;
    let mut error: Option<std::io::Error> = None;
    let mut failed = false;
    let mut stale = 0;
    // The report starts once every definition was checked: first the warnings of the run.
    let mut start = || {
        warn_run_problems(lang);
        let out = unused_sink.take()?;
        Some(report::Writer::new(args.format, &rep, out))
    };
    let keyed = matches!(args.format, Format::Sarif | Format::Gitlab);
    let render = |diags: &[crate::diagnostic::Diagnostic]| report::Writer::render(args.format, &rep, diags);
    linter::lint_stream_rendered(&inputs, &profiles, keyed, &render, |r| {
        let fail_on = fail_on_of.get(r.file.name.as_str()).copied().unwrap_or(fallback);
        failed |= r.diagnostics.iter().any(|d| d.severity >= fail_on);
        let stale_code = crate::rules::dpm008_stale_baseline_entry::META.code;
        stale += r.diagnostics.iter().filter(|d| d.code() == stale_code).count();
        if writer.is_none() && error.is_none() {
            match start() {
                Some(Ok(w)) => writer = Some(w),
                Some(Err(e)) => error = Some(e),
                None => {}
            }
        }
        if let (Some(w), None) = (writer.as_mut(), &error)
            && let Err(e) = w.file_rendered(&r.file.name, &r.diagnostics, &r.keys, r.rendered.as_deref())
        {
            error = Some(e);
        }
    });
    if writer.is_none() && error.is_none() {
        match start() {
            Some(Ok(w)) => writer = Some(w),
            Some(Err(e)) => error = Some(e),
            None => {}
        }
    }
    if let (Some(w), None) = (writer, &error)
        && let Err(e) = w.finish()
    {
        error = Some(e);
    }
    if error.is_none()
        && let Err(e) = sink.flush()
    {
        error = Some(e);
    }
    drop(sink);
    // A report to standard output or error that cannot be written (a closed pipe) ends quietly.
    if let (Some(e), Some(path)) = (error, &args.output) {
        let shown = path.display();
        return Err(Fatal(tr!(
            lang,
            "cannot write {shown}: {e}",
            "{shown} に書き込めません: {e}"
        )));
    }
    if let Some(note) = configs.baseline.as_deref().and_then(|b| b.stale_note(stale, lang))
        && !args.quiet
    {
        eprintln!("{note}");
    }
    Ok(i32::from(failed))
}

/// The run's warnings: reference roots that could not be identified, and folders too large to
/// look names up in.
fn warn_run_problems(lang: Lang) {
    for (root, problem, written) in crate::evidence::roots::unidentified_roots() {
        eprintln!("{}", crate::evidence::roots::warning(&root, &problem, &written, lang));
    }
    for folder in crate::evidence::gave_up_folders() {
        let shown = crate::load::discover::display_name(&folder, crate::platform::paths::current_dir());
        let limit = crate::evidence::MAX_DIR_ENTRIES;
        eprintln!(
            "{}",
            tr!(
                lang,
                "dpmlint: warning: {shown} has more than {limit} entries, so names were not looked up in it; no file in it was reported missing",
                "dpmlint: 警告: {shown} には {limit} を超える項目があるため、その中の名前は検索していません。その中のファイルを「ない」とは報告していません"
            )
        );
    }
}

/// `--output`'s file, created (or emptied) at the first write, so the report starts after every
/// definition was read, and written through a buffer.
struct LazyFile<'a> {
    path: &'a Path,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl<'a> LazyFile<'a> {
    fn new(path: &'a Path) -> Self {
        LazyFile { path, file: None }
    }

    fn file(&mut self) -> std::io::Result<&mut std::io::BufWriter<std::fs::File>> {
        if self.file.is_none() {
            self.file = Some(std::io::BufWriter::new(std::fs::File::create(self.path)?));
        }
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the output file is not open"))
    }
}

impl Write for LazyFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // A report that wrote nothing still leaves its (empty) file.
        self.file()?.flush()
    }
}

/// `dpmlint init`.
fn init(args: &InitArgs, lang: Lang) -> Result<i32, Fatal> {
    let to_stdout = args.output.as_ref().is_some_and(|o| o.as_os_str() == "-");
    let installer_dir = args
        .installer
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let target = match &args.output {
        Some(o) if !to_stdout => o.clone(),
        _ => installer_dir.join("package.yaml"),
    };
    // `execute.file`: the installer as seen from the definition's folder.
    let file_name = args
        .installer
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let def_dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    let execute_file = match (canon(def_dir), canon(&args.installer)) {
        (Some(d), Some(i)) => match i.strip_prefix(&d) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => {
                let shown = target.display();
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "dpmlint: warning: the installer is not under the folder of {shown}: `execute.file` names it as {file_name}, so copy it there",
                        "dpmlint: 警告: インストーラは {shown} のフォルダの下にありません。`execute.file` には {file_name} と書いたので、そこへコピーしてください"
                    )
                );
                file_name.clone()
            }
        },
        _ => file_name.clone(),
    };
    if !to_stdout && !args.force && target.exists() {
        let shown = target.display();
        return Err(Fatal(tr!(
            lang,
            "{shown} exists: give --force to overwrite it, or -o FILE (- for standard output)",
            "{shown} はすでにあります。上書きするには --force を、別の場所には -o FILE (標準出力は -) を指定してください"
        )));
    }
    let opts = crate::init::Options {
        installer: args.installer.clone(),
        execute_file,
        payload: args.payload.clone(),
        os: args.os.clone(),
        references: args.reference.clone(),
        lang,
    };
    let outcome = crate::init::init(&opts).map_err(Fatal)?;
    if to_stdout {
        emit(&outcome.text);
    } else {
        write_output(&target, outcome.text.as_bytes(), lang)?;
        let shown = target.display();
        eprintln!(
            "{}",
            tr!(lang, "dpmlint: wrote {shown}", "dpmlint: {shown} を書き込みました")
        );
    }
    for note in &outcome.notes {
        eprintln!("{}", tr!(lang, "dpmlint: note: {note}", "dpmlint: 注意: {note}"));
    }
    if outcome.undecided.is_empty() {
        return Ok(i32::from(!outcome.notes.is_empty()));
    }
    let n = outcome.undecided.len();
    eprintln!(
        "{}",
        tr!(
            lang,
            "dpmlint: {n} field(s) left to decide, written commented out with the choices:",
            "dpmlint: 決められなかった項目が {n} 件あります。選択肢とともにコメントとして書きました:"
        )
    );
    for u in &outcome.undecided {
        eprintln!("  {u}");
    }
    Ok(1)
}

fn write_output(path: &Path, buf: &[u8], lang: Lang) -> Result<(), Fatal> {
    std::fs::write(path, buf).map_err(|e| {
        let shown = path.display();
        Fatal(tr!(lang, "cannot write {shown}: {e}", "{shown} に書き込めません: {e}"))
    })
}
