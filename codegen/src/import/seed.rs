//! Action names in the 2018 API reference (the *seed*).
//!
//! Chapter 1 lists actions in two-column tables (`API<TAB>描述`) under
//! section titles such as `直播截图`; a table split by a page break repeats
//! its header without a title. Chapters 4–8 detail actions: their names
//! appear in the `Action` parameter row (`取值：AddLiveDomain`) and in the
//! request examples (`?Action=AddLiveDomain`), not always spelled alike.

/// One row of a chapter-1 table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedEntry {
    /// Action name as the seed spells it.
    pub name: String,
    /// The seed's short Chinese description (`添加截图配置`).
    pub description: String,
    /// Title of the section the table is under (`直播截图`).
    pub section: String,
    /// 1-based line number in the seed.
    pub line: usize,
}

/// A name used in the detailed chapters (4–8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedDetail {
    pub name: String,
    /// Section number (`6.9`) the name appears in.
    pub section: String,
    pub line: usize,
}

/// Every action name the seed uses, in order of appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedNames {
    pub overview: Vec<SeedEntry>,
    pub detailed: Vec<SeedDetail>,
}

impl SeedNames {
    /// All distinct names, overview first, in order of appearance.
    pub fn all_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let names = self
            .overview
            .iter()
            .map(|e| &e.name)
            .chain(self.detailed.iter().map(|d| &d.name));
        for n in names {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        out
    }

    /// The first chapter-1 entry for `name`.
    pub fn entry(&self, name: &str) -> Option<&SeedEntry> {
        self.overview.iter().find(|e| e.name == name)
    }

    /// The sections of chapters 4–8 that use `name`.
    pub fn sections(&self, name: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in self.detailed.iter().filter(|d| d.name == name) {
            if !out.contains(&d.section.as_str()) {
                out.push(&d.section);
            }
        }
        out
    }
}

/// A chapter heading in the body (`4 域名管理`), not a table-of-contents
/// line (those end in dot leaders and a page number).
fn chapter_heading(line: &str) -> Option<u32> {
    if line.contains("....") {
        return None;
    }
    let (num, title) = line.split_once(' ')?;
    if title.trim().is_empty() || num.contains('.') {
        return None;
    }
    num.parse().ok()
}

/// A section heading in the body (`6.9 查询录制索引文件`).
fn section_heading(line: &str) -> Option<&str> {
    if line.contains("....") {
        return None;
    }
    let (num, title) = line.split_once(' ')?;
    let mut parts = num.split('.');
    let ok = parts.next().is_some_and(|p| p.parse::<u32>().is_ok())
        && parts.next().is_some_and(|p| p.parse::<u32>().is_ok())
        && parts.next().is_none();
    (ok && !title.trim().is_empty()).then_some(num)
}

/// An action-like identifier: ASCII letters and digits, starting upper-case,
/// with at least two capitalised words (`AddLiveDomain`, `CallBack`).
fn is_action_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().filter(char::is_ascii_uppercase).count() >= 2
        && s.chars().any(|c| c.is_ascii_lowercase())
}

/// The identifier at the start of `s`.
fn leading_ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    &s[..end]
}

/// Reads the action names out of the seed text.
pub fn parse(text: &str) -> SeedNames {
    let mut out = SeedNames::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut chapter: Option<u32> = None;
    let mut section = String::new();
    let mut table_title = String::new();
    let mut in_table = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end();
        // Chapters come in order; a stray `200 OK` line is not chapter 200.
        if let Some(n) = chapter_heading(line).filter(|n| *n == chapter.map_or(1, |c| c + 1)) {
            chapter = Some(n);
            section = n.to_string();
            in_table = false;
            continue;
        }
        if let Some(s) = section_heading(line)
            .filter(|s| chapter.is_some_and(|c| s.split('.').next() == Some(&c.to_string())))
        {
            section = s.to_owned();
            continue;
        }
        match chapter {
            Some(1) => {
                let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
                if cols.len() == 2 && cols[0] == "API" {
                    // A header directly under a plain line starts a new
                    // section; one under a table row continues the table.
                    let prev = lines[..i]
                        .iter()
                        .rev()
                        .map(|l| l.trim())
                        .find(|l| !l.is_empty());
                    if let Some(prev) = prev.filter(|p| !p.contains('\t')) {
                        table_title = prev.to_owned();
                    }
                    in_table = true;
                } else if in_table && cols.len() == 2 && is_action_like(cols[0]) {
                    out.overview.push(SeedEntry {
                        name: cols[0].to_owned(),
                        description: cols[1].to_owned(),
                        section: table_title.clone(),
                        line: i + 1,
                    });
                } else if !line.trim().is_empty() && !line.contains('\t') {
                    in_table = false;
                }
            }
            Some(4..=8) => {
                let mut found: Vec<&str> = Vec::new();
                // Request examples: `?Action=Name&...` or `&Action=Name`.
                let mut rest = line;
                while let Some(pos) = rest.find("Action=") {
                    let after = &rest[pos + "Action=".len()..];
                    found.push(leading_ident(after));
                    rest = after;
                }
                // The `Action` parameter row: `取值：Name` / `取值: <code>Name</code>`.
                if line.starts_with("Action\t") {
                    for marker in ["取值：", "取值:"] {
                        if let Some(pos) = line.rfind(marker) {
                            let after = line[pos + marker.len()..].trim_start();
                            let after = after.strip_prefix("<code>").unwrap_or(after);
                            found.push(leading_ident(after.trim_start()));
                        }
                    }
                }
                for name in found.into_iter().filter(|n| is_action_like(n)) {
                    let dup = out
                        .detailed
                        .iter()
                        .any(|d| d.name == name && d.section == section);
                    if !dup {
                        out.detailed.push(SeedDetail {
                            name: name.to_owned(),
                            section: section.clone(),
                            line: i + 1,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Edit distance (insertions, deletions, substitutions), for spotting typos.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "目录\n\n1 直播API概述.....\t1\n4 域名管理.....\t15\n\n1 直播API概述\n\n直播截图\n\nAPI\t描述\nAddLiveAppSnapshotConfig\t添加截图配置\nDeleteLiveAppSnapshotConfig\t删除截图配置\n\nAPI\t描述\nUpdateLiveAppSnapshotConfig\t更新截图配置\n\n导播服务\n\nAPI\t描述\nCallBack\t添加回调\n\n2 API鉴权规则\n\nAction-name\t资源(Resource)\nForbidLiveStream\tacs:cdn\n\n3 调用方式\n\n200 OK\n\n4 域名管理\n\n4.1 添加直播域名\n\nAction\tString\t是\tAddLiveDomain\t取值： AddLiveDomain\nhttps://live.aliyuncs.com?Action=AddLiveDomain&DomainName=x\n\n4.2 配置\n\nAction\tString\t是\tAddLiveAppRecordConf\t取值：<code>AddLiveAppRecordConf</code>\n&Action=AddLiveAppRecordConfig\n";

    #[test]
    fn reads_overview_tables_with_titles_and_continuations() {
        let s = parse(SAMPLE);
        let rows: Vec<(&str, &str, &str)> = s
            .overview
            .iter()
            .map(|e| (e.name.as_str(), e.description.as_str(), e.section.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("AddLiveAppSnapshotConfig", "添加截图配置", "直播截图"),
                ("DeleteLiveAppSnapshotConfig", "删除截图配置", "直播截图"),
                ("UpdateLiveAppSnapshotConfig", "更新截图配置", "直播截图"),
                ("CallBack", "添加回调", "导播服务"),
            ]
        );
        // Chapter 2's permission table is not an action list.
        assert!(!s.all_names().contains(&"ForbidLiveStream".to_owned()));
    }

    #[test]
    fn reads_detailed_names_from_rows_and_examples() {
        let s = parse(SAMPLE);
        let got: Vec<(&str, &str)> = s
            .detailed
            .iter()
            .map(|d| (d.name.as_str(), d.section.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("AddLiveDomain", "4.1"),
                ("AddLiveAppRecordConf", "4.2"),
                ("AddLiveAppRecordConfig", "4.2"),
            ]
        );
        assert_eq!(s.sections("AddLiveDomain"), vec!["4.1"]);
    }

    #[test]
    fn edit_distance_counts_typos() {
        assert_eq!(edit_distance("AddTrancodeSEI", "AddTranscodeSEI"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
