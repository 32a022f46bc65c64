//! ## What it catches
//! `depends_on` links that form a cycle: A needs B applied first, and B (directly or through
//! others) needs A. Every member of the cycle is reported, with the whole cycle in the message.
//!
//! ## Why it matters
//! No package of a cycle can be applied first, so none of them is ever applied, and each is
//! offered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! # KB1.yaml
//! id: KB1
//! depends_on: [KB2]
//! # KB2.yaml
//! id: KB2
//! depends_on: [KB1]
//! ```
//!
//! Use instead: drop the link that points backwards, so the dependencies form an order.
//!
//! ## Fix
//! Remove one `depends_on` entry of the cycle.
//!
//! ## 日本語
//! ## 検出内容
//! 循環する `depends_on`: A は B を先に適用する必要があり、B も (直接または他を経由して) A を必要とする。
//! 循環のすべてのメンバを、循環全体をメッセージに含めて報告します。
//!
//! ## 問題点
//! 循環内のどのパッケージも最初に適用できないため、どれも適用されず、自動更新のたびに再び配信されます。
//!
//! ## 例
//! ```yaml
//! # KB1.yaml
//! id: KB1
//! depends_on: [KB2]
//! # KB2.yaml
//! id: KB2
//! depends_on: [KB1]
//! ```
//!
//! 修正後: 逆向きの依存を外し、依存関係が順序になるようにします。
//!
//! ## 修正方法
//! 循環内の `depends_on` のエントリを 1 つ削除してください。

use crate::diagnostic::Diagnostic;
use crate::rules::{RepoCtx, Rule, RuleMeta};
use crate::tr;
use foldhash::{HashMap, HashMapExt};

/// DPM604
pub struct DependencyCycle;

/// DPM604's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM604", "dependency-cycle", Error, None);

/// Strongly connected components of a graph given as adjacency lists (iterative Tarjan).
fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

impl Rule for DependencyCycle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_repo(&self, ctx: &RepoCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        // One node per distinct ID: the first definition (in file order) that has it.
        let mut node_of: HashMap<&str, usize> = HashMap::new();
        let mut owner: Vec<usize> = Vec::new();
        for (i, loaded) in ctx.packages.iter().enumerate() {
            if let Some(id) = &loaded.id {
                node_of.entry(id.value.as_str()).or_insert_with(|| {
                    owner.push(i);
                    owner.len() - 1
                });
            }
        }
        let edges: Vec<Vec<usize>> = owner
            .iter()
            .map(|&i| {
                let deps = &ctx.packages[i].depends_on;
                deps.iter().filter_map(|dep| node_of.get(dep.value.as_str()).copied()).collect()
            })
            .collect();
        for mut comp in components(&edges) {
            let single = comp.len() == 1;
            if single && !edges[comp[0]].contains(&comp[0]) {
                continue;
            }
            comp.sort_by_key(|&n| owner[n]);
            let id_of = |n: usize| ctx.packages[owner[n]].id.as_ref().map_or("", |f| f.value.as_str());
            let mut cycle: Vec<&str> = comp.iter().map(|&n| id_of(n)).collect();
            cycle.push(id_of(comp[0]));
            let cycle = cycle.join(" → ");
            for &n in &comp {
                let loaded = &ctx.packages[owner[n]];
                for dep in &loaded.depends_on {
                    let Some(&target) = node_of.get(dep.value.as_str()) else { continue };
                    if !comp.contains(&target) {
                        continue;
                    }
                    let name = &dep.value;
                    out.push(
                        Diagnostic::new(
                            &META,
                            &loaded.file,
                            dep.span,
                            tr!(lang, "dependency on `{name}` closes a cycle: {cycle}", "`{name}` への依存が循環しています: {cycle}"),
                        )
                        .help(tr!(
                            lang,
                            "no package of a cycle can be applied first; remove one `depends_on` entry of the cycle",
                            "循環内のどのパッケージも最初に適用できません。循環内の `depends_on` を 1 つ削除してください"
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn finds_cycles_and_self_loops() {
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let mut comps: Vec<Vec<usize>> = components(&edges).into_iter().map(|mut c| {
            c.sort();
            c
        }).collect();
        comps.sort();
        assert_eq!(comps, vec![vec![0, 1, 2], vec![3], vec![4]]);
    }
}
