//! How the page is shown, as opposed to what it runs: `embed=1` (the compact layout for a
//! blog's iframe), `theme`, and `load=click` (a static preview first, which
//! www/click-to-load.js shows before this module is even fetched: here only a bad value
//! is named). Read once at start-up; not form fields, so the user never
//! edits them, and the address keeps them as they came (src/browser/query.rs).
//! Pure logic: tested natively.

use crate::form::Directive;
use offload_jobs::limits::ParamError;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows the reader's `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// `data-theme` on `<html>`, which www/style.css reads; None leaves the choice to CSS.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Presentation {
    pub embed: bool,
    pub theme: Theme,
    /// A `theme` or `load` that names nothing known: said like a field's error, never echoed.
    pub errors: Vec<ParamError>,
}

impl Presentation {
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut presentation = Presentation::default();
        for (name, value) in pairs {
            match (Directive::from_name(name), value) {
                (Some(Directive::Embed), value) => presentation.embed = value == "1",
                (Some(Directive::Theme), "light") => presentation.theme = Theme::Light,
                (Some(Directive::Theme), "dark") => presentation.theme = Theme::Dark,
                (Some(Directive::Theme), _) => presentation.refuse(
                    Directive::Theme,
                    "theme must be one of light, dark (or left out, to follow the reader's \
                     colour scheme)",
                ),
                (Some(Directive::Load), "click") => {}
                (Some(Directive::Load), _) => presentation.refuse(
                    Directive::Load,
                    "load must be click (a preview until the reader asks for the playground), \
                     or left out to load it at once",
                ),
                _ => {}
            }
        }
        presentation
    }

    /// One message per parameter, however often a link repeats it.
    fn refuse(&mut self, directive: Directive, message: &str) {
        if !self.errors.iter().any(|e| e.param == directive.name()) {
            self.errors.push(ParamError {
                param: directive.name(),
                message: message.into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_and_theme_are_read_and_bad_themes_named_not_echoed() {
        let p = Presentation::from_query([("embed", "1"), ("theme", "dark"), ("load", "click")]);
        assert_eq!((p.embed, p.theme, p.errors), (true, Theme::Dark, vec![]));
        assert_eq!(Presentation::from_query([]).theme.attribute(), None);
        let bad = Presentation::from_query([("embed", "yes"), ("theme", "<img src=x>")]);
        assert!(!bad.embed);
        assert_eq!(bad.theme, Theme::Auto);
        let error = &bad.errors[0];
        assert_eq!(error.param, "theme");
        assert!(error.message.contains("light, dark") && !error.message.contains('<'));
    }

    #[test]
    fn a_bad_load_is_named_with_its_one_value_never_echoed() {
        for value in ["", "Click", "<b>x</b>", "click "] {
            let p = Presentation::from_query([("load", value)]);
            assert_eq!(p.errors.len(), 1, "{value:?}");
            assert_eq!(p.errors[0].param, "load");
            assert!(p.errors[0].message.starts_with("load must be click"));
            assert!(!p.errors[0].message.contains('<'));
        }
    }
}
