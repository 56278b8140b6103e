//! The steps a note's sections are named after, and how a heading names one.

use super::private::is_private_heading;

/// One of the sections a note is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Step 1: what the meeting should improve.
    Leverage,
    /// Step 2: shared facts and ways of doing things.
    CommonBase,
    /// Step 3: what the report taught the supervisor.
    ReverseTeaching,
    /// Step 4: the numbers, reviewed together.
    JointDataAnalysis,
    /// Step 5: what both agreed on.
    Conclusions,
    /// Step 6: who does what by when.
    CascadingActions,
    /// Never leaves the note.
    Private,
}

impl Step {
    /// The six steps in the method's order (Private is not a step).
    pub const STEPS: [Step; 6] = [
        Step::Leverage,
        Step::CommonBase,
        Step::ReverseTeaching,
        Step::JointDataAnalysis,
        Step::Conclusions,
        Step::CascadingActions,
    ];

    /// The heading as the template writes it.
    pub fn heading(self) -> &'static str {
        match self {
            Step::Leverage => "Leverage",
            Step::CommonBase => "Common base",
            Step::ReverseTeaching => "Reverse teaching",
            Step::JointDataAnalysis => "Joint data analysis",
            Step::Conclusions => "Conclusions",
            Step::CascadingActions => "Cascading actions",
            Step::Private => "Private",
        }
    }

    /// Recognize a heading's text (case-insensitive, numbering and trailing colon ignored);
    /// any heading a reader could take for private is [`Step::Private`] (see
    /// [`is_private_heading`]).
    pub fn from_heading(title: &str) -> Option<Step> {
        // Most headings are the template's, as it writes them.
        if let Some(step) = Step::STEPS
            .into_iter()
            .chain([Step::Private])
            .find(|s| title.eq_ignore_ascii_case(s.heading()))
        {
            return Some(step);
        }
        // No step's name holds a private word, and what is trimmed around it (digits,
        // punctuation, spaces) is none either: a heading that names a step is that step.
        match named_step(title) {
            None if is_private_heading(title) => Some(Step::Private),
            step => step,
        }
    }
}

/// The step a heading names by its words, private or not.
fn named_step(title: &str) -> Option<Step> {
    let t = title.trim().trim_end_matches(':').trim();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    // Lowercased with spaces collapsed into a small buffer, without allocating: every
    // heading of every note goes through here, and no step name is longer than 32 bytes.
    let mut buf = [0u8; 32];
    let mut len = 0;
    for w in t.split_ascii_whitespace() {
        let need = w.len() + usize::from(len > 0);
        if len + need > buf.len() {
            return None;
        }
        if len > 0 {
            buf[len] = b' ';
            len += 1;
        }
        for b in w.bytes() {
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    Some(match &buf[..len] {
        b"leverage" => Step::Leverage,
        b"common base" => Step::CommonBase,
        b"reverse teaching" => Step::ReverseTeaching,
        b"joint data analysis" | b"data analysis" => Step::JointDataAnalysis,
        b"conclusions" | b"congruent conclusions" => Step::Conclusions,
        b"cascading actions" | b"actions" => Step::CascadingActions,
        _ => return None,
    })
}
