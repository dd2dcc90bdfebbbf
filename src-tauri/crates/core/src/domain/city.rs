//! Comparing city names as a clerk types them: without accents, case, hyphens or extra spaces.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The form two spellings of one city share: `"Saint-Louis"`, `"saint louis"` and `"SAINT–LOUIS "`
/// all give `"saint louis"`; `"Thiès"` and `"thies"` give `"thies"`.
pub fn city_key(name: &str) -> String {
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::city_key;

    #[test]
    fn accents_case_hyphens_and_spaces_do_not_matter() {
        assert_eq!(city_key("Thiès"), city_key("THIES"));
        assert_eq!(city_key("Saint-Louis"), "saint louis");
        assert_eq!(city_key("  saint   louis "), "saint louis");
        assert_eq!(city_key("San-Pédro"), city_key("san pedro"));
        assert_eq!(city_key("Bouaké"), "bouake");
        assert_ne!(city_key("Dakar"), city_key("Daloa"));
    }
}
