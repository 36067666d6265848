//! The workbook's cell formats: one of each, made once.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use super::Kind;
use crate::units::excel;

pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) section: Format,
    pub(super) header: Format,
    pub(super) header_num: Format,
    pub(super) note: Format,
    pub(super) text: Format,
    pub(super) input_pct: Format,
    pub(super) input_num: Format,
    pub(super) pct: Format,
    pub(super) money: Format,
    pub(super) money_total: Format,
    pub(super) label_total: Format,
    pub(super) npv: Format,
    pub(super) price: Format,
    pub(super) rate: Format,
    pub(super) mw: Format,
    pub(super) count: Format,
    pub(super) int: Format,
    pub(super) factor: Format,
    pub(super) weight: Format,
    pub(super) ratio: Format,
    /// The per-period rate, finer than a percentage with two decimals.
    pub(super) rate_per_period: Format,
}

impl Formats {
    pub(super) fn new(relaxed: bool) -> Formats {
        let input = Format::new()
            .set_background_color(Color::RGB(0xFFF2CC))
            .set_font_color(Color::RGB(0x1F4E9A))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            section: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            header_num: header.clone().set_align(FormatAlign::Right),
            header,
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            text: Format::new(),
            input_pct: input.clone().set_num_format(excel::PCT),
            input_num: input.set_num_format("0.00"),
            pct: Format::new().set_num_format(excel::PCT),
            money: Format::new().set_num_format(excel::MONEY),
            money_total: total.clone().set_num_format(excel::MONEY),
            label_total: total,
            npv: Format::new()
                .set_bold()
                .set_num_format(excel::MONEY)
                .set_border(FormatBorder::Thin),
            price: Format::new().set_num_format(excel::PRICE),
            rate: Format::new().set_num_format(excel::RATE),
            mw: Format::new().set_num_format(excel::MW),
            count: Format::new().set_num_format(if relaxed {
                excel::COUNT_FRACTIONAL
            } else {
                excel::COUNT
            }),
            int: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            factor: Format::new().set_num_format(excel::FACTOR),
            weight: Format::new().set_num_format("0.00"),
            ratio: Format::new().set_num_format(excel::RATIO),
            rate_per_period: Format::new().set_num_format("0.0000%"),
        }
    }

    pub(super) fn of(&self, k: Kind) -> &Format {
        match k {
            Kind::Text => &self.text,
            Kind::Price => &self.price,
            Kind::Rate => &self.rate,
            Kind::Mw => &self.mw,
            Kind::Count => &self.count,
            Kind::Int => &self.int,
            Kind::Money => &self.money,
            Kind::Pct => &self.pct,
        }
    }
}
