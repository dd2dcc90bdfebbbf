//! A column that text flows down, line after line: the way tickets are laid out.

use super::canvas::Page;
use super::text::{Align, Fonts, Style};

/// A column that text flows down, line after line, from a running `y`.
pub(super) struct Flow<'a> {
    pub page: &'a mut Page,
    pub fonts: &'a Fonts,
    pub left: f32,
    pub width: f32,
    pub y: f32,
}

impl Flow<'_> {
    fn anchor(&self, align: Align) -> f32 {
        match align {
            Align::Left => self.left,
            Align::Center => self.left + self.width / 2.0,
            Align::Right => self.left + self.width,
        }
    }

    /// One line, cut with an ellipsis if it would overflow the column.
    pub fn line(&mut self, style: Style, align: Align, text: &str) {
        let text = self.fonts.ellipsize(style, text, self.width);
        self.page
            .text(self.fonts, self.anchor(align), self.y, align, style, &text);
        self.y += style.line_height();
    }

    /// As many lines as the text needs, at most `max_lines` (the last one then cut).
    pub fn paragraph(&mut self, style: Style, align: Align, text: &str, max_lines: usize) {
        let mut lines = self.fonts.wrap(style, text, self.width);
        if lines.len() > max_lines {
            let rest = lines.split_off(max_lines.saturating_sub(1)).join(" ");
            lines.push(rest);
        }
        for line in lines {
            self.line(style, align, &line);
        }
    }

    /// `label` on the left and `value` on the right of one line; when both do not fit side by
    /// side, the value goes under the label, wrapped on up to `max_lines` lines.
    pub fn pair(
        &mut self,
        label_style: Style,
        label: &str,
        value_style: Style,
        value: &str,
        max_lines: usize,
    ) {
        let gap = 3.0;
        let label_width = self.fonts.width(label_style, label);
        let value_width = self.fonts.width(value_style, value);
        let height = label_style.line_height().max(value_style.line_height());
        if label_width + gap + value_width <= self.width {
            // Both share one baseline, so the smaller label sits lower to line up with the value.
            let baseline = self.y + value_style.baseline_drop().max(label_style.baseline_drop());
            let label_top = baseline - label_style.baseline_drop();
            let value_top = baseline - value_style.baseline_drop();
            self.page.text(
                self.fonts,
                self.left,
                label_top,
                Align::Left,
                label_style,
                label,
            );
            self.page.text(
                self.fonts,
                self.left + self.width,
                value_top,
                Align::Right,
                value_style,
                value,
            );
            self.y += height;
        } else {
            self.line(label_style, Align::Left, label);
            self.paragraph(value_style, Align::Right, value, max_lines);
        }
    }

    pub fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    /// A thin rule across the column, with breathing room above and below.
    pub fn rule(&mut self, space: f32) {
        self.y += space;
        self.page
            .hline(self.left, self.left + self.width, self.y, 0.6, 0.0);
        self.y += space;
    }

    pub fn dashed_rule(&mut self, space: f32) {
        self.y += space;
        self.page
            .dashed_hline(self.left, self.left + self.width, self.y, 0.6);
        self.y += space;
    }

    /// `text` in a box across the column: white on black when `inverted`, else framed.
    pub fn banner(&mut self, style: Style, text: &str, inverted: bool) {
        let padding = style.em() * 0.45;
        let height = style.line_height() + 2.0 * padding;
        let text = self
            .fonts
            .ellipsize(style, text, self.width - 2.0 * padding);
        if inverted {
            self.page
                .fill_rect(self.left, self.y, self.width, height, 0.0);
        } else {
            self.page
                .stroke_rect(self.left, self.y, self.width, height, 1.6);
        }
        let style = if inverted { style.white() } else { style };
        self.page.text(
            self.fonts,
            self.anchor(Align::Center),
            self.y + padding,
            Align::Center,
            style,
            &text,
        );
        self.y += height;
    }
}
