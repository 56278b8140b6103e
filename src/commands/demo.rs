//! `cascade demo`: build the sample notebook, then tour it.

use crate::cli::DemoArgs;
use crate::dates::IsoWeek;
use crate::digest::{self, Range};
use crate::error::{EXIT_OK, Error, Result};
use crate::git::history;
use crate::notebook::Notebook;
use crate::notebook::load::load_all;
use crate::ui::Ctx;
use crate::views::status;

/// Run `cascade demo`.
pub fn run(args: DemoArgs, ctx: &mut Ctx) -> Result<u8> {
    let dir = match args.dir {
        Some(d) if d.is_absolute() => d,
        Some(d) => ctx.cwd.join(d),
        None => tempfile::Builder::new()
            .prefix("cascade-demo-")
            .tempdir()
            .map_err(|e| Error::io(std::env::temp_dir(), e))?
            .keep(),
    };
    let built = crate::demo::build(&dir, ctx.today)?;
    let nb = Notebook::open(&dir)?;
    let loaded = load_all(&nb).held_by(ctx.today);
    // The latest week with meetings, so the tour shows a full digest.
    let latest = loaded
        .notes
        .iter()
        .filter_map(|n| n.date)
        .max()
        .unwrap_or(ctx.today);
    let latest = Range::week(IsoWeek::of(latest));
    // Alice's tick in an older note is made the day after her last meeting, so the digest of
    // the latest week with meetings usually shows it counted.
    let week = latest;
    let iso = week.week.unwrap_or_else(|| IsoWeek::of(week.to));
    let ledger = history::ledger(&nb, &loaded.notes, digest::needs(week), ctx.today)?;
    let d = digest::build(&nb, week, ctx.today, &loaded, &ledger)?;
    let published = crate::demo::publish(&nb, &d, iso, ctx.today)?;
    ctx.out(format!("Built a sample notebook in {}", dir.display()))?;
    ctx.out(format!(
        "  {} people, {} notes, {} commits dated on their meeting days",
        nb.config.people.len(),
        built.notes,
        built.commits + 1
    ))?;
    ctx.out(format!(
        "  the digest of {iso} and one per group ({}) committed under digests/\n",
        published.join(", ")
    ))?;
    ctx.out(format!("== cascade status ({}) ==\n", ctx.today))?;
    let s = status::build(&nb, &loaded, &ledger, ctx.today);
    let table = status::render_human(&s, ctx.color);
    ctx.out_human(&table)?;
    ctx.out("\n== cascade lint ==\n")?;
    let report =
        crate::lint::lint_notebook(&nb, ctx.today, &super::lint::ledger_of(&nb, ctx.today))?;
    ctx.out_human(&crate::lint::render(
        &report,
        crate::lint::Format::Human,
        ctx.color,
        false,
    ))?;
    ctx.out(format!("\n== Digest of {} ==\n", week.label()))?;
    let md = crate::views::digest::render(&d, crate::views::digest::Format::Md, Some(&nb))?;
    ctx.out_raw(md)?;
    let shown = dir.display();
    ctx.out(format!(
        "\nTry next:\n  cd {shown}\n  cascade status             # who is due, who is overdue, open actions\n  cascade actions --overdue  # every late action once, with its note and line\n  cascade log alice          # the meetings with one report\n  cascade trend alice        # an indicator across meetings, unusual changes flagged\n  cascade new alice          # today's note, open actions carried over\n  cascade lint               # check every note; `cascade explain steps/empty` says why\n  cascade digest --format html --out digest.html\n  cascade digest --audience sales --format html --out sales.html\n  git log --stat"
    ))?;
    Ok(EXIT_OK)
}
