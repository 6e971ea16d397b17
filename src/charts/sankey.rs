//! Sankey diagrams: columns of nodes (height ∝ journeys) joined by bands
//! (width ∝ journeys). Used for paths (positions from an anchor) and for a
//! funnel's flow (its steps, with the touch points journeys went to when
//! they dropped).

use super::overview::kind_colour;
use super::svg::{label_number, num, series_colour, Svg, MUTED, TEXT, UNCLASSIFIED};
use crate::journeys::funnel::FlowNode;
use crate::journeys::paths::{Anchor, NodeKind};
use crate::journeys::{FunnelReport, PathsReport};
use crate::model::Kind;

/// A node of a Sankey diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct SankeyNode {
    /// 0-based column.
    pub column: usize,
    pub label: String,
    pub value: u64,
    pub colour: String,
}

/// A band from node `from` to node `to` (indexes into the nodes).
#[derive(Debug, Clone, PartialEq)]
pub struct SankeyLink {
    pub from: usize,
    pub to: usize,
    pub value: u64,
}

/// Draws a Sankey diagram. Nodes keep the given order within a column.
pub fn sankey(
    id: &str,
    title: &str,
    description: &str,
    columns: &[String],
    nodes: &[SankeyNode],
    links: &[SankeyLink],
    unit: &str,
) -> String {
    let cols = columns.len().max(1);
    let width = 980.0;
    let (left, right, top) = (8.0, 8.0, 52.0);
    let plot_h = 380.0;
    let gap = 10.0;
    let node_w = 14.0;
    let height = top + plot_h + 16.0;
    let mut svg = Svg::new(id, width, height, title, description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let label_room = 150.0;
    let step_x = if cols > 1 {
        (width - left - right - node_w - label_room) / (cols - 1) as f64
    } else {
        0.0
    };
    let x_of = |c: usize| left + c as f64 * step_x;
    for (c, name) in columns.iter().enumerate() {
        svg.text(x_of(c), 38.0, name, "start", MUTED, 11.0);
    }
    if nodes.iter().all(|n| n.value == 0) {
        let none = crate::text::t("core.paths.none", "no journeys", &[]);
        svg.text(width / 2.0, top + 40.0, &none, "middle", MUTED, 12.0);
        return svg.finish();
    }
    // Vertical scale: the fullest column fits.
    let mut totals = vec![0u64; cols];
    let mut counts = vec![0usize; cols];
    for n in nodes {
        if n.column < cols {
            totals[n.column] += n.value;
            counts[n.column] += 1;
        }
    }
    let scale = (0..cols)
        .filter(|c| totals[*c] > 0)
        .map(|c| (plot_h - gap * counts[c].saturating_sub(1) as f64) / totals[c] as f64)
        .fold(f64::INFINITY, f64::min);
    let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
    let mut y = vec![0.0f64; nodes.len()];
    let mut h = vec![0.0f64; nodes.len()];
    let mut next_y = vec![top; cols];
    for (i, n) in nodes.iter().enumerate() {
        let c = n.column.min(cols - 1);
        h[i] = (n.value as f64 * scale).max(1.5);
        y[i] = next_y[c];
        next_y[c] += h[i] + gap;
    }
    // Bands: leave each source from the top down in target order; enter each target in source order.
    let mut order: Vec<usize> = (0..links.len())
        .filter(|&l| links[l].from < nodes.len() && links[l].to < nodes.len())
        .collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        (links[a].from, y[links[a].to] as i64).cmp(&(links[b].from, y[links[b].to] as i64))
    });
    let mut out_offset = vec![0.0f64; nodes.len()];
    let mut in_offset = vec![0.0f64; nodes.len()];
    let mut by_target: Vec<usize> = order.clone();
    crate::sort::sort_by(&mut by_target, |&a, &b| {
        (links[a].to, y[links[a].from] as i64).cmp(&(links[b].to, y[links[b].from] as i64))
    });
    let mut entry_y = vec![0.0f64; links.len()];
    for &l in &by_target {
        let t = links[l].to;
        entry_y[l] = y[t] + in_offset[t];
        in_offset[t] += links[l].value as f64 * scale;
    }
    for &l in &order {
        let link = &links[l];
        let (s, t) = (link.from, link.to);
        let band = link.value as f64 * scale;
        let x0 = x_of(nodes[s].column) + node_w;
        let x1 = x_of(nodes[t].column);
        let y0 = y[s] + out_offset[s];
        out_offset[s] += band;
        let y1 = entry_y[l];
        let xm = (x0 + x1) / 2.0;
        let d = format!(
            "M{} {}C{} {} {} {} {} {}L{} {}C{} {} {} {} {} {}Z",
            num(x0),
            num(y0),
            num(xm),
            num(y0),
            num(xm),
            num(y1),
            num(x1),
            num(y1),
            num(x1),
            num(y1 + band),
            num(xm),
            num(y1 + band),
            num(xm),
            num(y0 + band),
            num(x0),
            num(y0 + band)
        );
        let tip = format!(
            "{} → {}: {} {unit}",
            nodes[s].label,
            nodes[t].label,
            label_number(link.value as f64, 0)
        );
        svg.path(&d, &nodes[s].colour, 0.35, Some(&tip));
    }
    for (i, n) in nodes.iter().enumerate() {
        let x = x_of(n.column);
        let tip = format!("{}: {} {unit}", n.label, label_number(n.value as f64, 0));
        svg.rect(x, y[i], node_w, h[i], &n.colour, Some(&tip));
        if h[i] >= 9.0 {
            let text = format!("{} · {}", n.label, label_number(n.value as f64, 0));
            let room = (step_x - node_w - 8.0).max(60.0).min(width - x - node_w - 6.0);
            svg.label_fit(x + node_w + 4.0, y[i] + h[i] / 2.0 + 4.0, &text, "start", room);
        }
    }
    let _ = TEXT;
    svg.finish()
}

/// The text alternative of a Sankey: every node, then the bands.
fn describe(columns: &[String], nodes: &[SankeyNode], links: &[SankeyLink], unit: &str) -> String {
    let mut parts = Vec::new();
    for (c, name) in columns.iter().enumerate() {
        let here: Vec<String> = nodes
            .iter()
            .filter(|n| n.column == c)
            .map(|n| format!("{} {}", n.label, label_number(n.value as f64, 0)))
            .collect();
        if !here.is_empty() {
            parts.push(format!("{name}: {}", here.join(", ")));
        }
    }
    let mut bands: Vec<String> = links
        .iter()
        .filter(|l| l.from < nodes.len() && l.to < nodes.len())
        .map(|l| {
            format!(
                "{} → {} {}",
                nodes[l.from].label,
                nodes[l.to].label,
                label_number(l.value as f64, 0)
            )
        })
        .collect();
    bands.truncate(60);
    if bands.is_empty() {
        return crate::text::t(
            "core.paths.desc.noFlows",
            "Counts are {unit}. {nodes}. No flows.",
            &[("unit", &unit), ("nodes", &parts.join("; "))],
        );
    }
    crate::text::t(
        "core.paths.desc",
        "Counts are {unit}. {nodes}. Flows: {flows}.",
        &[("unit", &unit), ("nodes", &parts.join("; ")), ("flows", &bands.join("; "))],
    )
}

fn kind_of_key(key: Option<&str>) -> Option<Kind> {
    key.and_then(|k| Kind::ALL.iter().copied().find(|v| v.key() == k))
}

/// The paths as a Sankey: one column per position (back from the end: the
/// last position on the right).
pub fn paths_sankey(id: &str, report: &PathsReport) -> String {
    let s = &report.settings;
    let positions = report.nodes.iter().map(|n| n.position).max().unwrap_or(1);
    let backwards = s.anchor == Anchor::End;
    let column = |p: usize| if backwards { positions - p } else { p - 1 };
    let mut columns: Vec<String> = (1..=positions)
        .map(|p| {
            if backwards {
                crate::text::t("core.paths.beforeEnd", "{p} before the end", &[("p", &p)])
            } else {
                crate::text::t("core.paths.step", "Step {p}", &[("p", &p)])
            }
        })
        .collect();
    if backwards {
        columns.reverse();
        if let Some(last) = columns.last_mut() {
            *last = crate::text::t("core.paths.last", "Last", &[]);
        }
    }
    let mut index: Vec<usize> = (0..report.nodes.len()).collect();
    crate::sort::sort_by_key(&mut index, |&i| (column(report.nodes[i].position), i));
    let mut position_of = vec![0usize; report.nodes.len()];
    let nodes: Vec<SankeyNode> = index
        .iter()
        .enumerate()
        .map(|(new, &i)| {
            position_of[i] = new;
            let n = &report.nodes[i];
            let colour = match n.kind {
                NodeKind::Other => UNCLASSIFIED.to_string(),
                NodeKind::End | NodeKind::Start => MUTED.to_string(),
                NodeKind::Label if n.class.is_some() => kind_colour(kind_of_key(n.class)),
                NodeKind::Label => series_colour(label_hash(&n.label)),
            };
            // The core's own node names in the page's language.
            let label = match n.kind {
                NodeKind::Other => crate::text::t("core.flow.other", "Other", &[]),
                NodeKind::End => crate::text::t("core.flow.end", "End of journey", &[]),
                NodeKind::Start => crate::text::t("core.paths.start", "Start of journey", &[]),
                NodeKind::Label => n.label.clone(),
            };
            SankeyNode { column: column(n.position), label, value: n.journeys, colour }
        })
        .collect();
    let links: Vec<SankeyLink> = report
        .links
        .iter()
        .map(|l| {
            let (a, b) = (position_of[l.from], position_of[l.to]);
            if backwards {
                SankeyLink { from: b, to: a, value: l.journeys }
            } else {
                SankeyLink { from: a, to: b, value: l.journeys }
            }
        })
        .collect();
    let anchor = match (s.anchor, &s.from, &s.to) {
        (Anchor::Start, Some(f), _) => {
            crate::text::t("core.paths.fromFirst", "from the first {step}", &[("step", f)])
        }
        (Anchor::Start, None, _) => {
            crate::text::t("core.paths.fromStart", "from the start of each journey", &[])
        }
        (Anchor::End, _, Some(t)) => {
            crate::text::t("core.paths.toLast", "to the last {step}", &[("step", t)])
        }
        (Anchor::End, _, None) => {
            crate::text::t("core.paths.toEnd", "to the end of each journey", &[])
        }
        (Anchor::Between, f, t) => crate::text::t(
            "core.paths.between",
            "from {from} to {to}",
            &[("from", &f.as_deref().unwrap_or("?")), ("to", &t.as_deref().unwrap_or("?"))],
        ),
    };
    let title = crate::text::t(
        "core.paths.title",
        "Paths of {n} journeys, {anchor}",
        &[("n", &label_number(report.journeys as f64, 0)), ("anchor", &anchor)],
    );
    let unit = crate::text::t("core.funnel.journeys", "journeys", &[]);
    let description = describe(&columns, &nodes, &links, &unit);
    sankey(id, &title, &description, &columns, &nodes, &links, &unit)
}

/// A stable colour index for a label (channels and classes have no kind).
fn label_hash(label: &str) -> usize {
    label.bytes().fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize)) % 10
}

/// The funnel's flow as a Sankey: the steps in a row; journeys that drop
/// flow to the touch point they did next (or the end of the journey).
pub fn funnel_sankey(id: &str, report: &FunnelReport) -> String {
    let n = report.steps.len();
    let columns: Vec<String> =
        report.steps.iter().map(|s| format!("{}. {}", s.step, s.label)).collect();
    let mut keys: Vec<FlowNode> = (0..n).map(FlowNode::Step).collect();
    let mut values: Vec<u64> = report.steps.iter().map(|s| s.journeys).collect();
    for (a, b, c) in &report.flow.links {
        for node in [a, b] {
            if !matches!(node, FlowNode::Step(_)) && !keys.contains(node) {
                keys.push(node.clone());
                values.push(0);
            }
        }
        if let Some(i) = keys.iter().position(|k| k == b) {
            if !matches!(b, FlowNode::Step(_)) {
                values[i] += c;
            }
        }
        if let (FlowNode::Entry(_), Some(i)) = (a, keys.iter().position(|k| k == a)) {
            values[i] += c;
        }
    }
    let label = |k: &FlowNode| -> (usize, String, String) {
        match k {
            FlowNode::Step(s) => (*s, report.steps[*s].label.clone(), series_colour(0)),
            FlowNode::Next(s, None) => {
                (s + 1, crate::text::t("core.flow.end", "End of journey", &[]), MUTED.to_string())
            }
            FlowNode::Next(s, Some(u32::MAX)) => {
                (s + 1, crate::text::t("core.flow.other", "Other", &[]), UNCLASSIFIED.to_string())
            }
            FlowNode::Next(s, Some(tp)) => (
                s + 1,
                crate::text::t(
                    "core.flow.then",
                    "then {touchpoint}",
                    &[("touchpoint", &report.flow_names.get(tp).cloned().unwrap_or_default())],
                ),
                UNCLASSIFIED.to_string(),
            ),
            FlowNode::Entry(s) => (
                s.saturating_sub(1),
                crate::text::t(
                    "core.flow.entered",
                    "entered at step {step}",
                    &[("step", &(s + 1))],
                ),
                MUTED.to_string(),
            ),
        }
    };
    // Order within a column: the step first, then drops by size, "Other", the end.
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let rank = |k: &FlowNode| match k {
        FlowNode::Step(_) => 0,
        FlowNode::Entry(_) => 1,
        FlowNode::Next(_, Some(u32::MAX)) => 3,
        FlowNode::Next(_, None) => 4,
        FlowNode::Next(..) => 2,
    };
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (ca, cb) = (label(&keys[a]).0, label(&keys[b]).0);
        ca.cmp(&cb)
            .then(rank(&keys[a]).cmp(&rank(&keys[b])))
            .then(values[b].cmp(&values[a]))
            .then(a.cmp(&b))
    });
    let mut new_index = vec![0usize; keys.len()];
    let nodes: Vec<SankeyNode> = order
        .iter()
        .enumerate()
        .map(|(new, &i)| {
            new_index[i] = new;
            let (column, label, colour) = label(&keys[i]);
            SankeyNode { column: column.min(n.saturating_sub(1)), label, value: values[i], colour }
        })
        .collect();
    let links: Vec<SankeyLink> = report
        .flow
        .links
        .iter()
        .filter_map(|(a, b, c)| {
            let from = keys.iter().position(|k| k == a)?;
            let to = keys.iter().position(|k| k == b)?;
            Some(SankeyLink { from: new_index[from], to: new_index[to], value: *c })
        })
        .collect();
    let title = crate::text::t(
        "core.flow.title",
        "Where {n} journeys go through the funnel, and where those who drop go next",
        &[("n", &label_number(report.steps.first().map(|s| s.journeys).unwrap_or(0) as f64, 0))],
    );
    let unit = crate::text::t("core.funnel.journeys", "journeys", &[]);
    let description = describe(&columns, &nodes, &links, &unit);
    sankey(id, &title, &description, &columns, &nodes, &links, &unit)
}
