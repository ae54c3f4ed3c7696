//! The lexer that finds where a header ends (after the imports), as go/build's reader
//! does.

/// Where the header ends: after the package clause and the import declarations, at the
/// first token that starts anything else. Mirrors go/build's header reader, so a file's
/// body (however large or malformed) is never parsed.
pub fn header_end(source: &[u8], from: usize) -> usize {
    scan_header(source, from).end
}

/// What [`scan_header`] finds.
#[derive(Debug, Clone, Copy)]
pub(super) struct HeaderScan {
    /// Where the header ends ([`header_end`]): what go/build's reader reads.
    pub(super) end: usize,
    /// Where Go's parser stops reading imports in it: before a semicolon that follows the
    /// one ending the package clause or an import declaration (an empty declaration, which
    /// is no import); else `end`.
    pub(super) parse_end: usize,
    /// Whether the header starts with the `package` keyword.
    pub(super) clause_first: bool,
    /// The first form feed among the header's blanks, which Go rejects.
    pub(super) form_feed: Option<usize>,
}

/// [`header_end`], and what else the lexer learns on the way.
pub(super) fn scan_header(source: &[u8], from: usize) -> HeaderScan {
    let mut lexer = Lexer::new(source, from);
    let mut parse_end = None;
    let scan = |lexer: &Lexer, end, parse_end: Option<usize>, clause_first| HeaderScan {
        end,
        parse_end: parse_end.unwrap_or(end),
        clause_first,
        form_feed: lexer.form_feed.filter(|&at| at < end),
    };
    lexer.skip_trivia();
    if !lexer.eat_word(b"package") {
        // Let the parser report what stands where the clause should be.
        return scan(&lexer, lexer.line_end(), None, false);
    }
    lexer.skip_trivia();
    lexer.word();
    loop {
        if parse_end.is_none() {
            parse_end = lexer.second_semicolon();
        }
        // Like go/build's reader, the comments before the next token belong to the header.
        lexer.skip_trivia_and_semicolons();
        if !lexer.eat_word(b"import") {
            return scan(&lexer, lexer.pos, parse_end, true);
        }
        lexer.skip_trivia();
        if lexer.peek() == Some(b'(') {
            lexer.skip_group();
        } else {
            // An optional name, then the path.
            if lexer.peek() != Some(b'"') && lexer.peek() != Some(b'`') {
                lexer.word_or_byte();
                lexer.skip_trivia();
            }
            lexer.string();
        }
    }
}

/// A minimal Go lexer: enough to skip comments, strings and bracketed groups.
pub(super) struct Lexer<'a> {
    pub(super) src: &'a [u8],
    pub(super) pos: usize,
    /// The first form feed skipped as a blank: go/build's reader skips it, Go rejects it.
    pub(super) form_feed: Option<usize>,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(src: &'a [u8], pos: usize) -> Self {
        Lexer {
            src,
            pos,
            form_feed: None,
        }
    }

    /// Steps over a form feed, noting the first.
    fn skip_form_feed(&mut self) {
        self.form_feed.get_or_insert(self.pos);
        self.pos += 1;
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        &self.src[self.pos.min(self.src.len())..]
    }

    /// Skips whitespace and comments.
    pub(super) fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'\x0c') => self.skip_form_feed(),
                Some(b'/') if self.rest().starts_with(b"//") => {
                    self.pos = self.line_end();
                }
                Some(b'/') if self.rest().starts_with(b"/*") => {
                    // The close is searched after the opening `/*`: `/*/` opens only.
                    self.pos = match memchr::memmem::find(&self.rest()[2..], b"*/") {
                        Some(i) => self.pos + 2 + i + 2,
                        None => self.src.len(),
                    };
                }
                _ => return,
            }
        }
    }

    /// Right after the package clause or an import declaration: where a second semicolon
    /// stands, if one does. The first ends the item: a newline (Go inserts a semicolon
    /// there, also for a comment that holds one) or a `;`.
    fn second_semicolon(&self) -> Option<usize> {
        let mut probe = Lexer::new(self.src, self.pos);
        probe.skip_trivia();
        let skipped = self.src.get(self.pos..probe.pos).unwrap_or_default();
        let newline = memchr::memchr(b'\n', skipped).is_some();
        if !newline && probe.peek() == Some(b';') {
            probe.pos += 1;
            probe.skip_trivia();
        }
        (probe.peek() == Some(b';')).then_some(probe.pos)
    }

    fn skip_trivia_and_semicolons(&mut self) {
        loop {
            self.skip_trivia();
            if self.peek() == Some(b';') {
                self.pos += 1;
            } else {
                return;
            }
        }
    }

    /// Offset of the end of the current line (before the newline).
    pub(super) fn line_end(&self) -> usize {
        match memchr::memchr(b'\n', self.rest()) {
            Some(i) => self.pos + i,
            None => self.src.len(),
        }
    }

    fn eat_word(&mut self, word: &[u8]) -> bool {
        let rest = self.rest();
        if rest.starts_with(word) && !rest.get(word.len()).is_some_and(|&b| is_ident_byte(b)) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn word(&mut self) {
        while self.peek().is_some_and(is_ident_byte) {
            self.pos += 1;
        }
    }

    fn word_or_byte(&mut self) {
        let start = self.pos;
        self.word();
        if self.pos == start && self.pos < self.src.len() {
            self.pos += 1;
        }
    }

    /// Skips a string literal at the cursor, if any.
    fn string(&mut self) {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'"' => return,
                        b'\n' => {
                            self.pos -= 1;
                            return;
                        }
                        _ => {}
                    }
                }
            }
            Some(b'`') => {
                self.pos += 1;
                self.pos = match memchr::memchr(b'`', self.rest()) {
                    Some(i) => self.pos + i + 1,
                    None => self.src.len(),
                };
            }
            _ => {}
        }
        self.pos = self.pos.min(self.src.len());
    }

    /// Skips a parenthesised group with everything nested in it.
    fn skip_group(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'"' | b'`' => self.string(),
                b'\'' => {
                    self.pos += 1;
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        match c {
                            b'\\' => self.pos += 1,
                            b'\'' | b'\n' => break,
                            _ => {}
                        }
                    }
                }
                b'/' if self.rest().starts_with(b"//") || self.rest().starts_with(b"/*") => {
                    self.skip_trivia()
                }
                b'\x0c' => self.skip_form_feed(),
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.src.len());
    }
}

pub(super) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}
