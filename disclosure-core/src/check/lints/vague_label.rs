//! D0402: a text the notice prints is worded vaguely (`wording::vague`): data items, purposes and
//! their groups, conditions, what is never sent, the recipients' categories, own uses, joint
//! handlers and notes (built-in ones included), the ways to stop a transmission and the reasons it
//! cannot be or is essential, and the notice's own texts.

use super::printed::{self, Kind};
use super::wording::vague;
use super::{Context, Lint};
use crate::foundation::diagnostic::{Code, Diagnostic};
use crate::foundation::localized::Lang;

pub(super) struct VagueLabel;

impl Lint for VagueLabel {
    fn code(&self) -> Code {
        Code::VagueLabel
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for p in printed::every(cx) {
            let help = match p.kind {
                Kind::Name => continue,
                Kind::ItemLabel => ITEM_HELP,
                Kind::PurposeLabel => PURPOSE_HELP,
                Kind::Text => TEXT_HELP,
            };
            if let Some(why) = vague(&p.text, p.explained) {
                let ja = p.text.get(Lang::Ja).unwrap_or_default();
                out.push(
                    Diagnostic::warning(Code::VagueLabel, format!("{} is not concrete: 「{ja}」 {why}", p.what))
                        .at_opt(p.at)
                        .help(help.to_string()),
                );
            }
        }
    }
}

const ITEM_HELP: &str = "name each kind of information it covers (one [[data]] item per kind), or give the item `examples = { ja = \"…\", en = \"…\" }` that say what it is";
const PURPOSE_HELP: &str = "say what the information is used for, one purpose per [[purpose]], or give it a `description` that does";
const TEXT_HELP: &str = "name each thing instead (「A及びB」, or 「Aその他のB」 where A is an example of B); the words that leave a list open (「等」, 「など」, 「その他」, 「や」), say how much without saying which (「各種」, 「一部」) or what a thing touches (「含む」, 「関連する」, 「…に関する情報」) leave readers unable to tell what is sent";
