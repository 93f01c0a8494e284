//! Message language. The FMS family speaks Korean only; the downloadable family answers in English
//! unless the request asks for Korean (`Accept-Language: ko…`), as live clients observed (spec
//! §2.6, §6 Q8).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// The first language of an `Accept-Language` header that we speak; English otherwise.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let Some(h) = header else { return Lang::En };
        for part in h.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag == "ko" || tag.starts_with("ko-") {
                return Lang::Ko;
            }
            if tag == "en" || tag.starts_with("en-") {
                return Lang::En;
            }
        }
        Lang::En
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub ko: String,
}

impl Text {
    pub fn new(en: impl Into<String>, ko: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            ko: ko.into(),
        }
    }

    /// The same text in both languages (Jackson's and Spring's messages are English everywhere).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            en: s.clone(),
            ko: s,
        }
    }

    pub fn pick(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }
}

/// Several violations in one message, joined by `", "` as Coupang does; repeated texts once.
pub fn join(texts: &[Text], lang: Lang) -> String {
    let mut out: Vec<&str> = Vec::new();
    for t in texts {
        let s = t.pick(lang);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_korean_only_when_asked() {
        assert_eq!(Lang::from_accept_language(None), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("ko")), Lang::Ko);
        assert_eq!(
            Lang::from_accept_language(Some("ko-KR,ko;q=0.9,en;q=0.8")),
            Lang::Ko
        );
        assert_eq!(Lang::from_accept_language(Some("en-US,ko;q=0.5")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("fr")), Lang::En);
    }
}
