//! Word's styles: the run and paragraph properties a paragraph has from its
//! style chain, its own properties over them.

use std::collections::HashMap;

use roxmltree::Node;

use super::Align;
use super::xml::{attr, is_red, is_w, on, val, w_child};

#[derive(Debug, Clone, Default)]
pub(super) struct RunProps {
    pub(super) bold: Option<bool>,
    pub(super) italic: Option<bool>,
    pub(super) size: Option<u32>,
    pub(super) red: Option<bool>,
    pub(super) hidden: Option<bool>,
}

impl RunProps {
    pub(super) fn of(rpr: Node) -> RunProps {
        RunProps {
            bold: w_child(rpr, "b").map(on),
            italic: w_child(rpr, "i").map(on),
            size: w_child(rpr, "sz")
                .and_then(val)
                .and_then(|v| v.parse().ok()),
            red: w_child(rpr, "color").and_then(val).map(|c| is_red(Some(c))),
            hidden: w_child(rpr, "vanish").map(on),
        }
    }

    /// These properties, with `base`'s where these say nothing.
    pub(super) fn over(&self, base: &RunProps) -> RunProps {
        RunProps {
            bold: self.bold.or(base.bold),
            italic: self.italic.or(base.italic),
            size: self.size.or(base.size),
            red: self.red.or(base.red),
            hidden: self.hidden.or(base.hidden),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct ParaProps {
    pub(super) align: Option<Align>,
    pub(super) outline: Option<u8>,
    /// (`numId`, level) of Word's list numbering.
    pub(super) num: Option<(String, u8)>,
    pub(super) rule: Option<bool>,
}

impl ParaProps {
    pub(super) fn of(ppr: Node) -> ParaProps {
        let align = w_child(ppr, "jc").and_then(val).map(|v| match v {
            "center" => Align::Center,
            "right" | "end" => Align::Right,
            "both" | "distribute" | "thaiDistribute" | "lowKashida" | "mediumKashida"
            | "highKashida" => Align::Justify,
            _ => Align::Left,
        });
        let num = w_child(ppr, "numPr").and_then(|n| {
            let id = w_child(n, "numId").and_then(val)?;
            let level = w_child(n, "ilvl")
                .and_then(val)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0u8)
                .min(8);
            Some((id.to_string(), level))
        });
        let rule = w_child(ppr, "pBdr").map(|borders| {
            borders.children().any(|b| {
                matches!(b.tag_name().name(), "top" | "bottom")
                    && !matches!(val(b), Some("nil" | "none"))
                    && is_red(attr(b, "color"))
            })
        });
        ParaProps {
            align,
            outline: w_child(ppr, "outlineLvl")
                .and_then(val)
                .and_then(|v| v.parse().ok()),
            num,
            rule,
        }
    }

    pub(super) fn over(&self, base: &ParaProps) -> ParaProps {
        ParaProps {
            align: self.align.or(base.align),
            outline: self.outline.or(base.outline),
            num: self.num.clone().or_else(|| base.num.clone()),
            rule: self.rule.or(base.rule),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct StyleDef {
    pub(super) based_on: Option<String>,
    pub(super) name: String,
    pub(super) para: ParaProps,
    pub(super) run: RunProps,
}

/// A paragraph style with its `basedOn` chain and the document defaults applied.
#[derive(Debug, Clone, Default)]
pub(super) struct Styled {
    pub(super) para: ParaProps,
    pub(super) run: RunProps,
    pub(super) title: bool,
    /// A line of Word's table of contents (`toc 1`, `toc 2`, …).
    pub(super) contents: bool,
}

#[derive(Debug, Default)]
pub(super) struct Styles {
    pub(super) by_id: HashMap<String, StyleDef>,
    pub(super) default_paragraph: Option<String>,
    pub(super) defaults: RunProps,
    pub(super) default_para: ParaProps,
}

impl Styles {
    pub(super) fn parse(xml: &roxmltree::Document) -> Styles {
        let root = xml.root_element();
        let mut styles = Styles::default();
        if let Some(defaults) = w_child(root, "docDefaults") {
            if let Some(rpr) = w_child(defaults, "rPrDefault").and_then(|n| w_child(n, "rPr")) {
                styles.defaults = RunProps::of(rpr);
            }
            if let Some(ppr) = w_child(defaults, "pPrDefault").and_then(|n| w_child(n, "pPr")) {
                styles.default_para = ParaProps::of(ppr);
            }
        }
        for style in root.children().filter(|n| is_w(*n, "style")) {
            let Some(id) = attr(style, "styleId") else {
                continue;
            };
            if attr(style, "type") == Some("paragraph")
                && matches!(attr(style, "default"), Some("1" | "true" | "on"))
            {
                styles.default_paragraph = Some(id.to_string());
            }
            styles.by_id.insert(
                id.to_string(),
                StyleDef {
                    based_on: w_child(style, "basedOn").and_then(val).map(str::to_string),
                    name: w_child(style, "name")
                        .and_then(val)
                        .unwrap_or("")
                        .to_lowercase(),
                    para: w_child(style, "pPr").map(ParaProps::of).unwrap_or_default(),
                    run: w_child(style, "rPr").map(RunProps::of).unwrap_or_default(),
                },
            );
        }
        styles
    }

    /// A style and those it is based on, nearest first (a loop is cut).
    pub(super) fn chain(&self, id: Option<&str>) -> Vec<&StyleDef> {
        let mut chain = Vec::new();
        let mut next = id;
        while let Some(id) = next {
            let Some(style) = self.by_id.get(id) else {
                break;
            };
            if chain.len() >= 16 || chain.iter().any(|s: &&StyleDef| std::ptr::eq(*s, style)) {
                break;
            }
            chain.push(style);
            next = style.based_on.as_deref();
        }
        chain
    }

    pub(super) fn paragraph(&self, id: Option<&str>) -> Styled {
        let chain = self.chain(id);
        let mut styled = Styled {
            para: self.default_para.clone(),
            run: self.defaults.clone(),
            title: false,
            contents: false,
        };
        for style in chain.iter().rev() {
            styled.para = style.para.over(&styled.para);
            styled.run = style.run.over(&styled.run);
        }
        if let Some(own) = chain.first() {
            let heading = own
                .name
                .strip_prefix("heading ")
                .or_else(|| own.name.strip_prefix("标题 "))
                .and_then(|n| n.trim().parse::<u8>().ok())
                .filter(|n| (1..=9).contains(n));
            if let Some(level) = heading {
                styled.para.outline = Some(level - 1);
            }
            styled.title = matches!(own.name.as_str(), "title" | "标题");
            styled.contents = own.name.starts_with("toc ") || own.name.starts_with("目录 ");
        }
        styled
    }

    /// A character style's run properties, its chain applied.
    pub(super) fn character(&self, id: &str) -> RunProps {
        self.chain(Some(id))
            .iter()
            .rev()
            .fold(RunProps::default(), |run, style| style.run.over(&run))
    }
}
